/**
 * Moving one catalogue row a step up or down among its siblings (the panel's up/down buttons): the new order
 * of the whole sibling list is written as sortOrder 10, 20, … (write-helpers.ts reorder, audited as
 * `reorder` with the ids in their new order). The bot lists rows by (sortOrder, id), so it offers the new order
 * at once.
 */
import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { CoreContext } from '../../context.ts';
import { Department, FaqEntry, Subject, ValueChain } from '../../entities/org.ts';
import { transact } from '../../tx.ts';
import { ValidationError } from '../errors.ts';
import { requireAdmin, type Who } from '../org-common.ts';
import { mustFind, ordered, reorder } from './write-helpers.ts';

export const CATALOGUE_KINDS = ['value_chain', 'department', 'subject', 'faq'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];

type Row = ObjectLiteral & { id: number; sortOrder: number };

interface Level {
  target: EntityTarget<Row>;
  what: string;
  /** the parent's id of a row (null: the top level) and the siblings' filter */
  parent: (row: Row) => number | null;
  siblings: (parentId: number | null) => FindOptionsWhere<Row>;
}

const LEVELS: Record<CatalogueKind, Level> = {
  value_chain: { target: ValueChain as EntityTarget<Row>, what: 'value chain', parent: () => null, siblings: () => ({}) },
  department: {
    target: Department as EntityTarget<Row>,
    what: 'department',
    parent: (r) => Number(r.valueChainId),
    siblings: (p) => ({ valueChainId: p }),
  },
  subject: { target: Subject as EntityTarget<Row>, what: 'subject', parent: (r) => Number(r.departmentId), siblings: (p) => ({ departmentId: p }) },
  faq: { target: FaqEntry as EntityTarget<Row>, what: 'faq entry', parent: (r) => Number(r.subjectId), siblings: (p) => ({ subjectId: p }) },
};

/**
 * Moves the row one place up (earlier) or down among its siblings. Returns false (nothing written) when it is
 * already first or last.
 */
export async function moveCatalogueItem(ctx: CoreContext, who: Who, kind: CatalogueKind, id: number, direction: 'up' | 'down'): Promise<boolean> {
  const level = (CATALOGUE_KINDS as readonly string[]).includes(kind) ? LEVELS[kind] : null;
  if (!level) throw new ValidationError({ kind: 'invalid' });
  if (direction !== 'up' && direction !== 'down') throw new ValidationError({ direction: 'invalid' });
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await mustFind(tx.em, level.target, level.what, id);
    const parentId = level.parent(row);
    const siblings = await tx.em.find(level.target, { where: level.siblings(parentId), order: ordered as never });
    const ids = siblings.map((s) => s.id);
    const at = ids.indexOf(id);
    const to = direction === 'up' ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= ids.length) return false;
    [ids[at], ids[to]] = [ids[to]!, ids[at]!];
    await reorder(tx, who, level.target, kind, siblings, ids, parentId);
    return true;
  });
}
