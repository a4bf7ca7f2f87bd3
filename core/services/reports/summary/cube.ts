/**
 * Counts of the reports, from the summary: report_daily for the whole local days of a range, and the plain
 * tables for the parts of a day at either end (a range that does not start or end at a local midnight) —
 * the plain SQL below is the definition each summary metric follows (facts.ts computes the same per ticket).
 * Id dimensions come back with 0 for "none".
 */
import type { EntityManager } from 'typeorm';
import type { CoreContext } from '../../../context.ts';
import { REPORT_GRAINS, ReportDaily, type ReportGrain } from '../../../entities/report-summary.ts';
import { SlaTarget } from '../../../entities/sla.ts';
import { Rating, Ticket, TicketEvent } from '../../../entities/ticket.ts';
import { startOfLocalDay } from '../buckets.ts';
import type { ReportFilters } from '../filters.ts';
import type { TeamScope } from '../scope.ts';
import { ACTIVE_STATES, inList, isSqlite, jsonFieldSql, localDaySql, num, sqlTime, zoneOffsetMinutes } from '../sql.ts';
import { catchUpReportSummary } from './maintain.ts';
import { SUMMARY_ZONE, summaryDay } from './facts.ts';

export type Metric =
  'ticket' | 'fr_met' | 'fr_failed' | 'fr_open' | 'res_met' | 'res_failed' | 'res_open' | 'closed' | 'cancelled' | 'reopened' | 'closed_at' | 'rating';
export type Dim =
  | 'day'
  | 'teamId'
  | 'valueChainId'
  | 'departmentId'
  | 'subjectId'
  | 'assigneeId'
  | 'priority'
  | 'internal'
  | 'state'
  | 'reopened'
  | 'policyId'
  | 'ratedAssigneeId'
  | 'score'
  | 'channel';

export interface CubeQuery {
  metrics: Metric[];
  by: Dim[];
  /** null: from the beginning */
  from: Date | null;
  to: Date;
  filters: Omit<ReportFilters, 'from' | 'to'>;
  scope: TeamScope;
  /** ratings: the rated assignee */
  ratedAssigneeId?: number | null;
}

export type CubeRow = { metric: Metric; n: number } & Partial<Record<Dim, string | number>>;

/** tests and comparisons: read only the plain tables */
export const cubeSource = { plainOnly: false };

const TICKET_DIMS: Partial<Record<Dim, string>> = {
  teamId: 'COALESCE(t.`teamId`, 0)',
  valueChainId: 'COALESCE(t.`valueChainId`, 0)',
  departmentId: 'COALESCE(t.`departmentId`, 0)',
  subjectId: 'COALESCE(t.`subjectId`, 0)',
  assigneeId: 'COALESCE(t.`assigneeId`, 0)',
  priority: 't.`priority`',
  internal: 'CASE WHEN t.`internal` THEN 1 ELSE 0 END',
  channel: 't.`channel`',
};

interface PlainDef {
  from: (tables: Record<string, string>, em: EntityManager) => string;
  time: string;
  where: (em: EntityManager) => string;
  dims: Partial<Record<Dim, string>>;
}

const target = (kind: string, cond: string): PlainDef => ({
  // the range is on the tickets: read them first (MariaDB STRAIGHT_JOIN, SQLite CROSS JOIN keep the order)
  from: (x, em) => `\`${x.tickets}\` t ${isSqlite(em) ? 'CROSS JOIN' : 'STRAIGHT_JOIN'} \`${x.targets}\` s ON s.\`ticketId\` = t.\`id\``,
  time: 't.`createdAt`',
  where: () => `s.\`kind\` = '${kind}' AND s.\`cancelled\` = 0 AND ${cond}`,
  dims: { policyId: 'COALESCE(s.`policyId`, 0)' },
});
const move = (cond: (em: EntityManager) => string): PlainDef => ({
  from: (x) => `\`${x.events}\` e JOIN \`${x.tickets}\` t ON t.\`id\` = e.\`ticketId\``,
  time: 'e.`createdAt`',
  where: (em) => `e.\`kind\` = 'state' AND ${cond(em)}`,
  dims: {},
});
const to = (em: EntityManager) => jsonFieldSql(em, 'e.`after`', 'state');
const fromState = (em: EntityManager) => jsonFieldSql(em, 'e.`before`', 'state');
const MET = 's.`reachedAt` IS NOT NULL AND s.`breached` = 0';
const FAILED = 's.`reachedAt` IS NOT NULL AND s.`breached` = 1';
const OPEN = 's.`reachedAt` IS NULL';

const PLAIN: Record<Metric, PlainDef> = {
  ticket: {
    from: (x) => `\`${x.tickets}\` t`,
    time: 't.`createdAt`',
    where: () => '1 = 1',
    dims: { state: 't.`state`', reopened: 'CASE WHEN t.`reopenCount` > 0 THEN 1 ELSE 0 END' },
  },
  fr_met: target('first_response', MET),
  fr_failed: target('first_response', FAILED),
  fr_open: target('first_response', OPEN),
  res_met: target('resolution', MET),
  res_failed: target('resolution', FAILED),
  res_open: target('resolution', OPEN),
  closed: move((em) => `${to(em)} = 'closed'`),
  cancelled: move((em) => `${to(em)} = 'cancelled'`),
  reopened: move((em) => `${fromState(em)} IN ('closed', 'cancelled') AND ${to(em)} IN (${inList(ACTIVE_STATES)})`),
  closed_at: { from: (x) => `\`${x.tickets}\` t`, time: 't.`closedAt`', where: () => 't.`closedAt` IS NOT NULL', dims: {} },
  rating: {
    from: (x) => `\`${x.ratings}\` r JOIN \`${x.tickets}\` t ON t.\`id\` = r.\`ticketId\``,
    time: 'r.`createdAt`',
    where: () => '1 = 1',
    dims: { ratedAssigneeId: 'COALESCE(r.`assigneeId`, 0)', score: 'r.`score`' },
  },
};

function dimFilters(q: CubeQuery, col: (d: Dim) => string): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  const f = q.filters;
  if (q.scope) {
    sql.push(q.scope.length ? `${col('teamId')} IN (${q.scope.map(() => '?').join(', ')})` : '1 = 0');
    params.push(...q.scope);
  }
  const eq = (d: Dim, v: unknown) => (sql.push(`${col(d)} = ?`), params.push(v));
  if (f.teamId != null) eq('teamId', f.teamId);
  if (f.valueChainId != null) eq('valueChainId', f.valueChainId);
  if (f.departmentId != null) eq('departmentId', f.departmentId);
  if (f.subjectId != null) eq('subjectId', f.subjectId);
  if (f.agentId != null) eq('assigneeId', f.agentId);
  if (f.priority != null) eq('priority', f.priority);
  if (f.internal != null) eq('internal', f.internal ? 1 : 0);
  if (f.channel != null) eq('channel', f.channel);
  if (q.ratedAssigneeId != null) eq('ratedAssigneeId', q.ratedAssigneeId);
  return { sql, params };
}

async function plainPart(em: EntityManager, tz: string, q: CubeQuery, from: Date | null, until: Date, out: CubeRow[]): Promise<void> {
  const x = {
    tickets: em.getRepository(Ticket).metadata.tableName,
    targets: em.getRepository(SlaTarget).metadata.tableName,
    events: em.getRepository(TicketEvent).metadata.tableName,
    ratings: em.getRepository(Rating).metadata.tableName,
  };
  for (const metric of q.metrics) {
    const def = PLAIN[metric];
    const col = (d: Dim): string =>
      d === 'day' ? localDaySql(em, def.time, zoneOffsetMinutes(from ?? until, tz)) : (def.dims[d] ?? TICKET_DIMS[d] ?? (d === 'state' ? "''" : '0'));
    const filters = dimFilters(q, col);
    const where = [def.where(em), `${def.time} < ?`, ...(from ? [`${def.time} >= ?`] : []), ...filters.sql].join(' AND ');
    const params = [sqlTime(until), ...(from ? [sqlTime(from)] : []), ...filters.params];
    const select = q.by.map((d) => `${col(d)} AS \`${d}\``);
    const rows = (await em.query(
      `SELECT ${[...select, 'COUNT(*) AS n'].join(', ')} FROM ${def.from(x, em)} WHERE ${where}${q.by.length ? ` GROUP BY ${q.by.map(col).join(', ')}` : ''}`,
      params,
    )) as Record<string, unknown>[];
    for (const r of rows) out.push(row(metric, q.by, r));
  }
}

function row(metric: Metric, by: Dim[], r: Record<string, unknown>): CubeRow {
  const o: CubeRow = { metric, n: num(r.n) };
  for (const d of by) o[d] = d === 'day' ? String(r[d]).slice(0, 10) : d === 'priority' || d === 'state' || d === 'channel' ? String(r[d]) : num(r[d]);
  return o;
}

/** the coarsest grain that keeps every dimension the query groups or filters by */
export function grainFor(q: CubeQuery): ReportGrain {
  const f = q.filters;
  const needed = new Set<string>(q.by.filter((d) => d !== 'day'));
  if (q.scope || f.teamId != null) needed.add('teamId');
  if (f.valueChainId != null) needed.add('valueChainId');
  if (f.departmentId != null) needed.add('departmentId');
  if (f.subjectId != null) needed.add('subjectId');
  if (f.agentId != null) needed.add('assigneeId');
  if (f.priority != null) needed.add('priority');
  if (f.internal != null) needed.add('internal');
  if (f.channel != null) needed.add('channel');
  if (q.ratedAssigneeId != null) needed.add('ratedAssigneeId');
  const grains = Object.keys(REPORT_GRAINS) as ReportGrain[]; // coarsest first, 'all' last
  return grains.find((g) => [...needed].every((d) => (REPORT_GRAINS[g] as readonly string[]).includes(d)))!;
}

async function summaryPart(em: EntityManager, q: CubeQuery, fromDay: string | null, toDay: string, out: CubeRow[]): Promise<void> {
  const table = em.getRepository(ReportDaily).metadata.tableName;
  const col = (d: Dim) => `\`${d}\``;
  const filters = dimFilters(q, col);
  const where = ['`grain` = ?', `\`metric\` IN (${q.metrics.map(() => '?').join(', ')})`, '`day` < ?', ...(fromDay ? ['`day` >= ?'] : []), ...filters.sql].join(
    ' AND ',
  );
  const params = [grainFor(q), ...q.metrics, toDay, ...(fromDay ? [fromDay] : []), ...filters.params];
  const rows = (await em.query(
    `SELECT \`metric\`, ${[...q.by.map(col), 'SUM(`n`) AS n'].join(', ')} FROM \`${table}\` WHERE ${where} GROUP BY \`metric\`${q.by.map((d) => `, ${col(d)}`).join('')}`,
    params,
  )) as Record<string, unknown>[];
  for (const r of rows) if (num(r.n) !== 0) out.push(row(r.metric as Metric, q.by, r));
}

/** the first local midnight at or after an instant */
function midnightOnOrAfter(at: Date, tz: string): Date {
  const start = startOfLocalDay(at, tz);
  return start.getTime() === at.getTime() ? start : startOfLocalDay(new Date(start.getTime() + 36 * 3_600_000), tz);
}

/** counts per metric and the dimensions asked, over [from, to) */
export async function cube(ctx: CoreContext, q: CubeQuery): Promise<CubeRow[]> {
  const em = ctx.ds.manager;
  const parts: CubeRow[] = [];
  if (cubeSource.plainOnly || ctx.timeZone !== SUMMARY_ZONE) {
    await plainPart(em, ctx.timeZone, q, q.from, q.to, parts);
  } else {
    await catchUpReportSummary(ctx);
    const first = q.from ? midnightOnOrAfter(q.from, SUMMARY_ZONE) : null;
    const last = startOfLocalDay(q.to, SUMMARY_ZONE);
    if (first && first >= last) {
      await plainPart(em, SUMMARY_ZONE, q, q.from, q.to, parts);
    } else {
      if (q.from && first! > q.from) await plainPart(em, SUMMARY_ZONE, q, q.from, first!, parts);
      await summaryPart(em, q, first ? summaryDay(first) : null, summaryDay(last), parts);
      if (last < q.to) await plainPart(em, SUMMARY_ZONE, q, last, q.to, parts);
    }
  }
  // merge the parts
  const merged = new Map<string, CubeRow>();
  for (const r of parts) {
    const k = JSON.stringify([r.metric, ...q.by.map((d) => r[d])]);
    const m = merged.get(k);
    if (m) m.n += r.n;
    else merged.set(k, { ...r });
  }
  return [...merged.values()].filter((r) => r.n !== 0);
}

/** the sum of n over rows matching a predicate */
export const total = (rows: CubeRow[], pred: (r: CubeRow) => boolean = () => true) => rows.reduce((s, r) => (pred(r) ? s + r.n : s), 0);
