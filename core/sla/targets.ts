/**
 * Per-ticket SLA targets from the ticket's state history, pure. First response runs from creation until
 * the first agent reply (with an optional wall-clock ceiling: DOMAIN.md's "never more than 24 hours").
 * Resolution runs in `new` and `open`, pauses in `answered` and `resolved` (waiting for the user), and is
 * reached when the clock stops for good (closed, cancelled, finished): at the start of the last pause if
 * the ticket was closed while waiting (resolved → closed), else at the closing.
 */
import type { SlaKind, TicketState } from '../entities/enums.ts';
import type { BusinessCalendar, Pause } from './calendar.ts';

export const PAUSED_STATES: TicketState[] = ['answered', 'resolved'];
import { STOPPED_STATES, isStoppedState } from '../services/tickets/transitions.ts';

export { STOPPED_STATES };

export interface PolicyMinutes {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  ceilingMinutes: number | null;
}

export interface TargetInput {
  createdAt: Date;
  /** every state the ticket entered, in order, starting with 'new' at creation */
  history: { at: Date; state: TicketState }[];
  firstResponseAt: Date | null;
  policy: PolicyMinutes;
  calendar: BusinessCalendar;
  now: Date;
}

export interface ComputedTarget {
  kind: SlaKind;
  minutes: number;
  deadline: Date | null;
  reachedAt: Date | null;
  paused: boolean;
  pausedMinutes: number;
  breached: boolean;
  /** the ticket stopped before this target could be reached (e.g. cancelled without an answer) */
  cancelled: boolean;
}

export function computeTargets(input: TargetInput): ComputedTarget[] {
  const out: ComputedTarget[] = [];
  const { calendar, createdAt, now } = input;
  const last = input.history.at(-1)?.state ?? 'new';
  const stopped = isStoppedState(last);

  if (input.policy.firstResponseMinutes) {
    const minutes = input.policy.firstResponseMinutes;
    let deadline = calendar.addWorkingMinutes(createdAt, minutes)!;
    if (input.policy.ceilingMinutes) {
      const ceiling = new Date(createdAt.getTime() + input.policy.ceilingMinutes * 60_000);
      if (ceiling < deadline) deadline = ceiling;
    }
    const reachedAt = input.firstResponseAt;
    out.push({
      kind: 'first_response',
      minutes,
      deadline,
      reachedAt,
      paused: false,
      pausedMinutes: 0,
      breached: reachedAt ? reachedAt > deadline : now > deadline && !stopped,
      cancelled: !reachedAt && stopped,
    });
  }

  if (input.policy.resolutionMinutes) {
    const minutes = input.policy.resolutionMinutes;
    const pauses: Pause[] = [];
    let reachedAt: Date | null = null;
    let pauseStart: Date | null = null;
    for (const h of input.history) {
      if (PAUSED_STATES.includes(h.state) || isStoppedState(h.state)) {
        pauseStart ??= h.at;
        if (isStoppedState(h.state)) reachedAt ??= pauseStart;
      } else if (pauseStart) {
        // running again (the user answered, or the ticket was reopened)
        pauses.push({ start: pauseStart, end: h.at });
        pauseStart = null;
        reachedAt = null;
      }
    }
    const paused = pauseStart !== null && !reachedAt;
    // while paused, the deadline is projected as if the user answered now
    const closedPauses = paused ? [...pauses, { start: pauseStart!, end: now }] : pauses;
    const deadline = calendar.addWorkingMinutes(createdAt, minutes, closedPauses)!;
    const pausedMinutes = Math.round(closedPauses.reduce((sum, p) => sum + calendar.workingMinutesBetween(p.start, p.end ?? now), 0));
    out.push({
      kind: 'resolution',
      minutes,
      deadline,
      reachedAt,
      paused,
      pausedMinutes,
      breached: reachedAt ? reachedAt > deadline : !paused && now > deadline,
      cancelled: false,
    });
  }
  return out;
}
