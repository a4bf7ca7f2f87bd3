/**
 * Volume over time for a date range and filters, in day / week / month buckets of the local time zone:
 * opened (tickets created), closed and cancelled (state events into closed / cancelled), reopened (state
 * events out of closed or cancelled into an active state), and the backlog at the end of each bucket:
 * the tickets open at the range start (created before it, closedAt null or later — a ticket closed before
 * the start and reopened after it is counted open at the start, the one approximation) plus, day by day,
 * opened − closed − cancelled + reopened.
 * Counts are SQL GROUP BY per local day (indexed: tickets.createdAt via the range, events (kind, createdAt)).
 */
import type { CoreContext } from '../../context.ts';
import { Ticket, TicketEvent } from '../../entities/ticket.ts';
import type { Actor } from '../actor.ts';
import { ValidationError } from '../errors.ts';
import { bucketLabel, bucketOf, GRANULARITIES, localDays, type Granularity } from './buckets.ts';
import { and, rangeSql, ticketFilterSql, validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { jsonFieldSql, localDaySql, num, sqlTime, zoneOffsetMinutes } from './sql.ts';

export interface VolumeRow {
  bucket: string;
  label: string;
  opened: number;
  closed: number;
  cancelled: number;
  reopened: number;
  backlog: number;
}

export async function volumeReport(ctx: CoreContext, actor: Actor, f: ReportFilters, granularity: Granularity = 'day'): Promise<VolumeRow[]> {
  validateFilters(f);
  if (!GRANULARITIES.includes(granularity)) throw new ValidationError({ granularity: 'invalid' });
  const em = ctx.ds.manager;
  const scope = await reportTeamScope(em, actor, f.teamId);
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const events = em.getRepository(TicketEvent).metadata.tableName;
  const offset = zoneOffsetMinutes(f.from, ctx.timeZone);
  const filter = ticketFilterSql(f, scope);

  const dayT = localDaySql(em, 't.`createdAt`', offset);
  const opened = (await em.query(
    `SELECT ${dayT} AS day, COUNT(*) AS n FROM \`${tickets}\` t WHERE ${and(rangeSql('t.`createdAt`', f), filter).sql} GROUP BY ${dayT}`,
    [...rangeSql('', f).params, ...filter.params],
  )) as { day: string; n: unknown }[];

  const dayE = localDaySql(em, 'e.`createdAt`', offset);
  const toState = jsonFieldSql(em, 'e.`after`', 'state');
  const fromState = jsonFieldSql(em, 'e.`before`', 'state');
  const moves = (await em.query(
    `SELECT ${dayE} AS day, SUM(CASE WHEN ${toState} = 'closed' THEN 1 ELSE 0 END) AS closed,` +
      ` SUM(CASE WHEN ${toState} = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,` +
      ` SUM(CASE WHEN ${fromState} IN ('closed', 'cancelled') AND ${toState} IN ('new', 'open', 'answered', 'resolved') THEN 1 ELSE 0 END) AS reopened` +
      ` FROM \`${events}\` e JOIN \`${tickets}\` t ON t.\`id\` = e.\`ticketId\`` +
      ` WHERE e.\`kind\` = 'state' AND ${and(rangeSql('e.`createdAt`', f), filter).sql} GROUP BY ${dayE}`,
    [...rangeSql('', f).params, ...filter.params],
  )) as { day: string; closed: unknown; cancelled: unknown; reopened: unknown }[];

  // backlog: open at the range start (by closedAt), then + opened − closed − cancelled + reopened per day
  const [start] = (await em.query(
    `SELECT COUNT(*) AS n FROM \`${tickets}\` t WHERE t.\`createdAt\` < ? AND (t.\`closedAt\` IS NULL OR t.\`closedAt\` >= ?) AND ${filter.sql}`,
    [sqlTime(f.from), sqlTime(f.from), ...filter.params],
  )) as { n: unknown }[];
  const perDay = new Map<string, { opened: number; closed: number; cancelled: number; reopened: number }>();
  const days = localDays(f.from, f.to, ctx.timeZone);
  for (const d of days) perDay.set(d, { opened: 0, closed: 0, cancelled: 0, reopened: 0 });
  const at = (d: unknown) => perDay.get(String(d).slice(0, 10));
  for (const r of opened) at(r.day) && (at(r.day)!.opened += num(r.n));
  for (const r of moves) {
    const x = at(r.day);
    if (!x) continue;
    x.closed += num(r.closed);
    x.cancelled += num(r.cancelled);
    x.reopened += num(r.reopened);
  }

  const rows = new Map<string, VolumeRow>();
  let backlog = num(start!.n);
  for (const d of days) {
    const x = perDay.get(d)!;
    backlog += x.opened - x.closed - x.cancelled + x.reopened;
    const key = bucketOf(d, granularity);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { bucket: key, label: bucketLabel(key, granularity), opened: 0, closed: 0, cancelled: 0, reopened: 0, backlog: 0 }));
    row.opened += x.opened;
    row.closed += x.closed;
    row.cancelled += x.cancelled;
    row.reopened += x.reopened;
    row.backlog = backlog;
  }
  return [...rows.values()];
}
