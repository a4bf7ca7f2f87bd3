/**
 * Who may see and do what on a ticket — checked by every ticket service, not only by the front ends.
 *
 * Seeing (`canSeeTicket`; lists and search use the same rule as SQL, `visibleTicketsWhere`):
 * - system: everything.
 * - requester: only his own tickets (ticket.requesterId); never internal notes (the timeline filters them).
 * - staff, inactive account: nothing.
 * - admin: everything.
 * - supervisor or agent (the same rule; being a supervisor is a per-team flag on the membership):
 *   * tickets assigned to him, tickets he created (internal requests), tickets he follows;
 *   * tickets of every team he is a member of (supervisor member or not);
 *   * tickets of every team whose visibility is 'all' — "visible to all agents": every active staff account
 *     sees them, member or not; a team with visibility 'invited' is seen only by its members;
 *   * internal tickets (a request addressed to a named colleague) are private to their participants: the
 *     creator, the assignee, the followers, and the supervisors of the ticket's team — not to the other
 *     members and not through visibility 'all'.
 *
 * Acting (`assertCanAct`), always after seeing:
 * - system: every action.
 * - requester, on his own ticket: requester_message, confirm_resolved, not_resolved; reopen only a closed
 *   ticket (not a cancelled one); close only when the team allows it (team.customerCloseAllowed) or the
 *   ticket is his own internal request. Nothing else.
 * - staff never does the requester's actions (requester_message, confirm_resolved, not_resolved) nor the
 *   jobs' (finish, auto_close).
 * - admin: every other action on every ticket.
 * - supervisor or agent: 'note', 'assign_to_me' and 'link' on every ticket he can see ("assign to me always
 *   works"); every other action where he takes part: the assignee, the creator, a member of the ticket's
 *   team (for internal tickets: a supervisor of the team). Editing others' following ('followers') too.
 *
 * A ticket the actor cannot see is reported as NotFoundError (never Forbidden: that would leak that it
 * exists); a visible ticket the actor may not act on gives ForbiddenError.
 */
import { Brackets, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { StaffRole } from '../entities/enums.ts';
import { Team, TeamMember } from '../entities/org.ts';
import type { StaffAccount } from '../entities/people.ts';
import { TicketFollower, type Ticket } from '../entities/ticket.ts';
import type { Actor } from './actor.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';
import type { TicketAction } from './tickets/transitions.ts';

/**
 * what a check is about: reading the ticket, one action of the transition table, or editing its followers
 * ('followers': adding or removing someone else; following or unfollowing oneself only needs 'view')
 */
export type TicketPermission = 'view' | 'followers' | TicketAction;

/** the teams that matter for one staff account */
export interface StaffScope {
  staffId: number;
  role: StaffRole;
  active: boolean;
  /** teams he is a member of */
  memberTeamIds: number[];
  /** teams where his membership has the supervisor flag */
  supervisedTeamIds: number[];
  /** teams whose visibility is 'all' */
  openTeamIds: number[];
}

const REQUESTER_ACTIONS: readonly TicketPermission[] = ['view', 'requester_message', 'confirm_resolved', 'not_resolved', 'reopen', 'close'];
const NOT_FOR_STAFF: readonly TicketPermission[] = ['requester_message', 'confirm_resolved', 'not_resolved', 'finish', 'auto_close', 'open'];
const ANY_VISIBLE_STAFF: readonly TicketPermission[] = ['view', 'note', 'assign_to_me', 'link'];

export async function staffScope(em: EntityManager, staff: StaffAccount): Promise<StaffScope> {
  const members = await em.find(TeamMember, { where: { staffId: staff.id } });
  const open = await em.find(Team, { where: { visibility: 'all' }, select: { id: true } });
  return {
    staffId: staff.id,
    role: staff.role,
    active: staff.active,
    memberTeamIds: members.map((m) => m.teamId),
    supervisedTeamIds: members.filter((m) => m.supervisor).map((m) => m.teamId),
    openTeamIds: open.map((t) => t.id),
  };
}

async function follows(em: EntityManager, ticketId: number, staffId: number): Promise<boolean> {
  return em.existsBy(TicketFollower, { ticketId, staffId });
}

/** the seeing rule for staff, given the scope (see the header) */
function staffSees(scope: StaffScope, ticket: Ticket): boolean | 'ask_followers' {
  if (!scope.active) return false;
  if (scope.role === 'admin') return true;
  if (ticket.assigneeId === scope.staffId || ticket.createdByStaffId === scope.staffId) return true;
  const team = ticket.teamId;
  if (team !== null) {
    if (ticket.internal ? scope.supervisedTeamIds.includes(team) : scope.memberTeamIds.includes(team) || scope.openTeamIds.includes(team)) {
      return true;
    }
  }
  return 'ask_followers';
}

/** `known`: the staff actor's scope when the caller has it already */
export async function canSeeTicket(em: EntityManager, actor: Actor, ticket: Ticket, known?: StaffScope): Promise<boolean> {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'requester') return ticket.requesterId !== null && ticket.requesterId === actor.requester.id;
  const sees = staffSees(known ?? (await staffScope(em, actor.staff)), ticket);
  return sees === 'ask_followers' ? follows(em, ticket.id, actor.staff.id) : sees;
}

/** NotFoundError unless the actor may see the ticket */
export async function assertCanSee(em: EntityManager, actor: Actor, ticket: Ticket): Promise<void> {
  if (!(await canSeeTicket(em, actor, ticket))) throw new NotFoundError('ticket', ticket.id);
}

/** why an actor who sees the ticket may not act, or null when he may */
async function refusal(em: EntityManager, actor: Actor, ticket: Ticket, action: TicketPermission, known?: StaffScope): Promise<string | null> {
  if (actor.kind === 'system') return null;
  if (actor.kind === 'requester') {
    if (!REQUESTER_ACTIONS.includes(action)) return `a requester may not ${action}`;
    if (action === 'reopen' && ticket.state === 'cancelled') return 'a cancelled ticket cannot be reopened by its requester';
    if (action === 'close' && !ticket.internal) {
      const team = ticket.teamId === null ? null : await em.findOne(Team, { where: { id: ticket.teamId } });
      if (!team?.customerCloseAllowed) return 'this team does not let requesters close their tickets';
    }
    return null;
  }
  if (NOT_FOR_STAFF.includes(action)) return `staff may not ${action}`;
  const scope = known ?? (await staffScope(em, actor.staff));
  if (scope.role === 'admin' || ANY_VISIBLE_STAFF.includes(action)) return null;
  if (ticket.assigneeId === scope.staffId || ticket.createdByStaffId === scope.staffId) return null;
  if (ticket.teamId !== null) {
    const teams = ticket.internal ? scope.supervisedTeamIds : scope.memberTeamIds;
    if (teams.includes(ticket.teamId)) return null;
  }
  return 'only the assignee, the team and admins act on this ticket';
}

/** NotFoundError when the actor cannot see the ticket, ForbiddenError when he sees it but may not do this */
export async function assertCanAct(em: EntityManager, actor: Actor, ticket: Ticket, action: TicketPermission): Promise<void> {
  await assertCanSee(em, actor, ticket);
  const why = await refusal(em, actor, ticket, action);
  if (why) throw new ForbiddenError(why);
}

export async function canAct(em: EntityManager, actor: Actor, ticket: Ticket, action: TicketPermission): Promise<boolean> {
  return (await canSeeTicket(em, actor, ticket)) && (await refusal(em, actor, ticket, action)) === null;
}

/** canAct for several actions (a page's buttons): the actor's teams and the seeing rule are read once */
export async function allowedActions<A extends TicketPermission>(em: EntityManager, actor: Actor, ticket: Ticket, actions: readonly A[]): Promise<Set<A>> {
  const scope = actor.kind === 'staff' ? await staffScope(em, actor.staff) : undefined;
  const allowed = new Set<A>();
  if (!(await canSeeTicket(em, actor, ticket, scope))) return allowed;
  for (const a of actions) if ((await refusal(em, actor, ticket, a, scope)) === null) allowed.add(a);
  return allowed;
}

/** A SQL condition on the tickets table (under `alias`) equal to `canSeeTicket`, for lists and search. */
export interface VisibilityCondition {
  sql: string;
  params: ObjectLiteral;
  /** which rule a branch of visibleTicketsBranches stands for */
  kind?: 'all' | 'requester' | 'assignee' | 'creator' | 'follower' | 'team' | 'supervised';
}

export async function visibleTicketsWhere(em: EntityManager, actor: Actor, alias = 't'): Promise<VisibilityCondition> {
  const branches = await visibleTicketsBranches(em, actor, alias);
  if (branches.length === 0) return { sql: '1 = 0', params: {} };
  if (branches.length === 1) return branches[0]!;
  return { sql: `(${branches.map((b) => b.sql).join(' OR ')})`, params: Object.assign({}, ...branches.map((b) => b.params)) };
}

/**
 * The same rule as `visibleTicketsWhere`, as alternatives whose OR it is (none: nothing is visible). Each one
 * can use an index of its own, so a list over a large table can take a page from each and merge them (a
 * UNION) instead of scanning for one OR that no index serves (the panel's inbox does). `known`: the actor's
 * scope when the caller has it already (one query less).
 */
export async function visibleTicketsBranches(em: EntityManager, actor: Actor, alias = 't', known?: StaffScope): Promise<VisibilityCondition[]> {
  if (actor.kind === 'system') return [{ sql: '1 = 1', params: {}, kind: 'all' }];
  if (actor.kind === 'requester') return [{ sql: `${alias}.requesterId = :visRequester`, params: { visRequester: actor.requester.id }, kind: 'requester' }];
  const scope = known?.staffId === actor.staff.id ? known : await staffScope(em, actor.staff);
  if (!scope.active) return [];
  if (scope.role === 'admin') return [{ sql: '1 = 1', params: {}, kind: 'all' }];
  const followers = em.getRepository(TicketFollower).metadata.tableName;
  const me = { visStaff: scope.staffId };
  // one branch per team (an index on (teamId, internal, updatedAt) serves each in order); none for no team
  const team = (internal: 0 | 1, teamId: number): VisibilityCondition => ({
    kind: internal ? 'supervised' : 'team',
    sql: `(${alias}.internal = ${internal} AND ${alias}.teamId = :vis${internal ? 'Sup' : 'Team'}${teamId})`,
    params: { [`vis${internal ? 'Sup' : 'Team'}${teamId}`]: teamId },
  });
  return [
    { sql: `${alias}.assigneeId = :visStaff`, params: me, kind: 'assignee' },
    { sql: `${alias}.createdByStaffId = :visStaff`, params: me, kind: 'creator' },
    { sql: `${alias}.id IN (SELECT vf.ticketId FROM ${followers} vf WHERE vf.staffId = :visStaff)`, params: me, kind: 'follower' },
    ...[...new Set([...scope.memberTeamIds, ...scope.openTeamIds])].sort((x, y) => x - y).map((id) => team(0, id)),
    ...[...new Set(scope.supervisedTeamIds)].sort((x, y) => x - y).map((id) => team(1, id)),
  ];
}

/** adds the visibility condition to a query builder over tickets */
export async function whereVisible<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  em: EntityManager,
  actor: Actor,
  alias = 't',
): Promise<SelectQueryBuilder<T>> {
  const cond = await visibleTicketsWhere(em, actor, alias);
  return qb.andWhere(new Brackets((b) => b.where(cond.sql, cond.params)));
}
