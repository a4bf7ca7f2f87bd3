/**
 * One run at a time across every worker process, for the periodic duties whose runs must not overlap.
 * BullMQ's job schedulers make one job per interval, but the next one is queued when the current one starts,
 * so a run longer than its interval (the report figures recomputed after a calendar edit at a million tickets,
 * an auto-close scan after a week of downtime) had the next run start beside it on another worker: both
 * recomputed the same facts and moved report_daily by the same difference twice. A duty now runs under a lease
 * in Redis (`<prefix>:duty:<name>`, SET NX PX with a random token, renewed while it runs, deleted when it ends);
 * a run that finds the lease held is skipped — the run in progress covers it, the next interval comes anyway.
 * A killed worker's lease runs out after leaseMs.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export const dutyKey = (prefix: string, name: string) => `${prefix}:duty:${name}`;
export const SKIPPED = { skipped: 'running in another worker' } as const;

export async function exclusive<T>(redis: Redis, prefix: string, name: string, leaseMs: number, fn: () => Promise<T>): Promise<T | typeof SKIPPED> {
  const key = dutyKey(prefix, name);
  const token = randomBytes(8).toString('hex');
  if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) !== 'OK') return SKIPPED;
  const timer = setInterval(() => void redis.eval(RENEW, 1, key, token, String(leaseMs)).catch(() => undefined), Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
