/**
 * The working minutes in report_ticket_facts are computed with the calendars as they were when each ticket
 * last changed. When an admin edits a calendar (weekly hours, a holiday, a closure, the default) or which
 * calendar a policy or team uses, the figures of every ticket are computed again with the calendars of now,
 * so the reports agree with the plain computation: followCalendarEdits compares a fingerprint of everything
 * that decides working minutes with the one stored when the summary last followed them, and recomputes the
 * facts in batches (refreshFacts moves report_daily by each batch's difference: safe beside live changes).
 * The running SLA targets move first: a holiday announced today pushes tomorrow's deadlines past it (their
 * timers follow through ctx.onSlaChange); targets already reached or breached keep their outcome.
 * The jobs run it every few minutes (jobs/index.ts, housekeeping 'report-calendars').
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { CoreContext } from '../../../context.ts';
import { Team } from '../../../entities/org.ts';
import { Calendar, CalendarException, SlaPolicy, SlaTarget } from '../../../entities/sla.ts';
import { KvEntry } from '../../../entities/system.ts';
import { Ticket } from '../../../entities/ticket.ts';
import { recomputeSla } from '../../../sla/service.ts';
import { transact } from '../../../tx.ts';
import { CalendarResolver } from '../working.ts';
import { refreshFacts } from './maintain.ts';

export const CALENDARS_KEY = 'reports:calendars';

/** a hash of what decides a ticket's working minutes: the calendars, their exceptions, the policies' and teams' choice */
export async function calendarFingerprint(em: EntityManager): Promise<string> {
  const calendars = await em.find(Calendar, { order: { id: 'ASC' } });
  const exceptions = await em.find(CalendarException, { order: { calendarId: 'ASC', date: 'ASC' } });
  const policies = await em.find(SlaPolicy, { select: { id: true, calendarId: true }, order: { id: 'ASC' } });
  const teams = await em.find(Team, { select: { id: true, calendarId: true }, order: { id: 'ASC' } });
  const json = JSON.stringify([
    calendars.map((c) => [c.id, c.timeZone, c.weekly, c.isDefault]),
    exceptions.map((e) => [e.calendarId, e.date, e.kind, e.intervals]),
    policies.map((p) => [p.id, p.calendarId]),
    teams.map((t) => [t.id, t.calendarId]),
  ]);
  return createHash('sha256').update(json).digest('hex');
}

/** computes every ticket's facts again with the calendars of now; returns how many */
export async function recomputeReportFacts(ctx: CoreContext, batch = 1000): Promise<number> {
  const em = ctx.ds.manager;
  const table = em.getRepository(Ticket).metadata.tableName;
  const calendars = await CalendarResolver.create(em);
  let after = 0;
  let count = 0;
  for (;;) {
    const ids = ((await em.query(`SELECT \`id\` FROM \`${table}\` WHERE \`id\` > ? ORDER BY \`id\` LIMIT ${batch}`, [after])) as { id: unknown }[]).map((r) =>
      Number(r.id),
    );
    if (!ids.length) return count;
    await transact(ctx, async (tx) => refreshFacts(tx.em, ids, calendars));
    after = ids.at(-1)!;
    count += ids.length;
  }
}

/** recomputes the deadlines of every ticket with a running SLA target with the calendars of now; returns how many tickets */
export async function retargetRunningSla(ctx: CoreContext, batch = 200): Promise<number> {
  const em = ctx.ds.manager;
  const table = em.getRepository(SlaTarget).metadata.tableName;
  let after = 0;
  let count = 0;
  for (;;) {
    const ids = (
      (await em.query(
        `SELECT DISTINCT \`ticketId\` FROM \`${table}\` WHERE \`reachedAt\` IS NULL AND \`cancelled\` = 0 AND \`ticketId\` > ? ORDER BY \`ticketId\` LIMIT ${batch}`,
        [after],
      )) as { ticketId: unknown }[]
    ).map((r) => Number(r.ticketId));
    if (!ids.length) return count;
    await transact(ctx, async (tx) => {
      for (const id of ids) tx.slaChanges.push(...(await recomputeSla(tx, id)));
    });
    after = ids.at(-1)!;
    count += ids.length;
  }
}

/**
 * moves the running SLA targets and recomputes the facts if the calendars changed since the last call (the first call only records them: the
 * facts were computed with the calendars of their time); returns how many tickets were recomputed
 */
export async function followCalendarEdits(ctx: CoreContext): Promise<{ retargeted: number; recomputed: number }> {
  const em = ctx.ds.manager;
  const now = await calendarFingerprint(em);
  const stored = await em.findOne(KvEntry, { where: { key: CALENDARS_KEY } });
  const out = { retargeted: 0, recomputed: 0 };
  if (stored?.value === now) return out;
  if (stored) {
    // the deadlines first: the facts read the targets' outcomes
    out.retargeted = await retargetRunningSla(ctx);
    out.recomputed = await recomputeReportFacts(ctx);
    ctx.log.info(out, 'calendars changed: running SLA targets moved, report figures recomputed');
  }
  // the fingerprint read before the recomputation: an edit made meanwhile is followed on the next call
  // no transaction of its own: on SQLite a BEGIN beside a running transact() fails (one connection)
  await em.save(KvEntry, { key: CALENDARS_KEY, value: now, updatedAt: ctx.clock.now(), expiresAt: null }, { transaction: false });
  return out;
}
