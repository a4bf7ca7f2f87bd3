/**
 * The panel's ticket page as one read (admin/routes/ticket.tsx renders it with admin/views/ticket/page.tsx): the
 * timeline, the actions the staff member may use on it (permission and transition table), the staff named on
 * the page, the requester with his member type and his other tickets (those this staff member may see), the
 * catalogue names, the SLA targets, the assignable staff, the canned replies, the followers and the phone as
 * this staff member may see it. NotFoundError when the staff member may not see the ticket.
 * Tuned to 23 SQL statements for a ticket with its assignee (docs/BENCHMARKS.md): a read only when the page
 * shows it (departments and active staff only with transfer, assignable with assign, canned with reply).
 */
import { Brackets, In } from 'typeorm';
import type { CoreContext } from '../context.ts';
import type { Locale } from '../entities/enums.ts';
import { Department, Team } from '../entities/org.ts';
import { MemberType, Requester, StaffAccount } from '../entities/people.ts';
import { SlaTarget } from '../entities/sla.ts';
import { Ticket, TicketMessage } from '../entities/ticket.ts';
import { staffActor, type Actor } from '../services/actor.ts';
import { findCanned } from '../services/canned.ts';
import { allowedActions, visibleTicketsWhere } from '../services/permissions.ts';
import { requesterPhoneFor } from '../services/phone-view.ts';
import { getSettings } from '../services/settings.ts';
import * as tickets from '../services/tickets/index.ts';

/** the actions the page offers, each checked with the core (permission) and the transition table (state) */
export const TICKET_PAGE_ACTIONS = [
  'agent_reply',
  'note',
  'assign',
  'assign_to_me',
  'unassign',
  'transfer',
  'set_priority',
  'set_type',
  'set_tags',
  'resolve',
  'close',
  'cancel',
  'reopen',
  'step_back',
] as const;
export type TicketPageAction = (typeof TICKET_PAGE_ACTIONS)[number];

export interface TicketPage {
  tl: tickets.Timeline;
  staff: Map<number, StaffAccount>;
  requester: Requester | null;
  memberType: MemberType | null;
  teams: Team[];
  departments: Department[];
  slas: SlaTarget[];
  may: Record<TicketPageAction, boolean>;
  assignable: StaffAccount[];
  activeStaff: StaffAccount[];
  canned: { id: number; title: string; shortcut: string; body: string }[];
  others: Ticket[];
  atRiskMinutes: number;
  followers: tickets.FollowersPage;
  /** the requester's phone as this staff member may see it (core/services/phone-view.ts) */
  phone: string | null;
}

export async function ticketPage(ctx: CoreContext, me: StaffAccount, id: number, locale: Locale): Promise<TicketPage> {
  const actor = staffActor(me);
  const tl = await tickets.ticketTimeline(ctx, actor, id);
  const tk = tl.ticket;
  const em = ctx.ds.manager;
  const allowed = await allowedActions(em, actor, tk, TICKET_PAGE_ACTIONS);
  const may = Object.fromEntries(TICKET_PAGE_ACTIONS.map((a) => [a, allowed.has(a) && tickets.canMove(a, tk.state)])) as Record<TicketPageAction, boolean>;
  may.assign_to_me &&= tk.assigneeId !== me.id;
  may.unassign &&= tk.assigneeId !== null;
  const staffIds = [
    tk.assigneeId,
    tk.createdByStaffId,
    ...tl.messages.map((m) => m.staffId),
    ...tl.events.map((e) => (e.actorKind === 'staff' ? e.actorId : null)),
  ];
  for (const e of tl.events) for (const side of [e.before, e.after]) if (typeof side?.assigneeId === 'number') staffIds.push(side.assigneeId);
  for (const e of tl.events) if ((e.kind === 'follow' || e.kind === 'unfollow') && typeof e.after?.staffId === 'number') staffIds.push(e.after.staffId);
  const ids = [...new Set(staffIds.filter((x): x is number => x !== null))];
  const staff = new Map((ids.length ? await em.find(StaffAccount, { where: { id: In(ids) } }) : []).map((s) => [s.id, s]));
  const requester = tk.requesterId ? await em.findOne(Requester, { where: { id: tk.requesterId } }) : null;
  const memberType = requester?.memberTypeId ? await em.findOne(MemberType, { where: { id: requester.memberTypeId } }) : null;
  const teams = await em.find(Team, { order: { name: 'ASC' } });
  const departments = may.transfer ? await em.find(Department, { where: { active: true }, order: { sortOrder: 'ASC', id: 'ASC' } }) : [];
  const slas = await em.find(SlaTarget, { where: { ticketId: tk.id }, order: { kind: 'ASC' } });
  const assignable = may.assign ? await tickets.assignableStaff(ctx, tk) : [];
  const activeStaff = may.transfer ? await em.find(StaffAccount, { where: { active: true }, order: { displayName: 'ASC' } }) : [];
  const canned = may.agent_reply ? (await findCanned(ctx, me, '', 200)).map((r) => ({ id: r.id, title: r.title, shortcut: r.shortcut, body: r.body })) : [];
  let others: Ticket[] = [];
  if (tk.requesterId) {
    const qb = ctx.ds.getRepository(Ticket).createQueryBuilder('t');
    const visible = await visibleTicketsWhere(em, actor, 't');
    others = await qb
      .where(new Brackets((w) => w.where(visible.sql, visible.params)))
      .andWhere('t.requesterId = :rid AND t.id <> :self', { rid: tk.requesterId, self: tk.id })
      .orderBy('t.id', 'DESC')
      .limit(10)
      .getMany();
  }
  const settings = await getSettings(ctx);
  const followers = await tickets.ticketFollowers(ctx, actor, tk.id);
  return {
    followers,
    tl,
    staff,
    requester,
    memberType,
    teams,
    departments,
    slas,
    may,
    assignable,
    activeStaff,
    canned,
    others,
    atRiskMinutes: settings.slaAtRiskMinutes,
    phone: requester?.phone ? requesterPhoneFor(requester.phone, settings, me.role, locale) : null,
  };
}

/** one message of a ticket (for its attachments), or null; NotFoundError when the actor may not see the ticket */
export async function ticketMessageFor(ctx: CoreContext, actor: Actor, ticketId: number, messageId: number): Promise<TicketMessage | null> {
  await tickets.getTicket(ctx, actor, ticketId);
  return ctx.ds.getRepository(TicketMessage).findOne({ where: { id: messageId, ticketId } });
}
