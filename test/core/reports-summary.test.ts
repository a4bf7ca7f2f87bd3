/**
 * The report summary (report_ticket_facts, report_daily) stays equal to the plain computation through a series of
 * ticket changes made by the real services over several Tehran days (open, reply, requester answers, resolve,
 * confirm with a rating, not resolved, reopen, transfer to another team, priority, cancel, close, finish, a breach
 * marked by the jobs), on MariaDB and SQLite:
 * - report_daily holds exactly the sum of every ticket's contribution recomputed from scratch, and each fact
 *   equals its recomputation;
 * - every report read through the summary equals the same report read from the plain tables only, for a
 *   range on local midnights, a range with partial days at both ends, and with filters;
 * - rebuildReportSummary gives back the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ReportDaily, ReportTicketFact, SlaPolicy, SlaTarget, Ticket } from '../../core/entities/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import {
  agentsReport,
  breakdownReport,
  myDashboard,
  ratingsReport,
  slaReport,
  teamCards,
  volumeReport,
  type ReportFilters,
} from '../../core/services/reports/index.ts';
import { cubeSource } from '../../core/services/reports/summary/cube.ts';
import { computeFacts, contribution } from '../../core/services/reports/summary/facts.ts';
import { atEveryGrain, rebuildReportSummary } from '../../core/services/reports/summary/maintain.ts';
import { MINUTE_GRAIN, MINUTE_METRICS, REPORT_GRAINS } from '../../core/entities/report-summary.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';

const teh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+03:30`);

describe.each([
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const)('report summary equals the plain computation (%s)', (_name, createDb) => {
  let db: TestDatabase;
  let ds: DataSource;
  let b: Basics;
  const clock = new TestClock(teh('2026-12-05 07:50'));
  let ctx: ReturnType<typeof testContext>;

  /** report_daily at one grain as key → n (rows with n = 0 left out) */
  async function dailyRows(grain = 'all'): Promise<Map<string, number>> {
    const m = new Map<string, number>();
    for (const r of await ds.getRepository(ReportDaily).find({ where: { grain } })) {
      if (r.n === 0) continue;
      const k = JSON.stringify([
        r.metric,
        r.day,
        r.teamId,
        r.valueChainId,
        r.departmentId,
        r.subjectId,
        r.assigneeId,
        r.priority,
        r.internal,
        r.state,
        r.reopened,
        r.policyId,
        r.ratedAssigneeId,
        r.score,
        r.channel,
      ]);
      m.set(k, r.n);
    }
    return m;
  }

  async function recomputed(): Promise<Map<string, number>> {
    const ids = (await ds.getRepository(Ticket).find({ select: { id: true } })).map((t) => t.id);
    const m = new Map<string, number>();
    for (const f of await computeFacts(ds.manager, ids)) for (const [k, n] of contribution(f)) m.set(k, (m.get(k) ?? 0) + n);
    return m;
  }

  const at = (s: string) => clock.set(teh(s));

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
    const req = requesterActor(b.requester);
    const req2 = requesterActor(b.requester2);
    const a1 = staffActor(b.agentA1);
    const admin = staffActor(b.admin);
    const open = async (who: typeof req, subjectId: number, title: string) =>
      (await tickets.openTicket(ctx, who, { subjectId, title, text: `${title}: برگ‌ها لکه دارند` })).ticket.id;

    // Saturday
    at('2026-12-05 08:00');
    const t1 = await open(req, b.subjectA.id, 'آفت انگور');
    const t2 = await open(req, b.subjectA.id, 'آبیاری');
    const t3 = await open(req2, b.subjectB.id, 'صادرات زعفران');
    at('2026-12-05 08:40');
    await tickets.assign(ctx, admin, t1, b.agentA1.id);
    await tickets.agentReply(ctx, a1, t1, { text: 'لطفاً عکس بفرستید', via: 'panel' });
    at('2026-12-05 10:00');
    await tickets.addRequesterMessage(ctx, req, t1, { text: 'عکس را فرستادم' });
    await tickets.assign(ctx, admin, t2, b.agentA2.id);
    at('2026-12-05 12:30');
    await tickets.resolve(ctx, a1, t1);
    await tickets.confirmResolved(ctx, req, t1, { score: 5, comment: 'خیلی ممنون' });
    // a breach the jobs mark on a running target
    await ds.getRepository(SlaTarget).update({ ticketId: t3, kind: 'first_response' }, { breached: true, breachedAt: clock.now() });
    // Sunday
    at('2026-12-06 09:00');
    const t4 = await open(req2, b.subjectA.id, 'بیماری گل محمدی');
    await tickets.setPriority(ctx, admin, t4, 'urgent');
    await tickets.agentReply(ctx, staffActor(b.agentA2), t2, { text: 'پاسخ شما', via: 'panel' });
    await tickets.resolve(ctx, staffActor(b.agentA2), t2);
    at('2026-12-06 11:00');
    await tickets.notResolved(ctx, req, t2, { text: 'هنوز مشکل دارم' });
    await tickets.transfer(ctx, admin, t4, { teamId: b.teamB.id, note: 'به تیم صادرات' });
    await tickets.cancel(ctx, admin, t3, 'duplicate');
    // Monday
    at('2026-12-07 08:30');
    await tickets.reopen(ctx, admin, t3);
    await tickets.assign(ctx, admin, t3, b.agentB1.id);
    at('2026-12-07 09:00');
    // only the assignee changes (no SLA recomputation)
    await tickets.assign(ctx, admin, t3, b.agentA1.id);
    await tickets.close(ctx, admin, t2, 'حل شد');
    at('2026-12-07 15:00');
    await tickets.reopen(ctx, admin, t1);
    await tickets.agentReply(ctx, a1, t1, { text: 'دوباره بررسی شد', via: 'panel' });
    await tickets.close(ctx, a1, t1, 'انجام شد');
    await tickets.finish(ctx, t2);
    const t5 = await open(req, b.subjectB.id, 'بسته‌بندی');
    await tickets.assign(ctx, admin, t5, b.agentB1.id);
    await tickets.resolve(ctx, staffActor(b.agentB1), t5);
    at('2026-12-08 09:00');
    await tickets.confirmResolved(ctx, req, t5, { score: 2, comment: 'دیر بود' });
    at('2026-12-08 10:00');
  }, 120_000);
  afterAll(async () => db?.close());

  it('report_daily is the sum of every ticket recomputed; each fact equals its recomputation', async () => {
    const stored = await dailyRows();
    expect(stored.size).toBeGreaterThan(10);
    const fresh = await recomputed();
    const isMinutes = (k: string) => (MINUTE_METRICS as readonly string[]).includes(JSON.parse(k)[0]);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries([...fresh].filter(([k]) => !isMinutes(k))));
    // every coarser grain holds exactly the recomputed rows folded to its dimensions, the minute buckets only theirs
    const folded = atEveryGrain(fresh);
    expect([...folded.keys()].filter((k) => JSON.parse(k)[0] === MINUTE_GRAIN.name).length).toBeGreaterThan(0);
    for (const grain of [...Object.keys(REPORT_GRAINS).filter((g) => g !== 'all'), MINUTE_GRAIN.name]) {
      const expected = new Map(
        [...folded].filter(([k, n]) => JSON.parse(k)[0] === grain && n !== 0).map(([k, n]) => [JSON.stringify(JSON.parse(k).slice(1)), n]),
      );
      expect(Object.fromEntries(await dailyRows(grain))).toEqual(Object.fromEntries(expected));
    }
    const facts = await ds.getRepository(ReportTicketFact).find({ order: { ticketId: 'ASC' } });
    const again = await computeFacts(
      ds.manager,
      facts.map((f) => f.ticketId),
    );
    expect(facts.length).toBe(5);
    for (const f of facts) {
      const g = again.find((x) => x.ticketId === f.ticketId)!;
      expect([...contribution(f)].sort()).toEqual([...contribution(g)].sort());
      expect(f.frMinutes).toBe(g.frMinutes);
      expect(f.resMinutes).toBe(g.resMinutes);
    }
    // the series left something in every kind of row
    const metrics = new Set([...stored.keys()].map((k) => JSON.parse(k)[0]));
    for (const m of ['ticket', 'fr_met', 'fr_open', 'res_met', 'res_open', 'closed', 'cancelled', 'reopened', 'closed_at', 'rating'])
      expect(metrics).toContain(m);
  });

  const ranges: [string, ReportFilters][] = [
    ['local midnights', { from: teh('2026-12-05 00:00'), to: teh('2026-12-09 00:00') }],
    ['partial days at both ends', { from: teh('2026-12-05 09:00'), to: teh('2026-12-08 09:30') }],
    ['one partial day', { from: teh('2026-12-07 08:00'), to: teh('2026-12-07 16:00') }],
  ];

  it.each(ranges)('every report through the summary equals the plain tables: %s', async (_label, range) => {
    const admin = staffActor(b.admin);
    // each grain of report_daily is read by some of these (team: none and team; cat: subject, department; agent: agent; all: priority)
    const filters: ReportFilters[] = [
      range,
      { ...range, teamId: b.teamA.id },
      { ...range, agentId: b.agentA1.id },
      { ...range, priority: 'urgent' },
      { ...range, subjectId: b.subjectA.id },
      { ...range, departmentId: b.department.id, internal: false },
    ];
    const all = async (f: ReportFilters) => ({
      volume: await volumeReport(ctx, admin, f, 'day'),
      weeks: await volumeReport(ctx, admin, f, 'week'),
      breakdown: await breakdownReport(ctx, admin, f),
      sla: await slaReport(ctx, admin, f),
      agents: await agentsReport(ctx, admin, f),
      ratings: await ratingsReport(ctx, admin, f, 'day'),
    });
    for (const f of filters) {
      const summary = await all(f);
      cubeSource.plainOnly = true;
      try {
        expect(summary).toEqual(await all(f));
      } finally {
        cubeSource.plainOnly = false;
      }
    }
    // the figures are not all empty
    const whole = await all(range);
    expect(whole.breakdown.byTeamState.reduce((s, r) => s + r.count, 0)).toBeGreaterThan(0);
  });

  it('my dashboard and the team cards through the summary equal the plain tables, today and days later', async () => {
    for (const now of [teh('2026-12-08 10:00'), teh('2026-12-10 09:00'), teh('2026-12-13 18:00')]) {
      const read = async () => ({
        a1: await myDashboard(ctx, staffActor(b.agentA1), now),
        a2: await myDashboard(ctx, staffActor(b.agentA2), now),
        b1: await myDashboard(ctx, staffActor(b.agentB1), now),
        cards: await teamCards(ctx, staffActor(b.admin), now),
      });
      const summary = await read();
      cubeSource.plainOnly = true;
      try {
        expect(summary).toEqual(await read());
      } finally {
        cubeSource.plainOnly = false;
      }
      if (now.getTime() === teh('2026-12-10 09:00').getTime()) {
        expect(summary.a2.week.closed + summary.a1.week.closed + summary.b1.week.closed).toBeGreaterThan(0);
      }
    }
  });

  it('rebuildReportSummary gives back the same rows', async () => {
    const before = await dailyRows();
    expect(await rebuildReportSummary(ctx)).toBe(5);
    expect(Object.fromEntries(await dailyRows())).toEqual(Object.fromEntries(before));
  });
});
