/**
 * Time buckets of reports in the service's time zone (Asia/Tehran): days ('YYYY-MM-DD', local Gregorian
 * date), weeks (keyed by the local date of their Saturday — the Iranian week starts on Saturday) and months
 * (Jalali year and month, 'YYYY-MM' in the Persian calendar). Each bucket carries a Jalali label for display.
 */
import { wallTime, zonedInstant } from '../../sla/calendar.ts';

export type Granularity = 'day' | 'week' | 'month';
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];

/** the start of the local day of an instant */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const w = wallTime(at.getTime(), timeZone);
  return new Date(zonedInstant(w.y, w.m, w.d, 0, timeZone));
}

/** the local dates ('YYYY-MM-DD') from the day of `from` up to the day before `to` (or of `to` if not midnight) */
export function localDays(from: Date, to: Date, timeZone: string): string[] {
  const days: string[] = [];
  const w = wallTime(from.getTime(), timeZone);
  let d = new Date(Date.UTC(w.y, w.m - 1, w.d));
  for (let i = 0; i < 3700; i++) {
    const start = zonedInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, timeZone);
    if (start >= to.getTime()) break;
    days.push(d.toISOString().slice(0, 10));
    d = new Date(d.getTime() + 86_400_000);
  }
  return days;
}

const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });

/** the Jalali date of a local Gregorian date: { y, m, d } */
export function jalali(day: string): { y: number; m: number; d: number } {
  const parts: Record<string, number> = {};
  for (const p of persian.formatToParts(new Date(`${day}T12:00:00Z`))) if (p.type !== 'literal') parts[p.type] = parseInt(p.value, 10);
  return { y: parts.year!, m: parts.month!, d: parts.day! };
}

const pad = (n: number) => String(n).padStart(2, '0');
export const jalaliLabel = (day: string) => {
  const j = jalali(day);
  return `${j.y}/${pad(j.m)}/${pad(j.d)}`;
};

/** the bucket key of a local day */
export function bucketOf(day: string, g: Granularity): string {
  if (g === 'day') return day;
  if (g === 'week') {
    const d = new Date(`${day}T00:00:00Z`);
    const back = (d.getUTCDay() + 1) % 7; // days since Saturday
    return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  }
  const j = jalali(day);
  return `${j.y}-${pad(j.m)}`;
}

/** a display label for a bucket key */
export function bucketLabel(key: string, g: Granularity): string {
  return g === 'month' ? key.replace('-', '/') : jalaliLabel(key);
}
