/**
 * SLA timers on real workers, real Redis and MariaDB, in real time: warnings and breaches fire at the
 * instants the SLA service computed (never before, within a second after), pausing moves the breach,
 * and a breach is notified once while two worker sets and their sweepers race for it.
 *
 * A short calendar: working all day every day, targets of 2 and 4 minutes, a warning 1 minute before.
 * Policies count whole minutes, so tickets are created in the past to bring instants seconds ahead.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/context.ts';
import { Calendar, SlaPolicy, SlaTarget } from '../../core/entities/sla.ts';
import { StaffChat, Team } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { recomputeSla } from '../../core/sla/service.ts';
import { addRequesterMessage, agentReply } from '../../core/services/tickets/index.ts';
import { transact } from '../../core/tx.ts';
import { createJobsClient, startWorkers, type JobsClient, type JobsDeps, type Workers } from '../../jobs/index.ts';
import { breachJobId, fireSla, warnJobId } from '../../jobs/sla/timers.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';
import { until } from './outbox-harness.ts';

describe.each(DIALECTS)('sla-timers on %s', (dialect) => {
  const ALL_DAY = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [{ start: '00:00', end: '24:00' }]]));
  const LATE_MS = 1000; // how late a timer may fire (BullMQ's delayed jobs, a loaded machine)

  describe('SLA timers in real time', () => {
    let db: TestDatabase;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;
    let client: JobsClient;
    let workers: Workers;
    let deps: JobsDeps;
    const prefix = uniquePrefix('slart');
    const extra: { client: JobsClient; workers: Workers }[] = [];

    beforeAll(async () => {
      db = await createTestDb(dialect);
      b = await seedBasics(db.ds);
      await db.ds.getRepository(Calendar).update({ id: b.calendar.id }, { weekly: ALL_DAY });
      await db.ds.getRepository(Team).update({ id: b.teamA.id }, { slaWarningMinutes: 1 });
      await db.ds.getRepository(SlaPolicy).save({
        name: 'short',
        teamId: null,
        subjectId: null,
        minPriority: null,
        firstResponseMinutes: 2,
        resolutionMinutes: 4,
        ceilingMinutes: null,
        calendarId: null,
        sortOrder: 0,
        active: true,
      });
      await db.ds.getRepository(StaffChat).insert({ chatId: -100555, title: 'A desk', layout: 'plain', teamId: b.teamA.id, status: 'active' });
      await db.ds.getRepository(StaffAccount).update({ id: b.supervisor.id }, { telegramId: 9_100_001 });
      await db.ds.getRepository(StaffAccount).update({ id: b.agentA1.id }, { telegramId: 9_100_002 });
      // a panel address Telegram accepts in a URL button (core/notify/links.ts); on localhost the button is left out
      ctx = { ...testContext(db.ds, systemClock), publicUrl: 'https://helpdesk.saffron-portal.ir' };
      deps = {
        core: ctx,
        log: ctx.log,
        redis: { options: testRedisOptions(), description: 'test', stop: async () => {} },
        prefix,
        telegram: null, // the notifications are outbox rows; delivery is tested elsewhere
        slaSweepEveryMs: 3_600_000, // the timers must do it, not the sweeper
        lockDurationMs: 4000,
        stalledIntervalMs: 2000,
      };
      client = createJobsClient(deps);
      ctx.onSlaChange = (changes) => client.slaChanged(changes);
      workers = await startWorkers(deps, client);
    });
    afterAll(async () => {
      for (const e of extra) {
        await e.workers.close();
        await e.client.close();
      }
      await workers?.close();
      await client?.close();
      await clearPrefix(prefix);
      await db?.close();
    });

    /** a ticket created `agoMs` ago, its targets computed now (the SLA change goes to the timers after commit) */
    const ticketCreated = async (agoMs: number, assigneeId: number | null = null) => {
      const t = await makeTicket(db.ds, b, { at: new Date(Date.now() - agoMs), assigneeId, state: assigneeId ? 'open' : 'new' });
      await transact(ctx, async (tx) => void tx.slaChanges.push(...(await recomputeSla(tx, t.id))));
      return t;
    };
    const target = async (ticketId: number, kind: 'first_response' | 'resolution') => (await db.ds.getRepository(SlaTarget).findOneBy({ ticketId, kind }))!;
    const notes = async (targetId: number, kind: 'warn' | 'breach') =>
      (await db.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } })).filter((r) => r.dedupeKey?.startsWith(`sla-${kind}-${targetId}-`));

    it(
      'a warning fires at warnAt (to the team chat, or to the assignee) and a breach at the deadline: not before, within a second',
      { timeout: 30_000 },
      async () => {
        const unassigned = await ticketCreated(57_000); // first response: warning in 3 s
        const assigned = await ticketCreated(56_500, b.agentA1.id); // warning in 3.5 s
        const breaching = await ticketCreated(116_000); // first response: deadline in 4 s
        const w1 = await target(unassigned.id, 'first_response');
        const w2 = await target(assigned.id, 'first_response');
        const br = await target(breaching.id, 'first_response');
        expect(w1.warnAt!.getTime()).toBe(w1.deadline!.getTime() - 60_000);
        await until(async () => !!(await target(breaching.id, 'first_response')).breached, 10_000, 'the breach');
        await until(async () => !!(await target(assigned.id, 'first_response')).warnedAt, 10_000, 'the second warning');
        const a = await target(unassigned.id, 'first_response');
        const c = await target(assigned.id, 'first_response');
        const d = await target(breaching.id, 'first_response');
        const late: number[] = [];
        for (const [fired, due] of [
          [a.warnedAt!, w1.warnAt!],
          [c.warnedAt!, w2.warnAt!],
          [d.breachedAt!, br.deadline!],
        ] as const) {
          expect(fired.getTime()).toBeGreaterThanOrEqual(due.getTime());
          expect(fired.getTime() - due.getTime()).toBeLessThan(LATE_MS);
          late.push(fired.getTime() - due.getTime());
        }
        console.log(`SLA timers fired ${late.join(', ')} ms after their instants`);
        // the warnings were not breaches, and went where they should
        expect(a.breached).toBe(false);
        expect((await notes(w1.id, 'warn')).map((n) => n.chatId)).toEqual([-100555]);
        expect((await notes(w2.id, 'warn')).map((n) => n.chatId)).toEqual([9_100_002]);
        // the breach: the team chat and the supervisor; its warning (already due when the timers were set) came first
        expect((await notes(br.id, 'breach')).map((n) => n.chatId)).toEqual([-100555, 9_100_001]);
        expect((await notes(br.id, 'warn')).length).toBe(1);
        // Persian texts from jobs.ftl, every placeholder filled, with a link to the ticket in the panel
        const [toChat] = await notes(br.id, 'breach');
        const text = String(toChat!.payload.text);
        expect(text).toContain('مهلت پاسخ اول');
        expect(text).toContain(breaching.title);
        expect(text).not.toMatch(/[{}]|sla-/);
        expect(JSON.stringify(toChat!.payload.reply_markup)).toContain(`/tickets/${breaching.id}`);
      },
    );

    it('pausing (waiting for the requester) removes the breach timer; resuming puts it at the moved deadline', { timeout: 30_000 }, async () => {
      const t = await ticketCreated(236_000); // resolution: deadline in 4 s (first response long breached)
      const before = await target(t.id, 'resolution');
      const q = new Queue('sla', { connection: { ...testRedisOptions(), maxRetriesPerRequest: null }, prefix });
      try {
        // the timers move after the commit (the transaction's SLA hook), an instant later
        await until(async () => (await q.getJobState(breachJobId(before.id, before.deadline!.getTime()))) === 'delayed', 2000, 'the breach timer');
        // not synchronisation: a second of running time before the pause, so the moved deadline is measurable
        await new Promise((r) => setTimeout(r, 1000));
        await agentReply(ctx, { kind: 'staff', staff: b.agentA1 }, t.id, { text: 'لطفاً عکس برگ‌ها را بفرستید', via: 'panel' });
        const paused = await target(t.id, 'resolution');
        expect(paused.paused).toBe(true);
        await until(async () => (await q.getJobState(breachJobId(before.id, before.deadline!.getTime()))) === 'unknown', 2000, 'the timer removed');
        // past the old deadline: nothing fires while the clock waits for the requester
        await until(() => Date.now() > before.deadline!.getTime() + 500, 10_000);
        expect((await target(t.id, 'resolution')).breached).toBe(false);
        const pausedAt = (await target(t.id, 'resolution')).updatedAt.getTime();
        await addRequesterMessage(ctx, { kind: 'requester', requester: b.requester }, t.id, { text: 'عکس‌ها را فرستادم' });
        const resumed = await target(t.id, 'resolution');
        const resumedAt = Date.now();
        expect(resumed.paused).toBe(false);
        // the deadline moved by the pause (to the millisecond the service computed)
        expect(resumed.deadline!.getTime()).toBeGreaterThan(before.deadline!.getTime() + (resumedAt - pausedAt) - 1000);
        expect(resumed.deadline!.getTime()).toBeLessThanOrEqual(before.deadline!.getTime() + (resumedAt - pausedAt) + 50);
        await until(async () => (await q.getJobState(breachJobId(before.id, resumed.deadline!.getTime()))) === 'delayed', 2000, 'the moved breach timer');
        await until(async () => (await target(t.id, 'resolution')).breached, 15_000, 'the moved breach');
        const fired = (await target(t.id, 'resolution')).breachedAt!.getTime();
        expect(fired).toBeGreaterThanOrEqual(resumed.deadline!.getTime());
        expect(fired - resumed.deadline!.getTime()).toBeLessThan(LATE_MS);
        expect(await notes(before.id, 'breach')).toHaveLength(2);
      } finally {
        await q.close();
      }
    });

    it('a met target loses its timers', async () => {
      const t = await ticketCreated(30_000);
      const fr = await target(t.id, 'first_response');
      const q = new Queue('sla', { connection: { ...testRedisOptions(), maxRetriesPerRequest: null }, prefix });
      try {
        await until(async () => (await q.getJobState(warnJobId(fr.id, fr.deadline!.getTime()))) === 'delayed', 2000, 'the warning timer');
        await agentReply(ctx, { kind: 'staff', staff: b.agentA1 }, t.id, { text: 'پاسخ در مهلت', via: 'panel' });
        await until(async () => (await q.getJobState(warnJobId(fr.id, fr.deadline!.getTime()))) === 'unknown', 2000, 'the warning timer removed');
        await until(async () => (await q.getJobState(breachJobId(fr.id, fr.deadline!.getTime()))) === 'unknown', 2000, 'the breach timer removed');
      } finally {
        await q.close();
      }
    });

    it('a breach is notified once while two worker sets, their sweepers and direct calls race for it', { timeout: 30_000 }, async () => {
      // a second worker set on the same Redis prefix, and the sweeper every 100 ms in both
      const deps2 = { ...deps, slaSweepEveryMs: 100 };
      const client2 = createJobsClient(deps2);
      extra.push({ client: client2, workers: await startWorkers(deps2, client2) });
      const tickets = await Promise.all([0, 1, 2, 3, 4].map(() => ticketCreated(117_000)));
      const targets = await Promise.all(tickets.map((t) => target(t.id, 'first_response')));
      // the same targets' timers set again through the second client (as another process would)
      await client2.sla.changed(
        targets.map((x) => ({ ticketId: x.ticketId, targetId: x.id, kind: x.kind, deadline: x.deadline, warnAt: x.warnAt, running: true })),
      );
      // and direct calls at the deadline, three per target
      await until(() => Date.now() >= targets[0]!.deadline!.getTime(), 10_000);
      const direct = await Promise.all(targets.flatMap((x) => [0, 1, 2].map(() => fireSla(ctx, 'breach', x.id, x.deadline!.getTime()))));
      expect(direct.filter((r) => r === 'done').length).toBeLessThanOrEqual(targets.length);
      await until(async () => (await Promise.all(tickets.map((t) => target(t.id, 'first_response')))).every((x) => x.breached), 10_000, 'all breached');
      for (const x of targets) expect((await notes(x.id, 'breach')).map((n) => n.chatId)).toEqual([-100555, 9_100_001]);
    });
  });
});
