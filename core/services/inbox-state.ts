/**
 * The inbox's unread state per staff member (issue 19): a ticket is unread to him while he never opened its
 * page, or something happened on it after he last did that someone else did — a message from the requester or
 * from a colleague (notes too), or an event (a state change, an assignment, a priority…) by the requester or
 * another staff member. The system's own moves (SLA timers, automatic steps) do not make a ticket unread, nor do
 * his own. Opening the ticket page marks it read (markTicketSeen, one statement).
 */
import type { CoreContext } from '../context.ts';
import { TicketView } from '../entities/inbox.ts';
import { TicketEvent, TicketMessage } from '../entities/ticket.ts';

/** he opened the ticket's page now (insert, or move the mark forward) */
export async function markTicketSeen(ctx: CoreContext, staffId: number, ticketId: number): Promise<void> {
  await ctx.ds.getRepository(TicketView).upsert({ staffId, ticketId, seenAt: ctx.clock.now() }, ['staffId', 'ticketId']);
}

/**
 * SQL: the ticket whose id is the column `ticketId` is unread to the staff member whose id is the parameter
 * marker `me` (`:name`; used three times, so a named marker). Reads the view row by its key and the ticket's
 * messages and events after it through their (ticketId, id) indexes.
 */
export function unreadSql(ctx: CoreContext, ticketId: string, me: string): string {
  const views = ctx.ds.getRepository(TicketView).metadata.tableName;
  const messages = ctx.ds.getRepository(TicketMessage).metadata.tableName;
  const events = ctx.ds.getRepository(TicketEvent).metadata.tableName;
  const byOther = (kind: string, id: string) => `(${kind} = 'requester' OR (${kind} = 'staff' AND COALESCE(${id}, 0) <> ${me}))`;
  return (
    `NOT EXISTS (SELECT 1 FROM ${views} v WHERE v.staffId = ${me} AND v.ticketId = ${ticketId}` +
    ` AND NOT EXISTS (SELECT 1 FROM ${messages} m WHERE m.ticketId = ${ticketId} AND m.createdAt > v.seenAt AND ${byOther('m.authorKind', 'm.staffId')})` +
    ` AND NOT EXISTS (SELECT 1 FROM ${events} e WHERE e.ticketId = ${ticketId} AND e.createdAt > v.seenAt AND ${byOther('e.actorKind', 'e.actorId')}))`
  );
}
