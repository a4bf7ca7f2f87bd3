/**
 * The Jalali (Solar Hijri) calendar: formatting with Intl, arithmetic conversion, parsing, durations.
 *
 * Conversion uses the well-known arithmetic algorithm of Borkowski as published in jalaali-js (leap
 * years from the table of 33-year cycle breaks), valid for Jalali years −61 … 3177; it agrees with the
 * official calendar of Iran for 1178–1633 AP (the tests cross-check it against ICU for 1390–1420).
 * Formatting uses Intl with `ca-persian` in Asia/Tehran by default.
 */
import { toAsciiDigits, toPersianDigits } from './normalize.ts';
import { dateTimeParts } from './intl.ts';

export type TextLocale = 'fa' | 'en';

export interface JalaliDate {
  y: number;
  m: number;
  d: number;
}

export interface GregorianDate {
  y: number;
  m: number;
  d: number;
}

export const TEHRAN = 'Asia/Tehran';

export const JALALI_MONTHS_FA = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'] as const;
export const JALALI_MONTHS_EN = [
  'Farvardin',
  'Ordibehesht',
  'Khordad',
  'Tir',
  'Mordad',
  'Shahrivar',
  'Mehr',
  'Aban',
  'Azar',
  'Dey',
  'Bahman',
  'Esfand',
] as const;

// ---- arithmetic (integer division truncating toward zero, as in the published algorithm) ----

const div = (a: number, b: number): number => Math.trunc(a / b);
const mod = (a: number, b: number): number => a - Math.trunc(a / b) * b;

const BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];

/** Leap information of Jalali year jy: `leap` 0 for a leap year, `gy` the Gregorian year of 1 Farvardin, `march` its day in March. */
function jalCal(jy: number): { leap: number; gy: number; march: number } {
  if (!Number.isInteger(jy) || jy < BREAKS[0] || jy >= BREAKS[BREAKS.length - 1]) {
    throw new RangeError(`Jalali year out of range: ${jy}`);
  }
  const gy = jy + 621;
  let leapJ = -14;
  let jp = BREAKS[0];
  let jump = 0;
  for (let i = 1; i < BREAKS.length; i++) {
    const jm = BREAKS[i];
    jump = jm - jp;
    if (jy < jm) break;
    leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
    jp = jm;
  }
  let n = jy - jp;
  leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
  if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  let leap = mod(mod(n + 1, 33) - 1, 4);
  if (leap === -1) leap = 4;
  return { leap, gy, march };
}

/** Julian Day Number of a Gregorian date. */
function g2d(gy: number, gm: number, gd: number): number {
  const d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
  return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
}

/** Gregorian date of a Julian Day Number. */
function d2g(jdn: number): GregorianDate {
  let j = 4 * jdn + 139361631;
  j += div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
  const i = div(mod(j, 1461), 4) * 5 + 308;
  const d = div(mod(i, 153), 5) + 1;
  const m = mod(div(i, 153), 12) + 1;
  const y = div(j, 1461) - 100100 + div(8 - m, 6);
  return { y, m, d };
}

function j2d(jy: number, jm: number, jd: number): number {
  const r = jalCal(jy);
  return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
}

function d2j(jdn: number): JalaliDate {
  const gy = d2g(jdn).y;
  let jy = gy - 621;
  const r = jalCal(jy);
  const jdn1f = g2d(gy, 3, r.march);
  let k = jdn - jdn1f;
  if (k >= 0) {
    if (k <= 185) return { y: jy, m: 1 + div(k, 31), d: mod(k, 31) + 1 };
    k -= 186;
  } else {
    jy -= 1;
    k += 179;
    if (jalCal(jy).leap === 0) k += 1;
  }
  return { y: jy, m: 7 + div(k, 30), d: mod(k, 30) + 1 };
}

/** True when Jalali year y has 366 days (Esfand 30 exists). */
export function isJalaliLeapYear(y: number): boolean {
  return jalCal(y).leap === 0;
}

/** Days in Jalali month m of year y: 31 for months 1–6, 30 for 7–11, 29 or 30 for Esfand. */
export function jalaliMonthLength(y: number, m: number): number {
  if (!Number.isInteger(m) || m < 1 || m > 12) throw new RangeError(`Jalali month out of range: ${m}`);
  if (m <= 6) return 31;
  if (m <= 11) return 30;
  return isJalaliLeapYear(y) ? 30 : 29;
}

/** True when y/m/d is an existing Jalali date (within the algorithm's range). */
export function isValidJalaliDate(y: number, m: number, d: number): boolean {
  if (![y, m, d].every(Number.isInteger) || y < BREAKS[0] || y >= BREAKS[BREAKS.length - 1]) return false;
  return m >= 1 && m <= 12 && d >= 1 && d <= jalaliMonthLength(y, m);
}

function isValidGregorianDate(y: number, m: number, d: number): boolean {
  if (![y, m, d].every(Number.isInteger) || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Jalali → Gregorian (proleptic). Throws RangeError for a date that does not exist. */
export function jalaliToGregorian(y: number, m: number, d: number): GregorianDate {
  if (!isValidJalaliDate(y, m, d)) throw new RangeError(`not a Jalali date: ${y}/${m}/${d}`);
  return d2g(j2d(y, m, d));
}

/** Gregorian → Jalali. Throws RangeError for a date that does not exist. */
export function gregorianToJalali(y: number, m: number, d: number): JalaliDate {
  if (!isValidGregorianDate(y, m, d)) throw new RangeError(`not a Gregorian date: ${y}-${m}-${d}`);
  return d2j(g2d(y, m, d));
}

// ---- instants and time zones ----

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(date: Date, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day, h: p.hour, min: p.minute, s: p.second };
}

/** The Jalali calendar date of an instant in a time zone (default Asia/Tehran). */
export function toJalali(date: Date, timeZone: string = TEHRAN): JalaliDate {
  const w = wallClock(date, timeZone);
  return gregorianToJalali(w.y, w.m, w.d);
}

/**
 * The instant at which Jalali day y/m/d begins in a time zone (default Asia/Tehran): 00:00 local time,
 * or the first instant of the day when a clock change skips midnight (Iran's DST, until 2022, started
 * at 00:00). Useful for date filters. Found by binary search over ±14 hours, exact to the millisecond.
 */
export function startOfJalaliDay(y: number, m: number, d: number, timeZone: string = TEHRAN): Date {
  const g = jalaliToGregorian(y, m, d);
  const target = Date.UTC(g.y, g.m - 1, g.d);
  const reached = (t: number): boolean => {
    const w = wallClock(new Date(t), timeZone);
    return Date.UTC(w.y, w.m - 1, w.d) >= target;
  };
  let lo = target - 15 * 3_600_000; // local date still before the day in every zone
  let hi = target + 15 * 3_600_000; // local date already reached in every zone
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

// ---- formatting ----

export interface FormatJalaliOptions {
  /** IANA zone; default Asia/Tehran */
  timeZone?: string;
  /** append HH:mm (24-hour) */
  withTime?: boolean;
  /** 'fa' (Persian digits, default) or 'en' (ASCII digits, transliterated month names) */
  locale?: TextLocale;
  /** 'numeric' (default): 1405/09/18; 'long': 18 Azar 1405 / ۱۸ آذر ۱۴۰۵ */
  style?: 'numeric' | 'long';
}

const persianFormatter = (locale: TextLocale, timeZone: string): Intl.DateTimeFormat =>
  dateTimeParts(locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-US-u-ca-persian', timeZone);

/**
 * Jalali date (and time) of an instant, via Intl `fa-IR-u-ca-persian` / `en-US-u-ca-persian`:
 * numeric `۱۴۰۵/۰۹/۱۸` / `1405/09/18` (with time: `۱۴۰۵/۰۹/۱۸ ۱۴:۰۰`), long `۱۸ آذر ۱۴۰۵` /
 * `18 Azar 1405` (with time: `۱۸ آذر ۱۴۰۵، ۱۴:۰۰` / `18 Azar 1405, 14:00`).
 */
export function formatJalali(date: Date, options: FormatJalaliOptions = {}): string {
  const { timeZone = TEHRAN, withTime = false, locale = 'fa', style = 'numeric' } = options;
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  const parts: Record<string, string> = {};
  for (const p of persianFormatter(locale, timeZone).formatToParts(date)) if (p.type !== 'literal') parts[p.type] = p.value;
  const digits = (s: string): string => (locale === 'fa' ? toPersianDigits(s) : toAsciiDigits(s));
  const y = digits(parts.year);
  const m = digits(parts.month);
  const d = digits(parts.day);
  const time = `${digits(parts.hour)}:${digits(parts.minute)}`;
  if (style === 'long') {
    const monthName = (locale === 'fa' ? JALALI_MONTHS_FA : JALALI_MONTHS_EN)[Number(toAsciiDigits(parts.month)) - 1];
    const day = digits(String(Number(toAsciiDigits(parts.day))));
    const dateText = `${day} ${monthName} ${y}`;
    return withTime ? `${dateText}${locale === 'fa' ? '،' : ','} ${time}` : dateText;
  }
  const dateText = `${y}/${m}/${d}`;
  return withTime ? `${dateText} ${time}` : dateText;
}

/**
 * Parses a typed Jalali date: year/month/day with `/` or `-` (or `.`), Persian, Arabic-Indic or ASCII
 * digits, 1–2 digit month and day, 4-digit year; the date must exist (Esfand 30 only in leap years).
 * `'۱۴۰۵/۰۹/۱۸'` → `{ y: 1405, m: 9, d: 18 }`; anything else → null.
 */
export function parseJalaliDate(input: string | null | undefined): JalaliDate | null {
  if (typeof input !== 'string') return null;
  const s = toAsciiDigits(input)
    .replace(/[\u200C-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
  const m = /^(\d{4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/.exec(s);
  if (!m) return null;
  const date = { y: Number(m[1]), m: Number(m[3]), d: Number(m[4]) };
  return isValidJalaliDate(date.y, date.m, date.d) ? date : null;
}

/** `{ y: 1405, m: 9, d: 18 }` → `۱۴۰۵/۰۹/۱۸` (fa) or `1405/09/18` (en). */
export function formatJalaliDate(date: JalaliDate, locale: TextLocale = 'fa'): string {
  const s = `${date.y}/${String(date.m).padStart(2, '0')}/${String(date.d).padStart(2, '0')}`;
  return locale === 'fa' ? toPersianDigits(s) : s;
}

export interface FormatDurationOptions {
  /** also use days (24 hours each) for long durations; default false (hours keep counting: ۳۰ ساعت) */
  withDays?: boolean;
}

/**
 * A duration given in minutes (rounded to the nearest minute): `۲ ساعت و ۱۵ دقیقه` / `2 h 15 min`,
 * `۴۵ دقیقه` / `45 min`, `۳ ساعت` / `3 h`, `۰ دقیقه` / `0 min`; with `withDays`, `۱ روز و ۲ ساعت` /
 * `1 d 2 h`. A negative duration (an overdue SLA) is prefixed with `-`.
 */
export function formatDuration(minutes: number, locale: TextLocale = 'fa', options: FormatDurationOptions = {}): string {
  if (!Number.isFinite(minutes)) throw new RangeError(`not a duration: ${minutes}`);
  const total = Math.round(Math.abs(minutes));
  const sign = Math.round(minutes) < 0 ? '-' : '';
  let rest = total;
  const days = options.withDays ? Math.floor(rest / 1440) : 0;
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const mins = rest % 60;
  const units = locale === 'fa' ? { d: 'روز', h: 'ساعت', m: 'دقیقه' } : { d: 'd', h: 'h', m: 'min' };
  const num = (n: number): string => (locale === 'fa' ? toPersianDigits(n) : String(n));
  const parts: string[] = [];
  if (days) parts.push(`${num(days)} ${units.d}`);
  if (hours) parts.push(`${num(hours)} ${units.h}`);
  if (mins || parts.length === 0) parts.push(`${num(mins)} ${units.m}`);
  return sign + parts.join(locale === 'fa' ? ' و ' : ' ');
}
