/**
 * Team cards (supervisors for the teams they supervise, admins for every active team): open tickets (new,
 * open, answered, resolved), unassigned ones, urgent ones, SLA at risk and SLA failed (core/sla/status.ts), the 7-day SLA success rate
 * (tickets closed in the last 7 local days without a breached target) and the 7-day average rating.
 * `inboxQuery` holds the filters of the inbox link (admin/ builds the URL).
 */
import type { CoreContext } from '../../context.ts';
import { SlaTarget } from '../../entities/sla.ts';
import { Rating, Ticket } from '../../entities/ticket.ts';
import type { Actor } from '../actor.ts';
import { getSettings } from '../settings.ts';
import { startOfLocalDay } from './buckets.ts';
import { failedTargetSql } from './dashboard.ts';
import { reportTeamScope, scopeTeams } from './scope.ts';
import { atRiskEdge, slaAtRiskSql } from '../../sla/status.ts';
import { ACTIVE_STATES, inList, num, numOrNull, sqlTime } from './sql.ts';
import { pct, round1 } from './stats.ts';
import { closedCounts } from './summary/closed.ts';

export interface TeamCard {
  teamId: number;
  teamName: string;
  open: number;
  unassigned: number;
  urgent: number;
  slaAtRisk: number;
  slaFailed: number;
  closed7d: number;
  successRate7d: number | null;
  ratings7d: number;
  avgRating7d: number | null;
  inboxQuery: { teamId: number };
}

export async function teamCards(ctx: CoreContext, actor: Actor, now: Date = ctx.clock.now(), teamId?: number | null): Promise<TeamCard[]> {
  const em = ctx.ds.manager;
  const scope = await reportTeamScope(em, actor, teamId);
  const teams = await scopeTeams(em, scope);
  if (!teams.length) return [];
  const ids = teams.map((t) => t.id);
  const marks = ids.map(() => '?').join(', ');
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const targets = em.getRepository(SlaTarget).metadata.tableName;
  const ratings = em.getRepository(Rating).metadata.tableName;
  const settings = await getSettings(ctx);
  const riskEnd = atRiskEdge(now, settings.slaAtRiskMinutes);
  const weekStart = startOfLocalDay(new Date(startOfLocalDay(now, ctx.timeZone).getTime() - 6 * 86_400_000 + 12 * 3_600_000), ctx.timeZone);

  const open = (await em.query(
    `SELECT t.\`teamId\` AS teamId, COUNT(*) AS n, SUM(CASE WHEN t.\`assigneeId\` IS NULL THEN 1 ELSE 0 END) AS unassigned,` +
      ` SUM(CASE WHEN t.\`priority\` = 'urgent' THEN 1 ELSE 0 END) AS urgent,` +
      ` SUM(CASE WHEN ${failedTargetSql(targets, 't')} THEN 1 ELSE 0 END) AS failed,` +
      ` SUM(CASE WHEN EXISTS (SELECT 1 FROM \`${targets}\` s WHERE s.\`ticketId\` = t.\`id\` AND ${slaAtRiskSql('s', '?', '?')}) THEN 1 ELSE 0 END) AS risk` +
      ` FROM \`${tickets}\` t WHERE t.\`state\` IN (${inList(ACTIVE_STATES)}) AND t.\`teamId\` IN (${marks}) GROUP BY t.\`teamId\``,
    [sqlTime(now), sqlTime(now), sqlTime(riskEnd), sqlTime(now), ...ids],
  )) as Record<string, unknown>[];
  const closed = await closedCounts(ctx, 'teamId', ids, weekStart, now);
  const rated = (await em.query(
    `SELECT r.\`teamId\` AS teamId, COUNT(*) AS n, AVG(r.\`score\`) AS avg FROM \`${ratings}\` r` +
      ` WHERE r.\`createdAt\` >= ? AND r.\`createdAt\` < ? AND r.\`teamId\` IN (${marks}) GROUP BY r.\`teamId\``,
    [sqlTime(weekStart), sqlTime(now), ...ids],
  )) as Record<string, unknown>[];
  const by = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [Number(r.teamId), r]));
  const o = by(open);
  const r = by(rated);
  return teams.map((t) => {
    const closed7d = closed.get(t.id)?.closed ?? 0;
    const avg = numOrNull(r.get(t.id)?.avg);
    return {
      teamId: t.id,
      teamName: t.name,
      open: num(o.get(t.id)?.n),
      unassigned: num(o.get(t.id)?.unassigned),
      urgent: num(o.get(t.id)?.urgent),
      slaAtRisk: num(o.get(t.id)?.risk),
      slaFailed: num(o.get(t.id)?.failed),
      closed7d,
      successRate7d: pct(closed.get(t.id)?.met ?? 0, closed7d),
      ratings7d: num(r.get(t.id)?.n),
      avgRating7d: avg === null ? null : round1(avg),
      inboxQuery: { teamId: t.id },
    };
  });
}
