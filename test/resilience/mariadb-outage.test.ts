/**
 * MariaDB stopped for 30 s (SIGTERM to a private mariadbd, the shared one is never touched) under the
 * running process, then started. Meanwhile: /readyz says unavailable (503), the panel answers an error
 * page (5xx, short readable text, no stack), a requester's message and an agent's message are answered
 * "briefly unavailable", the process stays up. Afterwards, with no one touching it: ready again, the
 * panel works, answers queued before the stop are delivered once and in order, a requester's message
 * is stored once, an agent's answer reaches the requester.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createSession } from '../../admin/auth.ts';
import { t } from '../../core/i18n/index.ts';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { noUnhandled, outboxSettled, receivedInOrder, until } from './support/checks.ts';
import { scenario, seconds } from './support/figures.ts';
import { privateMariaDb, type PrivateMariaDb } from './support/mariadb.ts';
import { launchSystem, type RunningSystem } from './support/process.ts';
import { resilienceWorld, type World } from './support/world.ts';

const OUTAGE_MS = 30_000;
const ANSWERS = 10;
const UNAVAILABLE = t('fa', 'error-unavailable');

describe('MariaDB stopped for 30 s and started', () => {
  let maria: PrivateMariaDb | undefined;
  let w: World | undefined;
  let sys: RunningSystem | undefined;
  afterAll(async () => {
    await sys?.stop();
    await maria?.start().catch(() => undefined);
    await w?.close();
    await maria?.close();
  });

  it('the bot says it is briefly unavailable, the panel shows an error page, nothing crashes, all resumes', { timeout: 180_000 }, async () => {
    const report = scenario(
      {
        id: '3-mariadb',
        title: 'MariaDB stopped for 30 s and started',
        broken: `The database server (a private mariadbd) is stopped with SIGTERM for ${OUTAGE_MS / 1000} s under the running process (every role) while ${ANSWERS} answers to each of 2 requesters are queued, then started again; nobody restarts the helpdesk.`,
        asserted: [
          'during the outage: /readyz is 503 with database false, /healthz stays 200; the panel answers an error page (5xx, readable text, no stack or driver message)',
          'a requester\'s message gets "the service is briefly unavailable, please send again" in his chat; an agent\'s answer in the forum topic gets the same as a reply in that topic',
          'the process stays up; /readyz is 200 again within 30 s of the start and the panel works',
          'every answer queued before the stop is delivered exactly once and in order (a row in flight may repeat once, right after itself); none failed',
          "the requester's message sent again is stored once; the refused one is not stored (he was told); a new answer of the agent reaches him; no unhandled rejection",
        ],
        notAsserted: [
          "the agent's answer refused during the outage is not stored (he was told to send again); nothing re-sends it on his behalf",
          'a crash of the database mid-transaction (SIGKILL of mariadbd): the stop here is clean',
        ],
      },
      import.meta.filename,
    );
    maria = await privateMariaDb();
    w = await resilienceWorld({ maria, requesters: 2, limits: { timeScale: 1, privatePerSecond: 1, groupPerMinute: 600 } });
    sys = await launchSystem(w.env());
    const base = sys.base;
    const tickets = await w.openTickets();
    const cookie = `hd_session=${await createSession(w.core, w.b.agentA1.id, { ip: '127.0.0.1', userAgent: 'resilience' })}`;
    const panel = () => fetch(`${base}/tickets`, { headers: { cookie }, redirect: 'manual' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await panel()).status).toBe(200);

    // answers on their way when the database goes
    const want = new Map(tickets.map((x) => [x.requesterId!, Array.from({ length: ANSWERS }, (_, k) => `[d${x.number}.${String(k).padStart(2, '0')}]`)]));
    for (let k = 0; k < ANSWERS; k++) for (const x of tickets) w.agent.sendIn(w.group, `پاسخ ${want.get(x.requesterId!)![k]}`, { threadId: x.forumThreadId! });
    const isAnswer = (text: unknown) => typeof text === 'string' && /\[d\d+\.\d+\]/.test(text);
    await until(async () => (await w!.outbox()).filter((r) => isAnswer(r.payload.text)).length === tickets.length * ANSWERS, 20_000, 'answers taken');
    const pendingAtStop = (await w.outbox()).filter((r) => isAnswer(r.payload.text) && r.status !== 'sent').length;
    const inFlight = new Set((await w.outbox()).filter((r) => r.status === 'sending').map((r) => /\[d\d+\.\d+\]/.exec(String(r.payload.text))?.[0] ?? ''));

    const stoppedAt = Date.now();
    await maria.stop();
    const requester = w.people[0];
    const thread = tickets[0]!.forumThreadId!;

    // during the outage
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks.database).toBe(false);
    const page = await panel();
    expect(page.status).toBeGreaterThanOrEqual(500);
    const body = await page.text();
    expect(body.length).toBeGreaterThan(0);
    expect(body).not.toMatch(/\bat .+:\d+:\d+|ECONNREFUSED|QueryFailedError/); // readable, no stack or driver text
    const lost = requester!.user.send('سلام، پاسخ من چه شد؟');
    const told = await requester!.user.waitForMessage((m) => m.text === UNAVAILABLE, 15_000, lost.message_id);
    const agentLost = w.agent.sendIn(w.group, 'این پیام در زمان قطعی نوشته شد', { threadId: thread });
    const agentTold = await w.group.waitForMessage((m) => m.text === UNAVAILABLE && m.reply_to_message?.message_id === agentLost.message_id, 15_000);
    expect(agentTold.message_thread_id).toBe(thread);
    await until(() => Date.now() - stoppedAt >= OUTAGE_MS, OUTAGE_MS + 5000);
    expect(sys.alive()).toBe(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    // the database comes back; nobody restarts the helpdesk
    await maria.start();
    const backAt = Date.now();
    await until(async () => (await fetch(`${base}/readyz`)).status === 200, 30_000, 'ready again');
    const readyMs = Date.now() - backAt;
    await until(async () => (await panel()).status === 200, 10_000, 'the panel answers');
    const again = requester!.user.send('دوباره می‌فرستم: پاسخ من چه شد؟');
    await until(
      async () => (await w!.ds.getRepository(TicketMessage).countBy({ requesterChatId: requester!.user.id, requesterMessageId: again.message_id })) === 1,
      15_000,
      'the message stored',
    );
    w.agent.sendIn(w.group, 'پس از بازگشت پایگاه داده [back]', { threadId: thread });
    await requester!.user.waitForMessage((m) => (m.text ?? '').includes('[back]'), 15_000);
    const failed = await outboxSettled(w, 60_000);
    expect(failed).toEqual([]);
    const recoveredMs = Date.now() - backAt;

    for (const p of w.people) receivedInOrder(p.user, want.get(p.requester.id)!, inFlight);
    const stored = await w.ds.getRepository(TicketMessage).findBy({ requesterChatId: requester!.user.id, direction: 'in' });
    expect(stored).toHaveLength(2); // the ticket's first message and the one sent again
    expect(stored.some((m) => m.requesterMessageId === again.message_id)).toBe(true);
    expect(stored.some((m) => m.requesterMessageId === lost.message_id)).toBe(false); // refused, and the user was told
    expect(told.text).toBe(UNAVAILABLE);
    expect(sys.alive()).toBe(true);
    noUnhandled(sys.logs());
    report.done({
      'database unavailable (from the stop to the server answering again)': seconds(backAt - stoppedAt),
      'answers pending at the stop': `${pendingAtStop} of ${tickets.length * ANSWERS} (${inFlight.size} in flight)`,
      'panel during the outage': `HTTP ${page.status}, "${body.slice(0, 60)}"`,
      'told "briefly unavailable" during the outage': 'the requester in his chat, the agent in his topic',
      'ready again after the start': seconds(readyMs),
      'everything delivered after the start': seconds(recoveredMs),
      'answers delivered once, in order / failed': `${tickets.length * ANSWERS} / 0`,
      'process restarts / unhandled rejections': '0 / 0',
    });
  });
});
