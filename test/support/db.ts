/**
 * Test databases: a fresh MariaDB database per call (dropped by `close`), or a fresh SQLite file.
 * MariaDB is reached at $TEST_MARIADB_URL (default mariadb://root@127.0.0.1:3306).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase, type DatabaseTarget } from '../../core/db/data-source.ts';

export const MARIADB_BASE = process.env.TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';

export interface TestDatabase {
  ds: DataSource;
  target: DatabaseTarget;
  /** the URL a child process would use (DATABASE_URL), or undefined for SQLite */
  url?: string;
  close(): Promise<void>;
}

async function admin<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource({ type: 'mariadb', url: `${MARIADB_BASE}/mysql` });
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** A new empty MariaDB database (migrated unless migrate: false). */
export async function createMariaDb(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  await admin((ds) => ds.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  const url = `${MARIADB_BASE}/${name}`;
  const target: DatabaseTarget = { kind: 'mariadb', url };
  const { ds } = await openDatabase(target, { migrate: opts.migrate });
  return {
    ds,
    target,
    url,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await admin((a) => a.query(`DROP DATABASE IF EXISTS \`${name}\``));
    },
  };
}

/** A new SQLite file in a temporary folder. */
export async function createSqliteDb(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-sqlite-'));
  const target: DatabaseTarget = { kind: 'sqlite', path: join(dir, 'helpdesk.sqlite') };
  const { ds } = await openDatabase(target, { migrate: opts.migrate });
  return {
    ds,
    target,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** drops databases left behind by crashed runs (older than a day) */
export async function dropStaleTestDatabases(): Promise<void> {
  await admin(async (ds) => {
    const rows: { name: string }[] = await ds.query("SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 't\\_%'");
    for (const { name } of rows) {
      const ts = parseInt(name.split('_')[2] ?? '', 36);
      if (Number.isFinite(ts) && Date.now() - ts > 86_400_000) await ds.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  });
}

/** the two databases every suite that touches one runs on: `describe.each(DIALECTS)('… on %s', (dialect) => …)` */
export const DIALECTS = ['mariadb', 'sqlite'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** a fresh database of the given dialect (migrated unless migrate: false) */
export function createTestDb(dialect: Dialect, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return dialect === 'sqlite' ? createSqliteDb(opts) : createMariaDb(opts);
}

/** the environment that points a system's config at this database (DATABASE_URL or SQLITE_PATH) */
export function databaseEnv(db: TestDatabase): Record<string, string> {
  return db.target.kind === 'sqlite' ? { SQLITE_PATH: db.target.path } : { DATABASE_URL: db.url! };
}
