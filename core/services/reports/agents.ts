/**
 * Agents' figures over the tickets created in the range (filters, scope), per assignee: tickets handled
 * (assigned to him), closed (closed or finished), first response and resolution in working minutes (median,
 * p90), reopen rate (handled tickets reopened at least once), and the ratings given in the range on
 * tickets assigned to him (count, average, satisfied % = scores 4–5). Counts and minutes from the summary (summary/).
 */
import type { CoreContext } from '../../context.ts';
import { StaffAccount } from '../../entities/people.ts';
import type { Actor } from '../actor.ts';
import { validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { pct, round1, weightedSpread } from './stats.ts';
import type { TimeSpread } from './sla.ts';
import { cube } from './summary/cube.ts';
import { cohortMinutes } from './summary/minutes.ts';

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
  const q = { from: f.from, to: f.to, filters: f, scope };
  const counts = (await cube(ctx, { ...q, metrics: ['ticket'], by: ['assigneeId', 'state', 'reopened'] })).filter((r) => r.assigneeId !== 0);
  const minutes = await cohortMinutes(ctx, f, scope, true);
  const rated = (await cube(ctx, { ...q, metrics: ['rating'], by: ['ratedAssigneeId', 'score'] })).filter((r) => r.ratedAssigneeId !== 0);

  interface Group {
    handled: number;
    closed: number;
    reopened: number;
    ratings: number;
    scoreSum: number;
    sat: number;
  }
  const groups = new Map<number, Group>();
  const group = (id: number) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { handled: 0, closed: 0, reopened: 0, ratings: 0, scoreSum: 0, sat: 0 }));
    return g;
  };
  for (const r of counts) {
    const g = group(Number(r.assigneeId));
    g.handled += r.n;
    if (r.state === 'closed' || r.state === 'finished') g.closed += r.n;
    if (r.reopened === 1) g.reopened += r.n;
  }
  for (const r of rated) {
    const id = Number(r.ratedAssigneeId);
    if (!groups.has(id) && f.agentId != null && f.agentId !== id) continue;
    const g = group(id);
    g.ratings += r.n;
    g.scoreSum += r.n * Number(r.score);
    if (Number(r.score) >= 4) g.sat += r.n;
  }
  const names = new Map((await em.find(StaffAccount, { select: { id: true, displayName: true } })).map((s) => [s.id, s.displayName]));
  const rows: AgentRow[] = [];
  for (const [staffId, g] of groups) {
    rows.push({
      staffId,
      name: names.get(staffId) ?? String(staffId),
      handled: g.handled,
      closed: g.closed,
      firstResponseMinutes: weightedSpread(minutes.fr.get(staffId) ?? []),
      resolutionMinutes: weightedSpread(minutes.res.get(staffId) ?? []),
      reopened: g.reopened,
      reopenPct: pct(g.reopened, g.handled),
      ratings: g.ratings,
      avgRating: g.ratings ? round1(g.scoreSum / g.ratings) : null,
      satisfiedPct: pct(g.sat, g.ratings),
    });
  }
  return rows.sort((a, b) => b.handled - a.handled || a.staffId - b.staffId);
}
