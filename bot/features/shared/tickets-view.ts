/**
 * "My tickets" as the private chat shows it (the read model is core/read/my-tickets.ts): the requester's open
 * tickets, his tickets (open ones first, then the latest others) and one ticket with its latest messages —
 * never an internal note, never someone else's ticket.
 */
import type { Locale } from '../../../core/entities/enums.ts';
import type { Ticket } from '../../../core/entities/ticket.ts';
import * as read from '../../../core/read/my-tickets.ts';
import type { BotDeps } from '../../context.ts';

export type { TicketLine, TicketView } from '../../../core/read/my-tickets.ts';

/**
 * the requester's open tickets, newest activity first; `namesIfSeveral` skips the subject names when there is
 * one ticket (a follow-up then goes to it without showing a list)
 */
export const listOpenTickets = (deps: BotDeps, requesterId: number, locale: Locale, namesIfSeveral = false, known?: Ticket[]) =>
  read.openTicketLines(deps.core.ds, requesterId, locale, namesIfSeveral, known);

export const listMyTickets = (deps: BotDeps, requesterId: number, locale: Locale) => read.myTicketLines(deps.core.ds, requesterId, locale);

/** one of the requester's tickets (null when it is not his, or does not exist) */
export const ticketView = (deps: BotDeps, requesterId: number, ticketId: number, locale: Locale) =>
  read.myTicketView(deps.core.ds, requesterId, ticketId, locale);

/** the requester's ticket waiting for his "was it resolved?" answer, or why not */
export const awaitingConfirmation = (deps: BotDeps, requesterId: number, ticketId: number) => read.awaitingConfirmation(deps.core.ds, requesterId, ticketId);

/** the id of the requester's own ticket with this number (null for someone else's) */
export const ticketIdByNumber = (deps: BotDeps, requesterId: number, number: number) => read.myTicketIdByNumber(deps.core.ds, requesterId, number);
