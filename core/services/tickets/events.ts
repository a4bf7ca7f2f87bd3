/**
 * Ticket events: the audit trail, exactly one per action, written in the action's transaction.
 *
 * The event contract (core/sla reads the state history from it):
 * - kind 'created'  — opening; after = { state: 'new', priority, teamId, subjectId, departmentId,
 *                     valueChainId, internal, linkedTicketId, messageId }.
 * - kind 'state'    — EVERY change of state, whatever the action (event.action says which): before/after
 *                     hold { state } plus every other field the action changed (assigneeId, closeReason, …)
 *                     and facts such as messageId or rating.
 * - otherwise the action's own kind, when the state stayed the same: 'message' (requester message),
 *   'reply' (agent reply), 'note', 'assign', 'unassign', 'transfer', 'priority', 'type', 'tags', 'link';
 *   and 'message_edit' for a requester's edit of a message (not a transition; action null);
 *   'follow' / 'unfollow' (after = { staffId }) when the followers change (followers.ts; action null);
 *   'merge' on the kept ticket of a merge (after = { mergedTicketId, mergedNumber, messages, events }).
 */
import type { Ticket } from '../../entities/ticket.ts';
import { TicketEvent } from '../../entities/ticket.ts';
import type { Tx } from '../../tx.ts';
import { actorRef, type Actor } from '../actor.ts';
import type { TicketAction } from './transitions.ts';

export const EVENT_KINDS = [
  'created',
  'state',
  'message',
  'reply',
  'note',
  'assign',
  'unassign',
  'transfer',
  'priority',
  'type',
  'tags',
  'link',
  'message_edit',
  'follow',
  'unfollow',
  'merge',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** the event kind of an action that did not change the state */
export const KIND_OF_ACTION: Partial<Record<TicketAction, EventKind>> = {
  requester_message: 'message',
  agent_reply: 'reply',
  note: 'note',
  assign: 'assign',
  assign_to_me: 'assign',
  unassign: 'unassign',
  transfer: 'transfer',
  set_priority: 'priority',
  set_type: 'type',
  set_tags: 'tags',
  link: 'link',
  merge_in: 'merge',
};

export interface EventDraft {
  kind: EventKind;
  action: TicketAction | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  note?: string | null;
}

export async function writeEvent(tx: Tx, ticket: Pick<Ticket, 'id'>, actor: Actor, draft: EventDraft): Promise<TicketEvent> {
  const { actorKind, actorId } = actorRef(actor);
  tx.changedTickets.add(ticket.id);
  const row = tx.em.create(TicketEvent, {
    ticketId: ticket.id,
    actorKind,
    actorId,
    kind: draft.kind,
    action: draft.action,
    before: draft.before ?? null,
    after: draft.after ?? null,
    note: draft.note ?? null,
    createdAt: tx.now,
  });
  return tx.em.save(TicketEvent, row);
}
