/**
 * The world of the "small promises" journeys (issue 15, items 6 and 7): the whole system (bot, web, workers)
 * on MariaDB or SQLite against the fake Telegram, the seeded organisation, a forum staff group bound to the
 * department, agents A1 and A2 linked to Telegram (the supervisor is not: he gets panel notices), the three
 * requesters in the fake, and a panel client speaking HTTP to the running web role (test/admin/client.ts).
 */
import type { Hono } from 'hono';
import { expect } from 'vitest';
import type { Locale } from '../../core/entities/enums.ts';
import { StaffChat } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { openTicket } from '../../core/services/tickets/index.ts';
import { PanelClient } from '../admin/client.ts';
import { FakeTelegram, type FakeGroup, type FakeUser, type TgMessage } from '../fake-telegram/index.ts';
import { loadConfig } from '../../core/config/schema.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { startSystem, type System } from '../../main.ts';
import { createTestDb, type Dialect, type TestDatabase } from '../support/db.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { TEST_BOT_TOKEN } from '../support/system.ts';

export const WAIT = 15_000;
export const PASSWORD = 'correct horse battery';

export interface PromisesWorld {
  fake: FakeTelegram;
  h: { db: TestDatabase; system: System };
  b: Basics;
  group: FakeGroup;
  /** agent A1 and A2 in Telegram (linked staff accounts) */
  a1: FakeUser;
  a2: FakeUser;
  citizen: FakeUser;
  staffMember: FakeUser;
  /** a signed-in panel session of this staff member */
  panel(staff: StaffAccount): Promise<PanelClient>;
  ticket(id: number): Promise<Ticket>;
  close(): Promise<void>;
}

export async function promisesWorld(dialect: Dialect): Promise<PromisesWorld> {
  const fake = await new FakeTelegram().start();
  const group = fake.group({ title: 'میز زعفران', forum: true });
  group.addBot({ admin: true });
  const a1 = fake.user({ first_name: 'Ali' });
  const a2 = fake.user({ first_name: 'Sara' });
  const db = await createTestDb(dialect);
  const b = await seedBasics(db.ds);
  await db.ds
    .getRepository(StaffChat)
    .insert({ chatId: group.id, title: 'desk', layout: 'forum', departmentId: b.department.id, teamId: b.teamA.id, status: 'active' });
  const hash = await hashPassword(PASSWORD);
  const staff = db.ds.getRepository(StaffAccount);
  await staff.update({ id: b.agentA1.id }, { telegramId: a1.id, passwordHash: hash });
  await staff.update({ id: b.agentA2.id }, { telegramId: a2.id, passwordHash: hash });
  await staff.update({ id: b.supervisor.id }, { passwordHash: hash });
  await staff.update({ id: b.admin.id }, { passwordHash: hash });
  await staff.update({ id: b.agentB1.id }, { passwordHash: hash });
  b.agentA1.telegramId = a1.id;
  b.agentA2.telegramId = a2.id;
  // the whole system as startTestSystem starts it, with the outbox pacing time-scaled (20/min per group
  // would make every journey wait seconds per staff message)
  const prefix = uniquePrefix('pr');
  const config = loadConfig({
    ...(db.target.kind === 'sqlite' ? { SQLITE_PATH: db.target.path } : { DATABASE_URL: db.url! }),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    BOT_MODE: 'polling',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: `/tmp/hd-test-${prefix}`,
    SECRET_KEY: 'promises-test-secret-0123456789abcdef',
  });
  const system = await startSystem(config, { log: createLogger(config.LOG_LEVEL), jobs: { limits: { timeScale: 0.02 }, sweepEveryMs: 1000 } });
  await system.botHandle?.ready;
  const h = { db, system };
  const citizen = fake.user({ id: b.requester.telegramId, first_name: 'مریم' });
  const staffMember = fake.user({ id: b.staffMember.telegramId, first_name: 'نرگس' });
  const base = `http://127.0.0.1:${h.system.web!.port}`;
  // PanelClient drives a Hono app's request(); here the running web role answers over HTTP
  const http = { request: (path: string, init?: RequestInit) => fetch(`${base}${path}`, { ...init, redirect: 'manual' }) } as unknown as Hono;
  return {
    fake,
    h,
    b,
    group,
    a1,
    a2,
    citizen,
    staffMember,
    async panel(staff) {
      const client = new PanelClient(http);
      const { csrf } = await client.page('/login');
      const res = await client.post('/login', { _csrf: csrf, username: staff.username, password: PASSWORD });
      expect(res.status).toBe(303);
      return client;
    },
    ticket: (id) => h.db.ds.getRepository(Ticket).findOneByOrFail({ id }),
    async close() {
      await system.stop();
      await fake.stop();
      await clearPrefix(prefix);
      await db.close();
    },
  };
}

/** polls a condition (no fixed sleeps): resolves when it holds, fails after `ms` */
export async function until(cond: () => boolean | Promise<boolean>, ms = WAIT, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50)); // the poll interval of a wait on a condition
  }
}

/** the citizen opens a ticket of subject A with a description message that exists in his chat */
export async function openCitizenTicket(w: PromisesWorld, title: string, text: string): Promise<{ ticket: Ticket; thread: number }> {
  const m = w.citizen.wrote(text);
  const { ticket } = await openTicket(w.h.system.core, requesterActor(w.b.requester), {
    subjectId: w.b.subjectA.id,
    title,
    text,
    requesterChatId: w.citizen.id,
    requesterMessageId: m.message_id,
  });
  await until(async () => (await w.ticket(ticket.id)).forumThreadId !== null, WAIT, 'the ticket topic');
  return { ticket, thread: (await w.ticket(ticket.id)).forumThreadId! };
}

const strip = (html: string) => html.replace(/<[^>]+>/g, '').replace(/[\u2068\u2069]/g, '');
/** the text of a Fluent message as a chat shows it (tags and isolation marks removed) */
export const shown = (locale: Locale, key: string, args?: Record<string, string | number>) => strip(t(locale, key, args));
export const textOf = (m: TgMessage) => strip(m.text ?? m.caption ?? '').replace(/[\u2068\u2069]/g, '');
