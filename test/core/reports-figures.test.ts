/**
 * Dashboards and reports on MariaDB (and the embedded SQLite) with a hand-built data set (rows inserted directly). Calendar: Tehran,
 * Sat–Wed 08:00–16:00, Thu 08:00–13:00; 2026-12-05 is a Saturday. "Now" is Wed 2026-12-09 15:00 Tehran.
 * Team A, agent A1, policy P (first response 60, resolution 2400 working minutes):
 *  T1 Sat 08:00 new; 09:00 answered (first reply, FR 60); waits for the user until Sun 08:00 (open);
 *     closed Sun 10:00 → resolution = Sat 08–09 (60) + Sun 08–10 (120) = 180; rating 5 with a comment. FR met, res met.
 *  T2 Sat 10:00 new; 12:00 answered (FR 120, breached); closed Sat 13:00 while waiting; reopened Mon 08:00;
 *     closed Mon 09:00 → resolution = 120 + 60 = 180 (the Sat 12:00 → Mon 08:00 wait is paused); rating 4.
 *  T3 Sun 15:00 new; 15:30 open; Mon 10:00 answered (FR = 60 + 120 = 180, breached); Mon 11:00 open;
 *     closed Mon 14:00 → resolution = 60 + 120 + 180 = 360; rating 2 with a comment.
 *  T4 Tue 08:00 urgent, open, no reply: FR breached (marked by the jobs); resolution running.
 *  T5 Wed 14:00 high, open: FR deadline 15:20 (running, within the 30 at-risk minutes); resolution running.
 *  T6 Wed 09:00 new, unassigned, no targets.   T8 Wed 08:00; 08:30 answered (FR 30); closed Wed 12:00 while
 *     waiting → resolution 30; rating 5 (no comment). FR and res met.
 *  T9 Tue 10:00 unassigned, cancelled Tue 11:00.   T7 (team B, agent B1) Mon 08:00, closed Mon 10:00; rating 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { SlaPolicy, Ticket } from '../../core/entities/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import { ForbiddenError } from '../../core/services/errors.ts';
import {
  agentsReport,
  breakdownReport,
  myDashboard,
  ratingsReport,
  slaReport,
  teamCards,
  toCsv,
  volumeReport,
  type ReportFilters,
} from '../../core/services/reports/index.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import type { Basics } from '../support/fixtures.ts';
import { NOW, seedReportData, teh } from '../support/report-data.ts';
import { parseCsv } from '../support/csv.ts';

describe.each([
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const)('reports with a hand-built data set (%s)', (_name, createDb) => {
  let db: TestDatabase;
  let ds: DataSource;
  let b: Basics;
  let ctx: ReturnType<typeof testContext>;
  let policy: SlaPolicy;
  const T: Record<string, Ticket> = {};

  beforeAll(async () => {
    db = await createDb();
    ds = db.ds;
    const data = await seedReportData(ds);
    ({ b, policy } = data);
    Object.assign(T, data.T);
    ctx = testContext(ds, new TestClock(NOW));
  });
  afterAll(async () => db?.close());

  const range: ReportFilters = { from: teh('2026-12-05 00:00'), to: teh('2026-12-10 00:00') };

  it('my dashboard: open figures, today and the 7-day performance against the daily goal', async () => {
    const d = await myDashboard(ctx, staffActor(b.agentA1), NOW);
    expect({ open: d.open, high: d.high, urgent: d.urgent, slaFailed: d.slaFailed, goal: d.dailyGoal }).toEqual({
      open: 2,
      high: 1,
      urgent: 1,
      slaFailed: 1,
      goal: 1,
    });
    // T4 31 h old (Tue 08:00 → Wed 15:00), T5 1 h → 16
    expect(d.avgOpenHours).toBe(16);
    // today: T8 closed, rated 5, no breach
    expect(d.today).toMatchObject({ closed: 1, closedPerDay: 1, ratings: 1, satisfied: 1, satisfiedPct: 100, slaMet: 1, slaSuccessPct: 100, goalMet: true });
    // 7 days (Thu 12-03 → now): T1, T2, T3, T8 closed; ratings 5, 4, 2, 5 → 3 of 4 satisfied; T1 and T8 without breach
    expect(d.week).toMatchObject({
      days: 7,
      closed: 4,
      closedPerDay: 0.6,
      ratings: 4,
      satisfied: 3,
      satisfiedPct: 75,
      slaMet: 2,
      slaSuccessPct: 50,
      goalMet: false,
    });
    expect(d.week.from).toEqual(teh('2026-12-03 00:00'));
  });

  it('an agent sees only his own dashboard and no team figures', async () => {
    await expect(myDashboard(ctx, staffActor(b.agentA1), NOW, b.agentA2.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(teamCards(ctx, staffActor(b.agentA1), NOW)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(slaReport(ctx, staffActor(b.agentA1), range)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('team cards: the supervisor sees team A only; the admin sees both; another team is Forbidden', async () => {
    const cards = await teamCards(ctx, staffActor(b.supervisor), NOW);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      teamId: b.teamA.id,
      open: 3,
      unassigned: 1,
      urgent: 1,
      slaAtRisk: 1,
      slaFailed: 1,
      closed7d: 4,
      successRate7d: 50,
      ratings7d: 4,
      avgRating7d: 4,
    });
    const all = await teamCards(ctx, staffActor(b.admin), NOW);
    expect(all.map((c) => c.teamId)).toEqual([b.teamA.id, b.teamB.id]);
    expect(all[1]).toMatchObject({ open: 0, closed7d: 1, successRate7d: 100, ratings7d: 1, avgRating7d: 1 });
    await expect(teamCards(ctx, staffActor(b.supervisor), NOW, b.teamB.id)).rejects.toBeInstanceOf(ForbiddenError);
    for (const report of [volumeReport, breakdownReport, slaReport, agentsReport, ratingsReport] as const) {
      await expect(report(ctx, staffActor(b.supervisor), { ...range, teamId: b.teamB.id })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it('volume per Tehran day and per week, with the backlog', async () => {
    const days = await volumeReport(ctx, staffActor(b.supervisor), range, 'day');
    expect(days.map((d) => [d.bucket, d.opened, d.closed, d.cancelled, d.reopened, d.backlog])).toEqual([
      ['2026-12-05', 2, 1, 0, 0, 1],
      ['2026-12-06', 1, 1, 0, 0, 1],
      ['2026-12-07', 0, 2, 0, 1, 0],
      ['2026-12-08', 2, 0, 1, 0, 1],
      ['2026-12-09', 3, 1, 0, 0, 3],
    ]);
    expect(days[0]!.label).toBe('1405/09/14');
    const weeks = await volumeReport(ctx, staffActor(b.admin), range, 'week');
    // the admin sees team B too: T7 opened and closed Monday
    expect(weeks.map((w) => [w.bucket, w.opened, w.closed, w.cancelled, w.reopened, w.backlog])).toEqual([['2026-12-05', 9, 6, 1, 1, 3]]);
  });

  it('tickets by team × state and by catalogue', async () => {
    const r = await breakdownReport(ctx, staffActor(b.supervisor), range);
    expect(r.byTeamState.map((x) => [x.teamId, x.state, x.count])).toEqual([
      [b.teamA.id, 'new', 1],
      [b.teamA.id, 'open', 2],
      [b.teamA.id, 'closed', 4],
      [b.teamA.id, 'cancelled', 1],
    ]);
    expect(r.bySubject).toEqual([{ id: b.subjectA.id, name: 'کاشت', total: 8, active: 3, done: 4, cancelled: 1 }]);
    const urgent = await breakdownReport(ctx, staffActor(b.supervisor), { ...range, priority: 'urgent' });
    expect(urgent.byDepartment).toEqual([{ id: b.department.id, name: 'دفتر زعفران', total: 1, active: 1, done: 0, cancelled: 0 }]);
  });

  it('SLA: met and failed per kind, per team and per policy; median and p90 in working minutes', async () => {
    const r = await slaReport(ctx, staffActor(b.supervisor), range);
    const fr = { kind: 'first_response', met: 2, failed: 3, running: 1, successPct: 40 };
    const res = { kind: 'resolution', met: 4, failed: 0, running: 2, successPct: 100 };
    expect(r.byTeam).toEqual([
      { ...fr, id: b.teamA.id, name: 'Team A' },
      { ...res, id: b.teamA.id, name: 'Team A' },
    ]);
    expect(r.byPolicy).toEqual([
      { ...fr, id: policy.id, name: 'P' },
      { ...res, id: policy.id, name: 'P' },
    ]);
    // first responses 60, 120, 180, 30 → sorted 30 60 120 180: median 90, p90 (rank 4) 180
    expect(r.firstResponseMinutes).toEqual({ count: 4, median: 90, p90: 180 });
    // resolutions 180 (T1, paused while waiting), 180 (T2, reopened), 360, 30 → median 180, p90 360
    expect(r.resolutionMinutes).toEqual({ count: 4, median: 180, p90: 360 });
  });

  it('agents: handled, closed, times, reopen rate and ratings of one agent', async () => {
    const rows = await agentsReport(ctx, staffActor(b.supervisor), { ...range, agentId: b.agentA1.id });
    expect(rows).toEqual([
      {
        staffId: b.agentA1.id,
        name: 'علی رضایی',
        handled: 6,
        closed: 4,
        firstResponseMinutes: { count: 4, median: 90, p90: 180 },
        resolutionMinutes: { count: 4, median: 180, p90: 360 },
        reopened: 1,
        reopenPct: 16.7,
        ratings: 4,
        avgRating: 4,
        satisfiedPct: 75,
      },
    ]);
    const admin = await agentsReport(ctx, staffActor(b.admin), range);
    expect(admin.map((a) => [a.staffId, a.handled, a.ratings, a.avgRating])).toEqual([
      [b.agentA1.id, 6, 4, 4],
      [b.agentB1.id, 1, 1, 1],
    ]);
    // T7: first reply after 60 working minutes; closed at 10:00 from new → resolution 120 (calendar of team B)
    expect(admin[1]!.firstResponseMinutes).toEqual({ count: 1, median: 60, p90: 60 });
    expect(admin[1]!.resolutionMinutes).toEqual({ count: 1, median: 120, p90: 120 });
  });

  it('ratings: distribution, trend and latest comments; CSV keeps Persian', async () => {
    const r = await ratingsReport(ctx, staffActor(b.supervisor), range, 'week');
    expect(r).toMatchObject({ distribution: [0, 1, 0, 1, 2], count: 4, average: 4, satisfiedPct: 75 });
    expect(r.trend).toEqual([{ bucket: '2026-12-05', label: '1405/09/14', count: 4, average: 4 }]);
    expect(r.comments.map((c) => [c.ticketNumber, c.score, c.comment])).toEqual([
      [T.T3!.number, 2, 'دیر جواب دادند\nخیلی دیر'],
      [T.T1!.number, 5, 'عالی بود، ممنون از "پشتیبانی"'],
    ]);
    const csv = toCsv(r.comments, [
      { key: 'ticketNumber', label: 'شماره' },
      { key: 'score', label: 'امتیاز' },
      { key: 'comment', label: 'نظر' },
      { key: 'assigneeName', label: 'کارشناس' },
    ]);
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(parsed).toEqual([
      ['شماره', 'امتیاز', 'نظر', 'کارشناس'],
      [String(T.T3!.number), '2', 'دیر جواب دادند\nخیلی دیر', 'علی رضایی'],
      [String(T.T1!.number), '5', 'عالی بود، ممنون از "پشتیبانی"', 'علی رضایی'],
    ]);
    expect(csv).toContain('"عالی بود، ممنون از ""پشتیبانی"""');
  });
});
