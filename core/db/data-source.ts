/**
 * The one place that knows both database dialects. MariaDB/MySQL for deployments, the embedded
 * SQLite file (better-sqlite3) as the zero-configuration default. The schema always comes from the
 * dialect's migrations, never from `synchronize`.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../entities/index.ts';
import { MARIADB_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations/index.ts';

export type DatabaseTarget = { kind: 'mariadb'; url: string } | { kind: 'sqlite'; path: string };

export function dataSourceOptions(db: DatabaseTarget, extra: { logging?: boolean } = {}): DataSourceOptions {
  if (db.kind === 'mariadb') {
    return {
      type: 'mariadb',
      url: db.url.replace(/^mysql:/, 'mariadb:'),
      entities: ENTITIES,
      migrations: MARIADB_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: false,
      poolSize: 20,
      connectTimeout: 5000,
      // mysql2 captures a stack trace for every query by default (to show the caller if it fails): about a
      // fifth of the bot's CPU under a burst of follow-ups (test/bench/inbound.bench.ts); errors keep their message
      extra: { trace: false },
      logging: extra.logging ?? false,
    } as DataSourceOptions;
  }
  if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: db.path,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    enableWAL: true,
    prepareDatabase: (conn: { pragma: (s: string) => unknown }) => {
      conn.pragma('busy_timeout = 5000');
      conn.pragma('foreign_keys = ON');
    },
    logging: extra.logging ?? false,
  } as DataSourceOptions;
}

/** Connects and brings the schema up to date; returns the names of the migrations it ran. */
export async function openDatabase(db: DatabaseTarget, opts: { migrate?: boolean; logging?: boolean } = {}) {
  const ds = new DataSource(dataSourceOptions(db, opts));
  await ds.initialize();
  let ran: string[] = [];
  if (opts.migrate !== false) ran = await migrate(ds);
  return { ds, ran };
}

/**
 * On MariaDB, under a named lock per database: several processes starting at once (docker-compose's replicas)
 * run the migrations one after the other, the later ones finding nothing left to run.
 */
async function migrate(ds: DataSource): Promise<string[]> {
  const run = async () => (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  if (!isMariaDb(ds)) return run();
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const [row] = (await qr.query(`SELECT GET_LOCK(CONCAT(DATABASE(), ':migrations'), 600) AS got`)) as { got: number | string | null }[];
    if (Number(row?.got) !== 1) throw new Error('could not take the migration lock within 10 minutes (another process is migrating)');
    return await run();
  } finally {
    await qr.query(`SELECT RELEASE_LOCK(CONCAT(DATABASE(), ':migrations'))`).catch(() => undefined);
    await qr.release();
  }
}

export const isMariaDb = (ds: DataSource) => ds.options.type === 'mariadb' || ds.options.type === 'mysql';
