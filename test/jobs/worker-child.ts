/** A worker process for the kill test: the outbox workers on the given database, Redis prefix and fake Telegram. */
import { systemClock, type CoreContext } from '../../core/context.ts';
import { openDatabase } from '../../core/db/data-source.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { createJobsClient, startWorkers } from '../../jobs/index.ts';
import { testRedisOptions } from '../support/redis.ts';

const { ds } = await openDatabase({ kind: 'mariadb', url: process.env.CHILD_DB_URL! }, { migrate: false });
const log = createLogger('silent');
let client: ReturnType<typeof createJobsClient>;
const core: CoreContext = { ds, clock: systemClock, log, timeZone: 'Asia/Tehran', defaultLocale: 'fa', publicUrl: 'http://x', onOutbox: (ids) => client.outboxWritten(ids) };
const deps = {
  core,
  log,
  redis: { options: testRedisOptions(), description: 'test', stop: async () => {} },
  prefix: process.env.CHILD_PREFIX!,
  telegram: { token: process.env.CHILD_TOKEN!, apiRoot: process.env.CHILD_API_ROOT! },
  limits: { timeScale: Number(process.env.CHILD_SCALE ?? '1') },
  sweepEveryMs: 500,
};
client = createJobsClient(deps);
await startWorkers(deps, client);
process.stdout.write('ready\n');
