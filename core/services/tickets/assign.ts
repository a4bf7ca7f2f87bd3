/**
 * Assignment and transfer (DOMAIN.md, 003). Assigning makes a `new` ticket `open`; unassigning an `open`
 * ticket makes it `new`. The assignee becomes a follower. A no-op (same assignee) writes nothing.
 * - assign(…, staffId): the target is an active staff account and, unless the actor is an admin or the
 *   ticket has no team, a member of the ticket's team (use transfer to move it to another team).
 * - assignToMe: always works for a staff member who can see the ticket.
 * - transfer: to a team, a department (its team; the subject is kept only when it belongs to the new
 *   department) and/or an agent, with a note for the next agent (stored in the event). Without an agent,
 *   a ticket that changes team goes through the new team's automatic assignment, else it keeps its assignee.
 */
import { Department, Subject, Team, TeamMember } from '../../entities/org.ts';
import { StaffAccount } from '../../entities/people.ts';
import type { Ticket } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import * as notify from '../../notify/index.ts';
import { transact, type Tx } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { applyAction, checkMove } from './apply.ts';
import { pickAssignee } from './assignment.ts';
import { ticketForAction } from './guard.ts';
import { addFollower } from './store.ts';
import type { TicketAction } from './transitions.ts';

async function activeStaff(tx: Tx, staffId: number): Promise<StaffAccount> {
  const staff = await tx.em.findOne(StaffAccount, { where: { id: staffId } });
  if (!staff || !staff.active) throw new ValidationError({ staffId: 'unknown or inactive staff account' });
  return staff;
}

async function isMember(tx: Tx, teamId: number, staffId: number): Promise<boolean> {
  return tx.em.existsBy(TeamMember, { teamId, staffId });
}

async function setAssignee(tx: Tx, actor: Actor, ticket: Ticket, staffId: number | null, action: TicketAction, note?: string | null): Promise<Ticket> {
  const previous = ticket.assigneeId;
  if (previous === staffId) return ticket;
  const before = ticket.state;
  await applyAction(tx, actor, ticket, { action, changes: { assigneeId: staffId }, note });
  await addFollower(tx, ticket.id, staffId);
  await notify.assigned(tx, ticket, staffId, actor, { action, previousAssigneeId: previous });
  if (ticket.state !== before) await notify.stateChanged(tx, ticket, before, actor, { action });
  return ticket;
}

/** assigns to a staff member of the ticket's team, or unassigns with null (action 'unassign') */
export async function assign(ctx: CoreContext, actor: Actor, ticketId: number, staffId: number | null, note?: string | null): Promise<Ticket> {
  return transact(ctx, async (tx) => {
    const action: TicketAction = staffId === null ? 'unassign' : 'assign';
    const ticket = await ticketForAction(tx, actor, ticketId, action);
    checkMove(ticket, action, staffId);
    if (staffId !== null) {
      await activeStaff(tx, staffId);
      const admin = actor.kind === 'system' || (actor.kind === 'staff' && actor.staff.role === 'admin');
      if (!admin && ticket.teamId !== null && !(await isMember(tx, ticket.teamId, staffId))) {
        throw new ValidationError({ staffId: "not a member of the ticket's team (transfer the ticket instead)" });
      }
    }
    return setAssignee(tx, actor, ticket, staffId, action, note);
  });
}

/** "Assign to me": always works for staff who can see the ticket */
export async function assignToMe(ctx: CoreContext, actor: Actor, ticketId: number): Promise<Ticket> {
  if (actor.kind !== 'staff') throw new ForbiddenError('only staff take tickets');
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, 'assign_to_me');
    checkMove(ticket, 'assign_to_me', actor.staff.id);
    return setAssignee(tx, actor, ticket, actor.staff.id, 'assign_to_me');
  });
}

export const unassign = (ctx: CoreContext, actor: Actor, ticketId: number, note?: string | null) => assign(ctx, actor, ticketId, null, note);

export interface TransferInput {
  teamId?: number | null;
  departmentId?: number | null;
  staffId?: number | null;
  /** the note for the next agent (DOMAIN.md, 002) */
  note?: string | null;
}

export async function transfer(ctx: CoreContext, actor: Actor, ticketId: number, input: TransferInput): Promise<Ticket> {
  if (input.teamId == null && input.departmentId == null && input.staffId == null) {
    throw new ValidationError({ teamId: 'transfer to a team, a department or an agent' });
  }
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, 'transfer');
    checkMove(ticket, 'transfer');
    const changes: Partial<Ticket> = {};
    let teamId = ticket.teamId;
    if (input.departmentId != null) {
      const dept = await tx.em.findOne(Department, { where: { id: input.departmentId, active: true } });
      if (!dept) throw new ValidationError({ departmentId: 'unknown or inactive department' });
      changes.departmentId = dept.id;
      changes.valueChainId = dept.valueChainId;
      const subject = ticket.subjectId === null ? null : await tx.em.findOne(Subject, { where: { id: ticket.subjectId } });
      if (subject && subject.departmentId !== dept.id) changes.subjectId = null;
      if (dept.teamId !== null) teamId = dept.teamId;
    }
    if (input.teamId != null) {
      const team = await tx.em.findOne(Team, { where: { id: input.teamId, active: true } });
      if (!team) throw new ValidationError({ teamId: 'unknown or inactive team' });
      teamId = team.id;
    }
    let assigneeId: number | null = ticket.assigneeId;
    if (input.staffId != null) {
      const staff = await activeStaff(tx, input.staffId);
      const teamGiven = input.teamId != null || input.departmentId != null;
      if (teamId !== null && !(await isMember(tx, teamId, staff.id))) {
        if (teamGiven) throw new ValidationError({ staffId: 'not a member of the destination team' });
        const first = await tx.em.findOne(TeamMember, { where: { staffId: staff.id }, order: { teamId: 'ASC' } });
        teamId = first?.teamId ?? teamId;
      }
      assigneeId = staff.id;
    } else if (teamId !== ticket.teamId) {
      assigneeId = await pickAssignee(tx, teamId);
    }
    changes.teamId = teamId;
    changes.assigneeId = assigneeId;
    const before = { teamId: ticket.teamId, departmentId: ticket.departmentId, assigneeId: ticket.assigneeId };
    const stateBefore = ticket.state;
    const note = input.note?.trim() || null;
    const moves = Object.entries(changes).some(([k, v]) => ticket[k as keyof Ticket] !== v);
    if (!moves) throw new ValidationError({ teamId: 'the ticket is there already' });
    await applyAction(tx, actor, ticket, { action: 'transfer', changes, note });
    await addFollower(tx, ticket.id, assigneeId);
    await notify.transferred(tx, ticket, before, actor, note);
    if (assigneeId !== before.assigneeId) {
      await notify.assigned(tx, ticket, assigneeId, actor, { action: 'transfer', previousAssigneeId: before.assigneeId });
    }
    if (ticket.state !== stateBefore) await notify.stateChanged(tx, ticket, stateBefore, actor, { action: 'transfer' });
    return ticket;
  });
}

/** the staff accounts a ticket can be assigned to without a transfer (members of its team; all active staff when it has none) */
export async function assignableStaff(ctx: CoreContext, ticket: Pick<Ticket, 'teamId'>): Promise<StaffAccount[]> {
  const repo = ctx.ds.getRepository(StaffAccount);
  if (ticket.teamId === null) return repo.find({ where: { active: true }, order: { displayName: 'ASC' } });
  const members = await ctx.ds.getRepository(TeamMember).find({ where: { teamId: ticket.teamId } });
  if (!members.length) return [];
  const staff = await repo.find({ where: { active: true }, order: { displayName: 'ASC' } });
  const ids = new Set(members.map((m) => m.staffId));
  return staff.filter((s) => ids.has(s.id));
}
