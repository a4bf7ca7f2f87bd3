/**
 * The one way a ticket changes: check the move against the transition table, write the changed fields
 * (version-checked), write exactly one event, recompute SLA targets when something they depend on moved.
 * Timestamps that follow from a state change are set here, for every action alike:
 * → resolved: resolvedAt; → closed / cancelled: closedAt; → finished: finishedAt; leaving resolved for
 * an active state clears resolvedAt; a reopening (closed/cancelled → active) adds 1 to reopenCount and
 * clears closedAt, resolvedAt and closeReason.
 */
import type { TicketState } from '../../entities/enums.ts';
import type { Ticket, TicketEvent } from '../../entities/ticket.ts';
import type { Tx } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { KIND_OF_ACTION, writeEvent } from './events.ts';
import { refreshReportSummary } from '../reports/summary/maintain.ts';
import { touchSla, updateTicket } from './store.ts';
import { isReopening, nextState, type TicketAction } from './transitions.ts';

export interface ActionSpec {
  action: TicketAction;
  /** fields the action sets besides the state */
  changes?: Partial<Ticket>;
  /** facts added to the event's `after` (messageId, ratingId, reasons, …) */
  facts?: Record<string, unknown>;
  /** the event's note (a reason, a transfer note) */
  note?: string | null;
}

export interface Applied {
  from: TicketState;
  to: TicketState;
  /** names of the fields that changed */
  changed: string[];
  event: TicketEvent;
}

/** fields whose change moves SLA deadlines (core/sla recomputes from them) */
const SLA_FIELDS = ['state', 'priority', 'teamId', 'subjectId', 'firstResponseAt', 'slaPolicyId'];
/** other fields the reports count by (touchSla refreshes the report summary too) */
const REPORT_FIELDS = ['assigneeId', 'valueChainId', 'departmentId', 'internal', 'reopenCount', 'closedAt'];
/** bookkeeping fields that are not worth an event's before/after */
const QUIET_FIELDS = ['updatedAt', 'version', 'lastActivityAt'];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Throws (changing nothing) when the table refuses the move; the caller has already checked permissions. */
export function checkMove(ticket: Ticket, action: TicketAction, assigneeAfter: number | null = ticket.assigneeId): TicketState {
  return nextState(action, ticket.state, assigneeAfter, ticket);
}

export async function applyAction(tx: Tx, actor: Actor, ticket: Ticket, spec: ActionSpec): Promise<Applied> {
  const from = ticket.state;
  const wanted: Partial<Ticket> = { ...spec.changes };
  const assigneeAfter = wanted.assigneeId !== undefined ? wanted.assigneeId : ticket.assigneeId;
  const to = checkMove(ticket, spec.action, assigneeAfter);
  if (to !== from) {
    wanted.state = to;
    if (to === 'resolved') wanted.resolvedAt = tx.now;
    if (to === 'closed' || to === 'cancelled') wanted.closedAt = tx.now;
    if (to === 'finished') wanted.finishedAt = tx.now;
    if (from === 'resolved' && (to === 'new' || to === 'open' || to === 'answered')) wanted.resolvedAt = null;
    if (isReopening(from, to)) {
      wanted.reopenCount = ticket.reopenCount + 1;
      wanted.closedAt = null;
      wanted.resolvedAt = null;
      wanted.closeReason = null;
    }
  }
  const changes: Partial<Ticket> = {};
  for (const [k, v] of Object.entries(wanted) as [keyof Ticket, unknown][]) {
    if (!same(ticket[k], v)) (changes as Record<string, unknown>)[k] = v;
  }
  const changed = Object.keys(changes);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const k of changed) {
    if (QUIET_FIELDS.includes(k)) continue;
    before[k] = ticket[k as keyof Ticket] ?? null;
    after[k] = (changes as Record<string, unknown>)[k] ?? null;
  }
  if (to !== from) {
    before.state = from;
    after.state = to;
  }
  await updateTicket(tx, ticket, changes);
  const kind = to !== from ? 'state' : KIND_OF_ACTION[spec.action];
  if (!kind) throw new Error(`action ${spec.action} must change the state`);
  const event = await writeEvent(tx, ticket, actor, {
    kind,
    action: spec.action,
    before,
    after: { ...after, ...spec.facts },
    note: spec.note ?? null,
  });
  if (changed.some((k) => SLA_FIELDS.includes(k))) await touchSla(tx, ticket);
  else if (changed.some((k) => REPORT_FIELDS.includes(k))) await refreshReportSummary(tx, ticket.id);
  return { from, to, changed, event };
}
