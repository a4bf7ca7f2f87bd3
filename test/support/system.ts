/**
 * The whole system in-process for end-to-end tests: `startSystem(config)` from main.ts on a test
 * database, a unique Redis prefix, the fake Telegram as the Bot API root, and any free port.
 * `restart()` stops the process-level system and starts a new one on the same database and prefix
 * (what a deploy or a crash does); `close()` stops it and drops the database.
 */
import { loadConfig, type Config } from '../../core/config/schema.ts';
import type { Clock } from '../../core/context.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { startSystem, type StartOptions, type System } from '../../main.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from './db.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from './redis.ts';

export const TEST_BOT_TOKEN = '123456:TESTTOKENxxxxxxxxxxxxxxxxxxxxxx';

export interface SystemHarness {
  db: TestDatabase;
  config: Config;
  system: System;
  /** stops the running system and starts a fresh one on the same database and Redis prefix */
  restart(): Promise<System>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  apiRoot: string;
  clock?: Clock;
  env?: Record<string, string>;
  /** MariaDB (default) or the embedded SQLite file */
  database?: 'mariadb' | 'sqlite';
  /** runs on the migrated database before the system starts (e.g. a seed) */
  prepare?: (db: TestDatabase) => Promise<void>;
  /** job settings passed to startSystem (e.g. the outbox limiter's time scale) */
  jobs?: StartOptions['jobs'];
}

export async function startTestSystem(opts: HarnessOptions): Promise<SystemHarness> {
  const db = opts.database === 'sqlite' ? await createSqliteDb() : await createMariaDb();
  const prefix = uniquePrefix('sys');
  const config = loadConfig({
    ...(db.target.kind === 'sqlite' ? { SQLITE_PATH: db.target.path } : { DATABASE_URL: db.url! }),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: opts.apiRoot,
    BOT_MODE: 'polling',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: `/tmp/hd-test-${prefix}`,
    SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789abcdef',
    ...opts.env,
  });
  await opts.prepare?.(db);
  const log = createLogger(config.LOG_LEVEL);
  const boot = async () => {
    const s = await startSystem(config, { log, clock: opts.clock, ...(opts.jobs ? { jobs: opts.jobs } : {}) });
    await s.botHandle?.ready;
    return s;
  };
  const h: SystemHarness = {
    db,
    config,
    system: await boot(),
    async restart() {
      await h.system.stop();
      h.system = await boot();
      return h.system;
    },
    async close() {
      await h.system.stop();
      await db.close();
      await clearPrefix(prefix);
    },
  };
  return h;
}
