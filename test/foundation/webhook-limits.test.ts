/**
 * Two processes of the whole system (web, bot, workers; BOT_MODE=webhook) on one database and one Redis
 * prefix, as two replicas behind a load balancer: the webhook refuses bodies Telegram never sends (400 / 413,
 * warnings, no server error), and the per-user message limit is one limit across both — a requester who
 * writes 8 messages, alternately to each process, with a limit of 5 has 5 kept and gets one polite answer;
 * the panel's login throttle too — failures on one process count on the other.
 */
import type { Hono } from 'hono';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../core/config/schema.ts';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { updateSettings } from '../../core/services/settings.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { startSystem, type System } from '../../main.ts';
import { PanelClient } from '../admin/client.ts';
import { says } from '../bot/world.ts';
import { FakeTelegram } from '../fake-telegram/index.ts';
import { testContext } from '../support/context.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { freePort } from '../support/ports.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

const SECRET = 'webhook-test-secret';
const WAIT = 15_000;

interface Line {
  level: number;
  msg?: string;
  pid?: number;
  proc?: string;
}

describe.each(DIALECTS)('two webhook processes on one database and Redis prefix, on %s', (dialect) => {
  let fake: FakeTelegram;
  let db: TestDatabase;
  let b: Basics;
  const prefix = uniquePrefix('edges');
  const logs: Line[] = [];
  const systems: System[] = [];
  const urls: string[] = [];

  const logger = (proc: string) =>
    pino({ level: 'info', base: { proc } }, new Writable({ write: (chunk, _e, done) => void (logs.push(JSON.parse(String(chunk))), done()) }));

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    db = await createTestDb(dialect);
    b = await seedBasics(db.ds);
    await updateSettings(testContext(db.ds), b.admin.id, { requesterRatePerMinute: 5 });
    for (const proc of ['a', 'b']) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/telegram/webhook`;
      const config: Config = loadConfig({
        ...(db.target.kind === 'sqlite' ? { SQLITE_PATH: db.target.path } : { DATABASE_URL: db.url! }),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        BOT_TOKEN: '123456:EDGESTESTxxxxxxxxxxxxxxxxxxxxxxx',
        TELEGRAM_API_ROOT: fake.apiRoot,
        BOT_MODE: 'webhook',
        WEBHOOK_URL: url,
        WEBHOOK_SECRET: SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: `/tmp/hd-test-${prefix}`,
        SECRET_KEY: 'edges-secret-0123456789abcdef0123',
      });
      const system = await startSystem(config, { log: logger(proc) });
      systems.push(system);
      await system.botHandle?.ready;
      urls.push(url);
    }
  }, 90_000);

  afterAll(async () => {
    for (const s of systems) await s.stop();
    await fake?.stop();
    await db?.close();
    await clearPrefix(prefix);
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(urls[0]!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET, ...headers }, body });

  it('one login throttle across both processes: 20 failures on one, the next try on the other is 429', { timeout: 60_000 }, async () => {
    const tryLogin = async (url: string) => {
      const base = new URL(url).origin;
      const client = new PanelClient({
        request: (path: string, init: RequestInit) => fetch(`${base}${path}`, { ...init, redirect: 'manual' }),
      } as unknown as Hono);
      const { csrf } = await client.page('/login');
      const res = await client.post('/login', { _csrf: csrf, username: 'nobody', password: 'wrong-password' });
      await res.arrayBuffer();
      return res.status;
    };
    for (let i = 0; i < 20; i++) expect(await tryLogin(urls[0]!)).toBe(401);
    expect(await tryLogin(urls[1]!)).toBe(429);
    expect(await tryLogin(urls[0]!)).toBe(429);
  });

  it('the webhook answers 400 to malformed JSON, an empty body, null and an array, and 413 to a body over 1 MiB; none is a server error', async () => {
    for (const body of ['{"update_id": 1, "message": ', '', 'null', '[1,2]', '42', '"text"']) {
      const res = await post(body);
      expect(res.status, `body ${JSON.stringify(body)}`).toBe(400);
      expect(await res.text()).toContain('JSON object');
    }
    const big = `{"update_id": 1, "pad": "${'x'.repeat(2 * 1024 * 1024)}"}`;
    expect((await post(big)).status).toBe(413);
    // the process still takes updates: a real one is answered 200 and reaches the bot (a stranger's /start)
    const stranger = fake.user({ first_name: 'Webhook', language_code: 'en' });
    const welcome = stranger.next(() => true, WAIT);
    const ok = await post(
      JSON.stringify({
        update_id: 999_001,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: stranger.id, type: 'private', first_name: 'Webhook' },
          from: stranger.user,
          text: '/start',
          entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        },
      }),
    );
    expect(ok.status).toBe(200);
    await welcome;
    expect(logs.filter((l) => l.msg === 'webhook body is not a JSON object; refused')).toHaveLength(6);
    expect(logs.filter((l) => l.msg === 'webhook body over the limit refused')).toHaveLength(1);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  }, 60_000);

  // last: it stops process a halfway, so that the second half is surely taken by process b
  it('one message limit across both processes: 4 messages taken by one, then 4 by the other, with a limit of 5 → 5 kept, one polite answer', async () => {
    const core = systems[0]!.core;
    const { ticket } = await tickets.openTicket(core, requesterActor(b.requester), {
      subjectId: b.subjectA.id,
      title: 'دو فرایند',
      text: 'آزمون محدودیت مشترک',
    });
    const user = fake.user({ id: b.requester.telegramId!, first_name: 'مریم', language_code: 'fa' });
    const limited = () => logs.filter((l) => l.msg === 'rate limited');
    const stored = () => db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id });
    // both processes take updates from the one inbound queue, so which one handles a message is not ours to
    // choose: the first four go while both run, then process a stops and process b alone takes the rest
    fake.webhook = { url: urls[0]!, secret: SECRET };
    for (let i = 1; i <= 4; i++) user.send(`پیام ${i} از ۸`);
    await expect.poll(stored, { timeout: WAIT }).toBe(1 + 4);
    expect(limited()).toHaveLength(0);
    await systems[0]!.stop();
    systems.splice(0, 1);
    const polite = user.next(says('fa', 'rate-limited'), WAIT);
    fake.webhook = { url: urls[1]!, secret: SECRET };
    for (let i = 5; i <= 8; i++) user.send(`پیام ${i} از ۸`);
    await polite;
    // process b saw four messages, under a limit of 5 if it counted alone; the count is shared: one more kept, 3 refused
    await expect.poll(() => limited().length, { timeout: WAIT }).toBe(3);
    await expect.poll(stored, { timeout: WAIT }).toBe(1 + 5);
    expect(new Set(limited().map((l) => l.proc))).toEqual(new Set(['b']));
    expect(user.inbox.filter((m) => says('fa', 'rate-limited')(m))).toHaveLength(1);
  }, 60_000);
});
