/**
 * Working-minute figures of the tickets created in a range (filters, scope): from report_ticket_facts, where
 * each ticket's first response and resolution minutes were computed when it last changed (working.ts rules);
 * with cubeSource.plainOnly (or another time zone) from the tickets and their events, as working.ts does.
 */
import type { CoreContext } from '../../../context.ts';
import { ReportTicketFact } from '../../../entities/report-summary.ts';
import { loadCohort } from '../cohort.ts';
import { and, rangeSql, ticketFilterSql, type ReportFilters } from '../filters.ts';
import type { TeamScope } from '../scope.ts';
import { workingFigures } from '../working.ts';
import { cubeSource } from './cube.ts';
import { SUMMARY_ZONE } from './facts.ts';
import { catchUpReportSummary } from './maintain.ts';

export interface TicketMinutes {
  assigneeId: number | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

export async function cohortMinutes(ctx: CoreContext, f: ReportFilters, scope: TeamScope, assignedOnly = false): Promise<TicketMinutes[]> {
  const em = ctx.ds.manager;
  if (cubeSource.plainOnly || ctx.timeZone !== SUMMARY_ZONE) {
    const cohort = (await loadCohort(em, f, scope)).filter((t) => !assignedOnly || t.assigneeId !== null);
    const figures = await workingFigures(em, cohort);
    return cohort.map((t) => ({ assigneeId: t.assigneeId, ...figures.get(t.id)! }));
  }
  await catchUpReportSummary(ctx);
  const table = em.getRepository(ReportTicketFact).metadata.tableName;
  // the facts carry the tickets' filter columns under the same names
  const where = and(rangeSql('t.`createdAt`', f), ticketFilterSql(f, scope), {
    sql: assignedOnly ? 't.`assigneeId` IS NOT NULL AND (t.`frMinutes` IS NOT NULL OR t.`resMinutes` IS NOT NULL)' : '(t.`frMinutes` IS NOT NULL OR t.`resMinutes` IS NOT NULL)',
    params: [],
  });
  const rows = (await em.query(
    `SELECT t.\`assigneeId\` AS a, t.\`frMinutes\` AS fr, t.\`resMinutes\` AS res FROM \`${table}\` t WHERE ${where.sql}`,
    where.params,
  )) as { a: unknown; fr: unknown; res: unknown }[];
  return rows.map((r) => ({
    assigneeId: r.a === null ? null : Number(r.a),
    firstResponseMinutes: r.fr === null ? null : Number(r.fr),
    resolutionMinutes: r.res === null ? null : Number(r.res),
  }));
}
