/**
 * SQLite serves one process: a second process of the bot role on the same SQLite file refuses to start and
 * says why (core/db/sqlite-owner.ts); once the first is gone, a new one starts (a pid file left by a killed
 * process does not block it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fake-telegram/index.ts';
import { launchSystem, type RunningSystem } from '../resilience/support/process.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import { BOT_TOKEN } from './support.ts';

describe('two bot processes on one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hd-sqlite-guard-'));
  const prefix = uniquePrefix('sg');
  let fake: FakeTelegram | undefined;
  const running: RunningSystem[] = [];
  afterAll(async () => {
    for (const r of running) await r.stop(10_000);
    await fake?.stop();
    await clearPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the second refuses to start, naming the first and MariaDB; after the first is killed a new one starts', { timeout: 90_000 }, async () => {
    fake = await new FakeTelegram().start();
    const env = {
      SQLITE_PATH: join(dir, 'helpdesk.sqlite'),
      DATA_DIR: dir,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      BOT_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SECRET_KEY: 'sqlite-guard-secret-0123456789abcdef0123',
      ROLES: 'bot',
    };
    const first = await launchSystem(env);
    running.push(first);
    const refused = await launchSystem(env).then(
      (r) => (running.push(r), 'started'),
      (err: Error) => err.message,
    );
    expect(refused).toContain(`another bot process (pid ${first.child.pid}) uses the SQLite file`);
    expect(refused).toContain('DATABASE_URL to MariaDB');

    expect(await first.kill('SIGKILL')).toBeNull(); // leaves its pid file behind
    const next = await launchSystem(env);
    running.push(next);
    expect(next.alive()).toBe(true);
  });
});
