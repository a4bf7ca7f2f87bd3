/**
 * 10,000 random and malformed updates posted to the webhook of the whole system (in this process, every
 * role, BOT_MODE=webhook): texts of every size and script, commands, unknown update types, missing or
 * mistyped fields, channel posts, strangers' inline queries, callback queries with garbage data,
 * strangers in groups, bodies that are not updates at all. No crash, no unhandled rejection, every
 * request answered; every well-formed private message and every callback query is handled or answered
 * with a clear error; the system works normally afterwards. Seeded (FUZZ_SEED) so a failure can be replayed.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import type { FakeUser } from '../fake-telegram/index.ts';
import { until } from './support/checks.ts';
import { scenario, seconds } from './support/figures.ts';
import { freePort } from '../support/ports.ts';
import { fuzzUpdates, rng } from './support/fuzz-updates.ts';
import { resilienceWorld, type World } from './support/world.ts';

const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const SECRET = 'fuzz-secret-0123456789';
const ERRORS = new Set((['fa', 'en'] as const).flatMap((l) => [t(l, 'error-generic'), t(l, 'error-unavailable')]));

describe('fuzz: 10,000 random and malformed updates', () => {
  let w: World | undefined;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => void rejections.push(e);
  process.on('unhandledRejection', onRejection);
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await w?.close();
  });

  it('nothing crashes, nothing is left unanswered, the system works afterwards', { timeout: 300_000 }, async () => {
    const report = scenario(
      {
        id: '6-fuzz',
        title: `Fuzz: ${COUNT.toLocaleString('en-US')} random and malformed updates`,
        broken: `${COUNT.toLocaleString('en-US')} bodies from a seeded generator (seed ${SEED}; FUZZ_SEED and FUZZ_COUNT replay it) posted by 16 clients at once to the webhook of the whole system (one process, every role, BOT_MODE=webhook): texts of every size (up to 110,000 characters) and script with control and bidi characters, commands, photos/stickers/contacts/polls, edits, callback queries with garbage data, strangers' inline queries, channel posts, strangers in the staff group and in unknown groups, member updates, unknown update types, missing fields, fields of the wrong type, and bodies that are not updates at all.`,
        asserted: [
          'the process stays up and no promise is left rejected (process hook and the log)',
          'every update object is taken with HTTP 200 (a 5xx would make Telegram send it again and again); a wrong secret gets 401',
          'every private chat of a stranger who wrote a well-formed message (text, command or media) gets an answer within 30 s — a normal one or the error text of the error boundary',
          'every well-formed callback query gets answerCallbackQuery',
          "afterwards a requester's follow-up is stored once, an agent's answer reaches the requester, /readyz is 200",
        ],
        notAsserted: [
          'what the answers say, beyond there being one (the counts of error answers are reported below)',
          'the HTTP status of bodies that are not updates at all (some are taken with 200, malformed JSON gets 500): a real Telegram never sends them; only that the process goes on',
          'inline queries, channel posts, member updates, edits and group messages of strangers: only that they do not break anything (no answer is expected)',
          'updates that repeat an earlier update_id (the few negative ids collide): dropped by the update dedupe, as they must be',
          "texts over 4,096 characters cannot come from Telegram; the huge ones from strangers end in the error boundary (the row that keeps an unregistered user's words, a TEXT column, refuses them) and are answered with the generic error",
        ],
      },
      import.meta.filename,
    );
    w = await resilienceWorld({ requesters: 2 });
    w.fake.limits = { enabled: false };
    const logs: { msg?: string; level?: number; err?: { message?: string } }[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => void (logs.push(JSON.parse(String(chunk))), done()) });
    const port = await freePort();
    const sys = await w.startInProcess({
      log: pino({ level: 'warn' }, sink),
      env: { BOT_MODE: 'webhook', PORT: String(port), WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`, WEBHOOK_SECRET: SECRET },
    });
    const tickets = await w.openTickets();
    const hook = `http://127.0.0.1:${port}/telegram/webhook`;

    const random = rng(SEED);
    const strangers = new Map<number, FakeUser>();
    const stranger = () => {
      const u = w!.fake.user({ first_name: `ناشناس ${strangers.size}`, language_code: random() < 0.5 ? 'fa' : 'en' });
      strangers.set(u.id, u);
      return u.user;
    };
    const { updates, kinds, expectAnswer } = fuzzUpdates({
      count: COUNT,
      random,
      stranger,
      requesters: w.people.map((p) => p.user.user),
      group: w.group.chat,
      botId: w.fake.bot.id,
    });

    const statuses = new Map<string, number>();
    const started = Date.now();
    let next = 0;
    const post = async () => {
      while (next < updates.length) {
        const u = updates[next++]!;
        const body = typeof u === 'string' ? u : JSON.stringify(u);
        const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
        await res.arrayBuffer();
        const key = `${typeof u === 'string' ? 'not an update' : 'update'} → ${res.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, post));
    const postMs = Date.now() - started;
    // a wrong secret is refused
    expect((await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"update_id":1}' })).status).toBe(401);

    // every well-formed private message from a stranger got an answer in its chat; every callback query an answer
    const unanswered = () => [...expectAnswer.chats].filter((id) => w!.fake.chat(id).botMessages.length === 0);
    await until(() => unanswered().length === 0, 30_000, 'an answer in every chat that wrote').catch((e) => {
      const ids = new Set(unanswered());
      const bodies = updates.filter((u) => typeof u !== 'string' && ids.has((u.message as { chat?: { id?: number } })?.chat?.id ?? NaN));
      console.log(`${ids.size} chats without an answer, e.g.`, JSON.stringify(bodies.slice(0, 3)).slice(0, 2000));
      throw e;
    });
    const answeredAt = Date.now() - started;
    const answeredQueries = new Set(w.fake.callsOf('answerCallbackQuery').map((c) => String(c.payload.callback_query_id)));
    expect([...expectAnswer.callbacks].filter((id) => !answeredQueries.has(id))).toEqual([]);
    expect(rejections).toEqual([]);
    expect(logs.filter((l) => /unhandled|uncaught/i.test(l.msg ?? ''))).toEqual([]);
    // every update object is taken with 200 (Telegram would otherwise send it again and again); a body that
    // is no update at all gets an error status, and the process goes on
    for (const key of statuses.keys()) if (key.startsWith('update')) expect(key).toBe('update → 200');

    // the system still works: a requester's follow-up stored once, an agent's answer delivered, ready
    const p = w.people[0]!;
    const m = p.user.send('پس از آزمون فازی: هنوز پاسخ می‌دهید؟');
    await until(
      async () => (await w!.ds.getRepository(TicketMessage).countBy({ requesterChatId: p.user.id, requesterMessageId: m.message_id })) === 1,
      15_000,
      'follow-up stored',
    );
    w.agent.sendIn(w.group, 'بله [after-fuzz]', { threadId: tickets[0]!.forumThreadId! });
    await p.user.waitForMessage((x) => (x.text ?? '').includes('[after-fuzz]'), 15_000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(sys.web).toBeDefined();

    const boundary = logs.filter((l) => l.msg === 'update failed' || l.msg === 'Telegram refused a call');
    const causes = new Map<string, number>();
    for (const l of boundary) {
      const cause = (l.err?.message ?? l.msg ?? '?')
        .replace(/`[^`]*`\.`[^`]*`/g, '<table>')
        .replace(/'\\x[^']*'/g, "'…'")
        .slice(0, 70);
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
    const errorAnswers = [...expectAnswer.chats].filter((id) => w!.fake.chat(id).botMessages.some((x) => ERRORS.has(x.text ?? ''))).length;
    const topCauses = [...causes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([c, n]) => `${n} × ${c}`)
      .join('; ');
    report.done({
      'bodies posted (16 at a time)': `${updates.length} in ${seconds(postMs)} (${Math.round(updates.length / (postMs / 1000))}/s)`,
      'HTTP statuses': [...statuses].map(([k, n]) => `${k}: ${n}`).join(', '),
      'kinds of bodies': Object.entries(kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
      'private chats owed an answer / answered': `${expectAnswer.chats.size} / ${expectAnswer.chats.size} (the last within ${seconds(answeredAt)} of the first post)`,
      '… of them answered with the error text': errorAnswers,
      'callback queries owed an answer / answered': `${expectAnswer.callbacks.size} / ${expectAnswer.callbacks.size}`,
      'updates that ended in the error boundary (the person told where there is a chat)': boundary.length,
      'their most frequent causes': topCauses || 'none',
      'unhandled rejections / crashes': '0 / 0',
    });
  });
});
