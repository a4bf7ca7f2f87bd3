/**
 * THE transition table of a ticket (DOMAIN.md, "Ticket lifecycle"): for every action, the states it is
 * allowed from and the state it leads to. Services never decide a move themselves; they ask `nextState`.
 *
 * Rules the table encodes (one line each):
 * - open                creates a ticket in `new` (no existing state: it is not a move).
 * - requester_message   new stays new; open stays open; answered → open (000); resolved → open (a message
 *                       on a resolved ticket means it is not solved); closed → open (a follow-up reopens a
 *                       closed ticket until it is finished, reopenCount + 1); refused on cancelled; on
 *                       finished refused with TicketFinishedError ("open a new ticket that links #n").
 * - agent_reply         new/open/answered → answered (waiting for the user; stamps first response);
 *                       on resolved it stays resolved (extra information while the user is asked to
 *                       confirm); refused on closed/cancelled (reopen first, recorded) and finished.
 * - note                any state but finished; never changes the state.
 * - assign, assign_to_me  new → open (000: assigning makes it open); open/answered/resolved unchanged.
 * - unassign            open → new (nobody works on it any more); answered/resolved unchanged;
 *                       not from new (a new ticket has nobody to unassign).
 * - transfer            new/open/answered/resolved unchanged, then the assignment rule below.
 * - set_priority        new/open/answered/resolved (it moves SLA deadlines).
 * - set_type, set_tags  any state but finished (classifying closed tickets for reports is useful).
 * - resolve             new/open/answered → resolved (the user is asked Resolved / Not resolved).
 * - confirm_resolved    resolved → closed (the user's "Resolved ✅" with a rating).
 * - not_resolved        resolved → open (back to the same assignee, with the user's reason as a message).
 * - close               new/open/answered/resolved → closed (an agent with a reason; the requester only
 *                       when the team allows it — that is a permission, not a move).
 * - cancel              new/open/answered/resolved → cancelled (spam, duplicate, content rule).
 * - reopen              closed/cancelled → open (reopenCount + 1; a requester only from closed).
 * - step_back           resolved/answered → open (an agent takes a step back, DOMAIN.md 003: "going backwards
 *                       is allowed for agents, always recorded"; staff only — a requester has not_resolved
 *                       and his follow-ups). `new` when nobody is assigned (the assignment rule).
 * - finish              closed → finished (jobs, after the team's finishAfterDays).
 * - auto_close          answered/resolved → closed (jobs, after the team's autoCloseDays of silence).
 * - link                any state (metadata: "this ticket is about #n").
 * - merge               the duplicate folded into another ticket: new/open/answered/resolved/closed → finished
 *                       (its messages and notes move to the kept ticket; it links it; merge.ts).
 * - merge_in            the kept ticket of a merge: new/open/answered/resolved unchanged (it takes the history).
 *
 * The assignment rule, applied after every move (`settleAssignment`): `new` means "not taken by an agent"
 * and `open` means "assigned and worked on", so a `new` ticket that ends up with an assignee is `open`,
 * and an `open` ticket that ends up without one is `new`. Example: reopening a ticket nobody was assigned
 * to gives `new`.
 */
import { TICKET_STATES, type TicketState } from '../../entities/enums.ts';
import { IllegalTransitionError, TicketFinishedError } from '../errors.ts';

export const TICKET_ACTIONS = [
  'open',
  'requester_message',
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
  'confirm_resolved',
  'not_resolved',
  'close',
  'cancel',
  'reopen',
  'step_back',
  'finish',
  'auto_close',
  'link',
  'merge',
  'merge_in',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

type Moves = Partial<Record<TicketState, TicketState>>;

const ACTIVE = ['new', 'open', 'answered', 'resolved'] as const;
const same = (states: readonly TicketState[]): Moves => Object.fromEntries(states.map((s) => [s, s]));
const to = (states: readonly TicketState[], target: TicketState): Moves => Object.fromEntries(states.map((s) => [s, target]));

/** action → (from state → resulting state). A state missing from an action's map is an illegal move. */
export const TRANSITIONS: Readonly<Record<TicketAction, Readonly<Moves>>> = {
  open: {},
  requester_message: { new: 'new', open: 'open', answered: 'open', resolved: 'open', closed: 'open' },
  agent_reply: { new: 'answered', open: 'answered', answered: 'answered', resolved: 'resolved' },
  note: same(['new', 'open', 'answered', 'resolved', 'closed', 'cancelled']),
  assign: { new: 'open', open: 'open', answered: 'answered', resolved: 'resolved' },
  assign_to_me: { new: 'open', open: 'open', answered: 'answered', resolved: 'resolved' },
  unassign: { open: 'new', answered: 'answered', resolved: 'resolved' },
  transfer: same(ACTIVE),
  set_priority: same(ACTIVE),
  set_type: same(['new', 'open', 'answered', 'resolved', 'closed', 'cancelled']),
  set_tags: same(['new', 'open', 'answered', 'resolved', 'closed', 'cancelled']),
  resolve: to(['new', 'open', 'answered'], 'resolved'),
  confirm_resolved: { resolved: 'closed' },
  not_resolved: { resolved: 'open' },
  close: to(ACTIVE, 'closed'),
  cancel: to(ACTIVE, 'cancelled'),
  reopen: to(['closed', 'cancelled'], 'open'),
  step_back: to(['resolved', 'answered'], 'open'),
  finish: { closed: 'finished' },
  auto_close: to(['answered', 'resolved'], 'closed'),
  link: same(TICKET_STATES),
  merge: to([...ACTIVE, 'closed'], 'finished'),
  merge_in: same(ACTIVE),
};

/** the state a newly opened ticket has (before any automatic assignment) */
export const OPENED_STATE: TicketState = 'new';

/**
 * THE definition of "active" (DOMAIN.md: open, answered — the user-facing "open" and "answered"): states in
 * which a ticket counts as open for the open-ticket limit, balanced assignment, the requester's lists, the
 * inbox and the reports. Everything else imports this; nothing spells the list again.
 */
export const ACTIVE_STATES = ACTIVE;
/** states in which nothing runs any more (no SLA clock, no card buttons, the forum topic closed) */
export const STOPPED_STATES = ['closed', 'cancelled', 'finished'] as const;

export const isActiveState = (s: TicketState): boolean => (ACTIVE_STATES as readonly TicketState[]).includes(s);
export const isStoppedState = (s: TicketState): boolean => (STOPPED_STATES as readonly TicketState[]).includes(s);

/** actions that bring a closed/cancelled ticket back (they count in reopenCount) */
export function isReopening(from: TicketState, to: TicketState): boolean {
  return (from === 'closed' || from === 'cancelled') && to !== 'closed' && to !== 'cancelled' && to !== 'finished';
}

export function canMove(action: TicketAction, from: TicketState): boolean {
  return TRANSITIONS[action][from] !== undefined;
}

/** `new` with an assignee is `open`; `open` without one is `new` (see the header). */
export function settleAssignment(state: TicketState, assigneeId: number | null): TicketState {
  if (state === 'new' && assigneeId !== null) return 'open';
  if (state === 'open' && assigneeId === null) return 'new';
  return state;
}

const MESSAGE_ACTIONS: readonly TicketAction[] = ['requester_message', 'agent_reply', 'note'];

/**
 * The state after `action` on a ticket in `from` that will have `assigneeId` afterwards.
 * Throws TicketFinishedError for a message to a finished ticket, IllegalTransitionError for any other
 * move the table does not have.
 */
export function nextState(action: TicketAction, from: TicketState, assigneeId: number | null, ticket?: { id: number; number: number }): TicketState {
  const target = TRANSITIONS[action][from];
  if (target === undefined) {
    if (from === 'finished' && ticket && MESSAGE_ACTIONS.includes(action)) {
      throw new TicketFinishedError(ticket.id, ticket.number, action);
    }
    throw new IllegalTransitionError(from, action);
  }
  return settleAssignment(target, assigneeId);
}
