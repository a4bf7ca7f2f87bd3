/**
 * Counters that must hold across processes (the per-user message limit, the login throttle): fixed windows
 * kept in Redis under the system's key prefix with rate-limiter-flexible, so two bot or web processes share
 * one count. Without a Redis (a unit test of one adapter) the same limiter is kept in this process.
 * While Redis is not ready the count falls back to this process's memory at once (an insurance limiter),
 * so an outage neither blocks the bot nor lifts the limits.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** the system's Redis connection and key prefix (REDIS_PREFIX): keys are `<prefix>:limit:<name>:<key>` */
export interface LimitStore {
  redis: Redis;
  prefix: string;
}

export { RateLimiterRes };
export type Limiter = RateLimiterAbstract;

/** `points` per window of `seconds`, counted per key */
export function fixedWindow(store: LimitStore | undefined, name: string, points: number, seconds: number): Limiter {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
  if (!store) return memory;
  return new RateLimiterRedis({
    storeClient: store.redis,
    keyPrefix: `${store.prefix}:limit:${name}`,
    points,
    duration: seconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/** consumes one point: true when within the limit, false when over it (other errors are thrown) */
export async function take(limiter: Limiter, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
}
