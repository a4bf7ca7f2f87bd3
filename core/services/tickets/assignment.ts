/**
 * Automatic assignment when a ticket reaches a team (DOMAIN.md, 003), per team.assignmentMode:
 * - manual: nobody (the ticket waits in the team's queue as `new`);
 * - round_robin: the next candidate after team.lastAssignedStaffId in staff-id order (wrapping), and the
 *   cursor is stored; the team row is locked so concurrent opens take turns;
 * - balanced: the candidate with the fewest tickets in new/open/answered/resolved (over all teams: it
 *   measures the person's load), ties to the lowest staff id.
 * Candidates: active memberships (TeamMember.active) of active staff accounts. An inactive team assigns nobody.
 */
import { In } from 'typeorm';
import { Team, TeamMember } from '../../entities/org.ts';
import { StaffAccount } from '../../entities/people.ts';
import { Ticket } from '../../entities/ticket.ts';
import type { Tx } from '../../tx.ts';
import { findForUpdate } from './store.ts';
import { ACTIVE_STATES } from './transitions.ts';

/** staff ids that may receive tickets of the team automatically, ascending */
export async function assignmentCandidates(tx: Tx, teamId: number): Promise<number[]> {
  const members = await tx.em.find(TeamMember, { where: { teamId, active: true } });
  if (!members.length) return [];
  const staff = await tx.em.find(StaffAccount, { where: { id: In(members.map((m) => m.staffId)), active: true } });
  return staff.map((s) => s.id).sort((a, b) => a - b);
}

/** open-ticket counts per staff id (states new/open/answered/resolved) */
export async function openLoad(tx: Tx, staffIds: number[]): Promise<Map<number, number>> {
  const load = new Map(staffIds.map((id) => [id, 0]));
  if (!staffIds.length) return load;
  const rows: { assigneeId: number | string; n: number | string }[] = await tx.em
    .createQueryBuilder(Ticket, 't')
    .select('t.assigneeId', 'assigneeId')
    .addSelect('COUNT(*)', 'n')
    .where('t.assigneeId IN (:...ids)', { ids: staffIds })
    .andWhere('t.state IN (:...states)', { states: [...ACTIVE_STATES] })
    .groupBy('t.assigneeId')
    .getRawMany();
  for (const r of rows) load.set(Number(r.assigneeId), Number(r.n));
  return load;
}

/** the staff id the team's mode picks for a new ticket, or null (manual, no candidates, inactive team) */
export async function pickAssignee(tx: Tx, teamId: number | null): Promise<number | null> {
  if (teamId === null) return null;
  const team = await tx.em.findOne(Team, { where: { id: teamId } });
  if (!team || !team.active || team.assignmentMode === 'manual') return null;
  if (team.assignmentMode === 'round_robin') {
    const locked = (await findForUpdate(tx.em, Team, teamId))!;
    const candidates = await assignmentCandidates(tx, teamId);
    if (!candidates.length) return null;
    const last = locked.lastAssignedStaffId;
    const next = candidates.find((id) => last === null || id > last) ?? candidates[0]!;
    await tx.em.update(Team, { id: teamId }, { lastAssignedStaffId: next });
    return next;
  }
  const candidates = await assignmentCandidates(tx, teamId);
  if (!candidates.length) return null;
  const load = await openLoad(tx, candidates);
  let best = candidates[0]!;
  for (const id of candidates) if (load.get(id)! < load.get(best)!) best = id;
  return best;
}
