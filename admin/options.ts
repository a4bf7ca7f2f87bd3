/**
 * The lists behind the panel's pickers (teams, staff, the catalogue: core/read/pickers.ts), kept for a few
 * seconds per data source, so a busy inbox costs no extra queries; any configuration write in the panel
 * drops the cache at once (panel.ts), so a subject added a moment ago is there on the next page.
 */
import type { DataSource } from 'typeorm';
import type { CoreContext } from '../core/context.ts';
import { pickerLists, type PickerLists } from '../core/read/pickers.ts';

export type { CatalogueItem } from '../core/read/pickers.ts';
export type PickerOptions = PickerLists;

const TTL_MS = 5_000;
const cache = new WeakMap<DataSource, { at: number; value: Promise<PickerOptions> }>();

export function invalidateOptions(ds: DataSource): void {
  cache.delete(ds);
}

export function pickerOptions(core: CoreContext): Promise<PickerOptions> {
  const hit = cache.get(core.ds);
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = pickerLists(core);
  cache.set(core.ds, { at: now, value });
  value.catch(() => cache.delete(core.ds));
  return value;
}
