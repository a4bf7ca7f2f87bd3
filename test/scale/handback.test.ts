/**
 * A bot process stopping (SIGTERM) in the middle of a chat that has more updates: it finishes the update in
 * hand, hands the chat back at once, and the next process handles the rest in order — none of them taken for a
 * repeat, since none was started before (the drain reads the next update in the same call that finishes one).
 */
import { Redis } from 'ioredis';
import type { Update } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/infra/logger.ts';
import { isRepeat } from '../../core/infra/repeats.ts';
import { startInboundConsumer, type InboundConsumer } from '../../jobs/inbound/consumer.ts';
import { InboundQueue, type Journal } from '../../jobs/inbound/queue.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';

const update = (id: number, chat: number): Update =>
  ({ update_id: id, message: { message_id: id, date: 0, chat: { id: chat, type: 'private', first_name: 'x' }, text: `m${id}` } }) as Update;

describe('a bot process stopping with a chat in hand', () => {
  const prefix = uniquePrefix('handback');
  const redis = [new Redis(testRedisOptions()), new Redis(testRedisOptions())];
  const consumers: InboundConsumer[] = [];
  afterAll(async () => {
    for (const c of consumers) await c.close().catch(() => undefined);
    for (const r of redis) r.disconnect();
    await clearPrefix(prefix);
  });

  it('finishes the update in hand; the other process takes the rest in order, none as a repeat', { timeout: 60_000 }, async () => {
    const journal: Journal = { pending: async () => [], save: async () => undefined, done: async () => undefined };
    const log = createLogger('silent');
    const connection = { ...testRedisOptions(), maxRetriesPerRequest: null };
    const queues = redis.map((r) => new InboundQueue({ connection, prefix, redis: r, journal, log, keyOf: (u) => String(u.message!.chat.id) }));
    const handled: { by: string; id: number; again: boolean }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inHand!: () => void;
    const started = new Promise<void>((r) => (inHand = r));
    const start = (i: number, handle: (u: Update) => Promise<void>) =>
      startInboundConsumer({
        connection,
        prefix,
        redis: redis[i]!,
        queue: queues[i]!,
        log,
        instance: `p${i}`,
        handle,
        lockDurationMs: 5000,
        stalledIntervalMs: 1000,
      });

    consumers.push(
      await start(0, async (u) => {
        handled.push({ by: 'p0', id: u.update_id, again: isRepeat(u) });
        inHand();
        await gate;
      }),
    );
    await queues[0]!.accept([1, 2, 3].map((id) => update(id, 77)));
    await started;
    const stopping = consumers[0]!.close();
    release();
    await stopping;

    consumers.push(await start(1, async (u) => void handled.push({ by: 'p1', id: u.update_id, again: isRepeat(u) })));
    await expect.poll(() => handled.map((h) => h.id), { timeout: 20_000 }).toEqual([1, 2, 3]);
    expect(handled).toEqual([
      { by: 'p0', id: 1, again: false },
      { by: 'p1', id: 2, again: false },
      { by: 'p1', id: 3, again: false },
    ]);
    for (const q of queues) await q.close();
  });
});
