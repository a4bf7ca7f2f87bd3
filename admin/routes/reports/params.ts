/**
 * The query string of the report pages: a date range typed as Jalali (or Gregorian) days — `to` inclusive,
 * whole days in the service's time zone, default the last 7 days — the filters (team, vc, dept, subject,
 * agent, priority, internal=yes|no), the bucket size (by=day|week|month) and, for a CSV export,
 * format=csv&table=<table>. Names follow the inbox (/tickets) where they mean the same.
 */
import { PRIORITIES, type Priority } from '../../../core/entities/enums.ts';
import { GRANULARITIES, type Granularity, type ReportFilters } from '../../../core/services/reports/index.ts';
import { parseAdminDate } from '../../../core/services/calendars.ts';
import { formatJalaliDate, gregorianToJalali, toAsciiDigits, toJalali, toPersianDigits } from '../../../core/text/index.ts';
import { dayStart } from '../../inbox.ts';

export const REPORT_TABS = ['volume', 'breakdown', 'sla', 'agents', 'ratings'] as const;
export type ReportTab = (typeof REPORT_TABS)[number];

export interface ReportQuery {
  /** the days read (`1405/09/01`, Latin digits), as typed when unreadable, or the defaults (typedDay) */
  from: string;
  to: string;
  granularity: Granularity;
  filters: ReportFilters;
  /** field → error code (org-error-*) */
  errors: Record<string, string>;
}

const idOf = (s: string | undefined) => (/^\d{1,9}$/.test(s ?? '') ? Number(s) : null);
const DAY = 86_400_000;

/** the Jalali text of the local day `back` days before `now` */
function jalaliDay(now: Date, back: number, timeZone: string): string {
  return formatJalaliDate(toJalali(new Date(now.getTime() - back * DAY), timeZone), 'en');
}

/**
 * The one place a typed report day is read: Jalali (or Gregorian) with Persian, Arabic-Indic or Latin digits →
 * its Jalali text with Latin digits (`1405/09/01`: the query string's and the CSV name's form); what cannot
 * be read stays as typed, for the form to show it back with its error. Empty → the default.
 */
export function typedDay(raw: string | undefined, fallback: string): string {
  const typed = (raw ?? '').trim().slice(0, 20);
  if (!typed) return fallback;
  const g = parseAdminDate(typed);
  if (!g) return typed;
  const [y, m, d] = g.split('-').map(Number) as [number, number, number];
  return formatJalaliDate(gregorianToJalali(y, m, d), 'en');
}

/** a report day as the date fields and the printed scope show it: Persian digits in Persian, Latin in English */
export const shownDay = (day: string, locale: string): string => (locale === 'fa' ? toPersianDigits(day) : toAsciiDigits(day));

export function parseReportQuery(q: Record<string, string | undefined>, now: Date, timeZone: string): ReportQuery {
  const errors: Record<string, string> = {};
  const from = typedDay(q.from, jalaliDay(now, 6, timeZone));
  const to = typedDay(q.to, jalaliDay(now, 0, timeZone));
  const fromAt = dayStart(from, timeZone);
  const toDay = dayStart(to, timeZone);
  // the day after `to`: its start + 36 h lands inside the next day whatever the clock does; take that day's start
  const toAt = toDay ? dayStart(formatJalaliDate(toJalali(new Date(toDay.getTime() + 36 * 3_600_000), timeZone), 'en'), timeZone) : null;
  if (!fromAt) errors.from = 'invalid_date';
  if (!toAt) errors.to = 'invalid_date';
  else if (fromAt && toAt <= fromAt) errors.to = 'out_of_range';
  else if (fromAt && toAt.getTime() - fromAt.getTime() > 3 * 366 * DAY) errors.to = 'out_of_range';
  const granularity = (GRANULARITIES as readonly string[]).includes(q.by ?? '') ? (q.by as Granularity) : 'day';
  const priority = (PRIORITIES as readonly string[]).includes(q.priority ?? '') ? (q.priority as Priority) : null;
  const filters: ReportFilters = {
    from: fromAt ?? new Date(now.getTime() - 7 * DAY),
    to: toAt ?? now,
    teamId: idOf(q.team),
    valueChainId: idOf(q.vc),
    departmentId: idOf(q.dept),
    subjectId: idOf(q.subject),
    agentId: idOf(q.agent),
    priority,
    internal: q.internal === 'yes' ? true : q.internal === 'no' ? false : null,
  };
  return { from, to, granularity, filters, errors };
}

/** the query string of a report (for the tabs, the CSV links and the inbox links) */
export function reportParams(r: ReportQuery, extra: Record<string, string> = {}): URLSearchParams {
  const f = r.filters;
  const p = new URLSearchParams({ from: r.from, to: r.to });
  if (r.granularity !== 'day') p.set('by', r.granularity);
  if (f.teamId != null) p.set('team', String(f.teamId));
  if (f.valueChainId != null) p.set('vc', String(f.valueChainId));
  if (f.departmentId != null) p.set('dept', String(f.departmentId));
  if (f.subjectId != null) p.set('subject', String(f.subjectId));
  if (f.agentId != null) p.set('agent', String(f.agentId));
  if (f.priority) p.set('priority', f.priority);
  if (f.internal != null) p.set('internal', f.internal ? 'yes' : 'no');
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}
