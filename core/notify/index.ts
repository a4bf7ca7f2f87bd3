/**
 * Notifications of ticket changes, as outbox rows written in the change's own transaction.
 *
 * The ticket services call the functions below (one per kind of change). Each runs the requester-side
 * notifier (core/notify/requester.ts: what the requester's private chat receives), the followers' notifier
 * (core/notify/followers.ts: private messages or panel notices), and then every notifier
 * registered with `registerNotifier` — that is where the staff side (staff-chat cards, topics, relays,
 * direct messages to agents) plugs in. A notifier implements only the hooks it needs. Notifiers only
 * write outbox rows (`tx.outbox`) and read the database through `tx.em`; they never call Telegram.
 */
import type { TicketState } from '../entities/enums.ts';
import type { StaffAccount } from '../entities/people.ts';
import type { Rating, Ticket, TicketMessage } from '../entities/ticket.ts';
import type { Actor } from '../services/actor.ts';
import type { TicketAction } from '../services/tickets/transitions.ts';
import type { Tx } from '../tx.ts';
import { followerNotifier } from './followers.ts';
import { requesterNotifier } from './requester.ts';

export interface StateChangeExtra {
  action: TicketAction;
  /** a close / cancel reason ('spam', 'duplicate', 'content_rule', 'auto_close' or an agent's words) */
  reason?: string | null;
  /** the content-rule reasons when a ticket was cancelled by the rule */
  contentReasons?: string[];
  /** a requester message that came with the change (not resolved, a follow-up on a closed ticket) */
  message?: TicketMessage | null;
  rating?: Rating | null;
}

export interface AssignExtra {
  action: TicketAction;
  previousAssigneeId: number | null;
}

export interface TransferBefore {
  teamId: number | null;
  departmentId: number | null;
  assigneeId: number | null;
}

export interface FieldChange {
  field: 'priority' | 'type' | 'tags' | 'linkedTicketId';
  before: unknown;
  after: unknown;
}

export interface Notifier {
  /** a ticket was created (requester ticket or internal request); `message` is its first message */
  ticketOpened(tx: Tx, ticket: Ticket, message: TicketMessage | null, actor: Actor): Promise<void>;
  requesterMessageAdded(tx: Tx, ticket: Ticket, message: TicketMessage): Promise<void>;
  requesterMessageEdited(tx: Tx, ticket: Ticket, message: TicketMessage): Promise<void>;
  agentReplied(tx: Tx, ticket: Ticket, message: TicketMessage, staff: StaffAccount): Promise<void>;
  noteAdded(tx: Tx, ticket: Ticket, message: TicketMessage, staff: StaffAccount): Promise<void>;
  /** any change of state; `before` is the old state, `ticket.state` the new one */
  stateChanged(tx: Tx, ticket: Ticket, before: TicketState, actor: Actor, extra: StateChangeExtra): Promise<void>;
  /** the assignee changed (staffId null: unassigned) */
  assigned(tx: Tx, ticket: Ticket, staffId: number | null, actor: Actor, extra: AssignExtra): Promise<void>;
  transferred(tx: Tx, ticket: Ticket, before: TransferBefore, actor: Actor, note: string | null): Promise<void>;
  fieldChanged(tx: Tx, ticket: Ticket, change: FieldChange, actor: Actor): Promise<void>;
}

type Hook = keyof Notifier;

/** staff-side notifiers register here (bot/, jobs/); the requester side is built in */
const registered: Partial<Notifier>[] = [];

/** Adds a notifier; returns a function that removes it again (tests). */
export function registerNotifier(n: Partial<Notifier>): () => void {
  registered.push(n);
  return () => {
    const i = registered.indexOf(n);
    if (i >= 0) registered.splice(i, 1);
  };
}

export function registeredNotifiers(): readonly Partial<Notifier>[] {
  return registered;
}

async function run<H extends Hook>(hook: H, ...args: Parameters<Notifier[H]>): Promise<void> {
  for (const n of [requesterNotifier, followerNotifier, ...registered]) {
    const fn = n[hook] as ((...a: Parameters<Notifier[H]>) => Promise<void>) | undefined;
    if (fn) await fn.apply(n, args);
  }
}

export const ticketOpened = (tx: Tx, ticket: Ticket, message: TicketMessage | null, actor: Actor) => run('ticketOpened', tx, ticket, message, actor);
export const requesterMessageAdded = (tx: Tx, ticket: Ticket, message: TicketMessage) => run('requesterMessageAdded', tx, ticket, message);
export const requesterMessageEdited = (tx: Tx, ticket: Ticket, message: TicketMessage) => run('requesterMessageEdited', tx, ticket, message);
export const agentReplied = (tx: Tx, ticket: Ticket, message: TicketMessage, staff: StaffAccount) => run('agentReplied', tx, ticket, message, staff);
export const noteAdded = (tx: Tx, ticket: Ticket, message: TicketMessage, staff: StaffAccount) => run('noteAdded', tx, ticket, message, staff);
export const stateChanged = (tx: Tx, ticket: Ticket, before: TicketState, actor: Actor, extra: StateChangeExtra) =>
  run('stateChanged', tx, ticket, before, actor, extra);
export const assigned = (tx: Tx, ticket: Ticket, staffId: number | null, actor: Actor, extra: AssignExtra) =>
  run('assigned', tx, ticket, staffId, actor, extra);
export const transferred = (tx: Tx, ticket: Ticket, before: TransferBefore, actor: Actor, note: string | null) =>
  run('transferred', tx, ticket, before, actor, note);
export const fieldChanged = (tx: Tx, ticket: Ticket, change: FieldChange, actor: Actor) => run('fieldChanged', tx, ticket, change, actor);
