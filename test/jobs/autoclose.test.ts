/**
 * Auto-close: the scan alone with a test clock (idle since the resolution, a worker down for a week,
 * keyset pages), then the workers in real time with a "day" of 2 s: reminder, close after the idle time
 * and not before, a requester's message resets it, closed → finished.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/context.ts';
import { Team } from '../../core/entities/org.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { addRequesterMessage, agentReply, resolve } from '../../core/services/tickets/index.ts';
import { autoCloseScan } from '../../jobs/autoclose/scan.ts';
import { createJobsClient, startWorkers, type JobsClient, type Workers } from '../../jobs/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { TestClock, testContext } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';
import { until } from './outbox-harness.ts';

describe.each(DIALECTS)('autoclose on %s', (dialect) => {
  const DAY = 86_400_000;

  describe('the auto-close scan', () => {
    let db: TestDatabase;
    let b: Basics;
    const clock = new TestClock(new Date('2026-12-05T06:00:00Z'));
    let ctx: ReturnType<typeof testContext>;
    const agent = () => ({ kind: 'staff' as const, staff: b.agentA1 });
    const state = async (id: number) => (await db.ds.getRepository(Ticket).findOneByOrFail({ id })).state;

    beforeAll(async () => {
      db = await createTestDb(dialect);
      b = await seedBasics(db.ds);
      ctx = testContext(db.ds, clock);
      await db.ds.getRepository(Team).update({ id: b.teamB.id }, { autoCloseEnabled: false });
    });
    afterAll(() => db.close());

    it('a resolved ticket is idle from its resolution, not from its last message', async () => {
      clock.set('2026-12-05T06:00:00Z');
      const t = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id, at: clock.now() });
      clock.advance(10 * DAY); // worked on without messages for ten days, then resolved
      await resolve(ctx, agent(), t.id);
      clock.advance(60_000);
      expect(await autoCloseScan(ctx)).toMatchObject({ reminded: 0, closed: 0 });
      expect(await state(t.id)).toBe('resolved');
      clock.advance(6 * DAY);
      expect((await autoCloseScan(ctx)).reminded).toBe(1);
      clock.advance(DAY);
      expect((await autoCloseScan(ctx)).closed).toBe(1);
      expect(await state(t.id)).toBe('closed');
    });

    it('after a worker was down for weeks: reminded first, closed a day later, never silently', async () => {
      clock.set('2026-12-05T06:00:00Z');
      const t = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id, at: clock.now() });
      await agentReply(ctx, agent(), t.id, { text: 'پاسخ کارشناس', via: 'panel' });
      clock.advance(20 * DAY);
      const first = await autoCloseScan(ctx);
      expect(first.reminded).toBeGreaterThanOrEqual(1);
      expect(await state(t.id)).toBe('answered');
      clock.advance(DAY - 10 * 60_000);
      await autoCloseScan(ctx);
      expect(await state(t.id)).toBe('answered'); // the notice is a day
      clock.advance(10 * 60_000);
      await autoCloseScan(ctx);
      expect(await state(t.id)).toBe('closed');
    });

    it('walks every idle ticket in keyset pages, and a team with auto-close off keeps its tickets', async () => {
      clock.set('2026-12-05T06:00:00Z');
      const mine = [];
      for (let i = 0; i < 5; i++) {
        const t = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id, at: clock.now() });
        await agentReply(ctx, agent(), t.id, { text: `پاسخ ${i}`, via: 'panel' });
        mine.push(t);
        clock.advance(1000); // distinct lastActivityAt values, and one equal pair below
      }
      const same = await makeTicket(db.ds, b, { state: 'answered', at: new Date(clock.now().getTime() - 1000) });
      const off = await makeTicket(db.ds, b, { state: 'answered', teamId: b.teamB.id, subjectId: b.subjectB.id, at: clock.now() });
      clock.advance(6 * DAY + 3600_000);
      expect((await autoCloseScan(ctx, { batch: 2 })).reminded).toBe(6);
      clock.advance(DAY);
      expect((await autoCloseScan(ctx, { batch: 2 })).closed).toBe(6);
      for (const t of [...mine, same]) expect(await state(t.id)).toBe('closed');
      expect(await state(off.id)).toBe('answered');
    });
  });

  describe('auto-close on the workers, with a day of 2 s', () => {
    const DAY_MS = 2000;
    let db: TestDatabase;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;
    let client: JobsClient;
    let workers: Workers;
    const prefix = uniquePrefix('ac');
    const agent = () => ({ kind: 'staff' as const, staff: b.agentA1 });
    const ticket = (id: number) => db.ds.getRepository(Ticket).findOneByOrFail({ id });

    beforeAll(async () => {
      db = await createTestDb(dialect);
      b = await seedBasics(db.ds);
      // idle 2 "days" (4 s) closes, reminded a "day" (2 s) before; closed → finished after 1 "day"
      await db.ds.getRepository(Team).update({ id: b.teamA.id }, { autoCloseDays: 2, finishAfterDays: 1 });
      ctx = testContext(db.ds, systemClock);
      const deps = {
        core: ctx,
        log: ctx.log,
        redis: { options: testRedisOptions(), description: 'test', stop: async () => {} },
        prefix,
        telegram: null,
        autoCloseEveryMs: 100,
        autoCloseDayMs: DAY_MS,
      };
      client = createJobsClient(deps);
      workers = await startWorkers(deps, client);
    });
    afterAll(async () => {
      await workers?.close();
      await client?.close();
      await clearPrefix(prefix);
      await db?.close();
    });

    it('reminds after a day, closes after the idle time and not before; a requester message starts it again', { timeout: 30_000 }, async () => {
      const quiet = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id, at: new Date() });
      const talking = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id, at: new Date() });
      await agentReply(ctx, agent(), quiet.id, { text: 'پاسخ داده شد', via: 'panel' });
      await agentReply(ctx, agent(), talking.id, { text: 'پاسخ داده شد', via: 'panel' });
      const quietSince = (await ticket(quiet.id)).lastActivityAt.getTime();
      // the requester of `talking` writes after its reminder; the agent answers again
      await until(async () => !!(await ticket(talking.id)).autoCloseRemindedAt, 5000, 'the first reminder');
      await addRequesterMessage(ctx, { kind: 'requester', requester: b.requester }, talking.id, { text: 'یک سؤال دیگر دارم' });
      await agentReply(ctx, agent(), talking.id, { text: 'این هم پاسخ دوم', via: 'panel' });
      const talkingSince = (await ticket(talking.id)).lastActivityAt.getTime();

      await until(async () => (await ticket(quiet.id)).state === 'closed', 10_000, 'the quiet ticket closed');
      const closed = await ticket(quiet.id);
      expect(closed.closeReason).toBe('auto_close');
      expect(closed.autoCloseRemindedAt!.getTime() - quietSince).toBeGreaterThanOrEqual(DAY_MS);
      expect(closed.closedAt!.getTime() - quietSince).toBeGreaterThanOrEqual(2 * DAY_MS);
      expect(closed.closedAt!.getTime() - quietSince).toBeLessThan(2 * DAY_MS + 600);
      // the other one started again from the requester's message: still answered, closed 4 s after it
      expect((await ticket(talking.id)).state).toBe('answered');
      await until(async () => (await ticket(talking.id)).state === 'closed', 10_000, 'the talking ticket closed');
      expect((await ticket(talking.id)).closedAt!.getTime() - talkingSince).toBeGreaterThanOrEqual(2 * DAY_MS);
      // the requester got a reminder per idle period and the closing message
      const toRequester = (await db.ds.getRepository(OutboxMessage).findBy({ chatId: b.requester.telegramId, ticketId: talking.id })).map(
        (r) => r.dedupeKey ?? r.purpose,
      );
      expect(toRequester.filter((k) => k.startsWith('autoclose-remind-'))).toHaveLength(2);
      const told = (await db.ds.getRepository(OutboxMessage).findBy({ chatId: b.requester.telegramId, ticketId: quiet.id })).filter(
        (r) => !r.dedupeKey && r.purpose !== 'answer',
      );
      expect(told.map((r) => [r.purpose, r.createdAt.getTime()])).toEqual([['notify', closed.closedAt!.getTime()]]);
      // closed → finished a day later
      await until(async () => (await ticket(quiet.id)).state === 'finished', 6000, 'finished');
      expect((await ticket(quiet.id)).finishedAt!.getTime() - closed.closedAt!.getTime()).toBeGreaterThanOrEqual(DAY_MS);
    });
  });
});
