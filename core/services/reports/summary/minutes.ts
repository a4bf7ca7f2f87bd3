/**
 * Working-minute figures of the tickets created in a range (filters, scope), as counted whole minutes
 * ([minutes, tickets] per assignee when asked), from report_ticket_facts, where each ticket's first response
 * and resolution minutes were computed when it last changed (working.ts rules):
 * - a range holding whole local months (without a catalogue or priority filter): the months' counts per
 *   minute bucket (report_daily, MINUTE_GRAIN) find the buckets of the median and the p90, and only the facts
 *   inside those buckets are read — a year of a million tickets costs a few thousand summary rows and a few
 *   per cent of the facts (throughMonths);
 * - otherwise the facts of the range grouped in the database by whole minutes (scan);
 * - with cubeSource.plainOnly (or another time zone) from the tickets and their events, as working.ts does,
 *   rounded and counted the same way.
 * The median and p90 are exact over whole working minutes either way (a value is rounded half up to the minute).
 */
import type { CoreContext } from '../../../context.ts';
import type { EntityManager } from 'typeorm';
import { MINUTE_GRAIN, ReportDaily, ReportTicketFact } from '../../../entities/report-summary.ts';
import { wallTime, zonedInstant } from '../../../sla/calendar.ts';
import { loadCohort } from '../cohort.ts';
import { and, rangeSql, ticketFilterSql, type ReportFilters, type SqlCondition } from '../filters.ts';
import type { TeamScope } from '../scope.ts';
import { isSqlite } from '../sql.ts';
import type { Weighted } from '../stats.ts';
import { inTransaction } from '../../../tx.ts';
import { workingFigures } from '../working.ts';
import { cubeSource } from './cube.ts';
import { SUMMARY_ZONE, summaryDay } from './facts.ts';
import { catchUpReportSummary } from './maintain.ts';
import { bucketRange, minuteBucket } from './minute-buckets.ts';

/** per assignee (0: the whole cohort when not split, or unassigned), the counted whole minutes */
export interface MinuteCounts {
  fr: Map<number, Weighted>;
  res: Map<number, Weighted>;
}

const whole = (x: number) => Math.floor(x + 0.5);

function add(m: Map<number, Weighted>, key: number, value: number, n: number) {
  let list = m.get(key);
  if (!list) m.set(key, (list = []));
  list.push([value, n]);
}

/** minutes of the cohort; `byAssignee` splits them per assignee and leaves out unassigned tickets */
export async function cohortMinutes(ctx: CoreContext, f: ReportFilters, scope: TeamScope, byAssignee = false): Promise<MinuteCounts> {
  const em = ctx.ds.manager;
  const out: MinuteCounts = { fr: new Map(), res: new Map() };
  if (cubeSource.plainOnly || ctx.timeZone !== SUMMARY_ZONE) {
    const cohort = (await loadCohort(em, f, scope)).filter((t) => !byAssignee || t.assigneeId !== null);
    const figures = await workingFigures(em, cohort);
    const counted = { fr: new Map<string, number>(), res: new Map<string, number>() };
    for (const t of cohort) {
      const w = figures.get(t.id)!;
      const key = byAssignee ? t.assigneeId! : 0;
      if (w.firstResponseMinutes !== null) bump(counted.fr, key, whole(w.firstResponseMinutes));
      if (w.resolutionMinutes !== null) bump(counted.res, key, whole(w.resolutionMinutes));
    }
    for (const kind of ['fr', 'res'] as const) {
      for (const [k, n] of counted[kind]) {
        const [a, v] = k.split('|').map(Number) as [number, number];
        add(out[kind], a, v, n);
      }
    }
    return out;
  }
  await catchUpReportSummary(ctx);
  const months = wholeMonths(f.from, f.to);
  const foldable = months && f.valueChainId == null && f.departmentId == null && f.subjectId == null && f.priority == null && f.channel == null;
  const one = async (kind: Kind) => {
    if (!foldable) return [kind, await scan(em, kind, f, scope, byAssignee, f.from, f.to)] as const;
    // one snapshot per figure: the month counts and the facts read inside their buckets agree
    return [kind, await inTransaction(ctx.ds, (tx) => throughMonths(tx, kind, f, scope, byAssignee, months))] as const;
  };
  // first response and resolution side by side on two connections (SQLite has one: one after the other)
  const counted = isSqlite(em) ? [await one('fr'), await one('res')] : await Promise.all([one('fr'), one('res')]);
  for (const [kind, rows] of counted) for (const [a, v, n] of rows) add(out[kind], a, v, n);
  return out;
}

type Kind = 'fr' | 'res';

/** how the minutes were read (tests; the benchmark's notes): ranges through the months, facts read inside buckets */
export const minuteReads = { throughMonths: 0, exactRows: 0 };
/** [key (assignee or 0), whole minutes, tickets] */
type Counted = [a: number, v: number, n: number][];

/** the whole local months (SUMMARY_ZONE) inside [from, to): their first instant and the start of the month after them */
function wholeMonths(from: Date, to: Date): { first: Date; last: Date } | null {
  const f = wallTime(from.getTime(), SUMMARY_ZONE);
  let first = zonedInstant(f.y, f.m, 1, 0, SUMMARY_ZONE);
  if (first < from.getTime()) first = f.m === 12 ? zonedInstant(f.y + 1, 1, 1, 0, SUMMARY_ZONE) : zonedInstant(f.y, f.m + 1, 1, 0, SUMMARY_ZONE);
  const t = wallTime(to.getTime(), SUMMARY_ZONE);
  const last = zonedInstant(t.y, t.m, 1, 0, SUMMARY_ZONE);
  return first < last ? { first: new Date(first), last: new Date(last) } : null;
}

/** the facts of [from, to) grouped by key and whole minutes (an index range scan of ix_report_facts_created) */
async function scan(
  em: EntityManager,
  kind: Kind,
  f: ReportFilters,
  scope: TeamScope,
  byAssignee: boolean,
  from: Date,
  to: Date,
  inside?: SqlCondition,
): Promise<Counted> {
  if (from >= to) return [];
  const table = em.getRepository(ReportTicketFact).metadata.tableName;
  const col = `t.\`${kind}Minutes\``;
  const rounded = isSqlite(em) ? `CAST(${col} + 0.5 AS INTEGER)` : `FLOOR(${col} + 0.5)`;
  // the facts carry the tickets' filter columns under the same names
  const where = and(
    rangeSql('t.`createdAt`', { from, to }),
    ticketFilterSql(f, scope),
    inside ?? {
      sql: `${col} IS NOT NULL`,
      params: [],
    },
    { sql: byAssignee ? 't.`assigneeId` IS NOT NULL' : '1 = 1', params: [] },
  );
  const a = byAssignee ? 't.`assigneeId`' : '0';
  const rows = (await em.query(
    `SELECT ${a} AS a, ${rounded} AS v, COUNT(*) AS n FROM \`${table}\` t WHERE ${where.sql} GROUP BY ${byAssignee ? `${a}, ` : ''}${rounded}`,
    where.params,
  )) as { a: unknown; v: unknown; n: unknown }[];
  return rows.map((r) => [Number(r.a), Number(r.v), Number(r.n)]);
}

function tally(m: Map<number, Map<number, number>>, k: number, b: number, n: number) {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  inner.set(b, (inner.get(b) ?? 0) + n);
}

/** the buckets holding the median's one or two middle ranks and the p90's rank (stats.ts weightedSpread) */
function bucketsOfFigures(counts: Map<number, number>): Set<number> {
  const sorted = [...counts].sort((x, y) => x[0] - y[0]);
  const count = sorted.reduce((s, [, n]) => s + n, 0);
  const mid = Math.floor(count / 2);
  const ranks = [...(count % 2 ? [mid + 1] : [mid, mid + 1]), Math.max(1, Math.ceil(0.9 * count))];
  const want = new Set<number>();
  for (const rank of ranks) {
    let seen = 0;
    for (const [b, n] of sorted) {
      if ((seen += n) >= rank) {
        want.add(b);
        break;
      }
    }
  }
  return want;
}

/**
 * A range holding whole months: the months' bucket counts (report_daily, MINUTE_GRAIN) plus the exact minutes
 * of the days at either end say in which buckets the median and the 90th percentile of each key lie; the
 * facts are then read inside those buckets only (ix_report_facts_fr / _res), so the figures stay exact. The
 * other buckets stand as their lowest value with their count: they only have to sort in the right place.
 */
async function throughMonths(
  em: EntityManager,
  kind: Kind,
  f: ReportFilters,
  scope: TeamScope,
  byAssignee: boolean,
  months: { first: Date; last: Date },
): Promise<Counted> {
  const edges = [...(await scan(em, kind, f, scope, byAssignee, f.from, months.first)), ...(await scan(em, kind, f, scope, byAssignee, months.last, f.to))];
  const daily = em.getRepository(ReportDaily).metadata.tableName;
  const cond: string[] = ['`grain` = ?', '`metric` = ?', '`day` >= ?', '`day` < ?'];
  const params: unknown[] = [MINUTE_GRAIN.name, `${kind}_min`, summaryDay(months.first).slice(0, 7), summaryDay(months.last).slice(0, 7)];
  const where = (sql: string, ...values: unknown[]) => {
    cond.push(sql);
    params.push(...values);
  };
  if (scope) where(scope.length ? `\`teamId\` IN (${scope.map(() => '?').join(', ')})` : '1 = 0', ...scope);
  if (f.teamId != null) where('`teamId` = ?', f.teamId);
  if (f.agentId != null) where('`assigneeId` = ?', f.agentId);
  if (f.internal != null) where('`internal` = ?', f.internal ? 1 : 0);
  if (byAssignee) cond.push('`assigneeId` <> 0');
  const a = byAssignee ? '`assigneeId`' : '0';
  const hist = (
    (await em.query(
      `SELECT ${a} AS a, \`score\` AS b, SUM(\`n\`) AS n FROM \`${daily}\` WHERE ${cond.join(' AND ')} GROUP BY ${byAssignee ? `${a}, ` : ''}\`score\``,
      params,
    )) as { a: unknown; b: unknown; n: unknown }[]
  )
    .map((r) => [Number(r.a), Number(r.b), Number(r.n)] as const)
    .filter(([, , n]) => n !== 0);

  // per key: the months' count in each bucket, and the buckets holding the ranks the figures need
  const perKey = new Map<number, Map<number, number>>();
  const all = new Map<number, Map<number, number>>(); // months and edges together
  for (const [k, b, n] of hist) {
    tally(perKey, k, b, n);
    tally(all, k, b, n);
  }
  for (const [k, v, n] of edges) tally(all, k, minuteBucket(v), n);
  const targets = new Map([...all].map(([k, m]) => [k, bucketsOfFigures(m)] as const));
  // the exact minutes of the months inside the wanted buckets, all keys at once (a bucket of one value is exact already)
  const wide = (b: number) => bucketRange(b)[1] - bucketRange(b)[0] > 1;
  const ranges = [...new Set([...targets.values()].flatMap((s) => [...s]))]
    .filter(wide)
    .map(bucketRange)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of ranges) {
    const last = merged.at(-1);
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  const col = `t.\`${kind}Minutes\``;
  // a value x counts as FLOOR(x + 0.5): the bucket [lo, hi) holds lo − 0.5 ≤ x < hi − 0.5 (a little wider, then sorted out by v)
  const inside: SqlCondition = merged.length
    ? { sql: merged.map(() => `(${col} >= ? AND ${col} < ?)`).join(' OR '), params: merged.flatMap(([lo, hi]) => [lo - 0.5 - 1e-6, hi - 0.5 + 1e-6]) }
    : { sql: '1 = 0', params: [] };
  const exact = merged.length ? await scan(em, kind, f, scope, byAssignee, months.first, months.last, inside) : [];
  minuteReads.throughMonths++;
  for (const [, , n] of exact) minuteReads.exactRows += n;

  const out: Counted = [...edges];
  const seen = new Map<string, number>();
  for (const [k, v, n] of exact) {
    const b = minuteBucket(v);
    if (!targets.get(k)?.has(b) || !wide(b)) continue;
    out.push([k, v, n]);
    seen.set(`${k}|${b}`, (seen.get(`${k}|${b}`) ?? 0) + n);
  }
  // the facts and the month counts come from one snapshot; should they ever disagree, read the range whole
  const agree = [...seen].every(([kb, n]) => {
    const [k, b] = kb.split('|').map(Number) as [number, number];
    return perKey.get(k)?.get(b) === n;
  });
  for (const [k, m] of perKey) {
    for (const [b, n] of m) {
      if (!targets.get(k)!.has(b) || !wide(b)) out.push([k, bucketRange(b)[0], n]);
      else if ((seen.get(`${k}|${b}`) ?? 0) !== n || !agree) return scan(em, kind, f, scope, byAssignee, f.from, f.to);
    }
  }
  return agree ? out : scan(em, kind, f, scope, byAssignee, f.from, f.to);
}

function bump(m: Map<string, number>, key: number, v: number) {
  const k = `${key}|${v}`;
  m.set(k, (m.get(k) ?? 0) + 1);
}
