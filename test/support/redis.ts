/** Tests share the machine's Redis at $TEST_REDIS_URL (default redis://127.0.0.1:6379) with a key prefix per run. */
import { Redis } from 'ioredis';
import { optionsFromUrl } from '../../core/infra/redis.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testRedisOptions() {
  return optionsFromUrl(TEST_REDIS_URL);
}

export function uniquePrefix(tag = 't'): string {
  return `${tag}${process.pid}x${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** deletes every key under a prefix (BullMQ keys are `<prefix>:<queue>:…`) */
/**
 * every key of the prefix deleted at once, in one script, as FLUSHALL does to us: a SCAN-and-delete
 * (clearPrefix) lets a watchdog repair between its batches, then deletes what the repair wrote
 */
export async function flushPrefix(prefix: string): Promise<void> {
  const r = new Redis(testRedisOptions());
  try {
    await r.eval(`for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 1`, 0, `${prefix}*`);
  } finally {
    r.disconnect();
  }
}

export async function clearPrefix(prefix: string): Promise<void> {
  const r = new Redis(testRedisOptions());
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
