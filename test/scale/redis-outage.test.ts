/**
 * The inbound queue when Redis fails it (the full journeys are `npm run test:resilience`, scenarios 5 and 6):
 *   - Redis cannot be reached: the poller's own bot handles what the queue is given, in order, after the journal
 *     has it, and the journal rows are cleared; without a local handler (a webhook process) accept() refuses, so
 *     Telegram sends the update again;
 *   - Redis comes back empty (a FLUSHALL): the consumer sees its sentinel gone, queues the journal's updates
 *     again and re-creates the sweepers' schedules, so nothing waits for a restart.
 */
import { Redis } from 'ioredis';
import type { Update } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/infra/logger.ts';
import { startInboundConsumer } from '../../jobs/inbound/consumer.ts';
import { InboundQueue, type Journal } from '../../jobs/inbound/queue.ts';
import { clearPrefix, flushPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';

const update = (id: number, chat: number): Update =>
  ({ update_id: id, message: { message_id: id, date: 0, chat: { id: chat, type: 'private', first_name: 'x' }, text: `m${id}` } }) as Update;

/** a journal in memory, as the database keeps it (bot/update-journal.ts) */
function memoryJournal() {
  const rows = new Map<number, Update>();
  const journal: Journal = {
    pending: async () => [...rows.values()].sort((a, b) => a.update_id - b.update_id),
    save: async (updates) => void updates.forEach((u) => rows.set(u.update_id, u)),
    done: async (id) => void rows.delete(id),
  };
  return { rows, journal };
}

describe('the inbound queue when Redis fails it', () => {
  const log = createLogger('silent');
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const p of prefixes) await clearPrefix(p);
  });

  it('Redis unreachable: the local bot handles the updates in order once the journal has them; without one, accept refuses', async () => {
    // a connection to a port nobody listens on: never ready
    const down = new Redis({ ...testRedisOptions(), port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    const { rows, journal } = memoryJournal();
    const savedBeforeHandled: boolean[] = [];
    const queue = new InboundQueue({
      connection: { ...testRedisOptions(), port: 1, maxRetriesPerRequest: null },
      prefix: uniquePrefix('down'),
      redis: down,
      journal,
      log,
      keyOf: (u) => String(u.message!.chat.id),
    });
    queue.queue.on('error', () => undefined);
    try {
      const batch = [update(11, 5), update(12, 6), update(13, 5)];
      await expect(queue.accept(batch)).rejects.toThrow();
      expect([...rows.keys()]).toEqual([11, 12, 13]); // journaled: Telegram's repeat is recognised later

      const handled: number[] = [];
      queue.handleLocally = async (updates) => {
        for (const u of updates) {
          savedBeforeHandled.push(rows.has(u.update_id));
          handled.push(u.update_id);
        }
      };
      const res = await queue.accept([update(14, 5), update(15, 7)]);
      expect(res.added).toBe(2);
      expect(handled).toEqual([14, 15]);
      expect(savedBeforeHandled).toEqual([true, true]);
      await expect.poll(() => rows.has(14) || rows.has(15)).toBe(false); // cleared once handled
    } finally {
      down.disconnect();
      await queue.close().catch(() => undefined);
    }
  });

  it('Redis flushed: the consumer queues the journal again and re-creates its sweepers', { timeout: 30_000 }, async () => {
    const prefix = uniquePrefix('flush');
    prefixes.push(prefix);
    const redis = new Redis(testRedisOptions());
    const { rows, journal } = memoryJournal();
    const connection = { ...testRedisOptions(), maxRetriesPerRequest: null };
    const queue = new InboundQueue({ connection, prefix, redis, journal, log, keyOf: (u) => String(u.message!.chat.id) });
    const handled: number[] = [];
    const consumer = await startInboundConsumer({
      connection,
      prefix,
      redis,
      queue,
      log,
      instance: 'p0',
      sweepEveryMs: 300,
      recoverEveryMs: 3_600_000,
      handle: async (u) => void handled.push(u.update_id),
    });
    try {
      // the schedulers' first runs (a sweep and a recover, due at once) are over before anything else happens
      await expect
        .poll(async () => {
          const c = await queue.queue.getJobCounts('active', 'wait', 'prioritized');
          return c.active! + c.wait! + c.prioritized!;
        })
        .toBe(0);
      await queue.accept([update(21, 9)]);
      await expect.poll(() => handled).toEqual([21]);
      await expect.poll(() => rows.size).toBe(0);
      // an update the journal holds and Redis does not (Redis lost it), then every key of the prefix goes (what
      // FLUSHALL does to us): no sweeper is left to find it; the watchdog does
      await journal.save([update(22, 9)]);
      await flushPrefix(prefix);
      await expect.poll(() => handled, { timeout: 15_000 }).toEqual([21, 22]);
      const schedulers = (await queue.queue.getJobSchedulers()).map((s) => s.key).sort();
      expect(schedulers).toEqual(['inbound-recover', 'inbound-sweep']);
    } finally {
      await consumer.close();
      await queue.close();
      redis.disconnect();
    }
  });
});
