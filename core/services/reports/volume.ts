/**
 * Volume over time for a date range and filters, in day / week / month buckets of the local time zone:
 * opened (tickets created), closed and cancelled (state events into closed / cancelled), reopened (state
 * events out of closed or cancelled into an active state), and the backlog at the end of each bucket:
 * the tickets open at the range start (created before it, closedAt null or later — a ticket closed before
 * the start and reopened after it is counted open at the start, the one approximation) plus, day by day,
 * opened − closed − cancelled + reopened.
 * Counts per local day come from the summary (summary/cube.ts; the ends of a range not on local midnights from the
 * tickets and events tables).
 */
import type { CoreContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { ValidationError } from '../errors.ts';
import { bucketLabel, bucketOf, GRANULARITIES, localDays, type Granularity } from './buckets.ts';
import { validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { cube, total } from './summary/cube.ts';

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
  const q = { from: f.from, to: f.to, filters: f, scope };
  const opened = await cube(ctx, { ...q, metrics: ['ticket'], by: ['day'] });
  const moves = await cube(ctx, { ...q, metrics: ['closed', 'cancelled', 'reopened'], by: ['day'] });
  // backlog: open at the range start (created before it, closedAt null or later) = created before − closed (closedAt) before
  const before = await cube(ctx, { ...q, from: null, to: f.from, metrics: ['ticket', 'closed_at'], by: [] });
  const start = total(before, (r) => r.metric === 'ticket') - total(before, (r) => r.metric === 'closed_at');
  const perDay = new Map<string, { opened: number; closed: number; cancelled: number; reopened: number }>();
  const days = localDays(f.from, f.to, ctx.timeZone);
  for (const d of days) perDay.set(d, { opened: 0, closed: 0, cancelled: 0, reopened: 0 });
  const at = (d: unknown) => perDay.get(String(d).slice(0, 10));
  for (const r of opened) {
    const day = at(r.day);
    if (day) day.opened += r.n;
  }
  for (const r of moves) {
    const x = at(r.day);
    if (x) x[r.metric as 'closed' | 'cancelled' | 'reopened'] += r.n;
  }

  const rows = new Map<string, VolumeRow>();
  let backlog = start;
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
