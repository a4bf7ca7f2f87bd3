/**
 * The bot reads the settings it needs on many updates; they are cached for a few seconds per process
 * (an admin's change is seen within CACHE_MS).
 */
import { getSettings, type Settings } from '../../core/services/settings.ts';
import type { BotDeps } from '../context.ts';

const CACHE_MS = 5_000;
const cache = new WeakMap<BotDeps, { at: number; generation: number; value: Promise<Settings> }>();
let generation = 0;

/** the next read in this process goes to the database (a settings change made in this process) */
export function forgetCachedSettings(): void {
  generation++;
}

export function cachedSettings(deps: BotDeps): Promise<Settings> {
  const hit = cache.get(deps);
  const now = Date.now();
  if (hit && hit.generation === generation && now - hit.at < CACHE_MS) return hit.value;
  const value = getSettings(deps.core);
  value.catch(() => cache.delete(deps));
  cache.set(deps, { at: now, generation, value });
  return value;
}
