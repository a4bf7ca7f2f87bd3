/** Loading a ticket for an action: locked, visible to the actor (else NotFoundError), the action permitted (else ForbiddenError). */
import type { Ticket } from '../../entities/ticket.ts';
import type { Tx } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { assertCanAct, type TicketPermission } from '../permissions.ts';
import { lockTicket } from './store.ts';

export async function ticketForAction(tx: Tx, actor: Actor, ticketId: number, action: TicketPermission): Promise<Ticket> {
  const ticket = await lockTicket(tx, ticketId);
  await assertCanAct(tx.em, actor, ticket, action);
  return ticket;
}
