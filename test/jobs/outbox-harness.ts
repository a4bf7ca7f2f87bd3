/** The outbox on a real database (MariaDB or SQLite) and Redis against the fake Telegram, with time-scaled limits. */
import { systemClock, type CoreContext } from '../../core/context.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { transact, type OutboxDraft } from '../../core/tx.ts';
import { createJobsClient, startWorkers, type JobsClient, type JobsDeps, type Workers } from '../../jobs/index.ts';
import { FakeTelegram } from '../fake-telegram/index.ts';
import { createTestDb, type Dialect, type TestDatabase } from '../support/db.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';

export const TOKEN = '42:outboxtestoutboxtestoutboxtest';

export interface OutboxHarness {
  db: TestDatabase;
  fake: FakeTelegram;
  core: CoreContext;
  client: JobsClient;
  workers: Workers | null;
  prefix: string;
  deps: JobsDeps;
  write(...drafts: OutboxDraft[]): Promise<number[]>;
  rows(): Promise<OutboxMessage[]>;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  timeScale: number;
  limits?: boolean;
  sweepEveryMs?: number;
  /** extra job settings (leases, lock durations, reconcile timers) */
  jobs?: Partial<JobsDeps>;
  /** the database (MariaDB unless told) */
  database?: Dialect;
  /** the same as database: 'sqlite' */
  sqlite?: boolean;
}

export async function outboxHarness(opts: HarnessOptions): Promise<OutboxHarness> {
  const db = await createTestDb(opts.sqlite ? 'sqlite' : (opts.database ?? 'mariadb'));
  const fake = await new FakeTelegram().start();
  fake.limits = { enabled: opts.limits ?? true, timeScale: opts.timeScale };
  const prefix = uniquePrefix('ob');
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  let client: JobsClient;
  const core: CoreContext = {
    ds: db.ds,
    clock: systemClock,
    log,
    timeZone: 'Asia/Tehran',
    defaultLocale: 'fa',
    publicUrl: 'http://localhost:3000',
    onOutbox: (ids) => client.outboxWritten(ids),
  };
  const deps: JobsDeps = {
    core,
    log,
    redis: { options: testRedisOptions(), description: 'test', stop: async () => {} },
    prefix,
    telegram: { token: TOKEN, apiRoot: fake.apiRoot },
    limits: { timeScale: opts.timeScale },
    sweepEveryMs: opts.sweepEveryMs ?? 1000,
    outboxLeaseMs: 5000,
    lockDurationMs: 4000,
    stalledIntervalMs: 2000,
    flushCheckEveryMs: 500,
    ...opts.jobs,
  };
  client = createJobsClient(deps);
  const h: OutboxHarness = {
    db,
    fake,
    core,
    client,
    workers: null,
    prefix,
    deps,
    write: (...drafts) => transact(core, (tx) => tx.outbox(...drafts)),
    rows: () => db.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } }),
    async startWorkers() {
      h.workers = await startWorkers(deps, client);
    },
    async stopWorkers() {
      await h.workers?.close();
      h.workers = null;
    },
    async close() {
      await h.stopWorkers();
      await client.close();
      await fake.stop();
      await clearPrefix(prefix);
      await db.close();
    },
  };
  return h;
}

export async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50)); // the poll interval of a wait on a condition
  }
}
