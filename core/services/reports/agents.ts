/**
 * Agents' figures over the tickets created in the range (filters, scope), per assignee: tickets handled
 * (assigned to him), closed (closed or finished), first response and resolution in working minutes (median,
 * p90), reopen rate (handled tickets reopened at least once), and the ratings given in the range on
 * tickets assigned to him (count, average, satisfied % = scores 4–5).
 */
import type { CoreContext } from '../../context.ts';
import { StaffAccount } from '../../entities/people.ts';
import { Rating, Ticket } from '../../entities/ticket.ts';
import type { Actor } from '../actor.ts';
import { loadCohort } from './cohort.ts';
import { and, rangeSql, ticketFilterSql, validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { num, numOrNull } from './sql.ts';
import { pct, round1, spread } from './stats.ts';
import type { TimeSpread } from './sla.ts';
import { workingFigures } from './working.ts';

export interface AgentRow {
  staffId: number;
  name: string;
  handled: number;
  closed: number;
  firstResponseMinutes: TimeSpread;
  resolutionMinutes: TimeSpread;
  reopened: number;
  reopenPct: number | null;
  ratings: number;
  avgRating: number | null;
  satisfiedPct: number | null;
}

export async function agentsReport(ctx: CoreContext, actor: Actor, f: ReportFilters): Promise<AgentRow[]> {
  validateFilters(f);
  const em = ctx.ds.manager;
  const scope = await reportTeamScope(em, actor, f.teamId);
  const cohort = (await loadCohort(em, f, scope)).filter((t) => t.assigneeId !== null);
  const figures = await workingFigures(em, cohort);
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const ratings = em.getRepository(Rating).metadata.tableName;
  const where = and(rangeSql('r.`createdAt`', f), ticketFilterSql(f, scope));
  const rated = (await em.query(
    `SELECT r.\`assigneeId\` AS staffId, COUNT(*) AS n, AVG(r.\`score\`) AS avg, SUM(CASE WHEN r.\`score\` >= 4 THEN 1 ELSE 0 END) AS sat` +
      ` FROM \`${ratings}\` r JOIN \`${tickets}\` t ON t.\`id\` = r.\`ticketId\` WHERE r.\`assigneeId\` IS NOT NULL AND ${where.sql}` +
      ` GROUP BY r.\`assigneeId\``,
    where.params,
  )) as Record<string, unknown>[];
  const rating = new Map(rated.map((r) => [Number(r.staffId), r]));

  const groups = new Map<number, typeof cohort>();
  for (const t of cohort) {
    let g = groups.get(t.assigneeId!);
    if (!g) groups.set(t.assigneeId!, (g = []));
    g.push(t);
  }
  for (const id of rating.keys()) if (!groups.has(id) && (f.agentId == null || f.agentId === id)) groups.set(id, []);
  const names = new Map((await em.find(StaffAccount, { select: { id: true, displayName: true } })).map((s) => [s.id, s.displayName]));
  const rows: AgentRow[] = [];
  for (const [staffId, list] of groups) {
    const fr = list.map((t) => figures.get(t.id)!.firstResponseMinutes).filter((x): x is number => x !== null);
    const res = list.map((t) => figures.get(t.id)!.resolutionMinutes).filter((x): x is number => x !== null);
    const reopened = list.filter((t) => t.reopenCount > 0).length;
    const r = rating.get(staffId);
    const given = num(r?.n);
    const avg = numOrNull(r?.avg);
    rows.push({
      staffId,
      name: names.get(staffId) ?? String(staffId),
      handled: list.length,
      closed: list.filter((t) => t.state === 'closed' || t.state === 'finished').length,
      firstResponseMinutes: spread(fr),
      resolutionMinutes: spread(res),
      reopened,
      reopenPct: pct(reopened, list.length),
      ratings: given,
      avgRating: avg === null ? null : round1(avg),
      satisfiedPct: pct(num(r?.sat), given),
    });
  }
  return rows.sort((a, b) => b.handled - a.handled || a.staffId - b.staffId);
}
