/**
 * Tickets closed or finished in a period (closedAt in [from, to)) per assignee or per team, and those of them
 * without a failed SLA target (no breached target that is not cancelled): from report_ticket_facts (index
 * ix_report_facts_closed), or with cubeSource.plainOnly from the tickets and their targets.
 */
import type { CoreContext } from '../../../context.ts';
import { ReportTicketFact } from '../../../entities/report-summary.ts';
import { SlaTarget } from '../../../entities/sla.ts';
import { Ticket } from '../../../entities/ticket.ts';
import { DONE_STATES, inList, num, sqlTime } from '../sql.ts';
import { cubeSource } from './cube.ts';
import { catchUpReportSummary } from './maintain.ts';

export async function closedCounts(
  ctx: CoreContext,
  by: 'assigneeId' | 'teamId',
  ids: number[],
  from: Date,
  to: Date,
): Promise<Map<number, { closed: number; met: number }>> {
  const out = new Map<number, { closed: number; met: number }>();
  if (!ids.length) return out;
  const em = ctx.ds.manager;
  const marks = ids.map(() => '?').join(', ');
  let rows: Record<string, unknown>[];
  if (cubeSource.plainOnly) {
    const tickets = em.getRepository(Ticket).metadata.tableName;
    const targets = em.getRepository(SlaTarget).metadata.tableName;
    rows = (await em.query(
      `SELECT t.\`${by}\` AS id, COUNT(*) AS n, SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM \`${targets}\` s WHERE s.\`ticketId\` = t.\`id\`` +
        ` AND s.\`cancelled\` = 0 AND s.\`breached\` = 1) THEN 1 ELSE 0 END) AS met` +
        ` FROM \`${tickets}\` t WHERE t.\`state\` IN (${inList(DONE_STATES)}) AND t.\`closedAt\` >= ? AND t.\`closedAt\` < ?` +
        ` AND t.\`${by}\` IN (${marks}) GROUP BY t.\`${by}\``,
      [sqlTime(from), sqlTime(to), ...ids],
    )) as Record<string, unknown>[];
  } else {
    await catchUpReportSummary(ctx);
    const facts = em.getRepository(ReportTicketFact).metadata.tableName;
    rows = (await em.query(
      `SELECT f.\`${by}\` AS id, COUNT(*) AS n, SUM(CASE WHEN f.\`anyBreached\` = 0 THEN 1 ELSE 0 END) AS met FROM \`${facts}\` f` +
        ` WHERE f.\`closedAt\` >= ? AND f.\`closedAt\` < ? AND f.\`state\` IN (${inList(DONE_STATES)}) AND f.\`${by}\` IN (${marks}) GROUP BY f.\`${by}\``,
      [sqlTime(from), sqlTime(to), ...ids],
    )) as Record<string, unknown>[];
  }
  for (const r of rows) out.set(Number(r.id), { closed: num(r.n), met: num(r.met) });
  return out;
}
