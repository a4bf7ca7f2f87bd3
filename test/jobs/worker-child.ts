/** A worker process for the kill test: the jobs workers on the given database, Redis prefix and fake Telegram. */
import { systemClock, type CoreContext } from '../../core/context.ts';
import { openDatabase, type DatabaseTarget } from '../../core/db/data-source.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { createJobsClient, startWorkers, type JobsDeps } from '../../jobs/index.ts';
import { testRedisOptions } from '../support/redis.ts';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const target: DatabaseTarget = process.env.CHILD_SQLITE_PATH
  ? { kind: 'sqlite', path: env('CHILD_SQLITE_PATH') }
  : { kind: 'mariadb', url: env('CHILD_DB_URL') };
const { ds } = await openDatabase(target, { migrate: false });
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let client: ReturnType<typeof createJobsClient>;
const core: CoreContext = {
  ds,
  clock: systemClock,
  log,
  timeZone: 'Asia/Tehran',
  defaultLocale: 'fa',
  publicUrl: 'http://x',
  onOutbox: (ids) => client.outboxWritten(ids),
};
const deps: JobsDeps = {
  core,
  log,
  redis: { options: testRedisOptions(), description: 'test', stop: async () => {} },
  prefix: env('CHILD_PREFIX'),
  telegram: { token: env('CHILD_TOKEN'), apiRoot: env('CHILD_API_ROOT') },
  limits: { timeScale: Number(process.env.CHILD_SCALE ?? '1') },
  sweepEveryMs: 500,
  outboxLeaseMs: Number(process.env.CHILD_LEASE_MS ?? '30000'),
  lockDurationMs: 3000,
  stalledIntervalMs: 1000,
};
client = createJobsClient(deps);
await startWorkers(deps, client);
process.stdout.write('ready\n');
