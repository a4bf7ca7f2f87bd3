/**
 * Redis lost under the running process (a private redis-server without persistence, the shared one is
 * never touched): stopped for 10 s and started empty, then FLUSHALL in the middle of a burst. The
 * database is the truth: queued answers, SLA timers and the repeatable jobs come back by themselves;
 * answers are delivered once and in order, requester messages are stored once, breaches notified once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SlaTarget } from '../../core/entities/sla.ts';
import { TicketMessage, type Ticket } from '../../core/entities/ticket.ts';
import { deliveredAnswer, inboundOnce, noUnhandled, outboxSettled, receivedInOrder, until } from './support/checks.ts';
import { scenario, seconds } from './support/figures.ts';
import { launchSystem, type RunningSystem } from './support/process.ts';
import { privateRedis, type PrivateRedis } from './support/redis.ts';
import { slaDesk, type SlaDesk } from './support/sla.ts';
import { resilienceWorld, type World } from './support/world.ts';

const DOWN_MS = 10_000;
const SLA_TICKETS = 10;

describe('Redis stopped and started, and flushed', () => {
  let redis: PrivateRedis | undefined;
  let w: World;
  let sys: RunningSystem | undefined;
  let desk: SlaDesk;
  let tickets: Ticket[];
  const want = new Map<number, string[]>();
  const inFlight = new Set<string>();
  const TOKEN = /\[r\d+\.\d+\]/;

  afterAll(async () => {
    // Redis first: a failed step may have left it stopped, and the process stops cleanly against a live one
    await redis?.start();
    await sys?.stop();
    await w?.close();
    await redis?.close();
  });

  /** `n` more answers per ticket from the agent in the topics; resolves when the bot has taken them */
  const burst = async (n: number) => {
    for (let k = 0; k < n; k++) {
      for (const x of tickets) {
        const list = want.get(x.requesterId!) ?? [];
        const token = `[r${x.number}.${String(list.length).padStart(2, '0')}]`;
        list.push(token);
        want.set(x.requesterId!, list);
        w.agent.sendIn(w.group, `پاسخ ${token}`, { threadId: x.forumThreadId! });
      }
    }
    const total = [...want.values()].reduce((a, l) => a + l.length, 0);
    await until(async () => (await w.outbox()).filter((r) => TOKEN.test(String(r.payload.text))).length === total, 30_000, 'answers taken');
  };
  const noteInFlight = async () => {
    for (const r of await w.outbox()) if (r.status === 'sending' && TOKEN.test(String(r.payload.text))) inFlight.add(TOKEN.exec(String(r.payload.text))![0]);
  };
  const breached = (ids: number[]) => w.ds.getRepository(SlaTarget).countBy(ids.map((id) => ({ id, breached: true })));
  const answers = () => [...want.values()].reduce((a, l) => a + l.length, 0);

  it('stopped 10 s and started empty: queued work resumes, nothing lost or doubled', { timeout: 150_000 }, async () => {
    const report = scenario(
      {
        id: '4a-redis-stop',
        title: 'Redis stopped for 10 s and started empty',
        broken: `A private redis-server without persistence, under the running process (every role), is stopped (SIGTERM) for ${DOWN_MS / 1000} s while answers are queued and ${SLA_TICKETS} SLA deadlines fall due, then started with no keys at all: every queue, job, timer and lock is gone.`,
        asserted: [
          "during the outage: /readyz is 503 with redis false; the bot still takes the agents' answers into the outbox and stores a requester's reply (routed to its ticket by the answer it replies to) — the database is the truth",
          'the process stays up; /readyz is 200 again within 20 s of the start, without a restart',
          'every outbox row ends sent, none failed; each requester received every answer exactly once and in order (a row in flight at the stop may repeat once, right after itself)',
          "each requester's messages are stored once each, on the right ticket",
          'every SLA deadline that fell due while Redis was down is recorded as breached and the staff group notified exactly once',
          'no unhandled rejection in the process log',
        ],
        notAsserted: [
          'how quickly answers are delivered during the outage (they wait; only that they all arrive afterwards)',
          "BullMQ's own job history: it is lost with the keys, by design the outbox and timers are rebuilt from the database",
        ],
      },
      import.meta.filename,
    );
    redis = await privateRedis();
    w = await resilienceWorld({ redisUrl: redis.url, requesters: 3, limits: { timeScale: 1, privatePerSecond: 1, groupPerMinute: 600 } });
    desk = await slaDesk(w);
    sys = await launchSystem(w.env());
    tickets = await w.openTickets();
    await burst(8);
    // what each requester will reply to while Redis is down: the first answer on his ticket
    const anchors = await Promise.all(w.people.map((p) => deliveredAnswer(w, p.user, want.get(p.requester.id)![0]!, 20_000)));
    const sla = await desk.tickets(SLA_TICKETS, Date.now() + 8000); // due while Redis is down
    await noteInFlight();
    const pending = (await w.outbox()).filter((r) => r.status !== 'sent').length;
    await redis.stop();
    const stoppedAt = Date.now();

    // while Redis is down: not ready; the bot still takes answers and requester messages into the database
    const ready = await fetch(`${sys.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks.redis).toBe(false);
    await burst(3);
    const during = w.people.map((p, i) => p.user.send('این پیام را وقتی صف‌ها در دسترس نبودند فرستادم', { replyTo: anchors[i] }));
    await until(async () => (await Promise.all(w.people.map((p) => inboundOnce(w, p.user)))).every((n) => n === 2), 15_000, 'requester messages stored').catch(
      (e) => {
        console.log(
          w.people.map((p) => p.user.texts().slice(-2)),
          sys!
            .logs()
            .filter((l) => (l.level ?? 0) >= 50)
            .slice(-5),
        );
        throw e;
      },
    );
    const storedWithinMs = Date.now() - stoppedAt;
    await until(() => Date.now() - stoppedAt >= DOWN_MS, DOWN_MS + 5000);
    expect(sys.alive()).toBe(true);

    await redis.start();
    const backAt = Date.now();
    await until(async () => (await fetch(`${sys!.base}/readyz`)).status === 200, 20_000, 'ready again');
    const readyMs = Date.now() - backAt;
    expect(await outboxSettled(w, 60_000)).toEqual([]);
    await until(async () => (await breached(sla.map((s) => s.target.id))) === sla.length, 20_000, 'breaches after the restart');
    await outboxSettled(w, 30_000);
    const recoveredMs = Date.now() - backAt;
    for (const [i, p] of w.people.entries()) {
      receivedInOrder(p.user, want.get(p.requester.id)!, inFlight);
      expect(await inboundOnce(w, p.user)).toBe(2);
      const stored = await w.ds.getRepository(TicketMessage).findOneByOrFail({ requesterChatId: p.user.id, requesterMessageId: during[i]!.message_id });
      expect(stored.ticketId).toBe(tickets.find((x) => x.requesterId === p.requester.id)!.id);
    }
    for (const s of sla) expect(desk.notices(s.ticket, 'breach')).toBe(1);
    noUnhandled(sys.logs());
    report.done({
      'outbox rows pending at the stop': pending,
      'Redis down': seconds(backAt - stoppedAt),
      'answers taken during the outage (into the outbox)': tickets.length * 3,
      'requester replies during the outage: sent / stored on their ticket': `${during.length} / ${during.length} (stored within ${seconds(storedWithinMs)} of the stop)`,
      'ready again after the start': seconds(readyMs),
      'answers delivered once, in order': `${answers()} (${inFlight.size} in flight at the stop, allowed one repeat)`,
      'SLA deadlines due during the outage: breached and notified once': `${sla.length} / ${sla.length}`,
      'everything delivered and notified after the start': seconds(recoveredMs),
    });
  });

  it('FLUSHALL mid-burst: timers, schedulers and deliveries come back; nothing lost or doubled', { timeout: 120_000 }, async () => {
    const report = scenario(
      {
        id: '4b-redis-flush',
        title: 'Redis flushed (FLUSHALL) in the middle of a burst',
        broken: `FLUSHALL on the private Redis while the 3 requesters' answers are being delivered and ${SLA_TICKETS} SLA deadlines are a few seconds ahead; the process keeps its connections, the keys are simply gone.`,
        asserted: [
          'more answers written right after the flush are taken as usual',
          'every outbox row ends sent, none failed; each requester received every answer exactly once and in order (a row in flight at the flush may repeat once, right after itself)',
          'every SLA deadline is recorded as breached and notified exactly once (the timers are rebuilt from the database)',
          'no 429 of the fake Telegram was ignored; the process stays up; no unhandled rejection',
        ],
        notAsserted: ['the time the repeatable jobs take to be re-registered, beyond everything settling within the timeouts (60 s and 20 s)'],
      },
      import.meta.filename,
    );
    await burst(10);
    const sla = await desk.tickets(SLA_TICKETS, Date.now() + 5000);
    await until(
      async () => (await w.outbox()).some((r) => r.status === 'sent' && TOKEN.test(String(r.payload.text)) && (r.payload.text as string).includes('.1')),
      20_000,
      'the burst under way',
    );
    await noteInFlight();
    const pending = (await w.outbox()).filter((r) => r.status !== 'sent').length;
    expect(pending).toBeGreaterThan(0);
    await redis!.flush();
    const flushedAt = Date.now();
    await burst(2); // more work right after the flush
    expect(await outboxSettled(w, 60_000)).toEqual([]);
    await until(async () => (await breached(sla.map((s) => s.target.id))) === sla.length, 20_000, 'breaches after the flush');
    await outboxSettled(w, 30_000);
    const recoveredMs = Date.now() - flushedAt;
    for (const p of w.people) receivedInOrder(p.user, want.get(p.requester.id)!, inFlight);
    for (const s of sla) expect(desk.notices(s.ticket, 'breach')).toBe(1);
    expect(w.fake.stats.unhonoured429).toBe(0);
    expect(sys!.alive()).toBe(true);
    noUnhandled(sys!.logs());
    report.done({
      'outbox rows pending at the flush': pending,
      'answers written after the flush': tickets.length * 2,
      'answers delivered once, in order (whole file)': `${answers()} (${inFlight.size} in flight at the stop or the flush, allowed one repeat)`,
      'SLA deadlines after the flush: breached and notified once': `${sla.length} / ${sla.length}`,
      'everything delivered and notified after the flush': seconds(recoveredMs),
    });
  });
});
