/** The whole system in-process against the fake Telegram, with a seeded organisation and a bound staff chat. */
import { loadConfig } from '../../core/config/schema.ts';
import type { Clock } from '../../core/context.ts';
import { StaffChat } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { createLogger } from '../../core/infra/logger.ts';
import type { JobsDeps } from '../../jobs/index.ts';
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
  /** every bound group (`groups` option), the first being `group` */
  groups: FakeGroup[];
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
  /** groups bound to the department and team (default 1): issue 17's several groups per team */
  groups?: number;
  /** the core's clock (default the system's) */
  clock?: Clock;
  /** worker options besides the limits and the sweep (e.g. chatDelayEveryMs) */
  jobs?: Partial<JobsDeps>;
}): Promise<StaffWorld> {
  const fake = await new FakeTelegram().start();
  fake.limits = { enabled: opts.limits ?? false, timeScale: opts.timeScale ?? 1 };
  const db = await createTestDb(opts.database ?? 'mariadb');
  const b = await seedBasics(db.ds);
  const groups: FakeGroup[] = [];
  for (let i = 0; i < (opts.groups ?? 1); i++) {
    const g = fake.group({ title: i ? `میز زعفران ${i + 1}` : 'میز زعفران', forum: opts.layout === 'forum' });
    g.addBot({ admin: true });
    await db.ds
      .getRepository(StaffChat)
      .insert({ chatId: g.id, title: i ? `desk ${i + 1}` : 'desk', layout: opts.layout, departmentId: b.department.id, teamId: b.teamA.id, status: 'active' });
    groups.push(g);
  }
  const group = groups[0]!;
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
    clock: opts.clock,
    jobs: { limits: { timeScale: opts.timeScale ?? 0.02 }, sweepEveryMs: 1000, ...opts.jobs },
  });
  await system.botHandle?.ready;
  return {
    fake,
    db,
    b,
    system,
    group,
    groups,
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
