/**
 * The routing catalogue (DOMAIN.md): value chains → departments → subjects, FAQ entries per subject, and
 * member types. Admins create, edit, reorder and (de)activate; a row that tickets (or other rows) reference is
 * never deleted — `remove*` deletes an unused row and deactivates a used one. Every change writes an audit row.
 *
 * Codes are ASCII slugs (`^[a-z0-9_-]{1,24}$`, used in Telegram callback_data), unique among their siblings
 * (value chains: unique overall). The read functions list only active rows unless `activeOnly: false`.
 */
import { In, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { PRIORITIES, type Priority } from '../entities/enums.ts';
import { Department, FaqEntry, Subject, Team, ValueChain } from '../entities/org.ts';
import { MemberType, Requester } from '../entities/people.ts';
import { SlaPolicy } from '../entities/sla.ts';
import { Ticket } from '../entities/ticket.ts';
import { transact, type Tx } from '../tx.ts';
import { auditBy } from './audit.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import {
  changed, codeSchema, managerOf, nameSchema, optionalId, optionalText, orderFromIds, parseInput, requireAdmin,
  snapshot, sortOrderSchema, type ReadSource, type Who,
} from './org-common.ts';

export interface ListOptions {
  /** only active rows (default true: what the bot offers) */
  activeOnly?: boolean;
}

const ordered = { sortOrder: 'ASC', id: 'ASC' } as const;

// ---------------------------------------------------------------- reads (bot and panel)

export async function listValueChains(src: ReadSource, opts: ListOptions = {}): Promise<ValueChain[]> {
  return managerOf(src).find(ValueChain, { where: opts.activeOnly === false ? {} : { active: true }, order: ordered });
}

export async function listDepartments(src: ReadSource, valueChainId: number, opts: ListOptions = {}): Promise<Department[]> {
  const where: FindOptionsWhere<Department> = { valueChainId };
  if (opts.activeOnly !== false) where.active = true;
  return managerOf(src).find(Department, { where, order: ordered });
}

export async function listSubjects(src: ReadSource, departmentId: number, opts: ListOptions = {}): Promise<Subject[]> {
  const where: FindOptionsWhere<Subject> = { departmentId };
  if (opts.activeOnly !== false) where.active = true;
  return managerOf(src).find(Subject, { where, order: ordered });
}

export async function listFaq(src: ReadSource, subjectId: number, opts: ListOptions = {}): Promise<FaqEntry[]> {
  const where: FindOptionsWhere<FaqEntry> = { subjectId };
  if (opts.activeOnly !== false) where.active = true;
  return managerOf(src).find(FaqEntry, { where, order: ordered });
}

export async function listMemberTypes(src: ReadSource, opts: ListOptions = {}): Promise<MemberType[]> {
  return managerOf(src).find(MemberType, { where: opts.activeOnly === false ? {} : { active: true }, order: ordered });
}

export const getValueChain = (src: ReadSource, id: number) => managerOf(src).findOne(ValueChain, { where: { id } });
export const getDepartment = (src: ReadSource, id: number) => managerOf(src).findOne(Department, { where: { id } });
export const getSubject = (src: ReadSource, id: number) => managerOf(src).findOne(Subject, { where: { id } });
export const getFaq = (src: ReadSource, id: number) => managerOf(src).findOne(FaqEntry, { where: { id } });
export const getMemberType = (src: ReadSource, id: number) => managerOf(src).findOne(MemberType, { where: { id } });

export const findValueChainByCode = (src: ReadSource, code: string) =>
  managerOf(src).findOne(ValueChain, { where: { code } });
export const findDepartmentByCode = (src: ReadSource, valueChainId: number, code: string) =>
  managerOf(src).findOne(Department, { where: { valueChainId, code } });
export const findSubjectByCode = (src: ReadSource, departmentId: number, code: string) =>
  managerOf(src).findOne(Subject, { where: { departmentId, code } });
export const findMemberTypeByCode = (src: ReadSource, code: string) =>
  managerOf(src).findOne(MemberType, { where: { code } });

export interface SubjectRoute {
  valueChain: ValueChain;
  department: Department;
  subject: Subject;
  /** the subject's team, else the department's; null = no team (admins see the ticket) */
  teamId: number | null;
  priority: Priority;
  slaPolicyId: number | null;
}

/**
 * Where a ticket on this subject goes. Null when the subject, its department or its value chain is missing
 * or (with `activeOnly`, the default) inactive.
 */
export async function getSubjectRoute(src: ReadSource, subjectId: number, opts: ListOptions = {}): Promise<SubjectRoute | null> {
  const em = managerOf(src);
  const subject = await em.findOne(Subject, { where: { id: subjectId } });
  if (!subject) return null;
  const department = await em.findOne(Department, { where: { id: subject.departmentId } });
  if (!department) return null;
  const valueChain = await em.findOne(ValueChain, { where: { id: department.valueChainId } });
  if (!valueChain) return null;
  if (opts.activeOnly !== false && !(subject.active && department.active && valueChain.active)) return null;
  return {
    valueChain,
    department,
    subject,
    teamId: subject.teamId ?? department.teamId ?? null,
    priority: subject.defaultPriority,
    slaPolicyId: subject.slaPolicyId,
  };
}

/** the whole tree for the panel's catalogue page (inactive rows included) */
export async function catalogueTree(src: ReadSource): Promise<(ValueChain & { departments: (Department & { subjects: Subject[] })[] })[]> {
  const em = managerOf(src);
  const [chains, departments, subjects] = await Promise.all([
    em.find(ValueChain, { order: ordered }),
    em.find(Department, { order: ordered }),
    em.find(Subject, { order: ordered }),
  ]);
  return chains.map((vc) => Object.assign(vc, {
    departments: departments
      .filter((d) => d.valueChainId === vc.id)
      .map((d) => Object.assign(d, { subjects: subjects.filter((s) => s.departmentId === d.id) })),
  }));
}

// ---------------------------------------------------------------- shared write helpers

async function mustFind<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, what: string, id: number): Promise<T> {
  const row = await em.findOne(target, { where: { id } as unknown as FindOptionsWhere<T> });
  if (!row) throw new NotFoundError(what, id);
  return row;
}

async function assertRefs(em: EntityManager, refs: { teamId?: number | null; slaPolicyId?: number | null }): Promise<void> {
  const fields: Record<string, string> = {};
  if (refs.teamId != null && !(await em.existsBy(Team, { id: refs.teamId }))) fields.teamId = 'not_found';
  if (refs.slaPolicyId != null && !(await em.existsBy(SlaPolicy, { id: refs.slaPolicyId }))) fields.slaPolicyId = 'not_found';
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

async function assertUniqueCode<T extends ObjectLiteral & { id: number }>(
  em: EntityManager, target: EntityTarget<T>, where: FindOptionsWhere<T>, selfId?: number,
): Promise<void> {
  const other = await em.findOne(target, { where });
  if (other && other.id !== selfId) throw new ValidationError({ code: 'duplicate' });
}

/** one audited write: `apply` changes the row, the audit keeps only the changed fields */
async function auditedUpdate<T extends ObjectLiteral & { id: number }>(
  tx: Tx, who: Who, target: EntityTarget<T>, entity: string, row: T, action: string, apply: (row: T) => void,
): Promise<T> {
  const before = snapshot(row);
  apply(row);
  const saved = await tx.em.save(target, row);
  const diff = changed(before, snapshot(saved));
  if (Object.keys(diff.after).length) await auditBy(tx, who, { action, entity, entityId: row.id, ...diff });
  return saved;
}

async function reorder<T extends ObjectLiteral & { id: number; sortOrder: number }>(
  tx: Tx, who: Who, target: EntityTarget<T>, entity: string, siblings: T[], ids: number[], parentId: number | null,
): Promise<void> {
  const order = orderFromIds(ids, siblings.map((s) => s.id));
  for (const row of siblings) {
    const next = order.get(row.id)!;
    if (row.sortOrder !== next) {
      row.sortOrder = next;
      await tx.em.save(target, row);
    }
  }
  await auditBy(tx, who, { action: 'reorder', entity, entityId: parentId, before: null, after: { ids } });
}

const nextSortOrder = async <T extends ObjectLiteral & { sortOrder: number }>(em: EntityManager, target: EntityTarget<T>, where: FindOptionsWhere<T>) => {
  const rows = await em.find(target, { where });
  return rows.reduce((m, r) => Math.max(m, Number(r.sortOrder)), 0) + 10;
};

// ---------------------------------------------------------------- value chains

const valueChainInput = z.object({
  code: codeSchema,
  nameFa: nameSchema(120),
  nameEn: nameSchema(120),
  sortOrder: sortOrderSchema.optional(),
  active: z.boolean().optional(),
}).strict();
export type ValueChainInput = z.input<typeof valueChainInput>;

export async function createValueChain(ctx: CoreContext, who: Who, input: ValueChainInput): Promise<ValueChain> {
  const v = parseInput(valueChainInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await assertUniqueCode(tx.em, ValueChain, { code: v.code });
    const row = await tx.em.save(ValueChain, tx.em.create(ValueChain, {
      ...v,
      sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, ValueChain, {})),
      active: v.active ?? true,
    }));
    await auditBy(tx, who, { action: 'create', entity: 'value_chain', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

export async function updateValueChain(ctx: CoreContext, who: Who, id: number, patch: Partial<ValueChainInput>): Promise<ValueChain> {
  const v = parseInput(valueChainInput.partial(), patch);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, ValueChain, 'value chain', id);
    if (v.code !== undefined) await assertUniqueCode(tx.em, ValueChain, { code: v.code }, id);
    return auditedUpdate(tx, who, ValueChain, 'value_chain', row, 'update', (r) => Object.assign(r, v));
  });
}

export async function setValueChainActive(ctx: CoreContext, who: Who, id: number, active: boolean): Promise<ValueChain> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, ValueChain, 'value chain', id);
    return auditedUpdate(tx, who, ValueChain, 'value_chain', row, active ? 'activate' : 'deactivate', (r) => { r.active = active; });
  });
}

export async function reorderValueChains(ctx: CoreContext, who: Who, ids: number[]): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await reorder(tx, who, ValueChain, 'value_chain', await tx.em.find(ValueChain), ids, null);
  });
}

/** deletes a value chain without departments and tickets; otherwise deactivates it */
export async function removeValueChain(ctx: CoreContext, who: Who, id: number): Promise<'deleted' | 'deactivated'> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, ValueChain, 'value chain', id);
    const used = (await tx.em.existsBy(Department, { valueChainId: id })) || (await tx.em.existsBy(Ticket, { valueChainId: id }));
    return removeOrDeactivate(tx, who, ValueChain, 'value_chain', row, used);
  });
}

async function removeOrDeactivate<T extends ObjectLiteral & { id: number; active: boolean }>(
  tx: Tx, who: Who, target: EntityTarget<T>, entity: string, row: T, used: boolean,
): Promise<'deleted' | 'deactivated'> {
  if (used) {
    await auditedUpdate(tx, who, target, entity, row, 'deactivate', (r) => { r.active = false; });
    return 'deactivated';
  }
  await tx.em.delete(target, { id: row.id } as unknown as FindOptionsWhere<T>);
  await auditBy(tx, who, { action: 'delete', entity, entityId: row.id, before: snapshot(row) });
  return 'deleted';
}

// ---------------------------------------------------------------- departments

const departmentInput = z.object({
  valueChainId: z.number().int().positive(),
  code: codeSchema,
  nameFa: nameSchema(160),
  nameEn: nameSchema(160),
  teamId: optionalId.optional(),
  sortOrder: sortOrderSchema.optional(),
  active: z.boolean().optional(),
}).strict();
export type DepartmentInput = z.input<typeof departmentInput>;

export async function createDepartment(ctx: CoreContext, who: Who, input: DepartmentInput): Promise<Department> {
  const v = parseInput(departmentInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    if (!(await tx.em.existsBy(ValueChain, { id: v.valueChainId }))) throw new ValidationError({ valueChainId: 'not_found' });
    await assertRefs(tx.em, v);
    await assertUniqueCode(tx.em, Department, { valueChainId: v.valueChainId, code: v.code });
    const row = await tx.em.save(Department, tx.em.create(Department, {
      ...v,
      teamId: v.teamId ?? null,
      sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, Department, { valueChainId: v.valueChainId })),
      active: v.active ?? true,
    }));
    await auditBy(tx, who, { action: 'create', entity: 'department', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

/** edits a department; moving it to another value chain keeps its subjects (and the tickets their paths) */
export async function updateDepartment(ctx: CoreContext, who: Who, id: number, patch: Partial<DepartmentInput>): Promise<Department> {
  const v = parseInput(departmentInput.partial(), patch);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, Department, 'department', id);
    if (v.valueChainId !== undefined && !(await tx.em.existsBy(ValueChain, { id: v.valueChainId }))) {
      throw new ValidationError({ valueChainId: 'not_found' });
    }
    await assertRefs(tx.em, v);
    if (v.code !== undefined || v.valueChainId !== undefined) {
      await assertUniqueCode(tx.em, Department, { valueChainId: v.valueChainId ?? row.valueChainId, code: v.code ?? row.code }, id);
    }
    return auditedUpdate(tx, who, Department, 'department', row, 'update', (r) => Object.assign(r, v));
  });
}

export async function setDepartmentActive(ctx: CoreContext, who: Who, id: number, active: boolean): Promise<Department> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, Department, 'department', id);
    return auditedUpdate(tx, who, Department, 'department', row, active ? 'activate' : 'deactivate', (r) => { r.active = active; });
  });
}

export async function reorderDepartments(ctx: CoreContext, who: Who, valueChainId: number, ids: number[]): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await reorder(tx, who, Department, 'department', await tx.em.find(Department, { where: { valueChainId } }), ids, valueChainId);
  });
}

export async function removeDepartment(ctx: CoreContext, who: Who, id: number): Promise<'deleted' | 'deactivated'> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, Department, 'department', id);
    const used = (await tx.em.existsBy(Subject, { departmentId: id })) || (await tx.em.existsBy(Ticket, { departmentId: id }));
    return removeOrDeactivate(tx, who, Department, 'department', row, used);
  });
}

// ---------------------------------------------------------------- subjects

const subjectInput = z.object({
  departmentId: z.number().int().positive(),
  code: codeSchema,
  nameFa: nameSchema(200),
  nameEn: nameSchema(200),
  teamId: optionalId.optional(),
  defaultPriority: z.enum(PRIORITIES).optional(),
  slaPolicyId: optionalId.optional(),
  sortOrder: sortOrderSchema.optional(),
  active: z.boolean().optional(),
}).strict();
export type SubjectInput = z.input<typeof subjectInput>;

export async function createSubject(ctx: CoreContext, who: Who, input: SubjectInput): Promise<Subject> {
  const v = parseInput(subjectInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    if (!(await tx.em.existsBy(Department, { id: v.departmentId }))) throw new ValidationError({ departmentId: 'not_found' });
    await assertRefs(tx.em, v);
    await assertUniqueCode(tx.em, Subject, { departmentId: v.departmentId, code: v.code });
    const row = await tx.em.save(Subject, tx.em.create(Subject, {
      ...v,
      teamId: v.teamId ?? null,
      slaPolicyId: v.slaPolicyId ?? null,
      defaultPriority: v.defaultPriority ?? 'normal',
      sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, Subject, { departmentId: v.departmentId })),
      active: v.active ?? true,
    }));
    await auditBy(tx, who, { action: 'create', entity: 'subject', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

export async function updateSubject(ctx: CoreContext, who: Who, id: number, patch: Partial<SubjectInput>): Promise<Subject> {
  const v = parseInput(subjectInput.partial(), patch);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, Subject, 'subject', id);
    if (v.departmentId !== undefined && !(await tx.em.existsBy(Department, { id: v.departmentId }))) {
      throw new ValidationError({ departmentId: 'not_found' });
    }
    await assertRefs(tx.em, v);
    if (v.code !== undefined || v.departmentId !== undefined) {
      await assertUniqueCode(tx.em, Subject, { departmentId: v.departmentId ?? row.departmentId, code: v.code ?? row.code }, id);
    }
    return auditedUpdate(tx, who, Subject, 'subject', row, 'update', (r) => Object.assign(r, v));
  });
}

export async function setSubjectActive(ctx: CoreContext, who: Who, id: number, active: boolean): Promise<Subject> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, Subject, 'subject', id);
    return auditedUpdate(tx, who, Subject, 'subject', row, active ? 'activate' : 'deactivate', (r) => { r.active = active; });
  });
}

export async function reorderSubjects(ctx: CoreContext, who: Who, departmentId: number, ids: number[]): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await reorder(tx, who, Subject, 'subject', await tx.em.find(Subject, { where: { departmentId } }), ids, departmentId);
  });
}

/** deletes a subject no ticket, FAQ entry or SLA policy uses; otherwise deactivates it */
export async function removeSubject(ctx: CoreContext, who: Who, id: number): Promise<'deleted' | 'deactivated'> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, Subject, 'subject', id);
    const used =
      (await tx.em.existsBy(Ticket, { subjectId: id })) ||
      (await tx.em.existsBy(FaqEntry, { subjectId: id })) ||
      (await tx.em.existsBy(SlaPolicy, { subjectId: id }));
    return removeOrDeactivate(tx, who, Subject, 'subject', row, used);
  });
}

// ---------------------------------------------------------------- FAQ entries

const faqInput = z.object({
  subjectId: z.number().int().positive(),
  questionFa: nameSchema(2000),
  answerFa: nameSchema(3500),
  questionEn: optionalText(2000).optional(),
  answerEn: optionalText(3500).optional(),
  sortOrder: sortOrderSchema.optional(),
  active: z.boolean().optional(),
}).strict();
export type FaqInput = z.input<typeof faqInput>;

export async function createFaq(ctx: CoreContext, who: Who, input: FaqInput): Promise<FaqEntry> {
  const v = parseInput(faqInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    if (!(await tx.em.existsBy(Subject, { id: v.subjectId }))) throw new ValidationError({ subjectId: 'not_found' });
    const row = await tx.em.save(FaqEntry, tx.em.create(FaqEntry, {
      ...v,
      questionEn: v.questionEn ?? null,
      answerEn: v.answerEn ?? null,
      sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, FaqEntry, { subjectId: v.subjectId })),
      active: v.active ?? true,
    }));
    await auditBy(tx, who, { action: 'create', entity: 'faq', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

export async function updateFaq(ctx: CoreContext, who: Who, id: number, patch: Partial<FaqInput>): Promise<FaqEntry> {
  const v = parseInput(faqInput.partial(), patch);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, FaqEntry, 'faq entry', id);
    if (v.subjectId !== undefined && !(await tx.em.existsBy(Subject, { id: v.subjectId }))) throw new ValidationError({ subjectId: 'not_found' });
    return auditedUpdate(tx, who, FaqEntry, 'faq', row, 'update', (r) => Object.assign(r, v));
  });
}

export async function setFaqActive(ctx: CoreContext, who: Who, id: number, active: boolean): Promise<FaqEntry> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, FaqEntry, 'faq entry', id);
    return auditedUpdate(tx, who, FaqEntry, 'faq', row, active ? 'activate' : 'deactivate', (r) => { r.active = active; });
  });
}

export async function reorderFaq(ctx: CoreContext, who: Who, subjectId: number, ids: number[]): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await reorder(tx, who, FaqEntry, 'faq', await tx.em.find(FaqEntry, { where: { subjectId } }), ids, subjectId);
  });
}

/** FAQ entries are referenced by nothing: deleting is allowed */
export async function deleteFaq(ctx: CoreContext, who: Who, id: number): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, FaqEntry, 'faq entry', id);
    await removeOrDeactivate(tx, who, FaqEntry, 'faq', row, false);
  });
}

// ---------------------------------------------------------------- member types

const memberTypeInput = z.object({
  code: codeSchema,
  nameFa: nameSchema(100),
  nameEn: nameSchema(100),
  isStaff: z.boolean().optional(),
  sortOrder: sortOrderSchema.optional(),
  active: z.boolean().optional(),
}).strict();
export type MemberTypeInput = z.input<typeof memberTypeInput>;

export async function createMemberType(ctx: CoreContext, who: Who, input: MemberTypeInput): Promise<MemberType> {
  const v = parseInput(memberTypeInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await assertUniqueCode(tx.em, MemberType, { code: v.code });
    const row = await tx.em.save(MemberType, tx.em.create(MemberType, {
      ...v,
      isStaff: v.isStaff ?? false,
      sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, MemberType, {})),
      active: v.active ?? true,
    }));
    await auditBy(tx, who, { action: 'create', entity: 'member_type', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

export async function updateMemberType(ctx: CoreContext, who: Who, id: number, patch: Partial<MemberTypeInput>): Promise<MemberType> {
  const v = parseInput(memberTypeInput.partial(), patch);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, MemberType, 'member type', id);
    if (v.code !== undefined) await assertUniqueCode(tx.em, MemberType, { code: v.code }, id);
    return auditedUpdate(tx, who, MemberType, 'member_type', row, 'update', (r) => Object.assign(r, v));
  });
}

export async function setMemberTypeActive(ctx: CoreContext, who: Who, id: number, active: boolean): Promise<MemberType> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, MemberType, 'member type', id);
    return auditedUpdate(tx, who, MemberType, 'member_type', row, active ? 'activate' : 'deactivate', (r) => { r.active = active; });
  });
}

export async function reorderMemberTypes(ctx: CoreContext, who: Who, ids: number[]): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await reorder(tx, who, MemberType, 'member_type', await tx.em.find(MemberType), ids, null);
  });
}

/** deletes a member type no requester has; otherwise deactivates it */
export async function removeMemberType(ctx: CoreContext, who: Who, id: number): Promise<'deleted' | 'deactivated'> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, MemberType, 'member type', id);
    return removeOrDeactivate(tx, who, MemberType, 'member_type', row, await tx.em.existsBy(Requester, { memberTypeId: id }));
  });
}

/** subjects by id, for labels (inactive included) */
export async function subjectsByIds(src: ReadSource, ids: number[]): Promise<Map<number, Subject>> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await managerOf(src).find(Subject, { where: { id: In(unique) } }) : [];
  return new Map(rows.map((r) => [r.id, r]));
}
