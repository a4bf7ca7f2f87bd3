/**
 * The outbox queue: after a commit the writer sets each chat's dirty flag and adds one drain job per chat,
 * with the job id `drain-<chatId>` (adding it again while it waits, runs or is delayed is a no-op; the
 * flag makes a running drain look again before it stops, and a drain that stopped anyway is queued again
 * from its `completed` event). A chat that must wait (429, back-off, a claim held elsewhere) keeps its
 * job, delayed. The sweeper re-queues every chat with due rows or expired claims, so a lost job or a
 * flushed Redis costs time, never a message.
 */
import { DelayedError, Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Api } from 'grammy';
import type { Channel } from '../../core/entities/enums.ts';
import type { Redis } from 'ioredis';
import { In, type DataSource } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../../core/context.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import type { Logger } from '../../core/infra/logger.ts';
import { dirtyKey, drainChat, Stop } from './drain.ts';
import type { TelegramLimiter } from './limiter.ts';

export const OUTBOX_QUEUE = 'outbox';
const drainData = z.object({ chatId: z.number().int() });

/** one job per chat; BullMQ ids may not contain ':' (a group's id keeps its '-') */
export const drainJobId = (chatId: number) => `drain-${chatId}`;

export class OutboxQueue {
  readonly queue: Queue;
  constructor(
    connection: ConnectionOptions,
    private prefix: string,
    private redis: Redis,
    private ds: DataSource,
    private log: Logger,
  ) {
    // removed when done or failed: a kept job would make every later add with its id a no-op
    this.queue = new Queue(OUTBOX_QUEUE, {
      connection,
      prefix,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    });
    this.queue.on('error', (err) => log.warn({ err: err.message }, 'outbox queue: redis error'));
  }

  /** queues a drain of each chat these rows go to */
  async written(ids: number[]): Promise<void> {
    if (!ids.length) return;
    const rows = await this.ds.getRepository(OutboxMessage).find({ where: { id: In(ids) }, select: { id: true, chatId: true } });
    for (const chatId of new Set(rows.map((r) => r.chatId))) await this.kick(chatId);
  }

  /** the chat has rows to send: flag it, and make sure its drain job exists */
  async kick(chatId: number): Promise<void> {
    await this.redis.set(dirtyKey(this.prefix, chatId), '1', 'EX', 3600);
    // groups first: at 20 a minute they are the slow lane, and a group waiting behind private chats loses time for good
    await this.queue.add('drain', { chatId }, { jobId: drainJobId(chatId), priority: chatId < 0 ? 1 : 2 });
  }

  /** every chat with due pending rows or expired claims, queued again (the self-repair of the outbox) */
  async sweep(now: Date): Promise<number> {
    const rows: { chatId: string | number }[] = await this.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .select('DISTINCT o.chatId', 'chatId')
      .where("o.status IN ('pending', 'sending') AND (o.nextAttemptAt IS NULL OR o.nextAttemptAt <= :now)", { now })
      .getRawMany();
    for (const r of rows) await this.kick(Number(r.chatId));
    if (rows.length) this.log.debug({ chats: rows.length }, 'outbox sweep queued chats');
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
  core: CoreContext;
  api: Api;
  apis?: Partial<Record<Channel, Api>>;
  limiter: TelegramLimiter;
  limiters?: Partial<Record<Channel, TelegramLimiter>>;
  log: Logger;
  queue: OutboxQueue;
  leaseMs: number;
  maxAttempts?: number;
  concurrency?: number;
  /** BullMQ's job lock: a killed worker's jobs are taken over after it (plus stalledIntervalMs) */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface OutboxWorker {
  worker: Worker;
  /** drains give their chats back at once (delayed jobs another worker takes), then the worker closes */
  close(): Promise<void>;
}

export function startOutboxWorker(d: OutboxWorkerDeps): OutboxWorker {
  const stop = new Stop();
  const drainDeps = {
    stop,
    core: d.core,
    redis: d.redis,
    prefix: d.prefix,
    api: d.api,
    apis: d.apis,
    limiters: d.limiters,
    limiter: d.limiter,
    log: d.log,
    leaseMs: d.leaseMs,
    maxAttempts: d.maxAttempts,
    kick: (chatId: number) => d.queue.kick(chatId),
  };
  const worker = new Worker(
    OUTBOX_QUEUE,
    async (job: Job, token?: string) => {
      if (job.name === 'sweep') return { queued: await d.queue.sweep(d.core.clock.now()) };
      const { chatId } = drainData.parse(job.data);
      const result = await drainChat(drainDeps, chatId);
      if (result.kind === 'later') {
        // the same job, delayed: adds for this chat stay no-ops, so nothing goes to it before then
        await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(result.ms)), token);
        throw new DelayedError();
      }
      return { chatId };
    },
    {
      connection: d.connection,
      prefix: d.prefix,
      concurrency: d.concurrency ?? 64,
      lockDuration: d.lockDurationMs ?? 30_000,
      stalledInterval: d.stalledIntervalMs ?? 30_000,
    },
  );
  // a row committed after the drain's last look, whose add met the finishing job: queue it now
  worker.on('completed', (job) => {
    if (job.name !== 'drain') return;
    const chatId = (job.data as { chatId: number }).chatId;
    d.redis
      .exists(dirtyKey(d.prefix, chatId))
      .then((dirty) => (dirty ? d.queue.kick(chatId) : undefined))
      .catch((err) => d.log.warn({ chatId, err: (err as Error).message }, 'could not re-queue a dirty chat; the sweeper will'));
  });
  worker.on('failed', (job, err) => d.log.error({ job: job?.id, err: err.message }, 'outbox job failed'));
  worker.on('error', (err) => d.log.warn({ err: err.message }, 'outbox worker error'));
  return {
    worker,
    close: async () => {
      stop.set();
      await worker.close();
    },
  };
}
