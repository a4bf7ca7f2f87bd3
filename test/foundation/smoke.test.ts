/** Smoke: the whole system on each database (MariaDB, SQLite) and Redis, the bot talking to the fake Telegram over HTTP; /start gets the Persian welcome. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/schema.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { startSystem, type System } from '../../main.ts';
import { FakeTelegram } from '../fake-telegram/index.ts';
import { createTestDb, databaseEnv, DIALECTS, type TestDatabase } from '../support/db.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

describe.each(DIALECTS)('smoke on %s', (dialect) => {
  describe('smoke', () => {
    let fake: FakeTelegram;
    let db: TestDatabase;
    let system: System;
    const prefix = uniquePrefix('smoke');
    beforeAll(async () => {
      fake = await new FakeTelegram().start();
      db = await createTestDb(dialect);
      const config = loadConfig({
        ...databaseEnv(db),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        BOT_TOKEN: '123456:SMOKETESTxxxxxxxxxxxxxxxxxxxxxxx',
        TELEGRAM_API_ROOT: fake.apiRoot,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DATA_DIR: `/tmp/hd-test-${prefix}`,
        SECRET_KEY: 'smoke-secret-0123456789abcdef0123',
      });
      system = await startSystem(config, { log: createLogger('silent') });
      await system.botHandle!.ready;
    });
    afterAll(async () => {
      await system?.stop();
      await fake.stop();
      await clearPrefix(prefix);
      await db.close();
    });

    it('/start from a user reaches the bot and the user receives the welcome in Persian', async () => {
      const user = fake.user({ first_name: 'زهرا', language_code: 'fa' });
      user.command('start');
      const welcome = await user.next((m) => (m.text ?? '').includes('خوش آمدید'), 10_000);
      expect(welcome.text).toContain('زهرا');
      expect(welcome.text).toContain('میز خدمت');
    });

    it('the command menus are published in Persian and English', async () => {
      const scope = JSON.stringify({ type: 'all_private_chats' });
      expect(fake.commands.get(`${scope}|`)).toEqual(expect.arrayContaining([expect.objectContaining({ command: 'new', description: 'ثبت درخواست جدید' })]));
      expect(fake.commands.get(`${scope}|en`)).toEqual(expect.arrayContaining([expect.objectContaining({ command: 'new', description: 'Open a new ticket' })]));
    });

    it('the web role answers /healthz and /readyz', async () => {
      const base = `http://127.0.0.1:${system.web!.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ checks: { database: true, redis: true } });
    });

    it('/metrics shows queue depths, the outbox backlog and delivery lag in Prometheus format', async () => {
      const text = await (await fetch(`http://127.0.0.1:${system.web!.port}/metrics`)).text();
      expect(text).toMatch(/^# TYPE helpdesk_queue_jobs gauge$/m);
      expect(text).toMatch(/^helpdesk_queue_jobs\{queue="outbox",state="waiting"\} \d+$/m);
      expect(text).toMatch(/^helpdesk_outbox_lag_seconds \d/m);
    });
  });
});
