/**
 * Merging a duplicate into the ticket to keep (issue 19, item 6). Both tickets belong to the same requester
 * (or, for internal requests, the same staff creator); the kept one is active (new/open/answered/resolved),
 * the duplicate active or closed. In one transaction:
 * - the duplicate's messages (with their files) and notes move to the kept ticket; ticket messages are read in
 *   id order, which is the order they were written, so the kept ticket's conversation stays in time order;
 * - its events move too, except its own lifecycle ('created' and 'state' events): the SLA clock and the report
 *   summary read a ticket's state history from those, so they stay with the duplicate, whose life they describe;
 * - the Telegram message links move (a requester's reply to an old answer of the duplicate reaches the kept
 *   ticket), and its followers follow the kept ticket;
 * - the duplicate moves `merge` (→ finished, table in transitions.ts) with mergedIntoId and linkedTicketId set to
 *   the kept ticket; the kept one moves `merge_in` (its state unchanged) with one 'merge' event;
 * - the requester is told the number to follow (core/notify/requester.ts), an audit row records the merge;
 * - the report summary leaves the duplicate out (facts.ts skips merged tickets; refreshFacts takes back what
 *   it had counted) and the kept ticket's SLA is recomputed once: the reports count the kept ticket once.
 * A requester's later message on the duplicate is routed to the kept ticket (`followMerged`).
 * Refusals: ValidationError number 'merge_same' (a ticket into itself), 'merge_other_requester'; the table's
 * IllegalTransitionError for a kept ticket that is not active or a duplicate that is cancelled/finished.
 */
import { In } from 'typeorm';
import type { CoreContext } from '../../context.ts';
import { MessageLink, Ticket, TicketEvent, TicketFollower, TicketMessage } from '../../entities/ticket.ts';
import * as notify from '../../notify/index.ts';
import { transact, type Tx } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { applyAction, checkMove } from './apply.ts';
import { ticketForAction } from './guard.ts';
import { addFollower, lockTicket, touchSla } from './store.ts';

export interface MergeResult {
  kept: Ticket;
  merged: Ticket;
  movedMessages: number;
  movedEvents: number;
}

const owner = (t: Ticket) => (t.requesterId !== null ? `r${t.requesterId}` : t.internal && t.createdByStaffId !== null ? `s${t.createdByStaffId}` : null);

/** merges ticket `mergedId` into ticket `keptId` (see the header) */
export async function mergeTickets(ctx: CoreContext, actor: Actor, keptId: number, mergedId: number): Promise<MergeResult> {
  if (actor.kind !== 'staff') throw new ForbiddenError('only staff merge tickets');
  if (keptId === mergedId) throw new ValidationError({ number: 'merge_same' });
  return transact(ctx, async (tx) => {
    // lock in id order, so two merges of the same pair in opposite directions never wait on each other crosswise
    const [first, second] = keptId < mergedId ? [keptId, mergedId] : [mergedId, keptId];
    const a = await ticketForAction(tx, actor, first, first === keptId ? 'merge_in' : 'merge');
    const b = await ticketForAction(tx, actor, second, second === keptId ? 'merge_in' : 'merge');
    const kept = a.id === keptId ? a : b;
    const merged = a.id === keptId ? b : a;
    if (owner(kept) === null || owner(kept) !== owner(merged)) {
      throw new ValidationError({ number: 'merge_other_requester' });
    }
    checkMove(kept, 'merge_in');
    checkMove(merged, 'merge');
    const messages = await tx.em.find(TicketMessage, { where: { ticketId: merged.id }, select: { id: true } });
    if (messages.length) await tx.em.update(TicketMessage, { id: In(messages.map((m) => m.id)) }, { ticketId: kept.id });
    const events = await tx.em.find(TicketEvent, { where: { ticketId: merged.id }, select: { id: true, kind: true } });
    const moving = events.filter((e) => e.kind !== 'created' && e.kind !== 'state').map((e) => e.id);
    if (moving.length) await tx.em.update(TicketEvent, { id: In(moving) }, { ticketId: kept.id });
    await tx.em.update(MessageLink, { ticketId: merged.id }, { ticketId: kept.id });
    for (const f of await tx.em.find(TicketFollower, { where: { ticketId: merged.id } })) await addFollower(tx, kept.id, f.staffId);

    const lastActivityAt = merged.lastActivityAt > kept.lastActivityAt ? merged.lastActivityAt : kept.lastActivityAt;
    const facts = { mergedTicketId: merged.id, mergedNumber: merged.number, messages: messages.length, events: moving.length };
    await applyAction(tx, actor, kept, { action: 'merge_in', changes: { lastActivityAt }, facts });
    const before = merged.state;
    await applyAction(tx, actor, merged, {
      action: 'merge',
      changes: { mergedIntoId: kept.id, linkedTicketId: kept.id },
      facts: { keptTicketId: kept.id, keptNumber: kept.number },
    });
    await touchSla(tx, kept);
    await notify.stateChanged(tx, merged, before, actor, { action: 'merge' });
    await audit(tx, {
      staffId: actor.staff.id,
      action: 'merge',
      entity: 'ticket',
      entityId: kept.id,
      before: { ticketId: merged.id, number: merged.number, state: before },
      after: { keptTicketId: kept.id, keptNumber: kept.number, ...facts },
    });
    return { kept, merged, movedMessages: messages.length, movedEvents: moving.length };
  });
}

/** the ticket a requester's message for `ticketId` belongs to: the kept ticket when it was merged (followed to the end) */
export async function followMerged(tx: Tx, ticketId: number): Promise<Ticket> {
  let ticket = await lockTicket(tx, ticketId);
  for (let hops = 0; ticket.mergedIntoId !== null && hops < 10; hops++) ticket = await lockTicket(tx, ticket.mergedIntoId);
  return ticket;
}

/** the id of the ticket with this number, for `/merge <number>` and the panel's merge form */
export async function ticketIdOfNumber(ctx: CoreContext, number: number): Promise<number> {
  const row = await ctx.ds.getRepository(Ticket).findOne({ where: { number }, select: { id: true } });
  if (!row) throw new NotFoundError('ticket', number);
  return row.id;
}
