/**
 * SLA timers and auto-close against real MariaDB and Redis, with a test clock: warnings and breaches fire at
 * the computed instants and once (even when two workers race); pausing moves the timers; auto-close closes
 * after the idle time and not before, and a requester's message resets it.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat } from '../../core/entities/org.ts';
import { SlaPolicy, SlaTarget } from '../../core/entities/sla.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import type { SlaTargetChange } from '../../core/sla/service.ts';
import { addRequesterMessage, agentReply, openTicket } from '../../core/services/tickets/index.ts';
import { autoCloseScan } from '../../jobs/autoclose/scan.ts';
import { fireSla, SlaTimers, sweepSla } from '../../jobs/sla/timers.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { TestClock, testContext } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';

describe.each(DIALECTS)('sla-autoclose on %s', (dialect) => {
  const tehran = (s: string) => new Date(`${s}:00+03:30`);

  describe('SLA timers and auto-close', () => {
    let db: TestDatabase;
    let b: Basics;
    const clock = new TestClock(tehran('2026-12-05T09:00'));
    let ctx: ReturnType<typeof testContext>;
    const changes: SlaTargetChange[] = [];
    const prefix = uniquePrefix('sla');
    const redis = new Redis(testRedisOptions());
    let timers: SlaTimers;
    const requesterActor = () => ({ kind: 'requester' as const, requester: b.requester });
    const agent = () => ({ kind: 'staff' as const, staff: b.agentA1 });

    beforeAll(async () => {
      db = await createTestDb(dialect);
      b = await seedBasics(db.ds);
      ctx = testContext(db.ds, clock);
      ctx.onSlaChange = (c) => changes.push(...c);
      await db.ds.getRepository(SlaPolicy).save({
        name: 'default',
        teamId: null,
        subjectId: null,
        minPriority: null,
        firstResponseMinutes: 60,
        resolutionMinutes: 240,
        ceilingMinutes: 1440,
        calendarId: null,
        sortOrder: 0,
        active: true,
      });
      await db.ds.getRepository(StaffChat).insert({ chatId: -100777, title: 'A desk', layout: 'plain', teamId: b.teamA.id, status: 'active' });
      timers = new SlaTimers({ ...testRedisOptions(), maxRetriesPerRequest: null }, prefix, redis, createLogger('silent'), clock);
    });
    afterAll(async () => {
      await timers.close();
      redis.disconnect();
      await clearPrefix(prefix);
      await db.close();
    });

    const open = async (title: string) =>
      (await openTicket(ctx, requesterActor(), { subjectId: b.subjectA.id, title, text: 'متن درخواست برای آزمایش' })).ticket;
    const target = async (ticketId: number, kind: 'first_response' | 'resolution') => (await db.ds.getRepository(SlaTarget).findOneBy({ ticketId, kind }))!;
    const notes = (ticketId: number) => db.ds.getRepository(OutboxMessage).findBy({ ticketId, purpose: 'notify_staff' });

    it('the warning fires at warnAt and not before, once; the breach once even when two workers race', async () => {
      clock.set(tehran('2026-12-05T09:00'));
      const ticket = await open('زعفران خشک نمی‌شود');
      const fr = await target(ticket.id, 'first_response');
      expect(fr.deadline!.getTime()).toBe(tehran('2026-12-05T10:00').getTime());
      expect(fr.warnAt!.getTime()).toBe(tehran('2026-12-05T09:45').getTime()); // team A warns 15 min before
      const d = fr.deadline!.getTime();

      clock.set(tehran('2026-12-05T09:44'));
      expect(await fireSla(ctx, 'warn', fr.id, d)).toEqual({ early: 60_000 }); // the job is delayed to its instant
      expect(await fireSla(ctx, 'warn', fr.id, d - 1)).toBe('skipped'); // a timer of an older deadline
      clock.set(tehran('2026-12-05T09:45'));
      expect(await fireSla(ctx, 'warn', fr.id, d)).toBe('done');
      expect(await fireSla(ctx, 'warn', fr.id, d)).toBe('skipped');
      expect(await notes(ticket.id)).toHaveLength(1); // unassigned: to the team's staff chat

      clock.set(tehran('2026-12-05T09:59'));
      expect(await fireSla(ctx, 'breach', fr.id, d)).toEqual({ early: 60_000 });
      clock.set(tehran('2026-12-05T10:00'));
      const race = await Promise.all([fireSla(ctx, 'breach', fr.id, d), fireSla(ctx, 'breach', fr.id, d), sweepSla(ctx)]);
      expect(race.filter((r) => r === 'done').length + (race[2] as number)).toBe(1);
      expect((await target(ticket.id, 'first_response')).breached).toBe(true);
      expect((await notes(ticket.id)).filter((n) => n.dedupeKey!.startsWith('sla-breach'))).toHaveLength(1);
      // an answer afterwards does not un-breach it
      await agentReply(ctx, agent(), ticket.id, { text: 'پاسخ کارشناس', via: 'panel' });
      expect((await target(ticket.id, 'first_response')).breached).toBe(true);
    });

    it('timers are queued at the computed instants, moved when the clock pauses, removed when met', async () => {
      clock.set(tehran('2026-12-05T09:00'));
      changes.length = 0;
      const ticket = await open('گل محمدی');
      await timers.changed(changes);
      const q = new Queue('sla', { connection: { ...testRedisOptions(), maxRetriesPerRequest: null }, prefix });
      const delayed = async () => (await q.getDelayed()).filter((j) => j.data.targetId && changes.some((c) => c.targetId === j.data.targetId));
      const jobs = await delayed();
      const res = await target(ticket.id, 'resolution');
      const breachJob = jobs.find((j) => j.id === `breach-${res.id}-${res.deadline!.getTime()}`)!;
      expect(breachJob.opts.delay).toBe(res.deadline!.getTime() - clock.now().getTime());
      // the agent answers: first response met, resolution paused → their timers go
      clock.set(tehran('2026-12-05T09:30'));
      changes.length = 0;
      await agentReply(ctx, agent(), ticket.id, { text: 'لطفاً عکس بفرستید', via: 'panel' });
      await timers.changed(changes);
      expect((await q.getDelayed()).filter((j) => j.data.targetId === res.id)).toHaveLength(0);
      expect((await target(ticket.id, 'resolution')).paused).toBe(true);
      // the requester answers two hours later: the resolution deadline moves by the pause
      clock.set(tehran('2026-12-05T11:30'));
      changes.length = 0;
      await addRequesterMessage(ctx, requesterActor(), ticket.id, { text: 'عکس را فرستادم' });
      await timers.changed(changes);
      const moved = await target(ticket.id, 'resolution');
      expect(moved.deadline!.getTime()).toBe(tehran('2026-12-05T15:00').getTime());
      expect((await q.getDelayed()).some((j) => j.id === `breach-${res.id}-${moved.deadline!.getTime()}`)).toBe(true);
      await q.close();
    });

    it('auto-close: a reminder a day before, closed after the idle days and not before; a message resets it', async () => {
      clock.set(tehran('2026-12-05T09:00'));
      const ticket = await open('انگور');
      await agentReply(ctx, agent(), ticket.id, { text: 'پاسخ شما داده شد', via: 'panel' }); // answered, team A: 7 days
      const day = 86_400_000;
      clock.set(new Date(tehran('2026-12-05T09:00').getTime() + 5 * day));
      expect((await autoCloseScan(ctx)).reminded).toBe(0);
      clock.set(new Date(tehran('2026-12-05T09:00').getTime() + 6 * day + 60_000));
      const r1 = await autoCloseScan(ctx);
      expect(r1.reminded).toBeGreaterThanOrEqual(1);
      expect((await autoCloseScan(ctx)).reminded).toBe(0); // once
      // the requester writes: the clock starts again
      await addRequesterMessage(ctx, requesterActor(), ticket.id, { text: 'هنوز سؤال دارم' });
      await agentReply(ctx, agent(), ticket.id, { text: 'این هم پاسخ دوم', via: 'panel' });
      clock.advance(6 * day + 60_000);
      await autoCloseScan(ctx);
      expect((await db.ds.getRepository(Ticket).findOneBy({ id: ticket.id }))!.state).toBe('answered');
      clock.advance(day);
      await autoCloseScan(ctx);
      const closed = (await db.ds.getRepository(Ticket).findOneBy({ id: ticket.id }))!;
      expect(closed.state).toBe('closed');
      expect(closed.closeReason).toBe('auto_close');
      // closed → finished after 30 days
      clock.advance(31 * day);
      await autoCloseScan(ctx);
      expect((await db.ds.getRepository(Ticket).findOneBy({ id: ticket.id }))!.state).toBe('finished');
    });
  });
});
