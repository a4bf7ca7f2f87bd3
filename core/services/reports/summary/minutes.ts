/**
 * Working-minute figures of the tickets created in a range (filters, scope), as counted whole minutes
 * ([minutes, tickets] per assignee when asked): from report_ticket_facts, where each ticket's first response
 * and resolution minutes were computed when it last changed (working.ts rules), grouped in the database so a
 * year of tickets comes back as a few thousand rows, not a million; with cubeSource.plainOnly (or another time
 * zone) from the tickets and their events, as working.ts does, rounded and counted the same way.
 * Medians and p90 are then exact over whole working minutes (a value is rounded half up to the minute).
 */
import type { CoreContext } from '../../../context.ts';
import { ReportTicketFact } from '../../../entities/report-summary.ts';
import { loadCohort } from '../cohort.ts';
import { and, rangeSql, ticketFilterSql, type ReportFilters } from '../filters.ts';
import type { TeamScope } from '../scope.ts';
import { isSqlite } from '../sql.ts';
import type { Weighted } from '../stats.ts';
import { workingFigures } from '../working.ts';
import { cubeSource } from './cube.ts';
import { SUMMARY_ZONE } from './facts.ts';
import { catchUpReportSummary } from './maintain.ts';

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
  const table = em.getRepository(ReportTicketFact).metadata.tableName;
  // first response and resolution in parallel: two scans of the covering index on two connections
  const counted = await Promise.all(
    (['fr', 'res'] as const).map(async (kind) => {
      const col = `t.\`${kind}Minutes\``;
      const rounded = isSqlite(em) ? `CAST(${col} + 0.5 AS INTEGER)` : `FLOOR(${col} + 0.5)`;
      // the facts carry the tickets' filter columns under the same names
      const where = and(rangeSql('t.`createdAt`', f), ticketFilterSql(f, scope), {
        sql: `${col} IS NOT NULL${byAssignee ? ' AND t.`assigneeId` IS NOT NULL' : ''}`,
        params: [],
      });
      const a = byAssignee ? 't.`assigneeId`' : '0';
      const rows = (await em.query(
        `SELECT ${a} AS a, ${rounded} AS v, COUNT(*) AS n FROM \`${table}\` t WHERE ${where.sql} GROUP BY ${byAssignee ? `${a}, ` : ''}${rounded}`,
        where.params,
      )) as { a: unknown; v: unknown; n: unknown }[];
      return [kind, rows] as const;
    }),
  );
  for (const [kind, rows] of counted) for (const r of rows) add(out[kind], Number(r.a), Number(r.v), Number(r.n));
  return out;
}

function bump(m: Map<string, number>, key: number, v: number) {
  const k = `${key}|${v}`;
  m.set(k, (m.get(k) ?? 0) + 1);
}
