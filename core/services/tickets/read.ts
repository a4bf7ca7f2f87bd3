/**
 * Reading tickets, always through the permission rule: a ticket the actor cannot see is NotFoundError.
 * The timeline holds the messages (internal notes only for staff) and the events (for a requester only
 * the opening and the state changes, without the internal notes of the events except close/cancel reasons).
 */
import { In } from 'typeorm';
import { Rating, TicketEvent, TicketMessage, Ticket } from '../../entities/ticket.ts';
import type { TicketState } from '../../entities/enums.ts';
import type { CoreContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { assertCanSee } from '../permissions.ts';
import { ACTIVE_STATES } from './transitions.ts';

export async function getTicket(ctx: CoreContext, actor: Actor, id: number): Promise<Ticket> {
  const ticket = await ctx.ds.getRepository(Ticket).findOne({ where: { id } });
  if (!ticket) throw new NotFoundError('ticket', id);
  await assertCanSee(ctx.ds.manager, actor, ticket);
  return ticket;
}

export async function getTicketByNumber(ctx: CoreContext, actor: Actor, number: number): Promise<Ticket> {
  const ticket = await ctx.ds.getRepository(Ticket).findOne({ where: { number } });
  if (!ticket) throw new NotFoundError('ticket', `#${number}`);
  await assertCanSee(ctx.ds.manager, actor, ticket);
  return ticket;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export interface RequesterListOptions {
  /** 1-based */
  page?: number;
  pageSize?: number;
  /** only new/open/answered/resolved */
  openOnly?: boolean;
  states?: TicketState[];
}

/** the requester's own tickets, latest activity first */
export async function listRequesterTickets(ctx: CoreContext, actor: Actor, opts: RequesterListOptions = {}): Promise<Page<Ticket>> {
  if (actor.kind !== 'requester') throw new ForbiddenError('a requester lists his own tickets');
  const pageSize = Math.min(Math.max(opts.pageSize ?? 10, 1), 100);
  const page = Math.max(opts.page ?? 1, 1);
  const states = opts.states ?? (opts.openOnly ? [...ACTIVE_STATES] : undefined);
  const [items, total] = await ctx.ds.getRepository(Ticket).findAndCount({
    where: { requesterId: actor.requester.id, ...(states ? { state: In(states) } : {}) },
    order: { lastActivityAt: 'DESC', id: 'DESC' },
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

export type TimelineEntry = { type: 'message'; at: Date; message: TicketMessage } | { type: 'event'; at: Date; event: TicketEvent };

export interface Timeline {
  ticket: Ticket;
  messages: TicketMessage[];
  events: TicketEvent[];
  /** messages and events merged in time order */
  entries: TimelineEntry[];
  /** the requester's ratings (score 1–5 and comment), oldest first: one per confirmation */
  ratings: Rating[];
}

const REQUESTER_EVENT_KINDS = ['created', 'state'];
const REASON_ACTIONS = ['close', 'cancel', 'auto_close'];

export async function ticketTimeline(ctx: CoreContext, actor: Actor, id: number): Promise<Timeline> {
  const ticket = await getTicket(ctx, actor, id);
  const staffSide = actor.kind !== 'requester';
  const messages = await ctx.ds.getRepository(TicketMessage).find({
    where: { ticketId: ticket.id, ...(staffSide ? {} : { kind: 'message' as const }) },
    order: { id: 'ASC' },
  });
  let events = await ctx.ds.getRepository(TicketEvent).find({ where: { ticketId: ticket.id }, order: { id: 'ASC' } });
  if (!staffSide) {
    events = events
      .filter((e) => REQUESTER_EVENT_KINDS.includes(e.kind))
      .map((e) => {
        const view = Object.assign(new TicketEvent(), e);
        view.before = e.before ? { state: e.before.state } : null;
        view.after = e.after ? { state: e.after.state } : null;
        view.note = REASON_ACTIONS.includes(e.action ?? '') ? e.note : null;
        view.actorId = e.actorKind === 'requester' ? e.actorId : null;
        return view;
      });
  }
  const entries: TimelineEntry[] = [
    ...messages.map((message) => ({ type: 'message' as const, at: message.createdAt, message })),
    ...events.map((event) => ({ type: 'event' as const, at: event.createdAt, event })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.type === b.type ? 0 : a.type === 'message' ? -1 : 1));
  const ratings = await ctx.ds.getRepository(Rating).find({ where: { ticketId: ticket.id }, order: { id: 'ASC' } });
  return { ticket, messages, events, entries, ratings };
}
