/**
 * The outbox queue: after a commit the writer marks each chat dirty and queues a drain job for it; the
 * worker drains chats in parallel (one drainer per chat); a sweeper re-queues any chat with due pending
 * rows, so a lost job or a flushed Redis costs time, never a message.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Api } from 'grammy';
import type { Redis } from 'ioredis';
import { In, type DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../../core/context.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import type { Logger } from '../../core/infra/logger.ts';
import { dirtyKey, drainChat } from './drain.ts';
import type { TelegramLimiter } from './limiter.ts';

export const OUTBOX_QUEUE = 'outbox';
const drainData = z.object({ chatId: z.number().int() });

let seq = 0;
const jobId = (chatId: number) => `drain-${chatId < 0 ? `m${-chatId}` : chatId}-${Date.now().toString(36)}${(++seq).toString(36)}`;

export class OutboxQueue {
  readonly queue: Queue;
  constructor(
    connection: ConnectionOptions,
    private prefix: string,
    private redis: Redis,
    private ds: DataSource,
    private log: Logger,
  ) {
    this.queue = new Queue(OUTBOX_QUEUE, {
      connection,
      prefix,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    });
  }

  /** queues a drain of each chat these rows go to */
  async written(ids: number[]): Promise<void> {
    if (!ids.length) return;
    const rows = await this.ds.getRepository(OutboxMessage).find({ where: { id: In(ids) }, select: { id: true, chatId: true } });
    for (const chatId of new Set(rows.map((r) => r.chatId))) await this.kick(chatId);
  }

  async kick(chatId: number, delayMs = 0): Promise<void> {
    await this.redis.set(dirtyKey(this.prefix, chatId), '1', 'EX', 3600);
    // groups first: at 20 a minute they are the slow lane, and a group waiting behind private chats loses time for good
    await this.queue.add('drain', { chatId }, { jobId: jobId(chatId), delay: Math.max(0, Math.round(delayMs)), priority: chatId < 0 ? 1 : 2 });
  }

  /** every chat with pending rows that are due, queued again (the self-repair of the outbox) */
  async sweep(now: Date): Promise<number> {
    const rows: { chatId: string | number }[] = await this.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .select('DISTINCT o.chatId', 'chatId')
      .where("o.status = 'pending' AND (o.nextAttemptAt IS NULL OR o.nextAttemptAt <= :now)", { now })
      .getRawMany();
    for (const r of rows) await this.kick(Number(r.chatId));
    if (rows.length) this.log.debug({ chats: rows.length }, 'outbox sweep re-queued chats');
    return rows.length;
  }

  close() {
    return this.queue.close();
  }
}

export interface OutboxWorkerDeps {
  connection: ConnectionOptions;
  prefix: string;
  redis: Redis;
  ds: DataSource;
  api: Api;
  limiter: TelegramLimiter;
  log: Logger;
  clock: Clock;
  queue: OutboxQueue;
  concurrency?: number;
}

export function startOutboxWorker(d: OutboxWorkerDeps): Worker {
  const worker = new Worker(
    OUTBOX_QUEUE,
    async (job) => {
      if (job.name === 'sweep') return { requeued: await d.queue.sweep(d.clock.now()) };
      const { chatId } = drainData.parse(job.data);
      await drainChat(
        { ds: d.ds, redis: d.redis, prefix: d.prefix, api: d.api, limiter: d.limiter, log: d.log, clock: d.clock, schedule: (c, ms) => d.queue.kick(c, ms) },
        chatId,
      );
      return { chatId };
    },
    { connection: d.connection, prefix: d.prefix, concurrency: d.concurrency ?? 64 },
  );
  worker.on('failed', (job, err) => d.log.error({ job: job?.id, err: err.message }, 'outbox job failed'));
  return worker;
}
