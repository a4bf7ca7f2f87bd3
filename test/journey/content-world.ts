/**
 * One system per dialect for the content matrix: the whole system (bot, workers, outbox) against the fake
 * Telegram, two staff chats — a forum supergroup bound to the saffron office and a plain group bound to a
 * second department — an agent in both, two registered citizens (one per chat), and the panel (its real
 * routes, logged in as the agent) on the system's core, with a multipart form like a browser's.
 */
import { expect } from 'vitest';
import pino from 'pino';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { Department, StaffChat, Subject } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { Setting } from '../../core/entities/system.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { FakeTelegram, buttons, type FakeGroup, type FakeUser, type TgMessage } from '../fake-telegram/index.ts';
import type { ContentKind } from '../fake-telegram/media.ts';
import { PanelClient } from '../admin/client.ts';
import type { Dialect } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { startTestSystem, type SystemHarness } from '../support/system.ts';

export const WAIT = 15_000;
const PASSWORD = 'correct horse battery';

export interface Side {
  layout: 'forum' | 'plain';
  group: FakeGroup;
  citizen: FakeUser;
  departmentId: number;
  subjectId: number;
}

type App = ReturnType<typeof createApp>;

export interface ContentWorld {
  fake: FakeTelegram;
  h: SystemHarness;
  b: Basics;
  agent: FakeUser;
  forum: Side;
  plain: Side;
  panel: PanelClient;
  panelApp: App;
  /** a panel whose per-message limit is set above Telegram's (the 50 MB cap still holds) */
  bigPanel: PanelClient;
  bigPanelApp: App;
  close(): Promise<void>;
}

export async function contentWorld(dialect: Dialect): Promise<ContentWorld> {
  const fake = await new FakeTelegram().start();
  const forumGroup = fake.group({ title: 'میز زعفران', forum: true });
  const plainGroup = fake.group({ title: 'میز مزرعه' });
  forumGroup.addBot({ admin: true });
  plainGroup.addBot({ admin: true });
  const agent = fake.user({ first_name: 'Agent' });
  let b!: Basics;
  let dept2!: Department;
  let subject2!: Subject;
  const h = await startTestSystem({
    apiRoot: fake.apiRoot,
    database: dialect,
    // Telegram's pacing (1 message/s a private chat, 20/min a group) scaled down: the matrix sends ~150 messages
    jobs: { limits: { timeScale: 0.05 } },
    prepare: async (db) => {
      b = await seedBasics(db.ds);
      const em = db.ds.manager;
      dept2 = await em.save(
        em.create(Department, { valueChainId: b.valueChain.id, code: 'field', nameFa: 'دفتر مزرعه', nameEn: 'Field office', teamId: b.teamA.id }),
      );
      subject2 = await em.save(
        em.create(Subject, { departmentId: dept2.id, code: 'pests', nameFa: 'آفات', nameEn: 'pests', teamId: null, defaultPriority: 'normal' }),
      );
      await em.insert(StaffChat, { chatId: forumGroup.id, title: 'forum', layout: 'forum', departmentId: b.department.id, teamId: null, status: 'active' });
      await em.insert(StaffChat, { chatId: plainGroup.id, title: 'plain', layout: 'plain', departmentId: dept2.id, teamId: null, status: 'active' });
      await em.update(StaffAccount, { id: b.agentA1.id }, { telegramId: agent.id, passwordHash: await hashPassword(PASSWORD) });
      b.agentA1.telegramId = agent.id;
      // each citizen sends ~20 messages within a minute here (every kind, twice over): above the default limit
      await em.save(em.create(Setting, { key: 'requesterRatePerMinute', value: 120, updatedAt: new Date(), updatedBy: null }));
    },
  });
  const core = h.system.core;
  const log = pino({ level: 'silent' });
  const app = createApp({ core, log, readiness: {}, panel: createPanel({ core, log, dataDir: h.config.DATA_DIR }) });
  const bigApp = createApp({ core, log, readiness: {}, panel: createPanel({ core, log, dataDir: h.config.DATA_DIR, maxUploadBytes: 80 * 1024 * 1024 }) });
  const panel = await login(app, b.agentA1.username);
  const bigPanel = await login(bigApp, b.agentA1.username);
  return {
    fake,
    h,
    b,
    agent,
    panel,
    panelApp: app,
    bigPanel,
    bigPanelApp: bigApp,
    forum: {
      layout: 'forum',
      group: forumGroup,
      citizen: fake.user({ id: b.requester.telegramId, first_name: 'مریم' }),
      departmentId: b.department.id,
      subjectId: b.subjectA.id,
    },
    plain: {
      layout: 'plain',
      group: plainGroup,
      citizen: fake.user({ id: b.requester2.telegramId, first_name: 'رضا' }),
      departmentId: dept2.id,
      subjectId: subject2.id,
    },
    async close() {
      await h.close();
      await fake.stop();
    },
  };
}

async function login(app: ReturnType<typeof createApp>, username: string): Promise<PanelClient> {
  const client = new PanelClient(app);
  const { csrf } = await client.page('/login');
  const res = await client.post('/login', { _csrf: csrf, username, password: PASSWORD });
  expect(res.status).toBe(303);
  return client;
}

/** posts a panel form as multipart/form-data (text fields and files), as a browser does */
export async function postMultipart(client: PanelClient, app: App, path: string, fields: Record<string, string>, files: File[]): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', f);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.request(path, { method: 'POST', body: form, headers: { cookie } });
}

export const withButton = (data: string) => (m: TgMessage) => buttons(m).some((x) => x.callback_data === data);

/**
 * The bot's intake, as a citizen goes through it: new ticket → chain → department → subject → priority →
 * title → a description → files (each answered by the bot) → Done → Confirm. Returns the ticket.
 */
export async function intake(
  w: ContentWorld,
  side: Side,
  opts: { title: string; description: (u: FakeUser) => TgMessage; files: (u: FakeUser) => TgMessage[] },
): Promise<Ticket> {
  const u = side.citizen;
  // each wait starts right before the action that answers it (ids of chains, departments and subjects overlap)
  const step = (match: (m: TgMessage) => boolean, action: () => unknown) => {
    const p = u.next(match, WAIT);
    action();
    return p;
  };
  const chain = await step(withButton(`c:v:${w.b.valueChain.id}`), () => u.send(t('fa', 'menu-new')));
  const dept = await step(withButton(`c:v:${side.departmentId}`), () => u.press(chain, `c:v:${w.b.valueChain.id}`));
  const subject = await step(withButton(`c:v:${side.subjectId}`), () => u.press(dept, `c:v:${side.departmentId}`));
  const priority = await step(withButton('c:v:high'), () => u.press(subject, `c:v:${side.subjectId}`));
  await step(withButton('c:b'), () => u.press(priority, 'c:v:high'));
  await step(withButton('c:b'), () => u.send(opts.title));
  const filesPrompt = await step(withButton('c:d'), () => opts.description(u));
  for (const m of opts.files(u)) await u.waitForMessage((x) => x.reply_to_message?.message_id === m.message_id, WAIT);
  const summary = await step(withButton('c:ok'), () => u.press(filesPrompt, 'c:d'));
  await step(
    (m) => /#[\d۰-۹]+/.test(m.text ?? '') && (m.text ?? '').includes('ثبت شد'),
    () => u.press(summary, 'c:ok'),
  );
  return w.h.db.ds.getRepository(Ticket).findOneOrFail({ where: { title: opts.title } });
}

/** the bot messages of a ticket in its staff chat: in its topic (forum) or answering its card (plain group) */
export function ticketMessages(side: Side, ticket: Ticket): TgMessage[] {
  if (side.layout === 'forum') return side.group.botMessages(ticket.forumThreadId!);
  return side.group.botMessages().filter((m) => m.reply_to_message?.message_id === ticket.cardMessageId);
}

/** waits until the ticket's staff place holds a bot message after `after` that matches */
export async function waitInTicket(w: ContentWorld, side: Side, ticketId: number, match: (m: TgMessage) => boolean, after = 0): Promise<TgMessage> {
  let found: TgMessage | undefined;
  await w.fake.waitFor(() => {
    const ticket = fresh(w, ticketId);
    if (!ticket) return false;
    found = ticketMessages(side, ticket).find((m) => m.message_id > after && match(m));
    return !!found;
  }, WAIT);
  return found!;
}

const tickets = new Map<number, Ticket>();
function fresh(_w: ContentWorld, id: number): Ticket | undefined {
  return tickets.get(id);
}

/** polls an async condition until it gives a value (a row written by the workers), or fails after `timeoutMs` */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = WAIT, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25)); // the poll interval of a wait on a condition
  }
}

/** the ticket once its card (and, in a forum, its topic) are known */
export async function refreshTicket(w: ContentWorld, side: Side, id: number): Promise<Ticket> {
  const repo = w.h.db.ds.getRepository(Ticket);
  const tk = await until(
    async () => {
      const x = await repo.findOneOrFail({ where: { id } });
      return x.cardMessageId !== null && (side.layout === 'plain' || x.forumThreadId !== null) ? x : null;
    },
    WAIT,
    `card of ticket ${id}`,
  );
  tickets.set(id, tk);
  return tk;
}

export const lastId = (side: Side) => side.group.messages.at(-1)?.message_id ?? 0;
export type { ContentKind };
