/** What every catalogue write shares: lookups, reference and code checks, audited updates, ordering, remove-or-deactivate. */
import { type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { Team } from '../../entities/org.ts';
import { SlaPolicy } from '../../entities/sla.ts';
import { type Tx } from '../../tx.ts';
import { auditBy } from '../audit.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { changed, orderFromIds, snapshot, type Who } from '../org-common.ts';

export const ordered = { sortOrder: 'ASC', id: 'ASC' } as const;

export async function mustFind<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, what: string, id: number): Promise<T> {
  const row = await em.findOne(target, { where: { id } as unknown as FindOptionsWhere<T> });
  if (!row) throw new NotFoundError(what, id);
  return row;
}

export async function assertRefs(em: EntityManager, refs: { teamId?: number | null; slaPolicyId?: number | null }): Promise<void> {
  const fields: Record<string, string> = {};
  if (refs.teamId != null && !(await em.existsBy(Team, { id: refs.teamId }))) fields.teamId = 'not_found';
  if (refs.slaPolicyId != null && !(await em.existsBy(SlaPolicy, { id: refs.slaPolicyId }))) fields.slaPolicyId = 'not_found';
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

export async function assertUniqueCode<T extends ObjectLiteral & { id: number }>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  selfId?: number,
): Promise<void> {
  const other = await em.findOne(target, { where });
  if (other && other.id !== selfId) throw new ValidationError({ code: 'duplicate' });
}

/** one audited write: `apply` changes the row, the audit keeps only the changed fields */
export async function auditedUpdate<T extends ObjectLiteral & { id: number }>(
  tx: Tx,
  who: Who,
  target: EntityTarget<T>,
  entity: string,
  row: T,
  action: string,
  apply: (row: T) => void,
): Promise<T> {
  const before = snapshot(row);
  apply(row);
  const saved = await tx.em.save(target, row);
  const diff = changed(before, snapshot(saved));
  if (Object.keys(diff.after).length) await auditBy(tx, who, { action, entity, entityId: row.id, ...diff });
  return saved;
}

export async function reorder<T extends ObjectLiteral & { id: number; sortOrder: number }>(
  tx: Tx,
  who: Who,
  target: EntityTarget<T>,
  entity: string,
  siblings: T[],
  ids: number[],
  parentId: number | null,
): Promise<void> {
  const order = orderFromIds(
    ids,
    siblings.map((s) => s.id),
  );
  for (const row of siblings) {
    const next = order.get(row.id)!;
    if (row.sortOrder !== next) {
      row.sortOrder = next;
      await tx.em.save(target, row);
    }
  }
  await auditBy(tx, who, { action: 'reorder', entity, entityId: parentId, before: null, after: { ids } });
}

export const nextSortOrder = async <T extends ObjectLiteral & { sortOrder: number }>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: FindOptionsWhere<T>,
) => {
  const rows = await em.find(target, { where });
  return rows.reduce((m, r) => Math.max(m, Number(r.sortOrder)), 0) + 10;
};

export async function removeOrDeactivate<T extends ObjectLiteral & { id: number; active: boolean }>(
  tx: Tx,
  who: Who,
  target: EntityTarget<T>,
  entity: string,
  row: T,
  used: boolean,
): Promise<'deleted' | 'deactivated'> {
  if (used) {
    await auditedUpdate(tx, who, target, entity, row, 'deactivate', (r) => {
      r.active = false;
    });
    return 'deactivated';
  }
  await tx.em.delete(target, { id: row.id } as unknown as FindOptionsWhere<T>);
  await auditBy(tx, who, { action: 'delete', entity, entityId: row.id, before: snapshot(row) });
  return 'deleted';
}
