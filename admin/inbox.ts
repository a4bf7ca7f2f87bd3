/**
 * The inbox query: tabs (mine, unassigned, my teams, all) and filters over the tickets the staff member may
 * see (core permissions: visibleTicketsWhere), newest change first, keyset pagination on (updatedAt, id) —
 * never OFFSET — so every page costs the same on a large table.
 */
import type { SelectQueryBuilder } from 'typeorm';
import type { CoreContext } from '../core/context.ts';
import { PRIORITIES, TICKET_STATES, type Priority, type TicketState } from '../core/entities/enums.ts';
import { TeamMember } from '../core/entities/org.ts';
import type { StaffAccount } from '../core/entities/people.ts';
import { Ticket } from '../core/entities/ticket.ts';
import { staffActor } from '../core/services/actor.ts';
import { visibleTicketsWhere } from '../core/services/permissions.ts';
import { ACTIVE_STATES } from '../core/services/tickets/index.ts';

export const TABS = ['mine', 'unassigned', 'teams', 'all'] as const;
export type Tab = (typeof TABS)[number];

export interface InboxFilters {
  tab: Tab;
  /** a state, 'active' (default: new/open/answered/resolved) or 'any' */
  state: TicketState | 'active' | 'any';
  priority: Priority | null;
  teamId: number | null;
}

export interface InboxCursor {
  updatedAt: number;
  id: number;
}

export const PAGE_SIZE = 25;

export function parseFilters(q: Record<string, string | undefined>): InboxFilters {
  const tab = (TABS as readonly string[]).includes(q.tab ?? '') ? (q.tab as Tab) : 'mine';
  const state = q.state === 'any' || (TICKET_STATES as readonly string[]).includes(q.state ?? '') ? (q.state as TicketState | 'any') : 'active';
  const priority = (PRIORITIES as readonly string[]).includes(q.priority ?? '') ? (q.priority as Priority) : null;
  const teamId = /^\d{1,9}$/.test(q.team ?? '') ? Number(q.team) : null;
  return { tab, state, priority, teamId };
}

export function parseCursor(s: string | undefined): InboxCursor | null {
  const m = /^(\d{1,15})_(\d{1,10})$/.exec(s ?? '');
  return m ? { updatedAt: Number(m[1]), id: Number(m[2]) } : null;
}

export const cursorOf = (t: Ticket) => `${t.updatedAt.getTime()}_${t.id}`;

async function baseQuery(ctx: CoreContext, staff: StaffAccount, f: InboxFilters, tab: Tab): Promise<SelectQueryBuilder<Ticket>> {
  const qb = ctx.ds.getRepository(Ticket).createQueryBuilder('t');
  const visible = await visibleTicketsWhere(ctx.ds.manager, staffActor(staff), 't');
  qb.where(visible.sql, visible.params);
  if (f.state === 'active') qb.andWhere('t.state IN (:...iStates)', { iStates: [...ACTIVE_STATES] });
  else if (f.state !== 'any') qb.andWhere('t.state = :iState', { iState: f.state });
  if (f.priority) qb.andWhere('t.priority = :iPriority', { iPriority: f.priority });
  if (f.teamId !== null) qb.andWhere('t.teamId = :iTeam', { iTeam: f.teamId });
  if (tab === 'mine') qb.andWhere('t.assigneeId = :iMe', { iMe: staff.id });
  else if (tab === 'unassigned') qb.andWhere('t.assigneeId IS NULL');
  else if (tab === 'teams') {
    const teams = (await ctx.ds.getRepository(TeamMember).find({ where: { staffId: staff.id, active: true } })).map((m) => m.teamId);
    qb.andWhere('t.teamId IN (:...iTeams)', { iTeams: teams.length ? teams : [-1] });
  }
  return qb;
}

export interface InboxPage {
  items: Ticket[];
  next: string | null;
}

export async function inboxPage(ctx: CoreContext, staff: StaffAccount, f: InboxFilters, cursor: InboxCursor | null): Promise<InboxPage> {
  const qb = await baseQuery(ctx, staff, f, f.tab);
  if (cursor) {
    qb.andWhere('(t.updatedAt < :cU OR (t.updatedAt = :cU AND t.id < :cId))', { cU: new Date(cursor.updatedAt), cId: cursor.id });
  }
  const rows = await qb.orderBy('t.updatedAt', 'DESC').addOrderBy('t.id', 'DESC').limit(PAGE_SIZE + 1).getMany();
  const items = rows.slice(0, PAGE_SIZE);
  return { items, next: rows.length > PAGE_SIZE ? cursorOf(items[items.length - 1]!) : null };
}

/** the number of tickets under each tab with the same filters */
export async function tabCounts(ctx: CoreContext, staff: StaffAccount, f: InboxFilters): Promise<Record<Tab, number>> {
  const out = {} as Record<Tab, number>;
  for (const tab of TABS) out[tab] = await (await baseQuery(ctx, staff, f, tab)).getCount();
  return out;
}
