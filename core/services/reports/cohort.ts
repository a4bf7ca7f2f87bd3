/**
 * The tickets a performance report is about: created in the range, matching the filters and the actor's
 * team scope — read with the columns the working-time figures need (and the assignee, reopen count).
 */
import type { EntityManager } from 'typeorm';
import { Ticket } from '../../entities/ticket.ts';
import { and, rangeSql, ticketFilterSql, type ReportFilters } from './filters.ts';
import type { TeamScope } from './scope.ts';
import { num } from './sql.ts';
import { TICKET_TIMES_COLUMNS, ticketTimes, type TicketTimes } from './working.ts';

export interface CohortTicket extends TicketTimes {
  assigneeId: number | null;
  reopenCount: number;
}

export async function loadCohort(em: EntityManager, f: ReportFilters, scope: TeamScope): Promise<CohortTicket[]> {
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const where = and(rangeSql('t.`createdAt`', f), ticketFilterSql(f, scope));
  const rows = (await em.query(
    `SELECT ${TICKET_TIMES_COLUMNS}, t.\`assigneeId\`, t.\`reopenCount\` FROM \`${tickets}\` t WHERE ${where.sql}`,
    where.params,
  )) as Record<string, unknown>[];
  return rows.map((r) => ({ ...ticketTimes(r), assigneeId: r.assigneeId === null ? null : Number(r.assigneeId), reopenCount: num(r.reopenCount) }));
}
