/**
 * A private MariaDB server: its own data folder under /tmp, a free port and socket, root without a
 * password on 127.0.0.1. One is started for the whole run (global-setup.ts) so no scenario depends on
 * the machine's shared MariaDB (3306), where other runs — a million-ticket benchmark — may hold the
 * buffer pool; the scenario that stops the database starts one more of its own. `stop()` is SIGTERM (a clean
 * shutdown, as an operator's `systemctl stop` would do), `start()` brings the same data back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { freePort } from '../../support/ports.ts';

export interface PrivateMariaDb {
  port: number;
  /** mariadb://root@127.0.0.1:<port> */
  base: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
  /** a new database (utf8mb4) on this server; its URL */
  createDatabase(name?: string): Promise<string>;
  /** stops the server and deletes its folder */
  close(): Promise<void>;
}

/** a new database (utf8mb4) on the server at `base`; its URL */
export async function createDatabaseOn(base: string, name = `r_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`): Promise<string> {
  const ds = new DataSource({ type: 'mariadb', url: `${base}/mysql` });
  await ds.initialize();
  try {
    await ds.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await ds.destroy();
  }
  return `${base}/${name}`;
}

export async function privateMariaDb(opts: { bufferPoolMb?: number } = {}): Promise<PrivateMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-res-maria-'));
  const datadir = join(dir, 'data');
  const install = spawnSync('mariadb-install-db', ['--no-defaults', '--auth-root-authentication-method=normal', `--datadir=${datadir}`, '--skip-test-db'], {
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
  const port = await freePort();
  const base = `mariadb://root@127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const ping = async () => {
    const ds = new DataSource({ type: 'mariadb', url: `${base}/mysql`, connectTimeout: 1000 });
    try {
      await ds.initialize();
      await ds.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      if (ds.isInitialized) await ds.destroy();
    }
  };

  const db: PrivateMariaDb = {
    port,
    base,
    running: () => child !== null && child.exitCode === null,
    async start() {
      if (db.running()) return;
      const args = [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'mysqld.sock')}`,
        `--pid-file=${join(dir, 'mysqld.pid')}`,
        '--skip-log-bin',
        `--innodb-buffer-pool-size=${opts.bufferPoolMb ?? 64}M`,
        '--max-connections=300',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        `--log-error=${join(dir, 'error.log')}`,
      ];
      if (process.getuid?.() === 0) args.push('--user=root');
      const c = spawn('/usr/sbin/mariadbd', args, { stdio: 'ignore' });
      child = c;
      const deadline = Date.now() + 30_000;
      while (!(await ping())) {
        if (c.exitCode !== null) throw new Error(`mariadbd exited with ${c.exitCode} (see ${join(dir, 'error.log')})`);
        if (Date.now() > deadline) throw new Error('the private mariadbd did not answer within 30 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((done) => {
        c.once('exit', () => done());
        c.kill('SIGTERM');
        setTimeout(() => c.exitCode === null && c.kill('SIGKILL'), 20_000).unref();
      });
      child = null;
    },
    createDatabase: (name?: string) => createDatabaseOn(base, name),
    async close() {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await db.start();
  return db;
}
