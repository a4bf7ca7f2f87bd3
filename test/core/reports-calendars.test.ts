/**
 * The report figures follow calendar edits (core/services/reports/summary/calendars.ts): a ticket answered
 * two hours after it was opened on a Saturday has 120 working minutes to its first response; the admin
 * moves Saturday's opening from 08:00 to 10:00, then makes that Saturday a holiday. Until the summary
 * follows, the reports through it disagree with the plain computation (which uses the calendars of now);
 * followCalendarEdits recomputes every ticket once per change and then they agree again (60, then 0 minutes).
 * A second ticket, opened at 11:00 and not answered, has its first-response deadline at 12:00; the holiday
 * moves it to Sunday 09:00 (an hour after opening), and the jobs hear of the move (ctx.onSlaChange).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { CalendarException, ReportTicketFact, SlaPolicy, SlaTarget } from '../../core/entities/index.ts';
import type { SlaTargetChange } from '../../core/sla/service.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { updateCalendar } from '../../core/services/calendars/calendars.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { slaReport, type ReportFilters } from '../../core/services/reports/index.ts';
import { followCalendarEdits } from '../../core/services/reports/summary/calendars.ts';
import { cubeSource } from '../../core/services/reports/summary/cube.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';

const teh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+03:30`);

describe.each([
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const)('report figures follow calendar edits (%s)', (_name, createDb) => {
  let db: TestDatabase;
  let ds: DataSource;
  let b: Basics;
  let ctx: ReturnType<typeof testContext>;
  let ticketId: number;
  let waiting: number;
  const moved: SlaTargetChange[] = [];
  const clock = new TestClock(teh('2026-12-05 09:00'));
  const range: ReportFilters = { from: teh('2026-12-01 00:00'), to: teh('2026-12-10 00:00') };

  const frOf = async () => (await ds.getRepository(ReportTicketFact).findOneByOrFail({ ticketId })).frMinutes;
  const both = async () => {
    const admin = staffActor(b.admin);
    const summary = await slaReport(ctx, admin, range);
    cubeSource.plainOnly = true;
    try {
      return { summary: summary.firstResponseMinutes, plain: (await slaReport(ctx, admin, range)).firstResponseMinutes };
    } finally {
      cubeSource.plainOnly = false;
    }
  };

  beforeAll(async () => {
    db = await createDb();
    ds = db.ds;
    b = await seedBasics(ds);
    ctx = testContext(ds, clock);
    await ds.getRepository(SlaPolicy).save({
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
    // Saturday 09:00, answered at 11:00
    ticketId = (await tickets.openTicket(ctx, requesterActor(b.requester), { subjectId: b.subjectA.id, title: 'آفت انگور', text: 'برگ‌ها لکه دارند' })).ticket
      .id;
    await tickets.assign(ctx, staffActor(b.admin), ticketId, b.agentA1.id);
    clock.set(teh('2026-12-05 11:00'));
    await tickets.agentReply(ctx, staffActor(b.agentA1), ticketId, { text: 'سلام، بررسی می‌کنیم', via: 'panel' });
    waiting = (await tickets.openTicket(ctx, requesterActor(b.requester2), { subjectId: b.subjectA.id, title: 'آبیاری', text: 'زمان آبیاری تاک' })).ticket.id;
    ctx.onSlaChange = (changes) => moved.push(...changes);
  }, 120_000);
  const firstResponseDeadline = async () => (await ds.getRepository(SlaTarget).findOneByOrFail({ ticketId: waiting, kind: 'first_response' })).deadline;
  afterAll(async () => db?.close());

  it('records the calendars first, recomputes once per edit, and the reports agree with the plain tables again', async () => {
    expect(await followCalendarEdits(ctx)).toEqual({ retargeted: 0, recomputed: 0 }); // the first look only records them
    expect(await frOf()).toBe(120);
    expect(await firstResponseDeadline()).toEqual(teh('2026-12-05 12:00'));
    expect((await both()).summary.median).toBe(120);

    const week = { ...b.calendar.weekly, 6: [{ start: '10:00', end: '16:00' }] };
    await updateCalendar(ctx, b.admin.id, b.calendar.id, { weekly: week });
    const stale = await both();
    expect(stale.summary.median).toBe(120);
    expect(stale.plain.median).toBe(60);

    // the answered ticket's resolution target and the waiting ticket's two run
    expect(await followCalendarEdits(ctx)).toEqual({ retargeted: 2, recomputed: 2 });
    expect(await frOf()).toBe(60);
    expect(await firstResponseDeadline()).toEqual(teh('2026-12-05 12:00'));
    const fresh = await both();
    expect(fresh.summary).toEqual(fresh.plain);
    expect(await followCalendarEdits(ctx)).toEqual({ retargeted: 0, recomputed: 0 }); // nothing changed since

    await ds.getRepository(CalendarException).save({ calendarId: b.calendar.id, date: '2026-12-05', kind: 'holiday', intervals: null, note: 'تعطیل' });
    moved.length = 0;
    expect(await followCalendarEdits(ctx)).toEqual({ retargeted: 2, recomputed: 2 });
    expect(await frOf()).toBe(0);
    expect(await firstResponseDeadline()).toEqual(teh('2026-12-06 09:00'));
    expect(moved.find((c) => c.ticketId === waiting && c.kind === 'first_response')?.deadline).toEqual(teh('2026-12-06 09:00'));
    const holiday = await both();
    expect(holiday.summary).toEqual(holiday.plain);
    expect(holiday.summary.median).toBe(0);
  });
});
