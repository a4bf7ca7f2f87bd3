/**
 * The bot reads the settings it needs on many updates; they are cached for a few seconds per process
 * (an admin's change is seen within CACHE_MS).
 */
import { getSettings, type Settings } from '../../core/services/settings.ts';
import type { BotDeps } from '../context.ts';

const CACHE_MS = 5_000;
const cache = new WeakMap<BotDeps, { at: number; value: Promise<Settings> }>();

export function cachedSettings(deps: BotDeps): Promise<Settings> {
  const hit = cache.get(deps);
  const now = Date.now();
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = getSettings(deps.core);
  value.catch(() => cache.delete(deps));
  cache.set(deps, { at: now, value });
  return value;
}
