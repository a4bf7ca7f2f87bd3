/**
 * The periodic duties with several worker processes (jobs/exclusive.ts): two workers that start the same duty
 * at once — the next scheduled run beside a long one — run it once; the other is skipped, and the lease is
 * given back, so the next run runs. Shown with the duty where an overlap cost the most (the report figures
 * recomputed after a calendar edit: every ticket's facts twice) and with the auto-close scan. MariaDB only:
 * several worker processes need it (SQLite serves one process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { SlaPolicy, StaffChat, StaffNotice } from '../../core/entities/index.ts';
import { checkChatDelays } from '../../core/services/chat-delays.ts';
import { transact } from '../../core/tx.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { updateCalendar } from '../../core/services/calendars/calendars.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { followCalendarEdits } from '../../core/services/reports/summary/calendars.ts';
import { autoCloseScan } from '../../jobs/autoclose/scan.ts';
import { dutyKey, exclusive, SKIPPED } from '../../jobs/exclusive.ts';
import { createMariaDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';

describe('a duty started by two workers at once runs once', () => {
  let db: TestDatabase;
  let b: Basics;
  let ctx: ReturnType<typeof testContext>;
  const prefix = uniquePrefix('duty');
  // two worker processes: each its own Redis connection
  const workerA = new Redis(testRedisOptions());
  const workerB = new Redis(testRedisOptions());

  beforeAll(async () => {
    db = await createMariaDb();
    b = await seedBasics(db.ds);
    ctx = testContext(db.ds, new TestClock(new Date('2026-12-05T09:00:00+03:30')));
    await db.ds.getRepository(SlaPolicy).save({
      name: 'default',
      teamId: null,
      subjectId: null,
      minPriority: null,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
      ceilingMinutes: 24 * 60,
      calendarId: b.calendar.id,
      sortOrder: 0,
      active: true,
    });
    for (let i = 0; i < 6; i++)
      await tickets.openTicket(ctx, requesterActor(i % 2 ? b.requester : b.requester2), {
        subjectId: b.subjectA.id,
        title: `آبیاری ${i}`,
        text: 'زمان آبیاری تاک',
      });
  }, 120_000);
  afterAll(async () => {
    workerA.disconnect();
    workerB.disconnect();
    await clearPrefix(prefix);
    await db?.close();
  });

  it('report-calendars after a calendar edit: one recomputes, the other is skipped; the next run runs', async () => {
    expect(await followCalendarEdits(ctx)).toEqual({ retargeted: 0, recomputed: 0 }); // records the calendars
    await updateCalendar(ctx, b.admin.id, b.calendar.id, { weekly: { ...b.calendar.weekly, 6: [{ start: '10:00', end: '16:00' }] } });
    const runs = await Promise.all([workerA, workerB].map((r) => exclusive(r, prefix, 'report-calendars', 10_000, () => followCalendarEdits(ctx))));
    expect(runs.filter((r) => r === SKIPPED)).toHaveLength(1);
    expect(runs.find((r) => r !== SKIPPED)).toEqual({ retargeted: 6, recomputed: 6 });
    expect(await workerA.exists(dutyKey(prefix, 'report-calendars'))).toBe(0); // given back
    expect(await exclusive(workerB, prefix, 'report-calendars', 10_000, () => followCalendarEdits(ctx))).toEqual({ retargeted: 0, recomputed: 0 });
  });

  it('the auto-close scan: the same', async () => {
    const runs = await Promise.all([workerA, workerB].map((r) => exclusive(r, prefix, 'autoclose', 10_000, () => autoCloseScan(ctx))));
    expect(runs.filter((r) => r === SKIPPED)).toHaveLength(1);
    expect(runs.find((r) => r !== SKIPPED)).toEqual({ reminded: 0, closed: 0, finished: 0 });
  });

  it('the staff chat delay check (issue 17): one run at a time, and even two runs at once alert once', async () => {
    const chat = await db.ds
      .getRepository(StaffChat)
      .save({ chatId: -5_550_001, title: 'میز شلوغ', layout: 'plain', departmentId: b.department.id, status: 'active' });
    await transact(ctx, (tx) => tx.outbox({ chatId: chat.chatId, method: 'sendMessage', payload: { text: 'در صف' }, purpose: 'test' }));
    (ctx.clock as TestClock).advance(6 * 60_000);
    const runs = await Promise.all([workerA, workerB].map((r) => exclusive(r, prefix, 'chat-delays', 10_000, () => checkChatDelays(ctx))));
    expect(runs.filter((r) => r === SKIPPED)).toHaveLength(1);
    expect(runs.find((r) => r !== SKIPPED)).toEqual({ alerted: [chat.id], cleared: [] });
    // without the lease too (its conditional update decides): the episode is told once
    await db.ds.getRepository(StaffChat).update({ id: chat.id }, { delayAlertedAt: null });
    const bare = await Promise.all([checkChatDelays(ctx), checkChatDelays(ctx)]);
    expect(bare.flatMap((r) => r.alerted)).toEqual([chat.id]);
    const notices = await db.ds.getRepository(StaffNotice).countBy({ kind: 'chat_delay', staffId: b.supervisor.id });
    expect(notices).toBe(2); // one an alert: the first run's and the second episode's
  });

  it('a worker killed during a run blocks the duty only until its lease runs out', async () => {
    // the killed worker's lease, as it was left: nobody renews it
    await workerA.set(dutyKey(prefix, 'autoclose'), 'killed-worker', 'PX', 300);
    expect(await exclusive(workerB, prefix, 'autoclose', 10_000, () => autoCloseScan(ctx))).toBe(SKIPPED);
    await expect.poll(() => workerB.exists(dutyKey(prefix, 'autoclose')), { timeout: 5_000 }).toBe(0);
    expect(await exclusive(workerB, prefix, 'autoclose', 10_000, () => autoCloseScan(ctx))).toEqual({ reminded: 0, closed: 0, finished: 0 });
  });
});
