/**
 * Tickets created in the range (with the filters) counted by team × state (states in the order of TICKET_STATES), and by value chain, department
 * and subject (total, active, closed or finished, cancelled) — SQL GROUP BY over the tickets table.
 */
import type { CoreContext } from '../../context.ts';
import { Department, Subject, Team, ValueChain } from '../../entities/org.ts';
import { Ticket } from '../../entities/ticket.ts';
import { TICKET_STATES, type TicketState } from '../../entities/enums.ts';
import type { Actor } from '../actor.ts';
import { and, rangeSql, ticketFilterSql, validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { ACTIVE_STATES, DONE_STATES, inList, num } from './sql.ts';

export interface TeamStateRow {
  teamId: number | null;
  teamName: string;
  state: TicketState;
  count: number;
}

export interface CatalogueRow {
  id: number | null;
  name: string;
  total: number;
  active: number;
  done: number;
  cancelled: number;
}

export interface Breakdown {
  byTeamState: TeamStateRow[];
  byValueChain: CatalogueRow[];
  byDepartment: CatalogueRow[];
  bySubject: CatalogueRow[];
}

export async function breakdownReport(ctx: CoreContext, actor: Actor, f: ReportFilters): Promise<Breakdown> {
  validateFilters(f);
  const em = ctx.ds.manager;
  const scope = await reportTeamScope(em, actor, f.teamId);
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const where = and(rangeSql('t.`createdAt`', f), ticketFilterSql(f, scope));
  const teamNames = new Map((await em.find(Team, { select: { id: true, name: true } })).map((t) => [t.id, t.name]));

  const ts = (await em.query(
    `SELECT t.\`teamId\` AS teamId, t.\`state\` AS state, COUNT(*) AS n FROM \`${tickets}\` t WHERE ${where.sql}` +
      ` GROUP BY t.\`teamId\`, t.\`state\` ORDER BY t.\`teamId\`, t.\`state\``,
    where.params,
  )) as { teamId: unknown; state: TicketState; n: unknown }[];

  const by = async (column: string, names: Map<number, string>): Promise<CatalogueRow[]> => {
    const rows = (await em.query(
      `SELECT t.\`${column}\` AS id, COUNT(*) AS total, SUM(CASE WHEN t.\`state\` IN (${inList(ACTIVE_STATES)}) THEN 1 ELSE 0 END) AS active,` +
        ` SUM(CASE WHEN t.\`state\` IN (${inList(DONE_STATES)}) THEN 1 ELSE 0 END) AS done,` +
        ` SUM(CASE WHEN t.\`state\` = 'cancelled' THEN 1 ELSE 0 END) AS cancelled` +
        ` FROM \`${tickets}\` t WHERE ${where.sql} GROUP BY t.\`${column}\` ORDER BY total DESC`,
      where.params,
    )) as Record<string, unknown>[];
    return rows.map((r) => {
      const id = r.id === null ? null : Number(r.id);
      return { id, name: id === null ? '' : (names.get(id) ?? String(id)), total: num(r.total), active: num(r.active), done: num(r.done), cancelled: num(r.cancelled) };
    });
  };
  const fa = <T extends { id: number; nameFa: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x.nameFa]));
  return {
    byTeamState: ts.map((r) => {
      const teamId = r.teamId === null ? null : Number(r.teamId);
      return { teamId, teamName: teamId === null ? '' : (teamNames.get(teamId) ?? String(teamId)), state: r.state, count: num(r.n) };
    }).sort((a, b) => (a.teamId ?? -1) - (b.teamId ?? -1) || TICKET_STATES.indexOf(a.state) - TICKET_STATES.indexOf(b.state)),
    byValueChain: await by('valueChainId', fa(await em.find(ValueChain))),
    byDepartment: await by('departmentId', fa(await em.find(Department))),
    bySubject: await by('subjectId', fa(await em.find(Subject))),
  };
}
