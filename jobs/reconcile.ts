/**
 * Self-repair: Redis is put back in line with the database at worker start, every few minutes (a
 * repeatable job), and at once when a worker process sees that Redis lost our keys (a sentinel key that
 * a FLUSHALL, a restart without persistence or an eviction takes away; checked by a timer in the
 * process, since the repeatable jobs went with the keys). A run: the repeatable jobs (sweepers, the
 * auto-close scan, the reports' calendar check, this reconcile), a timer for every running SLA target, a drain for every chat with
 * due outbox rows or expired claims. Every step is idempotent: jobs have fixed ids.
 */
import { type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { CoreContext } from '../core/context.ts';
import type { Logger } from '../core/infra/logger.ts';
import type { JobsClient } from './index.ts';

export interface ReconcileReport {
  reason: string;
  schedulers: number;
  slaTargets: number;
  outboxChats: number;
}

export interface ReconcilerDeps {
  core: CoreContext;
  log: Logger;
  prefix: string;
  connection: ConnectionOptions & { maxRetriesPerRequest: null };
  client: JobsClient;
  /** outbox delivery runs in this process (a bot token is set) */
  outbox: boolean;
  every: {
    outboxSweep: number;
    slaSweep: number;
    autoClose: number;
    reconcile: number;
    purge: number;
    reportCalendars: number;
    chatDelays: number;
    flushCheck: number;
  };
}

export const sentinelKey = (prefix: string) => `${prefix}:jobs:alive`;

export class Reconciler {
  private redis: Redis;
  private running: Promise<ReconcileReport> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private d: ReconcilerDeps) {
    this.redis = new Redis(d.connection);
    this.redis.on('error', (err) => d.log.warn({ err: err.message }, 'reconciler: redis error'));
  }

  /** one reconciliation; a call while one runs joins it */
  run(reason: string): Promise<ReconcileReport> {
    this.running ??= this.once(reason).finally(() => (this.running = null));
    return this.running;
  }

  private async once(reason: string): Promise<ReconcileReport> {
    const { client, every, core } = this.d;
    // first: a flush during this run takes the sentinel away again, and the next check runs again
    await this.redis.set(sentinelKey(this.d.prefix), String(Date.now()));
    const schedulers: (() => Promise<unknown>)[] = [
      () => client.housekeeping.upsertJobScheduler('purge-expired', { every: every.purge }, { name: 'purge-expired' }),
      () => client.housekeeping.upsertJobScheduler('autoclose', { every: every.autoClose }, { name: 'autoclose' }),
      () => client.housekeeping.upsertJobScheduler('reconcile', { every: every.reconcile }, { name: 'reconcile' }),
      () => client.housekeeping.upsertJobScheduler('report-calendars', { every: every.reportCalendars }, { name: 'report-calendars' }),
      () => client.housekeeping.upsertJobScheduler('chat-delays', { every: every.chatDelays }, { name: 'chat-delays' }),
      () => client.sla.queue.upsertJobScheduler('sla-sweep', { every: every.slaSweep }, { name: 'sweep' }),
    ];
    if (this.d.outbox) schedulers.push(() => client.outbox.queue.upsertJobScheduler('outbox-sweep', { every: every.outboxSweep }, { name: 'sweep' }));
    for (const upsert of schedulers) await upsert();
    const slaTargets = await client.sla.reconcile(core.ds);
    const outboxChats = this.d.outbox ? await client.outbox.sweep(core.clock.now()) : 0;
    const report = { reason, schedulers: schedulers.length, slaTargets, outboxChats };
    this.d.log[reason === 'redis-lost' ? 'warn' : 'debug'](report, 'jobs reconciled with the database');
    return report;
  }

  /** starts the in-process check for a Redis that lost our keys */
  watch(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.redis
        .exists(sentinelKey(this.d.prefix))
        .then((alive) => {
          if (alive) return;
          this.d.log.warn('Redis lost the jobs keys (flushed or restarted empty): reconciling with the database');
          return this.run('redis-lost');
        })
        .catch((err) => this.d.log.warn({ err: (err as Error).message }, 'reconcile after a Redis loss failed; will try again'));
    }, this.d.every.flushCheck);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.redis.disconnect();
  }
}
