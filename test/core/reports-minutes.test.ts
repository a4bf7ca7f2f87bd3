/**
 * The working-minute figures of long ranges (core/services/reports/summary/minutes.ts): a range holding whole
 * months reads the monthly bucket counts and then only the facts inside the buckets of the median and the
 * p90 — and must give exactly what every fact of the range gives. Here 3,000 facts over half a year (three
 * teams, six agents and unassigned tickets, internal or not, values on the rounding edge x.5, in the exact
 * buckets under 32 minutes and far out), stored with their report_daily rows as the core stores them; the
 * expected figures are computed in the test from the facts themselves, for ranges on month starts, with days
 * at both ends, of one month, and inside one month, with the filters the months keep and one they do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { ReportFilters } from '../../core/services/reports/index.ts';
import { weightedSpread, type Weighted } from '../../core/services/reports/stats.ts';
import { contribution, type FactRow } from '../../core/services/reports/summary/facts.ts';
import { addToDaily, writeFacts } from '../../core/services/reports/summary/maintain.ts';
import { cohortMinutes, minuteReads } from '../../core/services/reports/summary/minutes.ts';
import type { TeamScope } from '../../core/services/reports/scope.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';

const teh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+03:30`);

/** a small deterministic generator (the data set is the same on every run) */
function lcg(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

function makeFacts(): FactRow[] {
  const rnd = lcg(42);
  const start = teh('2026-01-12 06:00').getTime();
  const span = teh('2026-06-25 20:00').getTime() - start;
  const facts: FactRow[] = [];
  const minutes = (): number | null => {
    const r = rnd();
    if (r < 0.1) return null;
    if (r < 0.25) return Math.floor(rnd() * 40); // the exact buckets
    if (r < 0.35) return Math.floor(rnd() * 3000) + 0.5; // on the rounding edge
    return Math.round(-Math.log(1 - rnd()) * 900 * 1000) / 1000;
  };
  for (let i = 1; i <= 3000; i++) {
    const team = 1 + Math.floor(rnd() * 3);
    const agent = rnd() < 0.15 ? null : team * 10 + Math.floor(rnd() * 2);
    facts.push({
      ticketId: i,
      createdAt: new Date(start + Math.floor(rnd() * span)),
      teamId: rnd() < 0.05 ? null : team,
      valueChainId: 1,
      departmentId: team,
      subjectId: team * 2,
      assigneeId: agent,
      priority: rnd() < 0.3 ? 'high' : 'normal',
      internal: rnd() < 0.2,
      channel: 'telegram',
      state: 'closed',
      reopened: false,
      closedAt: null,
      frOutcome: '',
      frPolicyId: null,
      resOutcome: '',
      resPolicyId: null,
      anyBreached: false,
      frMinutes: minutes(),
      resMinutes: minutes(),
      moves: '{}',
    });
  }
  return facts;
}

/** the figures straight from the facts: per key, {count, median, p90} of whole minutes */
function expected(facts: FactRow[], f: ReportFilters, scope: TeamScope, byAssignee: boolean) {
  const out: Record<'fr' | 'res', Record<number, ReturnType<typeof weightedSpread>>> = { fr: {}, res: {} };
  const pick = facts.filter(
    (x) =>
      x.createdAt >= f.from &&
      x.createdAt < f.to &&
      (!scope || (x.teamId !== null && scope.includes(x.teamId))) &&
      (f.teamId == null || x.teamId === f.teamId) &&
      (f.agentId == null || x.assigneeId === f.agentId) &&
      (f.internal == null || x.internal === f.internal) &&
      (f.priority == null || x.priority === f.priority) &&
      (!byAssignee || x.assigneeId !== null),
  );
  for (const kind of ['fr', 'res'] as const) {
    const lists = new Map<number, Weighted>();
    for (const x of pick) {
      const v = kind === 'fr' ? x.frMinutes : x.resMinutes;
      if (v === null) continue;
      const k = byAssignee ? x.assigneeId! : 0;
      if (!lists.has(k)) lists.set(k, []);
      lists.get(k)!.push([Math.floor(v + 0.5), 1]);
    }
    for (const [k, l] of lists) out[kind][k] = weightedSpread(l);
  }
  return out;
}

describe.each([
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const)('minutes of long ranges through the monthly buckets equal every fact (%s)', (_name, createDb) => {
  let db: TestDatabase;
  let ds: DataSource;
  let ctx: ReturnType<typeof testContext>;
  const facts = makeFacts();

  beforeAll(async () => {
    db = await createDb();
    ds = db.ds;
    ctx = testContext(ds);
    await ds.transaction(async (em) => {
      await writeFacts(em, facts, false);
      const total = new Map<string, number>();
      for (const f of facts) for (const [k, n] of contribution(f)) total.set(k, (total.get(k) ?? 0) + n);
      await addToDaily(em, total, true);
    });
  }, 120_000);
  afterAll(async () => db?.close());

  const ranges: [string, Date, Date, boolean][] = [
    ['on month starts', teh('2026-01-01 00:00'), teh('2026-07-01 00:00'), true],
    ['with days at both ends', teh('2026-01-20 10:00'), teh('2026-05-11 13:30'), true],
    ['one whole month', teh('2026-03-01 00:00'), teh('2026-04-01 00:00'), true],
    ['inside one month', teh('2026-03-05 00:00'), teh('2026-03-25 00:00'), false],
  ];
  const filters: [string, Partial<ReportFilters>, TeamScope, boolean][] = [
    ['everything', {}, null, true],
    ['a team', { teamId: 2 }, null, true],
    ['an agent', { agentId: 21 }, null, true],
    ['internal', { internal: true }, null, true],
    ['a supervisor of two teams', {}, [1, 3], true],
    ['a supervisor of no team', {}, [], true],
    ['a priority (not kept by the months: every fact read)', { priority: 'high' }, null, false],
  ];

  it.each(ranges)('%s', async (_label, from, to, months) => {
    let checked = 0;
    for (const [, extra, scope, foldable] of filters) {
      for (const byAssignee of [false, true]) {
        const f: ReportFilters = { from, to, ...extra };
        const before = minuteReads.throughMonths;
        const got = await cohortMinutes(ctx, f, scope, byAssignee);
        expect(minuteReads.throughMonths - before).toBe(months && foldable ? 2 : 0);
        const want = expected(facts, f, scope, byAssignee);
        for (const kind of ['fr', 'res'] as const) {
          const spread = Object.fromEntries([...got[kind]].map(([k, l]) => [k, weightedSpread(l)]).filter(([, s]) => (s as { count: number }).count > 0));
          expect(spread).toEqual(want[kind]);
          checked += Object.keys(want[kind]).length;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('the months answer from few facts: the buckets read are a small part of the range', async () => {
    const f: ReportFilters = { from: teh('2026-01-01 00:00'), to: teh('2026-07-01 00:00') };
    const before = minuteReads.exactRows;
    await cohortMinutes(ctx, f, null, false);
    const read = minuteReads.exactRows - before;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(facts.length / 5);
  });
});
