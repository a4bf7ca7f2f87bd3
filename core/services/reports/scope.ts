/**
 * Who may see which figures (enforced here, not only in the panel):
 * - admin (and the system): every team; a report may narrow to one team;
 * - supervisor: only the teams where his membership carries the supervisor flag; asking for another team
 *   is a ForbiddenError;
 * - agent (and a supervisor who supervises no team): no team figures at all (only his own dashboard).
 * Requesters and inactive accounts: ForbiddenError.
 */
import { In } from 'typeorm';
import { Team, TeamMember } from '../../entities/org.ts';
import type { Actor } from '../actor.ts';
import { ForbiddenError } from '../errors.ts';
import { managerOf, supervisedTeamIds, type ReadSource } from '../org-common.ts';

/** null = every team (admin, system) */
export type TeamScope = number[] | null;

export async function reportTeamScope(src: ReadSource, actor: Actor, teamId?: number | null): Promise<TeamScope> {
  if (actor.kind === 'requester') throw new ForbiddenError('reports are for staff');
  const narrow = teamId === undefined || teamId === null ? null : [teamId];
  if (actor.kind === 'system') return narrow;
  const staff = actor.staff;
  if (!staff.active) throw new ForbiddenError('inactive account');
  if (staff.role === 'admin') return narrow;
  const supervised = staff.role === 'supervisor' ? await supervisedTeamIds(src, staff.id) : [];
  if (!supervised.length) throw new ForbiddenError('team figures are for supervisors and admins');
  if (narrow && !supervised.includes(narrow[0]!)) throw new ForbiddenError('not a team you supervise');
  return narrow ?? supervised;
}

/** the teams a scope covers, with names (active teams only when the scope is "all") */
export async function scopeTeams(src: ReadSource, scope: TeamScope): Promise<{ id: number; name: string }[]> {
  const teams = await managerOf(src).find(Team, { select: { id: true, name: true, active: true }, order: { id: 'ASC' } });
  return teams.filter((t) => (scope ? scope.includes(t.id) : t.active)).map((t) => ({ id: t.id, name: t.name }));
}

/** the staff who are members of the scope's teams (null: everyone, so no filter is needed) */
export async function scopeMemberIds(src: ReadSource, scope: TeamScope): Promise<Set<number> | null> {
  if (!scope) return null;
  if (!scope.length) return new Set();
  const rows = await managerOf(src).find(TeamMember, { where: { teamId: In(scope) }, select: { staffId: true } });
  return new Set(rows.map((m) => m.staffId));
}
