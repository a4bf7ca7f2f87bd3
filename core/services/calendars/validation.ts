import { gregorianToJalali, jalaliToGregorian, parseJalaliDate } from '../../text/jalali.ts';
import { toAsciiDigits } from '../../text/normalize.ts';
import { ValidationError } from '../errors.ts';

export type Interval = { start: string; end: string };
export type WeeklyHours = Record<number, Interval[]>;
export const EXCEPTION_KINDS = ['holiday', 'closure', 'short_day', 'extra_working_day'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

// ---------------------------------------------------------------- validation of hours and dates

export const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** normalises `8:00`, `۰۸:۰۰` to `08:00`; returns null when not a time of day (24:00 allowed as an end) */
export function normalizeTime(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(toAsciiDigits(input).trim());
  if (!m) return null;
  const s = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return TIME_RE.test(s) ? s : null;
}

/** checks and normalises a day's intervals; errors go to `fields` under `prefix.i.start|end` / `prefix.i` */
export function checkIntervals(raw: unknown, prefix: string, fields: Record<string, string>): Interval[] {
  if (!Array.isArray(raw)) {
    fields[prefix] = 'invalid';
    return [];
  }
  if (raw.length > 8) fields[prefix] = 'out_of_range';
  const out: Interval[] = [];
  raw.forEach((iv: unknown, i) => {
    const o = (iv ?? {}) as { start?: unknown; end?: unknown };
    const start = normalizeTime(o.start);
    const end = normalizeTime(o.end);
    if (!start || start === '24:00') fields[`${prefix}.${i}.start`] = 'invalid_time';
    if (!end) fields[`${prefix}.${i}.end`] = 'invalid_time';
    if (start && end && start !== '24:00' && minutesOf(start) >= minutesOf(end)) fields[`${prefix}.${i}.end`] = 'invalid_time';
    if (start && end) out.push({ start, end });
  });
  const sorted = out.map((iv, i) => ({ ...iv, i })).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  for (let k = 1; k < sorted.length; k++) {
    if (minutesOf(sorted[k]!.start) < minutesOf(sorted[k - 1]!.end)) fields[`${prefix}.${sorted[k]!.i}`] = 'overlap';
  }
  return sorted.map(({ start, end }) => ({ start, end }));
}

/**
 * validates weekly hours (keys 0–6; a missing day is a day off); throws ValidationError with `weekly.<day>…` fields,
 * or `weekly: 'no_working_time'` when no day has working hours
 */
export function validateWeekly(raw: unknown): WeeklyHours {
  const fields: Record<string, string> = {};
  const out: WeeklyHours = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError({ weekly: 'invalid' });
  for (const [key, value] of Object.entries(raw)) {
    if (!/^[0-6]$/.test(key)) {
      fields[`weekly.${key}`] = 'invalid';
      continue;
    }
    const day = checkIntervals(value, `weekly.${key}`, fields);
    if (day.length) out[Number(key)] = day;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  // a week without working time gives no deadline at all (every new ticket would fail with NoWorkingTimeError)
  if (!Object.keys(out).length) throw new ValidationError({ weekly: 'no_working_time' });
  return out;
}

export const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * A date as an admin types it: Jalali (year < 1700, `۱۴۰۵/۰۱/۰۱`, `1405-1-1`) or Gregorian (`2026-03-21`,
 * `2026/03/21`) → Gregorian `YYYY-MM-DD`; null when it is not an existing date.
 */
export function parseAdminDate(input: string): string | null {
  const s = toAsciiDigits(input)
    .replace(/[\u200C-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
  const m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let g: { y: number; m: number; d: number };
  if (y < 1700) {
    const j = parseJalaliDate(s);
    if (!j) return null;
    g = jalaliToGregorian(j.y, j.m, j.d);
  } else {
    try {
      gregorianToJalali(y, mo, d);
    } catch {
      return null;
    }
    g = { y, m: mo, d };
  }
  return `${g.y}-${String(g.m).padStart(2, '0')}-${String(g.d).padStart(2, '0')}`;
}
