/**
 * The jobs side: a client every role uses to hand work to the queues after a transaction commits, and
 * the workers (role `worker`): outbox delivery with its sweeper, and housekeeping. BullMQ on the shared
 * Redis, keys under REDIS_PREFIX.
 */
import { Queue, Worker } from 'bullmq';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { LessThan } from 'typeorm';
import type { CoreContext } from '../core/context.ts';
import { KvEntry } from '../core/entities/system.ts';
import type { Logger } from '../core/infra/logger.ts';
import type { RedisEndpoint } from '../core/infra/redis.ts';
import { TELEGRAM_LIMITS, TelegramLimiter, type LimitSettings } from './outbox/limiter.ts';
import { OutboxQueue, startOutboxWorker } from './outbox/queue.ts';
import { SlaTimers, startSlaWorker } from './sla/timers.ts';
import { autoCloseScan } from './autoclose/scan.ts';
import type { SlaTargetChange } from '../core/sla/service.ts';

export interface JobsDeps {
  core: CoreContext;
  log: Logger;
  redis: RedisEndpoint;
  prefix: string;
  /** Telegram, when a bot token is configured (the outbox uses its own client, without auto-retry) */
  telegram: { token: string; apiRoot: string } | null;
  /** Telegram's limits (tests scale time) */
  limits?: Partial<LimitSettings>;
  /** how often the sweepers look for work a lost job missed */
  sweepEveryMs?: number;
  /** how often auto-close scans (and the length of its "day", scaled in tests) */
  autoCloseEveryMs?: number;
  autoCloseDayMs?: number;
}

export const QUEUES = { housekeeping: 'housekeeping', outbox: 'outbox', sla: 'sla' } as const;

export interface JobsClient {
  /** called after a commit with the outbox rows it wrote */
  outboxWritten(ids: number[]): void;
  /** called after a commit with the SLA targets it changed */
  slaChanged(changes: SlaTargetChange[]): void;
  outbox: OutboxQueue;
  sla: SlaTimers;
  queues(): Queue[];
  close(): Promise<void>;
}

const connectionOf = (deps: JobsDeps) => ({ ...deps.redis.options, maxRetriesPerRequest: null });

export function createJobsClient(deps: JobsDeps): JobsClient {
  const connection = connectionOf(deps);
  const redis = new Redis(connection);
  const housekeeping = new Queue(QUEUES.housekeeping, { connection, prefix: deps.prefix });
  const outbox = new OutboxQueue(connection, deps.prefix, redis, deps.core.ds, deps.log);
  const sla = new SlaTimers(connection, deps.prefix, redis, deps.log);
  return {
    outbox,
    sla,
    slaChanged: (changes) => {
      sla.changed(changes).catch((err) => deps.log.warn({ err: (err as Error).message }, 'could not move SLA timers now; the sweeper will act'));
    },
    outboxWritten: (ids) => {
      outbox.written(ids).catch((err) => deps.log.warn({ err: (err as Error).message, ids }, 'could not queue outbox rows now; the sweeper will'));
    },
    queues: () => [outbox.queue, housekeeping, sla.queue],
    close: async () => {
      await outbox.close();
      await sla.close();
      await housekeeping.close();
      redis.disconnect();
    },
  };
}

export interface Workers {
  close(): Promise<void>;
}

export async function startWorkers(deps: JobsDeps, client: JobsClient): Promise<Workers> {
  const connection = connectionOf(deps);
  const closers: (() => Promise<void>)[] = [];
  const housekeepingQueue = client.queues()[1]!;
  await housekeepingQueue.upsertJobScheduler('purge-expired', { every: 10 * 60_000 }, { name: 'purge-expired' });
  const housekeeping = new Worker(
    QUEUES.housekeeping,
    async (job) => {
      if (job.name === 'purge-expired') {
        const res = await deps.core.ds.getRepository(KvEntry).delete({ expiresAt: LessThan(deps.core.clock.now()) });
        return { purged: res.affected ?? 0 };
      }
      if (job.name === 'autoclose') return autoCloseScan(deps.core, { dayMs: deps.autoCloseDayMs });
      if (job.name === 'reconcile') return { slaTargets: await client.sla.reconcile(deps.core.ds), outboxChats: await client.outbox.sweep(deps.core.clock.now()) };
      throw new Error(`unknown housekeeping job ${job.name}`);
    },
    { connection, prefix: deps.prefix, concurrency: 1 },
  );
  await housekeepingQueue.upsertJobScheduler('autoclose', { every: deps.autoCloseEveryMs ?? 5 * 60_000 }, { name: 'autoclose' });
  await housekeepingQueue.upsertJobScheduler('reconcile', { every: 5 * 60_000 }, { name: 'reconcile' });
  const slaWorker = startSlaWorker(deps.core, connection, deps.prefix, deps.log);
  await client.sla.queue.upsertJobScheduler('sla-sweep', { every: deps.sweepEveryMs ?? 60_000 }, { name: 'sweep' });
  await client.sla.reconcile(deps.core.ds); // self-repair at start
  closers.push(() => slaWorker.close());
  housekeeping.on('failed', (job, err) => deps.log.error({ job: job?.name, err: err.message }, 'housekeeping job failed'));
  closers.push(() => housekeeping.close());

  if (deps.telegram) {
    const redis = new Redis(connection);
    const api = new Api(deps.telegram.token, { apiRoot: deps.telegram.apiRoot });
    const limiter = new TelegramLimiter(redis, deps.prefix, { ...TELEGRAM_LIMITS, ...deps.limits });
    const worker = startOutboxWorker({ connection, prefix: deps.prefix, redis, ds: deps.core.ds, api, limiter, log: deps.log, clock: deps.core.clock, queue: client.outbox });
    await client.outbox.queue.upsertJobScheduler('outbox-sweep', { every: deps.sweepEveryMs ?? 10_000 }, { name: 'sweep' });
    await client.outbox.sweep(deps.core.clock.now()); // self-repair at start
    closers.push(async () => {
      await worker.close();
      redis.disconnect();
    });
  } else {
    deps.log.warn('outbox delivery is off: no bot token; messages wait in the outbox until a bot is connected');
  }
  return {
    close: async () => {
      for (const c of closers.reverse()) await c();
    },
  };
}
