/** The whole system in-process against the fake Telegram, with a seeded organisation and a bound staff chat. */
import { loadConfig } from '../../core/config/schema.ts';
import { StaffChat } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { startSystem, type System } from '../../main.ts';
import { FakeTelegram, type FakeGroup, type FakeUser } from '../fake-telegram/index.ts';
import { createTestDb, databaseEnv, type Dialect, type TestDatabase } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

export interface StaffWorld {
  fake: FakeTelegram;
  db: TestDatabase;
  b: Basics;
  system: System;
  group: FakeGroup;
  agent: FakeUser;
  requester: FakeUser;
  close(): Promise<void>;
}

export async function staffWorld(opts: {
  layout: 'forum' | 'plain';
  timeScale?: number;
  limits?: boolean;
  database?: Dialect;
  env?: Record<string, string>;
}): Promise<StaffWorld> {
  const fake = await new FakeTelegram().start();
  fake.limits = { enabled: opts.limits ?? false, timeScale: opts.timeScale ?? 1 };
  const db = await createTestDb(opts.database ?? 'mariadb');
  const b = await seedBasics(db.ds);
  const group = fake.group({ title: 'میز زعفران', forum: opts.layout === 'forum' });
  group.addBot({ admin: true });
  await db.ds
    .getRepository(StaffChat)
    .insert({ chatId: group.id, title: 'desk', layout: opts.layout, departmentId: b.department.id, teamId: b.teamA.id, status: 'active' });
  const agent = fake.user({ first_name: 'Agent' });
  await db.ds.getRepository(StaffAccount).update({ id: b.agentA1.id }, { telegramId: agent.id });
  b.agentA1.telegramId = agent.id;
  const requester = fake.user({ id: b.requester.telegramId, first_name: 'مریم' });
  const prefix = uniquePrefix('st');
  const config = loadConfig({
    ...databaseEnv(db),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    BOT_TOKEN: '123456:STAFFTESTxxxxxxxxxxxxxxxxxxxxxxx',
    TELEGRAM_API_ROOT: fake.apiRoot,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: `/tmp/hd-test-${prefix}`,
    SECRET_KEY: 'staff-test-secret-0123456789abcdef',
    ...opts.env,
  });
  const system = await startSystem(config, {
    log: createLogger(config.LOG_LEVEL),
    jobs: { limits: { timeScale: opts.timeScale ?? 0.02 }, sweepEveryMs: 1000 },
  });
  await system.botHandle?.ready;
  return {
    fake,
    db,
    b,
    system,
    group,
    agent,
    requester,
    async close() {
      await system.stop();
      await fake.stop();
      await clearPrefix(prefix);
      await db.close();
    },
  };
}
