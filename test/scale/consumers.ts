/**
 * Two bot processes' inbound queues and consumers in one test process (test/scale/handback and lease): each
 * "process" has its own Redis connection, queue and consumer on one prefix; the journal is a no-op (these
 * tests look at the queue's lease and order, not at the database).
 */
import { Redis } from 'ioredis';
import type { Update } from 'grammy/types';
import { createLogger } from '../../core/infra/logger.ts';
import { startInboundConsumer, type InboundConsumer } from '../../jobs/inbound/consumer.ts';
import { InboundQueue, type Journal } from '../../jobs/inbound/queue.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';

/** a private chat's text message as Telegram sends it */
export const update = (id: number, chat: number): Update =>
  ({ update_id: id, message: { message_id: id, date: 0, chat: { id: chat, type: 'private', first_name: 'x' }, text: `m${id}` } }) as Update;

/** which process handled which update, and whether it knew it was a repeat */
export interface Handled {
  by: string;
  id: number;
  again: boolean;
}

export function consumerPair(tag: string, lease: { lockDurationMs: number; stalledIntervalMs: number }) {
  const prefix = uniquePrefix(tag);
  const redis = [new Redis(testRedisOptions()), new Redis(testRedisOptions())];
  const consumers: InboundConsumer[] = [];
  const journal: Journal = { pending: async () => [], save: async () => undefined, done: async () => undefined };
  const log = createLogger('silent');
  const connection = { ...testRedisOptions(), maxRetriesPerRequest: null };
  const queues = redis.map((r) => new InboundQueue({ connection, prefix, redis: r, journal, log, keyOf: (u) => String(u.message!.chat.id) }));
  /** process i's consumer with this handler */
  const start = async (i: number, handle: (u: Update) => Promise<void>): Promise<InboundConsumer> => {
    const c = await startInboundConsumer({ connection, prefix, redis: redis[i]!, queue: queues[i]!, log, instance: `p${i}`, handle, ...lease });
    consumers.push(c);
    return c;
  };
  const close = async () => {
    for (const c of consumers) await c.close().catch(() => undefined);
    for (const q of queues) await q.close().catch(() => undefined);
    for (const r of redis) r.disconnect();
    await clearPrefix(prefix);
  };
  return { queues, consumers, start, close };
}
