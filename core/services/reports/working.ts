/**
 * Working-time figures of tickets, with the business-time module (core/sla): the calendar of a ticket is
 * its SLA policy's, else its team's, else the default one (as core/sla/service.ts chooses).
 * - first response: working minutes from creation to the first agent reply;
 * - resolution: working minutes from creation to the instant the resolution clock stopped for good, without
 *   the pauses while waiting for the user (answered, resolved) — the rule of core/sla/targets.ts: a ticket
 *   closed while waiting is resolved at the start of that wait.
 * State histories come from the ticket events ('created' and 'state'), loaded in batches.
 */
import type { EntityManager } from 'typeorm';
import { SlaPolicy } from '../../entities/sla.ts';
import { Team } from '../../entities/org.ts';
import { TicketEvent } from '../../entities/ticket.ts';
import type { TicketState } from '../../entities/enums.ts';
import type { BusinessCalendar, Pause } from '../../sla/calendar.ts';
import { loadCalendar } from '../../sla/service.ts';
import { isStoppedState } from '../tickets/transitions.ts';
import { PAUSED_STATES } from '../../sla/targets.ts';
import { toDate } from './sql.ts';

export interface TicketTimes {
  id: number;
  teamId: number | null;
  slaPolicyId: number | null;
  state: TicketState;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
}

export type History = { at: Date; state: TicketState }[];

/** calendars by ticket (policy → team → default), each loaded once */
export class CalendarResolver {
  private cache = new Map<number, Promise<BusinessCalendar>>();
  private policyCal = new Map<number, number | null>();
  private teamCal = new Map<number, number | null>();
  private constructor(private readonly em: EntityManager) {}

  static async create(em: EntityManager): Promise<CalendarResolver> {
    const r = new CalendarResolver(em);
    for (const p of await em.find(SlaPolicy, { select: { id: true, calendarId: true } })) r.policyCal.set(p.id, p.calendarId);
    for (const t of await em.find(Team, { select: { id: true, calendarId: true } })) r.teamCal.set(t.id, t.calendarId);
    return r;
  }

  forTicket(t: { teamId: number | null; slaPolicyId: number | null }): Promise<BusinessCalendar> {
    const id = (t.slaPolicyId ? this.policyCal.get(t.slaPolicyId) : null) ?? (t.teamId ? this.teamCal.get(t.teamId) : null) ?? 0;
    let c = this.cache.get(id);
    if (!c) this.cache.set(id, (c = loadCalendar(this.em, id || null)));
    return c;
  }
}

/** state histories of many tickets (as core/sla/service.ts stateHistory builds one) */
export async function loadHistories(em: EntityManager, tickets: TicketTimes[]): Promise<Map<number, History>> {
  const out = new Map<number, History>();
  const table = em.getRepository(TicketEvent).metadata.tableName;
  for (let i = 0; i < tickets.length; i += 1000) {
    const chunk = tickets.slice(i, i + 1000);
    const rows: { ticketId: number; after: string | null; createdAt: unknown }[] = await em.query(
      `SELECT \`ticketId\`, \`after\`, \`createdAt\` FROM \`${table}\` WHERE \`ticketId\` IN (${chunk.map(() => '?').join(', ')})` +
        ` AND \`kind\` IN ('created', 'state') ORDER BY \`ticketId\`, \`id\``,
      chunk.map((t) => t.id),
    );
    for (const r of rows) {
      const after = r.after ? (JSON.parse(r.after) as { state?: TicketState }) : null;
      if (!after?.state) continue;
      const id = Number(r.ticketId);
      let h = out.get(id);
      if (!h) out.set(id, (h = []));
      h.push({ at: toDate(r.createdAt)!, state: after.state });
    }
  }
  for (const t of tickets) {
    let h = out.get(t.id);
    if (!h) out.set(t.id, (h = [{ at: t.createdAt, state: 'new' }]));
    if (h.at(-1)!.state !== t.state) h.push({ at: t.updatedAt, state: t.state });
  }
  return out;
}

/** the resolution instant and the pauses before it, or null while the ticket is not stopped */
export function resolutionSpan(history: History): { reachedAt: Date; pauses: Pause[] } | null {
  const pauses: Pause[] = [];
  let reachedAt: Date | null = null;
  let pauseStart: Date | null = null;
  for (const h of history) {
    if (PAUSED_STATES.includes(h.state) || isStoppedState(h.state)) {
      pauseStart ??= h.at;
      if (isStoppedState(h.state)) reachedAt ??= pauseStart;
    } else if (pauseStart) {
      pauses.push({ start: pauseStart, end: h.at });
      pauseStart = null;
      reachedAt = null;
    }
  }
  return reachedAt ? { reachedAt, pauses } : null;
}

export interface WorkingFigures {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

/** working-minute figures of many tickets (resolution only for tickets whose state is closed or finished) */
export async function workingFigures(em: EntityManager, tickets: TicketTimes[]): Promise<Map<number, WorkingFigures>> {
  const calendars = await CalendarResolver.create(em);
  const resolvedOnes = tickets.filter((t) => t.state === 'closed' || t.state === 'finished');
  const histories = await loadHistories(em, resolvedOnes);
  const out = new Map<number, WorkingFigures>();
  for (const t of tickets) {
    const cal = await calendars.forTicket(t);
    const fr = t.firstResponseAt ? cal.workingMinutesBetween(t.createdAt, t.firstResponseAt) : null;
    let res: number | null = null;
    const h = histories.get(t.id);
    if (h) {
      const span = resolutionSpan(h);
      if (span) res = cal.workingMinutesBetween(t.createdAt, span.reachedAt, span.pauses);
    }
    out.set(t.id, { firstResponseMinutes: fr, resolutionMinutes: res });
  }
  return out;
}

/** reads TicketTimes from raw rows */
export function ticketTimes(r: Record<string, unknown>): TicketTimes {
  return {
    id: Number(r.id),
    teamId: r.teamId === null ? null : Number(r.teamId),
    slaPolicyId: r.slaPolicyId === null ? null : Number(r.slaPolicyId),
    state: r.state as TicketState,
    createdAt: toDate(r.createdAt)!,
    updatedAt: toDate(r.updatedAt)!,
    firstResponseAt: toDate(r.firstResponseAt),
  };
}
export const TICKET_TIMES_COLUMNS = 't.`id`, t.`teamId`, t.`slaPolicyId`, t.`state`, t.`createdAt`, t.`updatedAt`, t.`firstResponseAt`';
