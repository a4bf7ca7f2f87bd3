import { z } from 'zod';
import type { CoreContext } from '../../context.ts';
import { Department, Subject, ValueChain } from '../../entities/org.ts';
import { Ticket } from '../../entities/ticket.ts';
import { transact } from '../../tx.ts';
import { auditBy } from '../audit.ts';
import { ValidationError } from '../errors.ts';
import { codeSchema, nameSchema, optionalId, parseInput, requireAdmin, snapshot, sortOrderSchema, type Who } from '../org-common.ts';
import { assertRefs, assertUniqueCode, auditedUpdate, mustFind, nextSortOrder, removeOrDeactivate, reorder } from './write-helpers.ts';

// ---------------------------------------------------------------- value chains

const valueChainInput = z
  .object({
    code: codeSchema,
    nameFa: nameSchema(120),
    nameEn: nameSchema(120),
    sortOrder: sortOrderSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type ValueChainInput = z.input<typeof valueChainInput>;

export async function createValueChain(ctx: CoreContext, who: Who, input: ValueChainInput): Promise<ValueChain> {
  const v = parseInput(valueChainInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await assertUniqueCode(tx.em, ValueChain, { code: v.code });
    const row = await tx.em.save(
      ValueChain,
      tx.em.create(ValueChain, {
        ...v,
        sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, ValueChain, {})),
        active: v.active ?? true,
      }),
    );
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
    return auditedUpdate(tx, who, ValueChain, 'value_chain', row, active ? 'activate' : 'deactivate', (r) => {
      r.active = active;
    });
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

// ---------------------------------------------------------------- departments

const departmentInput = z
  .object({
    valueChainId: z.number().int().positive(),
    code: codeSchema,
    nameFa: nameSchema(160),
    nameEn: nameSchema(160),
    teamId: optionalId.optional(),
    sortOrder: sortOrderSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type DepartmentInput = z.input<typeof departmentInput>;

export async function createDepartment(ctx: CoreContext, who: Who, input: DepartmentInput): Promise<Department> {
  const v = parseInput(departmentInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    if (!(await tx.em.existsBy(ValueChain, { id: v.valueChainId }))) throw new ValidationError({ valueChainId: 'not_found' });
    await assertRefs(tx.em, v);
    await assertUniqueCode(tx.em, Department, { valueChainId: v.valueChainId, code: v.code });
    const row = await tx.em.save(
      Department,
      tx.em.create(Department, {
        ...v,
        teamId: v.teamId ?? null,
        sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, Department, { valueChainId: v.valueChainId })),
        active: v.active ?? true,
      }),
    );
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
    return auditedUpdate(tx, who, Department, 'department', row, active ? 'activate' : 'deactivate', (r) => {
      r.active = active;
    });
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
