/**
 * Saved inbox filters, per staff account (issue 19): a name and the inbox's query string (the tab, the
 * filters and the sort — never the page cursor or a search text). Saving under a name he already used
 * replaces that one's query. Each staff member sees and deletes only his own. Field errors use the org codes
 * (org-error-<code>): name required / too_long, too_many filters.
 */
import type { CoreContext } from '../context.ts';
import { SavedFilter } from '../entities/inbox.ts';
import { normalizePersian } from '../text/index.ts';
import { transact } from '../tx.ts';
import { NotFoundError, ValidationError } from './errors.ts';

export const MAX_SAVED_FILTERS = 30;
export const MAX_FILTER_NAME = 80;
const MAX_QUERY = 1000;

/** the keys a saved query may carry (admin/inbox.ts filterParams writes them) */
const KEYS = new Set(['tab', 'state', 'priority', 'team', 'assignee', 'vc', 'dept', 'subject', 'internal', 'from', 'to', 'sort', 'unread']);

export interface SavedFilterView {
  id: number;
  name: string;
  query: string;
}

/** his saved filters, by name */
export async function savedFilters(ctx: CoreContext, staffId: number): Promise<SavedFilterView[]> {
  const rows = await ctx.ds.getRepository(SavedFilter).find({ where: { staffId }, order: { id: 'ASC' }, take: MAX_SAVED_FILTERS });
  return rows.map(({ id, name, query }) => ({ id, name, query })).sort((a, b) => a.name.localeCompare(b.name, 'fa'));
}

/** keeps only the inbox's filter keys, in a stable order */
function cleanQuery(query: string): string {
  const given = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const [k, v] of given) if (KEYS.has(k) && v.length <= 100 && !out.has(k)) out.set(k, v);
  return out.toString();
}

/** saves (or replaces, under the same name) a filter set; returns it */
export async function saveFilter(ctx: CoreContext, staffId: number, name: string, query: string): Promise<SavedFilterView> {
  const clean = normalizePersian(name, { singleLine: true }).trim();
  if (!clean) throw new ValidationError({ name: 'required' });
  if (clean.length > MAX_FILTER_NAME) throw new ValidationError({ name: 'too_long' });
  const q = cleanQuery(query);
  if (q.length > MAX_QUERY) throw new ValidationError({ name: 'too_long' });
  return transact(ctx, async (tx) => {
    const repo = tx.em.getRepository(SavedFilter);
    const same = await repo.findOne({ where: { staffId, name: clean } });
    if (same) {
      await repo.update({ id: same.id }, { query: q });
      return { id: same.id, name: clean, query: q };
    }
    if ((await repo.countBy({ staffId })) >= MAX_SAVED_FILTERS) throw new ValidationError({ name: 'too_many' });
    const row = await repo.save(repo.create({ staffId, name: clean, query: q, createdAt: tx.now }));
    return { id: row.id, name: row.name, query: row.query };
  });
}

/** deletes one of his saved filters (another's, or none: not found) */
export async function deleteSavedFilter(ctx: CoreContext, staffId: number, id: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const r = await tx.em.getRepository(SavedFilter).delete({ id, staffId });
    if (!r.affected) throw new NotFoundError('saved filter', id);
  });
}
