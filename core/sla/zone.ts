/**
 * Wall time in an IANA zone without a time-zone library (Intl only), local dates as day numbers, and the
 * days a zone changes its UTC offset (daylight saving or a change of rules), so business time can sum
 * whole weeks arithmetically and look closely only at the days around an offset change.
 */
import { dateTimeParts } from '../text/intl.ts';

export const MIN = 60_000;
export const DAY = 86_400_000;

/** the zone's formatter of wall-clock parts (cached) */
export const formatter = (timeZone: string): Intl.DateTimeFormat => dateTimeParts('en-US', timeZone, true);

/** wall-clock parts of an instant in a zone */
export function wallTime(t: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, min: parts.minute!, s: parts.second! };
}

/** the zone's UTC offset at an instant, in ms */
export function offsetAt(t: number, timeZone: string): number {
  const w = wallTime(t, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(t / 1000) * 1000;
}

/** the instant of a wall-clock time in a zone (in a DST gap: the instant after the gap) */
export function zonedInstant(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d) + minutes * MIN;
  let t = guess - offsetAt(guess, timeZone);
  const o2 = offsetAt(t, timeZone);
  t = guess - o2;
  return t;
}

// ---------------------------------------------------------------- local dates as day numbers

/** days since 1970-01-01 of a calendar date */
export const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;
export function dateOfDay(day: number): { y: number; m: number; d: number } {
  const x = new Date(day * DAY);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
}
/** JS weekday (0 = Sunday) of a day number (1970-01-01 was a Thursday) */
export const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;
export const dayKey = (day: number) => {
  const { y, m, d } = dateOfDay(day);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
/** the local date (as a day number) of an instant in a zone */
export function localDay(t: number, timeZone: string): number {
  const w = wallTime(t, timeZone);
  return dayNumber(w.y, w.m, w.d);
}

// ---------------------------------------------------------------- offset changes

/** how far around an offset change days are treated as irregular (local dates are within a day of UTC dates) */
const SPREAD = 2;
const transitionCache = new Map<string, number[]>();

/**
 * The day numbers near an offset change of the zone in a Gregorian year (each change marks the days from two
 * before to two after it, so a caller never trusts a wall-clock length there). The offset is sampled weekly,
 * then daily inside a week whose ends differ: two changes within one week that cancel each other would be
 * missed — no zone's rules do that (the closest, Morocco's Ramadan pause, are about five weeks apart).
 * Cached per zone and year (about 60 Intl calls for a year, once).
 */
export function offsetChangeDays(timeZone: string, year: number): number[] {
  const key = `${timeZone}|${year}`;
  const hit = transitionCache.get(key);
  if (hit) return hit;
  const first = dayNumber(year, 1, 1);
  const end = dayNumber(year + 1, 1, 1);
  const marked = new Set<number>();
  let prevDay = first;
  let prev = offsetAt(first * DAY, timeZone);
  for (let day = first + 7; prevDay < end; day = Math.min(day + 7, end)) {
    const o = offsetAt(day * DAY, timeZone);
    if (o !== prev) {
      // find each day of the week whose end has another offset than its start
      let before = prev;
      for (let k = prevDay + 1; k <= day; k++) {
        const ok = k === day ? o : offsetAt(k * DAY, timeZone);
        if (ok !== before) for (let s = k - 1 - SPREAD; s <= k + SPREAD; s++) marked.add(s);
        before = ok;
      }
    }
    prevDay = day;
    prev = o;
  }
  const list = [...marked].sort((a, b) => a - b);
  if (transitionCache.size > 2000) transitionCache.clear();
  transitionCache.set(key, list);
  return list;
}

/** the first index in a sorted list whose value is >= x */
export function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
