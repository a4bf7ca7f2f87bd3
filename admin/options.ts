/**
 * The lists behind the panel's pickers (teams, staff, the catalogue): read in three queries and kept for a
 * few seconds per data source, so a busy inbox costs no extra queries; any configuration write in the panel
 * drops the cache at once (panel.ts), so a subject added a moment ago is there on the next page.
 */
import type { DataSource } from 'typeorm';
import type { CoreContext } from '../core/context.ts';
import { Department, Subject, Team, ValueChain } from '../core/entities/org.ts';
import { StaffAccount } from '../core/entities/people.ts';

export interface CatalogueItem {
  id: number;
  parentId: number | null;
  nameFa: string;
  nameEn: string;
  active: boolean;
}

export interface PickerOptions {
  teams: Team[];
  staff: StaffAccount[];
  valueChains: CatalogueItem[];
  departments: CatalogueItem[];
  subjects: CatalogueItem[];
}

const TTL_MS = 5_000;
const cache = new WeakMap<DataSource, { at: number; value: Promise<PickerOptions> }>();

export function invalidateOptions(ds: DataSource): void {
  cache.delete(ds);
}

async function load(ds: DataSource): Promise<PickerOptions> {
  const teams = await ds.getRepository(Team).find({ order: { name: 'ASC', id: 'ASC' } });
  const staff = await ds.getRepository(StaffAccount).find({ order: { displayName: 'ASC', id: 'ASC' } });
  const table = (e: Function) => ds.getMetadata(e).tableName;
  const rows: { k: string; id: number; parentId: number | null; nameFa: string; nameEn: string; active: number | boolean; sortOrder: number }[] = await ds.query(
    `SELECT 'v' AS k, id, NULL AS parentId, nameFa, nameEn, active, sortOrder FROM ${table(ValueChain)}` +
      ` UNION ALL SELECT 'd', id, valueChainId, nameFa, nameEn, active, sortOrder FROM ${table(Department)}` +
      ` UNION ALL SELECT 's', id, departmentId, nameFa, nameEn, active, sortOrder FROM ${table(Subject)}` +
      ' ORDER BY sortOrder, id',
  );
  const pick = (k: string) =>
    rows.filter((r) => r.k === k).map((r) => ({
      id: Number(r.id), parentId: r.parentId === null ? null : Number(r.parentId), nameFa: r.nameFa, nameEn: r.nameEn, active: !!Number(r.active),
    }));
  return { teams, staff, valueChains: pick('v'), departments: pick('d'), subjects: pick('s') };
}

export function pickerOptions(core: CoreContext): Promise<PickerOptions> {
  const hit = cache.get(core.ds);
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = load(core.ds);
  cache.set(core.ds, { at: now, value });
  value.catch(() => cache.delete(core.ds));
  return value;
}
