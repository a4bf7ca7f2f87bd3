import { z } from 'zod';
import type { CoreContext } from '../../context.ts';
import { PRIORITIES } from '../../entities/enums.ts';
import { Department, FaqEntry, Subject } from '../../entities/org.ts';
import { SlaPolicy } from '../../entities/sla.ts';
import { Ticket } from '../../entities/ticket.ts';
import { transact } from '../../tx.ts';
import { auditBy } from '../audit.ts';
import { ValidationError } from '../errors.ts';
import { codeSchema, nameSchema, optionalId, optionalText, parseInput, requireAdmin, snapshot, sortOrderSchema, type Who } from '../org-common.ts';
import { assertRefs, assertUniqueCode, auditedUpdate, mustFind, nextSortOrder, removeOrDeactivate, reorder } from './write-helpers.ts';

// ---------------------------------------------------------------- subjects

const subjectInput = z
  .object({
    departmentId: z.number().int().positive(),
    code: codeSchema,
    nameFa: nameSchema(200),
    nameEn: nameSchema(200),
    teamId: optionalId.optional(),
    defaultPriority: z.enum(PRIORITIES).optional(),
    slaPolicyId: optionalId.optional(),
    sortOrder: sortOrderSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type SubjectInput = z.input<typeof subjectInput>;

export async function createSubject(ctx: CoreContext, who: Who, input: SubjectInput): Promise<Subject> {
  const v = parseInput(subjectInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    if (!(await tx.em.existsBy(Department, { id: v.departmentId }))) throw new ValidationError({ departmentId: 'not_found' });
    await assertRefs(tx.em, v);
    await assertUniqueCode(tx.em, Subject, { departmentId: v.departmentId, code: v.code });
    const row = await tx.em.save(
      Subject,
      tx.em.create(Subject, {
        ...v,
        teamId: v.teamId ?? null,
        slaPolicyId: v.slaPolicyId ?? null,
        defaultPriority: v.defaultPriority ?? 'normal',
        sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, Subject, { departmentId: v.departmentId })),
        active: v.active ?? true,
      }),
    );
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
    return auditedUpdate(tx, who, Subject, 'subject', row, active ? 'activate' : 'deactivate', (r) => {
      r.active = active;
    });
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

const faqInput = z
  .object({
    subjectId: z.number().int().positive(),
    questionFa: nameSchema(2000),
    answerFa: nameSchema(3500),
    questionEn: optionalText(2000).optional(),
    answerEn: optionalText(3500).optional(),
    sortOrder: sortOrderSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type FaqInput = z.input<typeof faqInput>;

export async function createFaq(ctx: CoreContext, who: Who, input: FaqInput): Promise<FaqEntry> {
  const v = parseInput(faqInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    if (!(await tx.em.existsBy(Subject, { id: v.subjectId }))) throw new ValidationError({ subjectId: 'not_found' });
    const row = await tx.em.save(
      FaqEntry,
      tx.em.create(FaqEntry, {
        ...v,
        questionEn: v.questionEn ?? null,
        answerEn: v.answerEn ?? null,
        sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, FaqEntry, { subjectId: v.subjectId })),
        active: v.active ?? true,
      }),
    );
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
    return auditedUpdate(tx, who, FaqEntry, 'faq', row, active ? 'activate' : 'deactivate', (r) => {
      r.active = active;
    });
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
