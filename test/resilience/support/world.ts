/**
 * The world of a resilience scenario: a migrated MariaDB database (on the run's private server, or on
 * one the scenario may stop), the fake Telegram, a seeded organisation (test/support/fixtures.ts) whose
 * department is bound to a forum staff group, an agent linked to a Telegram account, `n` registered
 * requesters with their Telegram users, and a core context + jobs client in the test process (what a
 * second `web` process would be) to open tickets and write answers the way the panel does.
 * The helpdesk itself runs apart: `env()` configures system-child.ts, `startInProcess()` runs startSystem here.
 */
import { rmSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../../core/config/schema.ts';
import { systemClock, type CoreContext } from '../../../core/context.ts';
import { openDatabase } from '../../../core/db/data-source.ts';
import { StaffChat } from '../../../core/entities/org.ts';
import { Requester, StaffAccount } from '../../../core/entities/people.ts';
import { Ticket } from '../../../core/entities/ticket.ts';
import { OutboxMessage } from '../../../core/entities/system.ts';
import { createLogger, type Logger } from '../../../core/infra/logger.ts';
import { optionsFromUrl } from '../../../core/infra/redis.ts';
import { registerStaffNotifier } from '../../../core/notify/staff.ts';
import { openTicket } from '../../../core/services/tickets/index.ts';
import { searchKey } from '../../../core/text/index.ts';
import { createJobsClient, type JobsClient, type JobsDeps } from '../../../jobs/index.ts';
import { startSystem, type System } from '../../../main.ts';
import { FakeTelegram, type FakeGroup, type FakeUser } from '../../fake-telegram/index.ts';
import { seedBasics, type Basics } from '../../support/fixtures.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../../support/redis.ts';
import { createDatabaseOn, type PrivateMariaDb } from './mariadb.ts';
import { saveRequester } from '../../support/requesters.ts';

export const BOT_TOKEN = '123456:RESILIENCExxxxxxxxxxxxxxxxxxxxxx';

export interface WorldOptions {
  /** a private MariaDB server the scenario may stop (default: the run's private server) */
  maria?: PrivateMariaDb;
  /** default: the shared Redis with a unique prefix */
  redisUrl?: string;
  requesters?: number;
  /** Telegram's limits (the fake enforces them, the outbox honours them): default 1/s per private chat,
   * 20/min per group, scaled by timeScale (default 0.1) */
  limits?: { timeScale?: number; privatePerSecond?: number; groupPerMinute?: number };
}

export interface Person {
  user: FakeUser;
  requester: Requester;
}

export interface World {
  fake: FakeTelegram;
  ds: DataSource;
  dbUrl: string;
  redisUrl: string;
  prefix: string;
  b: Basics;
  group: FakeGroup;
  agent: FakeUser;
  people: Person[];
  core: CoreContext;
  jobs: JobsClient;
  /** the environment of system-child.ts (all roles, polling the fake) */
  env(extra?: Record<string, string>): Record<string, string>;
  /** one ticket per requester, opened through the core; resolves when each has its forum topic */
  openTickets(withinMs?: number): Promise<Ticket[]>;
  outbox(): Promise<OutboxMessage[]>;
  startInProcess(opts?: { log?: Logger; jobs?: Partial<JobsDeps>; env?: Record<string, string> }): Promise<System>;
  close(): Promise<void>;
}

export async function resilienceWorld(opts: WorldOptions = {}): Promise<World> {
  registerStaffNotifier();
  const limits = { timeScale: 0.1, privatePerSecond: 1, groupPerMinute: 20, ...opts.limits };
  const fake = await new FakeTelegram().start();
  fake.limits = { enabled: true, timeScale: limits.timeScale, perPrivateChat: limits.privatePerSecond, perGroup: limits.groupPerMinute };
  // a database on the run's private server (global-setup.ts), or on the scenario's own
  const dbUrl = await createDatabaseOn(opts.maria?.base ?? inject('mariaBase'));
  const ds = (await openDatabase({ kind: 'mariadb', url: dbUrl })).ds;
  const dropDb = async () => {
    if (ds.isInitialized) await ds.destroy();
  };
  const b = await seedBasics(ds);
  const group = fake.group({ title: 'میز زعفران', forum: true });
  group.addBot({ admin: true });
  await ds
    .getRepository(StaffChat)
    .insert({ chatId: group.id, title: 'desk', layout: 'forum', departmentId: b.department.id, teamId: b.teamA.id, status: 'active' });
  const agent = fake.user({ first_name: 'کارشناس' });
  await ds.getRepository(StaffAccount).update({ id: b.agentA1.id }, { telegramId: agent.id });
  b.agentA1.telegramId = agent.id;

  const people: Person[] = [
    { user: fake.user({ id: b.requester.telegramId, first_name: 'مریم' }), requester: b.requester },
    { user: fake.user({ id: b.requester2.telegramId, first_name: 'رضا' }), requester: b.requester2 },
  ];
  for (let i = people.length; i < (opts.requesters ?? 2); i++) {
    const telegramId = b.requester.telegramId + 100 + i;
    const name = `متقاضی ${i}`;
    const requester = await saveRequester(ds.manager, {
      telegramId,
      fullName: name,
      nameKey: searchKey(name),
      phone: `+98912${String(1000000 + i).slice(-7)}`,
      memberTypeId: b.farmer.id,
      locale: null,
      reachable: true,
      blocked: false,
      registeredAt: new Date(),
    });
    people.push({ user: fake.user({ id: telegramId, first_name: name }), requester });
  }
  people.splice(opts.requesters ?? 2);

  const prefix = uniquePrefix('rs');
  const redisUrl = opts.redisUrl ?? TEST_REDIS_URL;
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const redis = { options: optionsFromUrl(redisUrl), description: 'resilience', stop: async () => {} };
  let jobs: JobsClient;
  const core: CoreContext = {
    ds,
    clock: systemClock,
    log,
    timeZone: 'Asia/Tehran',
    defaultLocale: 'fa',
    publicUrl: 'http://localhost:3000',
    onOutbox: (ids) => jobs.outboxWritten(ids),
    onSlaChange: (changes) => jobs.slaChanged(changes),
  };
  jobs = createJobsClient({ core, log, redis, prefix, telegram: { token: BOT_TOKEN, apiRoot: fake.apiRoot } });
  const dataDir = `/tmp/hd-test-${prefix}`;
  const baseEnv = {
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    BOT_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    BOT_MODE: 'polling',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    SECRET_KEY: 'resilience-secret-0123456789abcdef0123',
  };
  const knobs = {
    RES_TIME_SCALE: String(limits.timeScale),
    RES_PRIVATE_PER_SECOND: String(limits.privatePerSecond),
    RES_GROUP_PER_MINUTE: String(limits.groupPerMinute),
    RES_LEASE_MS: '3000',
    RES_LOCK_MS: '3000',
    RES_STALLED_MS: '1000',
    RES_SWEEP_MS: '1000',
    RES_SLA_SWEEP_MS: '2000',
    RES_FLUSH_CHECK_MS: '1000',
  };
  const systems: System[] = [];

  const w: World = {
    fake,
    ds,
    dbUrl,
    redisUrl,
    prefix,
    b,
    group,
    agent,
    people,
    core,
    jobs,
    env: (extra = {}) => ({ ...baseEnv, ...knobs, ...extra }),
    async openTickets(withinMs = 20_000) {
      const tickets: Ticket[] = [];
      for (const p of w.people) {
        const m = p.user.send(`درخواست ${p.requester.fullName}: گل‌های زعفران زرد شده‌اند`);
        const { ticket } = await openTicket(
          core,
          { kind: 'requester', requester: p.requester },
          {
            subjectId: b.subjectA.id,
            title: `زردی زعفران ${p.requester.id}`,
            text: m.text,
            requesterChatId: p.user.id,
            requesterMessageId: m.message_id,
          },
        );
        tickets.push(ticket);
      }
      const start = Date.now();
      for (;;) {
        const rows = await ds.getRepository(Ticket).findBy(tickets.map((t) => ({ id: t.id })));
        if (rows.every((r) => r.forumThreadId !== null)) return rows.sort((x, y) => x.id - y.id);
        if (Date.now() - start > withinMs) throw new Error('forum topics not created in time');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    outbox: () => ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } }),
    async startInProcess({ log: sysLog = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), jobs: extraJobs = {}, env = {} } = {}) {
      const config: Config = loadConfig({ ...baseEnv, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
      const s = await startSystem(config, {
        log: sysLog,
        jobs: {
          limits,
          outboxLeaseMs: 3000,
          lockDurationMs: 3000,
          stalledIntervalMs: 1000,
          sweepEveryMs: 1000,
          slaSweepEveryMs: 2000,
          flushCheckEveryMs: 1000,
          ...extraJobs,
        },
      });
      systems.push(s);
      await s.botHandle?.ready;
      return s;
    },
    async close() {
      for (const s of systems.splice(0)) await s.stop().catch(() => undefined);
      await jobs.close().catch(() => undefined);
      await fake.stop();
      if (!opts.redisUrl) await clearPrefix(prefix);
      await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return w;
}
