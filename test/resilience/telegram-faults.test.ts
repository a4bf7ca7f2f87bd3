/**
 * The fake Telegram misbehaving while the whole system (in this process, every role) works: one call in
 * five answered 502, 429s with retry_after on the way, connections dropped, getUpdates failing, and
 * updates handed twice with the same update_id. Every answer is delivered once and in order, no 429 is
 * ignored, every requester and agent message is stored once, nobody sees an error message, and no
 * promise is left rejected.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import type { System } from '../../main.ts';
import { inboundOnce, outboxSettled, receivedInOrder, until } from './support/checks.ts';
import { scenario, seconds } from './support/figures.ts';
import { resilienceWorld, type World } from './support/world.ts';

const ANSWERS = 10;
const FOLLOW_UPS = 4;

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

  it('delivers every answer once in order and stores every message once', { timeout: 150_000 }, async () => {
    const report = scenario({
      id: '5-telegram',
      title: 'Telegram answering 429 and 5xx, dropping connections, repeating updates',
      broken: 'The fake Bot API, under the whole system (one process, every role, long polling): one sendMessage in five answered 502 and one copyMessage in five 500 (at random), five 429s with retry_after in a row, six connections cut before the answer, getUpdates failing twice with 502, and about a third of the updates (agents\' answers and requesters\' follow-ups) handed to the bot twice with the same update_id. Telegram\'s limits are enforced (time-scaled ×10).',
      asserted: [
        'every outbox row ends sent, none failed; each requester received every answer exactly once and in order',
        'each answer is stored once on its ticket; every requester message (the first one and the follow-ups, free messages routed to the requester\'s only open ticket) is stored exactly once, also those handed twice',
        'no requester saw an error message; no 429 was ignored (a call inside its retry_after); no unhandled rejection',
      ],
      notAsserted: [
        'the bot\'s own short confirmations ("added to ticket #…"): a confirmation whose send failed four times (auto-retry gives up after 3 retries) would be lost, and nothing counts them',
        'the random faults are not seeded: their number varies from run to run (see the figures)',
      ],
    }, import.meta.filename);
    w = await resilienceWorld({ requesters: 4, limits: { timeScale: 0.1 } });
    sys = await w.startInProcess();
    const tickets = await w.openTickets();
    const fake = w.fake;
    const startedAt = Date.now();

    fake.failRate('sendMessage', 0.2, 502);
    fake.failRate('copyMessage', 0.2, 500);
    for (let i = 0; i < 5; i++) fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 0.3 } });
    fake.failNext('getUpdates', { code: 502, description: 'Bad Gateway', times: 2 });
    fake.dropConnections(6);

    const want = new Map(tickets.map((x) => [x.requesterId!, Array.from({ length: ANSWERS }, (_, k) => `[f${x.number}.${String(k).padStart(2, '0')}]`)]));
    let duplicated = 0;
    for (let k = 0; k < ANSWERS; k++) {
      for (const x of tickets) {
        if ((k + x.id) % 3 === 0) {
          fake.duplicateNextUpdate();
          duplicated++;
        }
        w.agent.sendIn(w.group, `پاسخ ${want.get(x.requesterId!)![k]}`, { threadId: x.forumThreadId! });
      }
    }
    // the requesters write follow-ups, some handed to the bot twice
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
    await until(async () => (await stored()) >= tickets.length * (1 + FOLLOW_UPS), 60_000, 'follow-ups stored').catch(async (e) => {
      for (const p of w!.people) {
        const rows = await w!.ds.getRepository(TicketMessage).findBy({ requesterChatId: p.user.id, direction: 'in' });
        const missing = sent.get(p.user.id)!.filter((id) => !rows.some((r) => r.requesterMessageId === id));
        console.log(`requester ${p.user.id}: not stored ${JSON.stringify(missing)}; the bot said ${JSON.stringify(p.user.texts().filter((x) => !/\[f\d+/.test(x)).slice(-6))}`);
      }
      throw e;
    });
    const storedMs = Date.now() - startedAt;
    await until(async () => (await w!.outbox()).filter((r) => /\[f\d+\.\d+\]/.test(String(r.payload.text))).length === tickets.length * ANSWERS, 30_000, 'answers taken');
    const failed = await outboxSettled(w, 90_000);
    expect(failed).toEqual([]);
    const settledMs = Date.now() - startedAt;
    fake.failRate('sendMessage', 0);
    fake.failRate('copyMessage', 0);

    for (const p of w.people) {
      receivedInOrder(p.user, want.get(p.requester.id)!);
      expect(await inboundOnce(w, p.user)).toBe(1 + FOLLOW_UPS);
      const stored = await w.ds.getRepository(TicketMessage).findBy({ requesterChatId: p.user.id, direction: 'in' });
      for (const id of sent.get(p.user.id)!) expect(stored.filter((m) => m.requesterMessageId === id)).toHaveLength(1);
      expect(p.user.texts().filter((x) => x === t('fa', 'error-generic') || x === t('fa', 'error-unavailable'))).toEqual([]);
    }
    for (const x of tickets) {
      const out = await w.ds.getRepository(TicketMessage).findBy({ ticketId: x.id, direction: 'out', kind: 'message' });
      expect(out.filter((m) => /\[f\d+\.\d+\]/.test(m.text ?? ''))).toHaveLength(ANSWERS);
    }
    expect(fake.stats.unhonoured429).toBe(0);
    // the 13 faults injected for sure (five 429s, two getUpdates 502s, six cut connections) and some random 5xx
    expect(fake.stats.faults).toBeGreaterThan(13);
    expect(rejections).toEqual([]);
    expect(sys).toBeDefined();
    const random5xx = fake.calls.filter((c) => c.error === 500 || c.error === 502).length;
    report.done({
      'faults injected': `${fake.stats.faults} (5 × 429 in a row, 2 getUpdates 502s, 6 cut connections, ${random5xx} random 5xx on sends and copies)`,
      '429s answered in all (injected + limits) / ignored': `${fake.calls.filter((c) => c.error === 429).length} / ${fake.stats.unhonoured429}`,
      'updates handed to the bot twice': duplicated,
      'answers: written / delivered once in order': `${tickets.length * ANSWERS} / ${tickets.length * ANSWERS}`,
      'requester messages: sent / stored once': `${tickets.length * (1 + FOLLOW_UPS)} / ${tickets.length * (1 + FOLLOW_UPS)}`,
      'every requester message stored, from the start of the burst': seconds(storedMs),
      'every outbox row sent, from the start of the burst': seconds(settledMs),
      'error messages seen by requesters / unhandled rejections': '0 / 0',
    });
  });
});
