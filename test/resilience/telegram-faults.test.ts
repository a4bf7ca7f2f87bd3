/**
 * The fake Telegram misbehaving while the whole system (in this process, every role) works. First the
 * agents' answers: one send in five answered 502, five 429s in a row, connections cut, getUpdates
 * failing, updates handed twice — every answer is delivered once and in order, no 429 is ignored. Then
 * the requesters' follow-ups under the same random 5xx, getUpdates failures, cut connections and
 * repeated updates — every message stored once; an error message only where the bot's own reply had
 * used up its retries. No promise is left rejected.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import type { System } from '../../main.ts';
import type { FakeTelegram } from '../fake-telegram/index.ts';
import { inboundOnce, outboxSettled, receivedInOrder, until } from './support/checks.ts';
import { scenario, seconds } from './support/figures.ts';
import { resilienceWorld, type World } from './support/world.ts';

const ANSWERS = 10;
const FOLLOW_UPS = 4;
const ERRORS = new Set([t('fa', 'error-generic'), t('fa', 'error-unavailable')]);

/**
 * How many of the bot's sends to this chat gave up: four failed attempts in a row of the same text (the
 * first try and auto-retry's three). The bot's replies to one chat go one after the other, so a run of
 * failures of one text is one reply.
 */
function exhaustedSends(fake: FakeTelegram, chatId: number): number {
  let run = 0;
  let text = '';
  let exhausted = 0;
  for (const c of fake.calls) {
    if (c.method !== 'sendMessage' || Number(c.payload.chat_id) !== chatId) continue;
    const same = String(c.payload.text) === text;
    text = String(c.payload.text);
    if (!c.error) run = 0;
    else {
      run = same ? run + 1 : 1;
      if (run === 4) {
        exhausted++;
        run = 0;
      }
    }
  }
  return exhausted;
}

describe('Telegram answering 429, 5xx, dropping connections and repeating updates', () => {
  let w: World | undefined;
  let sys: System | undefined;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => void rejections.push(e);
  process.on('unhandledRejection', onRejection);
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await w?.close();
  });

  it('delivers every answer once in order and stores every message once', { timeout: 240_000 }, async () => {
    const report = scenario(
      {
        id: '5-telegram',
        title: 'Telegram answering 429 and 5xx, dropping connections, repeating updates',
        broken:
          "The fake Bot API, under the whole system (one process, every role, long polling), in two parts: (1) while 40 answers of agents go out: one sendMessage in five answered 502 and one copyMessage in five 500 (at random), five 429s with retry_after in a row, six connections cut before the answer, getUpdates failing twice with 502, a third of the agents' updates handed to the bot twice with the same update_id; (2) while 4 requesters write 4 follow-ups each: the same random 5xx, getUpdates failing twice, two connections cut, every other round of follow-ups handed twice. Telegram's limits are enforced (time-scaled ×10).",
        asserted: [
          'every outbox row ends sent, none failed; each requester received every answer exactly once and in order',
          "each answer is stored once on its ticket; every requester message (the first one and the follow-ups, free messages routed to the requester's only open ticket) is stored exactly once, also those handed twice",
          "a requester sees an error message only where the bot's own reply to him gave up (four failed attempts in a row); no 429 was ignored (a call inside its retry_after); no unhandled rejection",
        ],
        notAsserted: [
          "answers and follow-ups at the same moment: the bot's direct replies do not share the outbox's per-chat pacing, so a reply can land inside a retry_after the outbox was given (the likely source of the one ignored 429 the fake counted in about one run in ten while both ran at once); the two parts are therefore run one after the other",
          'the random faults are not seeded: their number varies from run to run (see the figures)',
          "how long a requester waits: a 5xx or a cut connection costs the bot's reply 3 s, a second one on its retry 6 s more, a third 12 s (auto-retry's backoff), and his next messages wait behind it before they are even stored — only that all are stored within 90 s (47 s were seen on a loaded machine)",
        ],
      },
      import.meta.filename,
    );
    w = await resilienceWorld({ requesters: 4, limits: { timeScale: 0.1 } });
    sys = await w.startInProcess();
    const tickets = await w.openTickets();
    const fake = w.fake;
    let duplicated = 0;

    // 1. the agents' answers: the outbox is the only sender to the private chats
    const startedAt = Date.now();
    fake.failRate('sendMessage', 0.2, 502);
    fake.failRate('copyMessage', 0.2, 500);
    for (let i = 0; i < 5; i++) fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 0.3 } });
    fake.failNext('getUpdates', { code: 502, description: 'Bad Gateway', times: 2 });
    fake.dropConnections(6);
    const want = new Map(tickets.map((x) => [x.requesterId!, Array.from({ length: ANSWERS }, (_, k) => `[f${x.number}.${String(k).padStart(2, '0')}]`)]));
    for (let k = 0; k < ANSWERS; k++) {
      for (const x of tickets) {
        if ((k + x.id) % 3 === 0) {
          fake.duplicateNextUpdate();
          duplicated++;
        }
        w.agent.sendIn(w.group, `پاسخ ${want.get(x.requesterId!)![k]}`, { threadId: x.forumThreadId! });
      }
    }
    await until(
      async () => (await w!.outbox()).filter((r) => /\[f\d+\.\d+\]/.test(String(r.payload.text))).length === tickets.length * ANSWERS,
      30_000,
      'answers taken',
    );
    expect(await outboxSettled(w, 90_000)).toEqual([]);
    const answersMs = Date.now() - startedAt;
    const faultsInAnswers = fake.stats.faults;
    expect(fake.stats.unhonoured429).toBe(0);

    // 2. the requesters' follow-ups, some handed to the bot twice; the bot's replies are the only sends to them
    const followUpsAt = Date.now();
    fake.failNext('getUpdates', { code: 502, description: 'Bad Gateway', times: 2 });
    fake.dropConnections(2);
    const sent = new Map<number, number[]>();
    for (let k = 0; k < FOLLOW_UPS; k++) {
      for (const p of w.people) {
        if (k % 2 === 0) {
          fake.duplicateNextUpdate();
          duplicated++;
        }
        const m = p.user.send(`توضیح بیشتر ${k}`);
        sent.set(p.user.id, [...(sent.get(p.user.id) ?? []), m.message_id]);
        await new Promise((r) => setTimeout(r, 30));
      }
    }
    // every requester has exactly one open ticket: a free message goes to it (several would ask which)
    const stored = () => w!.ds.getRepository(TicketMessage).countBy({ direction: 'in' });
    await until(async () => (await stored()) >= tickets.length * (1 + FOLLOW_UPS), 90_000, 'follow-ups stored').catch(async (e) => {
      for (const p of w!.people) {
        const rows = await w!.ds.getRepository(TicketMessage).findBy({ requesterChatId: p.user.id, direction: 'in' });
        const missing = sent.get(p.user.id)!.filter((id) => !rows.some((r) => r.requesterMessageId === id));
        console.log(
          `requester ${p.user.id}: not stored ${JSON.stringify(missing)}; the bot said ${JSON.stringify(
            p.user
              .texts()
              .filter((x) => !/\[f\d+/.test(x))
              .slice(-6),
          )}`,
        );
      }
      throw e;
    });
    const followUpsMs = Date.now() - followUpsAt;
    await new Promise((r) => setTimeout(r, 1500)); // the bot's last replies, and their retries
    fake.failRate('sendMessage', 0);
    fake.failRate('copyMessage', 0);
    expect(await outboxSettled(w, 60_000)).toEqual([]);

    let errorsSeen = 0;
    let exhausted = 0;
    for (const p of w.people) {
      receivedInOrder(p.user, want.get(p.requester.id)!);
      expect(await inboundOnce(w, p.user)).toBe(1 + FOLLOW_UPS);
      const rows = await w.ds.getRepository(TicketMessage).findBy({ requesterChatId: p.user.id, direction: 'in' });
      for (const id of sent.get(p.user.id)!) expect(rows.filter((m) => m.requesterMessageId === id)).toHaveLength(1);
      // an error message only for a reply of the bot that gave up after its retries
      const errors = p.user.texts().filter((x) => ERRORS.has(x)).length;
      const gaveUp = exhaustedSends(fake, p.user.id);
      expect(errors).toBeLessThanOrEqual(gaveUp);
      errorsSeen += errors;
      exhausted += gaveUp;
    }
    for (const x of tickets) {
      const out = await w.ds.getRepository(TicketMessage).findBy({ ticketId: x.id, direction: 'out', kind: 'message' });
      expect(out.filter((m) => /\[f\d+\.\d+\]/.test(m.text ?? ''))).toHaveLength(ANSWERS);
    }
    expect(fake.stats.unhonoured429).toBe(0);
    // the 13 faults injected for sure in part 1 (five 429s, two getUpdates 502s, six cut connections) and some random 5xx
    expect(faultsInAnswers).toBeGreaterThan(13);
    expect(rejections).toEqual([]);
    expect(sys).toBeDefined();
    const random5xx = fake.calls.filter((c) => c.error === 500 || c.error === 502).length;
    report.done({
      'faults injected': `${fake.stats.faults} (5 × 429 in a row, 4 getUpdates 502s, 8 cut connections, ${random5xx} random 5xx on sends and copies)`,
      '429s answered in all (injected + limits) / ignored': `${fake.calls.filter((c) => c.error === 429).length} / ${fake.stats.unhonoured429}`,
      'updates handed to the bot twice': duplicated,
      'answers: written / delivered once in order': `${tickets.length * ANSWERS} / ${tickets.length * ANSWERS} (all sent ${seconds(answersMs)} after the burst began)`,
      'requester messages: sent / stored once': `${tickets.length * (1 + FOLLOW_UPS)} / ${tickets.length * (1 + FOLLOW_UPS)} (the follow-ups all stored ${seconds(followUpsMs)} after the first)`,
      'bot replies that gave up after 4 attempts / error messages seen by requesters': `${exhausted} / ${errorsSeen}`,
      'unhandled rejections': 0,
    });
  });
});
