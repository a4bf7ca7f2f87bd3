/**
 * SLA targets in the database: recomputed from the ticket's state history in the transaction of every
 * change (state, priority, subject, team, first response), so the deadline is always right. Targets that
 * the jobs already marked breached stay breached. The changes are returned so the jobs can move timers.
 */
import type { EntityManager } from 'typeorm';
import { Calendar, CalendarException, SlaPolicy, SlaTarget } from '../entities/sla.ts';
import { Team } from '../entities/org.ts';
import { Subject } from '../entities/org.ts';
import { Ticket, TicketEvent } from '../entities/ticket.ts';
import type { Priority, SlaKind, TicketState } from '../entities/enums.ts';
import type { Tx } from '../tx.ts';
import { compileCalendar, DEFAULT_CALENDAR_SPEC, type BusinessCalendar, type CalendarSpec } from './calendar.ts';
import { matchPolicy } from './policy.ts';
import { computeTargets, type PolicyMinutes } from './targets.ts';

export { DEFAULT_CALENDAR_SPEC } from './calendar.ts';

/** DOMAIN.md's promise (source 001): first answer within 1 working hour, never more than 24 hours; resolution in 5 working days */
export const DEFAULT_POLICY = {
  name: 'پیش‌فرض: پاسخ در یک ساعت کاری',
  firstResponseMinutes: 60,
  ceilingMinutes: 24 * 60,
  resolutionMinutes: 5 * 8 * 60,
} as const;

export interface SlaTargetChange {
  ticketId: number;
  targetId: number;
  kind: SlaKind;
  deadline: Date | null;
  warnAt: Date | null;
  /** the clock runs: timers should exist; false when met, paused, breached or cancelled */
  running: boolean;
}

/** a calendar by id, else the default calendar row, else DOMAIN.md's default */
export async function loadCalendar(em: EntityManager, calendarId: number | null): Promise<BusinessCalendar> {
  const row = (calendarId ? await em.findOneBy(Calendar, { id: calendarId }) : null) ?? (await em.findOneBy(Calendar, { isDefault: true }));
  if (!row) return compileCalendar(DEFAULT_CALENDAR_SPEC);
  const exceptions = await em.findBy(CalendarException, { calendarId: row.id });
  const spec: CalendarSpec = {
    timeZone: row.timeZone,
    weekly: row.weekly,
    exceptions: exceptions.map((e) => ({ date: e.date, kind: e.kind, intervals: e.intervals })),
  };
  return compileCalendar(spec);
}

async function policyFor(em: EntityManager, t: { teamId: number | null; subjectId: number | null; priority: Priority }): Promise<SlaPolicy | null> {
  if (t.subjectId) {
    const subject = await em.findOne(Subject, { where: { id: t.subjectId }, select: { id: true, slaPolicyId: true } });
    if (subject?.slaPolicyId) {
      const p = await em.findOneBy(SlaPolicy, { id: subject.slaPolicyId, active: true });
      if (p) return p;
    }
  }
  return matchPolicy(await em.findBy(SlaPolicy, { active: true }), t);
}

async function calendarFor(em: EntityManager, policy: SlaPolicy | null, teamId: number | null) {
  let id = policy?.calendarId ?? null;
  if (!id && teamId) id = (await em.findOne(Team, { where: { id: teamId }, select: { id: true, calendarId: true } }))?.calendarId ?? null;
  return loadCalendar(em, id);
}

/** when a new ticket on this route can expect its first answer (for "you will get an answer by …") */
export async function expectedFirstResponse(
  em: EntityManager,
  t: { teamId: number | null; subjectId: number | null; priority: Priority },
  now: Date,
): Promise<Date | null> {
  const policy = await policyFor(em, t);
  const minutes: PolicyMinutes = policy ?? { firstResponseMinutes: null, resolutionMinutes: null, ceilingMinutes: null };
  if (!minutes.firstResponseMinutes) return null;
  const calendar = await calendarFor(em, policy, t.teamId);
  const [fr] = computeTargets({
    createdAt: now,
    history: [{ at: now, state: 'new' }],
    firstResponseAt: null,
    policy: { ...minutes, resolutionMinutes: null },
    calendar,
    now,
  });
  return fr?.deadline ?? null;
}

/** the states a ticket entered, in order, from its events */
export async function stateHistory(em: EntityManager, ticket: Ticket): Promise<{ at: Date; state: TicketState }[]> {
  const events = await em.find(TicketEvent, {
    where: [
      { ticketId: ticket.id, kind: 'created' },
      { ticketId: ticket.id, kind: 'state' },
    ],
    order: { id: 'ASC' },
  });
  const history: { at: Date; state: TicketState }[] = [];
  for (const e of events) {
    const state = (e.after as { state?: TicketState } | null)?.state;
    if (state) history.push({ at: e.createdAt, state });
  }
  if (!history.length) history.push({ at: ticket.createdAt, state: 'new' });
  if (history.at(-1)!.state !== ticket.state) history.push({ at: ticket.updatedAt, state: ticket.state });
  return history;
}

export async function recomputeSla(tx: Tx, ticketId: number): Promise<SlaTargetChange[]> {
  const em = tx.em;
  const ticket = await em.findOneBy(Ticket, { id: ticketId });
  if (!ticket) return [];
  const policy = await policyFor(em, ticket);
  if ((ticket.slaPolicyId ?? null) !== (policy?.id ?? null)) {
    await em.update(Ticket, { id: ticket.id }, { slaPolicyId: policy?.id ?? null });
  }
  const existing = await em.findBy(SlaTarget, { ticketId });
  const changes: SlaTargetChange[] = [];
  if (!policy) {
    for (const t of existing.filter((x) => !x.cancelled && !x.reachedAt)) {
      await em.update(SlaTarget, { id: t.id }, { cancelled: true, updatedAt: tx.now });
      changes.push({ ticketId, targetId: t.id, kind: t.kind, deadline: t.deadline, warnAt: t.warnAt, running: false });
    }
    return changes;
  }
  const calendar = await calendarFor(em, policy, ticket.teamId);
  const warnMinutes = ticket.teamId
    ? ((await em.findOne(Team, { where: { id: ticket.teamId }, select: { id: true, slaWarningMinutes: true } }))?.slaWarningMinutes ?? 15)
    : 15;
  const computed = computeTargets({
    createdAt: ticket.createdAt,
    history: await stateHistory(em, ticket),
    firstResponseAt: ticket.firstResponseAt,
    policy,
    calendar,
    now: tx.now,
  });
  const kinds = new Set(computed.map((c) => c.kind));
  for (const t of existing) {
    if (!kinds.has(t.kind) && !t.cancelled) {
      await em.update(SlaTarget, { id: t.id }, { cancelled: true, updatedAt: tx.now });
      changes.push({ ticketId, targetId: t.id, kind: t.kind, deadline: t.deadline, warnAt: t.warnAt, running: false });
    }
  }
  for (const c of computed) {
    const old = existing.find((t) => t.kind === c.kind);
    const warnAt = c.deadline ? new Date(Math.max(ticket.createdAt.getTime(), c.deadline.getTime() - warnMinutes * 60_000)) : null;
    const breached = (old?.breached ?? false) || (c.reachedAt !== null && c.breached);
    const values = {
      policyId: policy.id,
      minutes: c.minutes,
      deadline: c.deadline,
      warnAt,
      reachedAt: c.reachedAt,
      breached,
      breachedAt: old?.breachedAt ?? (breached ? c.reachedAt : null),
      paused: c.paused,
      pausedMinutes: c.pausedMinutes,
      cancelled: c.cancelled,
      updatedAt: tx.now,
    };
    const same =
      old &&
      old.deadline?.getTime() === c.deadline?.getTime() &&
      old.warnAt?.getTime() === warnAt?.getTime() &&
      (old.reachedAt?.getTime() ?? null) === (c.reachedAt?.getTime() ?? null) &&
      old.paused === c.paused &&
      old.cancelled === c.cancelled &&
      old.breached === breached &&
      old.pausedMinutes === c.pausedMinutes &&
      old.minutes === c.minutes &&
      old.policyId === policy.id;
    let id = old?.id;
    if (!old) {
      const row = em.create(SlaTarget, { ticketId, kind: c.kind, warnedAt: null, ...values });
      id = (await em.save(SlaTarget, row)).id;
    } else if (!same) await em.update(SlaTarget, { id: old.id }, values);
    if (!same) {
      changes.push({
        ticketId,
        targetId: id!,
        kind: c.kind,
        deadline: c.deadline,
        warnAt,
        running: !c.reachedAt && !c.paused && !c.cancelled && !breached,
      });
    }
  }
  return changes;
}
