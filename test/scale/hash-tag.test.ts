/**
 * REDIS_PREFIX with a hash tag (`{hd}`), as Redis Cluster needs: every key the installation writes starts with
 * the tag, so all of them are in one slot and BullMQ's and the inbound queue's scripts may touch several at once.
 * The config takes the braces; the inbound queue and its BullMQ jobs work under such a prefix.
 */
import { Redis } from 'ioredis';
import type { Update } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { envSchema } from '../../core/config/schema.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { startInboundConsumer } from '../../jobs/inbound/consumer.ts';
import { InboundQueue, type Journal } from '../../jobs/inbound/queue.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';

const update = (id: number, chat: number): Update =>
  ({ update_id: id, message: { message_id: id, date: 0, chat: { id: chat, type: 'private', first_name: 'x' }, text: `m${id}` } }) as Update;

describe('a REDIS_PREFIX with a hash tag', () => {
  const prefix = `{${uniquePrefix('tag')}}`;
  const redis = new Redis(testRedisOptions());
  afterAll(async () => {
    redis.disconnect();
    await clearPrefix(prefix);
  });

  it('is accepted by the configuration, and nothing else with braces is', () => {
    expect(envSchema.safeParse({ REDIS_PREFIX: '{hd}' }).success).toBe(true);
    expect(envSchema.safeParse({ REDIS_PREFIX: 'hd' }).success).toBe(true);
    for (const bad of ['{hd', 'h{d}', '{h:d}', '{}']) expect(envSchema.safeParse({ REDIS_PREFIX: bad }).success).toBe(false);
  });

  it('keeps every key of the inbound queue and its jobs under the tag, and the updates are handled in order', { timeout: 30_000 }, async () => {
    const journal: Journal = { pending: async () => [], save: async () => undefined, done: async () => undefined };
    const log = createLogger('silent');
    const connection = { ...testRedisOptions(), maxRetriesPerRequest: null };
    const queue = new InboundQueue({ connection, prefix, redis, journal, log, keyOf: (u) => String(u.message!.chat.id) });
    const handled: number[] = [];
    const consumer = await startInboundConsumer({ connection, prefix, redis, queue, log, instance: 'p0', handle: async (u) => void handled.push(u.update_id) });
    try {
      await queue.accept([1, 2, 3].map((id) => update(id, 7)).concat([update(4, 8)]));
      await expect.poll(() => handled.length, { timeout: 20_000 }).toBe(4);
      expect(handled.filter((id) => id !== 4)).toEqual([1, 2, 3]);
      const keys = await redis.keys(`*${prefix.slice(1, -1)}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((k) => !k.startsWith(prefix))).toEqual([]);
    } finally {
      await consumer.close();
      await queue.close();
    }
  });
});
