/**
 * The jobs side: a client every role uses to hand work to the queues after a transaction commits, and
 * the workers (role `worker`): outbox delivery, SLA timers, auto-close, housekeeping, and self-repair.
 * BullMQ on the shared Redis, keys under REDIS_PREFIX. The database is the truth: Redis can be lost
 * whole (reconcile.ts puts back what it held), which costs time, never a message or a timer.
 *
 * Queues (see QUEUES): `outbox` (drain-<chatId> jobs, sweep), `sla` (warn-/breach-<targetId>-<deadlineMs>
 * delayed jobs, sweep), `housekeeping` (autoclose scan, reconcile, purge-expired, report-calendars: the
 * report figures follow calendar edits; chat-delays: supervisors told when a staff chat falls behind).
 */
import { Queue, Worker } from 'bullmq';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { LessThan } from 'typeorm';
import type { CoreContext } from '../core/context.ts';
import { KvEntry } from '../core/entities/system.ts';
import type { Logger } from '../core/infra/logger.ts';
import type { RedisEndpoint } from '../core/infra/redis.ts';
import type { SlaTargetChange } from '../core/sla/service.ts';
import { followCalendarEdits } from '../core/services/reports/summary/calendars.ts';
import { checkChatDelays } from '../core/services/chat-delays.ts';
import { autoCloseScan } from './autoclose/scan.ts';
import { exclusive } from './exclusive.ts';
import { metricsText } from './metrics.ts';
import { TELEGRAM_LIMITS, TelegramLimiter, type LimitSettings } from './outbox/limiter.ts';
import { OutboxQueue, startOutboxWorker } from './outbox/queue.ts';
import { Reconciler, type ReconcileReport } from './reconcile.ts';
import { SlaTimers, startSlaWorker } from './sla/timers.ts';
import { adaptPayload, capabilities, type Channel } from '../core/channels.ts';

export interface JobsDeps {
  core: CoreContext;
  log: Logger;
  redis: RedisEndpoint;
  prefix: string;
  /** Telegram, when a bot token is configured (the outbox uses its own client, without auto-retry) */
  telegram: { token: string; apiRoot: string } | null;
  /** the Bale bot (issue 20): rows of Bale requesters go through it, made fit by core/channels.ts */
  bale?: { token: string; apiRoot: string; rate?: { globalPerSecond: number; privatePerSecond: number } } | null;
  /** Telegram's limits (tests scale time) */
  limits?: Partial<LimitSettings>;
  /** the outbox sweeper: chats with due rows or expired claims queued again (default 30 s) */
  sweepEveryMs?: number;
  /** the SLA sweeper: due targets whose job was lost (default 60 s) */
  slaSweepEveryMs?: number;
  /** how often auto-close scans (default 5 min), and the length of its "day" (tests shorten it) */
  autoCloseEveryMs?: number;
  autoCloseDayMs?: number;
  /** full reconciliation of Redis with the database (default 5 min) */
  reconcileEveryMs?: number;
  /** how often each worker process checks that Redis still holds our keys (default 10 s) */
  flushCheckEveryMs?: number;
  /** an outbox claim's lease (default 30 s): a killed worker's row is retried after it */
  outboxLeaseMs?: number;
  /** delivery attempts on 5xx / network errors before a row fails (default 8) */
  outboxMaxAttempts?: number;
  /** chats drained at once per worker process (default 64) */
  outboxConcurrency?: number;
  /** BullMQ job locks (default 30 s each): a killed worker's jobs are taken over after them */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** how often the staff chats' delays are checked for the supervisors' alert (default 30 s) */
  chatDelayEveryMs?: number;
  /** the lease of a housekeeping run (default 60 s, renewed while it runs): how long a killed worker's run blocks the next */
  dutyLeaseMs?: number;
}

export const QUEUES = { housekeeping: 'housekeeping', outbox: 'outbox', sla: 'sla' } as const;

export interface JobsClient {
  /** called after a commit with the outbox rows it wrote */
  outboxWritten(ids: number[]): void;
  /** called after a commit with the SLA targets it changed */
  slaChanged(changes: SlaTargetChange[]): void;
  outbox: OutboxQueue;
  sla: SlaTimers;
  housekeeping: Queue;
  /** every queue, for /admin/queues (bull-board) and /metrics */
  queues(): Queue[];
  /** `/metrics` in Prometheus text format */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

const connectionOf = (deps: JobsDeps) => ({ ...deps.redis.options, maxRetriesPerRequest: null });

export function createJobsClient(deps: JobsDeps): JobsClient {
  const connection = connectionOf(deps);
  const redis = new Redis(connection);
  redis.on('error', (err) => deps.log.warn({ err: err.message }, 'jobs client: redis error'));
  const housekeeping = new Queue(QUEUES.housekeeping, { connection, prefix: deps.prefix, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } });
  housekeeping.on('error', (err) => deps.log.warn({ err: err.message }, 'housekeeping queue: redis error'));
  const outbox = new OutboxQueue(connection, deps.prefix, redis, deps.core.ds, deps.log);
  const sla = new SlaTimers(connection, deps.prefix, redis, deps.log, deps.core.clock);
  const queues = () => [outbox.queue, sla.queue, housekeeping];
  return {
    outbox,
    sla,
    housekeeping,
    slaChanged: (changes) => {
      sla.changed(changes).catch((err) => deps.log.warn({ err: (err as Error).message }, 'could not move SLA timers now; the sweeper will act'));
    },
    outboxWritten: (ids) => {
      outbox.written(ids).catch((err) => deps.log.warn({ err: (err as Error).message, ids }, 'could not queue outbox rows now; the sweeper will'));
    },
    queues,
    metrics: () => metricsText(queues(), deps.core.ds, deps.core.clock.now()),
    close: async () => {
      await outbox.close();
      await sla.close();
      await housekeeping.close();
      redis.disconnect();
    },
  };
}

export interface Workers {
  /** puts back in Redis what the database says should be there (also runs by itself) */
  reconcile(): Promise<ReconcileReport>;
  close(): Promise<void>;
}

export async function startWorkers(deps: JobsDeps, client: JobsClient): Promise<Workers> {
  const connection = connectionOf(deps);
  const closers: (() => Promise<void>)[] = [];
  const locks = { lockDurationMs: deps.lockDurationMs, stalledIntervalMs: deps.stalledIntervalMs };
  const reconciler = new Reconciler({
    core: deps.core,
    log: deps.log,
    prefix: deps.prefix,
    connection,
    client,
    outbox: deps.telegram !== null,
    every: {
      outboxSweep: deps.sweepEveryMs ?? 30_000,
      slaSweep: deps.slaSweepEveryMs ?? 60_000,
      autoClose: deps.autoCloseEveryMs ?? 5 * 60_000,
      reconcile: deps.reconcileEveryMs ?? 5 * 60_000,
      purge: 10 * 60_000,
      reportCalendars: 5 * 60_000,
      chatDelays: deps.chatDelayEveryMs ?? 30_000,
      flushCheck: deps.flushCheckEveryMs ?? 10_000,
    },
  });

  const dutyRedis = new Redis(connection);
  dutyRedis.on('error', (err) => deps.log.warn({ err: err.message }, 'housekeeping: redis error'));
  closers.push(async () => void dutyRedis.disconnect());
  const housekeeping = new Worker(
    QUEUES.housekeeping,
    // one run of a duty at a time across the worker processes (exclusive.ts)
    (job) => exclusive(dutyRedis, deps.prefix, job.name, deps.dutyLeaseMs ?? 60_000, () => housekeepingDuty(job.name)),
    { connection, prefix: deps.prefix, concurrency: 1, lockDuration: locks.lockDurationMs ?? 30_000, stalledInterval: locks.stalledIntervalMs ?? 30_000 },
  );
  async function housekeepingDuty(name: string): Promise<unknown> {
    if (name === 'purge-expired') {
      const res = await deps.core.ds.getRepository(KvEntry).delete({ expiresAt: LessThan(deps.core.clock.now()) });
      return { purged: res.affected ?? 0 };
    }
    if (name === 'autoclose') return autoCloseScan(deps.core, { dayMs: deps.autoCloseDayMs, graceMs: deps.autoCloseEveryMs });
    if (name === 'reconcile') return reconciler.run('scheduled');
    if (name === 'report-calendars') return followCalendarEdits(deps.core);
    if (name === 'chat-delays') {
      // a queue's wait at the group's pace as this worker's limiter paces it (tests scale time)
      const s = { ...TELEGRAM_LIMITS, ...deps.limits };
      return checkChatDelays(deps.core, { intervalMs: (60_000 / s.groupPerMinute) * s.timeScale });
    }
    throw new Error(`unknown housekeeping job ${name}`);
  }
  housekeeping.on('failed', (job, err) => deps.log.error({ job: job?.name, err: err.message }, 'housekeeping job failed'));
  housekeeping.on('error', (err) => deps.log.warn({ err: err.message }, 'housekeeping worker error'));
  closers.push(() => housekeeping.close());

  const slaWorker = startSlaWorker(deps.core, connection, deps.prefix, deps.log, locks);
  closers.push(() => slaWorker.close());

  if (deps.telegram) {
    const redis = new Redis(connection);
    redis.on('error', (err) => deps.log.warn({ err: err.message }, 'outbox worker: redis error'));
    const leaseMs = deps.outboxLeaseMs ?? 30_000;
    // no auto-retry here: the worker owns retries (429, back-off); a call never outlives its claim
    const api = new Api(deps.telegram.token, { apiRoot: deps.telegram.apiRoot, timeoutSeconds: Math.max(1, Math.floor((leaseMs * 0.6) / 1000)) });
    const apis: Partial<Record<Channel, Api>> = {};
    const limiters: Partial<Record<Channel, TelegramLimiter>> = {};
    if (deps.bale) {
      const bale = new Api(deps.bale.token, { apiRoot: deps.bale.apiRoot, timeoutSeconds: Math.max(1, Math.floor((leaseMs * 0.6) / 1000)) });
      bale.config.use((prev, method, payload, signal) => prev(method, adaptPayload('bale', payload as Record<string, unknown>) as typeof payload, signal));
      apis.bale = bale;
      // Bale's pace in buckets of its own: conservative defaults from core/channels.ts, or BALE_RATE_*
      const rate = deps.bale.rate ?? capabilities('bale').rate;
      limiters.bale = new TelegramLimiter(redis, `${deps.prefix}:bale`, { ...TELEGRAM_LIMITS, ...deps.limits, ...rate });
    }
    const limiter = new TelegramLimiter(redis, deps.prefix, { ...TELEGRAM_LIMITS, ...deps.limits });
    const worker = startOutboxWorker({
      connection,
      prefix: deps.prefix,
      redis,
      core: deps.core,
      api,
      apis,
      limiters,
      limiter,
      log: deps.log,
      queue: client.outbox,
      leaseMs,
      maxAttempts: deps.outboxMaxAttempts,
      concurrency: deps.outboxConcurrency,
      ...locks,
    });
    closers.push(async () => {
      await worker.close();
      redis.disconnect();
    });
  } else {
    deps.log.warn('outbox delivery is off: no bot token; messages wait in the outbox until a bot is connected');
  }

  await reconciler.run('start'); // self-repair at start
  reconciler.watch();
  closers.push(() => reconciler.close());

  return {
    reconcile: () => reconciler.run('manual'),
    close: async () => {
      for (const c of closers.reverse()) await c();
    },
  };
}
