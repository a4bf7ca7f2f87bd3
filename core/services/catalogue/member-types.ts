import { z } from 'zod';
import type { CoreContext } from '../../context.ts';
import { MemberType, Requester } from '../../entities/people.ts';
import { transact } from '../../tx.ts';
import { auditBy } from '../audit.ts';
import { codeSchema, nameSchema, parseInput, requireAdmin, snapshot, sortOrderSchema, type Who } from '../org-common.ts';
import { assertUniqueCode, auditedUpdate, mustFind, nextSortOrder, removeOrDeactivate, reorder } from './write-helpers.ts';

// ---------------------------------------------------------------- member types

const memberTypeInput = z
  .object({
    code: codeSchema,
    nameFa: nameSchema(100),
    nameEn: nameSchema(100),
    isStaff: z.boolean().optional(),
    sortOrder: sortOrderSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type MemberTypeInput = z.input<typeof memberTypeInput>;

export async function createMemberType(ctx: CoreContext, who: Who, input: MemberTypeInput): Promise<MemberType> {
  const v = parseInput(memberTypeInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await assertUniqueCode(tx.em, MemberType, { code: v.code });
    const row = await tx.em.save(
      MemberType,
      tx.em.create(MemberType, {
        ...v,
        isStaff: v.isStaff ?? false,
        sortOrder: v.sortOrder ?? (await nextSortOrder(tx.em, MemberType, {})),
        active: v.active ?? true,
      }),
    );
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
    return auditedUpdate(tx, who, MemberType, 'member_type', row, active ? 'activate' : 'deactivate', (r) => {
      r.active = active;
    });
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
