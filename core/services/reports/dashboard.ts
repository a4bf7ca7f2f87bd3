/**
 * "My dashboard" of one staff member (each sees only his own): his open tickets (new, open, answered,
 * resolved) with high and urgent ones, their average age in hours and how many have a failed SLA target;
 * his performance today and over the last 7 local days (today included), against his daily goal
 * (staff.dailyGoal, else settings.dailyGoalDefault) and the admins' targets for satisfied % and SLA success
 * (settings.satisfiedGoalPct, settings.slaSuccessGoalPct):
 * - closed: tickets assigned to him whose state is closed or finished and whose closedAt is in the period;
 * - satisfied %: ratings of 4–5 among the ratings given on his tickets in the period;
 * - SLA success rate: those closed tickets with no breached target, as a percentage (closed counts from the
 *   report summary: summary/closed.ts).
 */
import type { CoreContext } from '../../context.ts';
import { SlaTarget } from '../../entities/sla.ts';
import { Rating, Ticket } from '../../entities/ticket.ts';
import type { StaffActor } from '../actor.ts';
import { ForbiddenError } from '../errors.ts';
import { getSettings } from '../settings.ts';
import { startOfLocalDay } from './buckets.ts';
import { closedCounts } from './summary/closed.ts';
import { slaFailedSql } from '../../sla/status.ts';
import { ACTIVE_STATES, inList, num, sqlTime, toDate } from './sql.ts';
import { pct, round1 } from './stats.ts';

export interface PeriodPerformance {
  from: Date;
  to: Date;
  days: number;
  closed: number;
  /** closed per day (closed / days) */
  closedPerDay: number;
  ratings: number;
  satisfied: number;
  satisfiedPct: number | null;
  slaMet: number;
  slaSuccessPct: number | null;
  /** closed per day reaches the daily goal */
  goalMet: boolean;
}

export interface MyDashboard {
  staffId: number;
  open: number;
  high: number;
  urgent: number;
  avgOpenHours: number | null;
  slaFailed: number;
  dailyGoal: number;
  /** admin-set targets (settings), in percent */
  satisfiedGoalPct: number;
  slaSuccessGoalPct: number;
  today: PeriodPerformance;
  week: PeriodPerformance;
}

/** SQL: the ticket has a failed SLA target (core/sla/status.ts) */
export function failedTargetSql(targets: string, alias: string, nowParam = '?'): string {
  return `EXISTS (SELECT 1 FROM \`${targets}\` s WHERE s.\`ticketId\` = ${alias}.\`id\` AND ${slaFailedSql('s', nowParam)})`;
}

export async function myDashboard(ctx: CoreContext, actor: StaffActor, now: Date = ctx.clock.now(), staffId?: number): Promise<MyDashboard> {
  const me = actor.staff;
  if (!me.active) throw new ForbiddenError('inactive account');
  if (staffId !== undefined && staffId !== me.id) throw new ForbiddenError('only your own dashboard');
  const em = ctx.ds.manager;
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const targets = em.getRepository(SlaTarget).metadata.tableName;
  const ratings = em.getRepository(Rating).metadata.tableName;

  const [open] = (await em.query(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN t.\`priority\` = 'high' THEN 1 ELSE 0 END) AS high,` +
      ` SUM(CASE WHEN t.\`priority\` = 'urgent' THEN 1 ELSE 0 END) AS urgent,` +
      ` SUM(CASE WHEN ${failedTargetSql(targets, 't')} THEN 1 ELSE 0 END) AS failed` +
      ` FROM \`${tickets}\` t WHERE t.\`assigneeId\` = ? AND t.\`state\` IN (${inList(ACTIVE_STATES)})`,
    [sqlTime(now), me.id],
  )) as Record<string, unknown>[];
  // the average age is computed in JS (portable date arithmetic); one row per open ticket of one agent
  const ages = (await em.query(`SELECT t.\`createdAt\` FROM \`${tickets}\` t WHERE t.\`assigneeId\` = ? AND t.\`state\` IN (${inList(ACTIVE_STATES)})`, [
    me.id,
  ])) as { createdAt: unknown }[];
  const hours = ages.map((r) => (now.getTime() - toDate(r.createdAt)!.getTime()) / 3_600_000);

  const settings = await getSettings(ctx);
  const dailyGoal = me.dailyGoal ?? settings.dailyGoalDefault;
  const dayStart = startOfLocalDay(now, ctx.timeZone);
  const weekStart = startOfLocalDay(new Date(dayStart.getTime() - 6 * 86_400_000 + 12 * 3_600_000), ctx.timeZone);

  const period = async (from: Date, days: number): Promise<PeriodPerformance> => {
    const c = (await closedCounts(ctx, 'assigneeId', [me.id], from, now)).get(me.id);
    const [r] = (await em.query(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN r.\`score\` >= 4 THEN 1 ELSE 0 END) AS sat FROM \`${ratings}\` r` +
        ` WHERE r.\`assigneeId\` = ? AND r.\`createdAt\` >= ? AND r.\`createdAt\` < ?`,
      [me.id, sqlTime(from), sqlTime(now)],
    )) as Record<string, unknown>[];
    const closed = c?.closed ?? 0;
    const slaMet = c?.met ?? 0;
    const given = num(r!.n);
    const satisfied = num(r!.sat);
    const closedPerDay = round1(closed / days);
    return {
      from,
      to: now,
      days,
      closed,
      closedPerDay,
      ratings: given,
      satisfied,
      satisfiedPct: pct(satisfied, given),
      slaMet,
      slaSuccessPct: pct(slaMet, closed),
      goalMet: closed / days >= dailyGoal,
    };
  };

  return {
    staffId: me.id,
    open: num(open!.n),
    high: num(open!.high),
    urgent: num(open!.urgent),
    avgOpenHours: hours.length ? round1(hours.reduce((a, b) => a + b, 0) / hours.length) : null,
    slaFailed: num(open!.failed),
    dailyGoal,
    satisfiedGoalPct: settings.satisfiedGoalPct,
    slaSuccessGoalPct: settings.slaSuccessGoalPct,
    today: await period(dayStart, 1),
    week: await period(weekStart, 7),
  };
}
