/**
 * Business time, pure: a calendar has an IANA time zone, several working intervals per weekday and
 * dated exceptions (holiday, closure, short day, extra working day). It adds working minutes to an
 * instant, counts working minutes between two instants, and skips pause intervals (the ticket waiting for
 * the user). No time-zone library: wall time comes from Intl, so any zone (with or without DST) works.
 *
 * Conventions: a deadline that lands exactly on the end of a working block stays there (it does not jump
 * to the next opening); adding 0 minutes returns the instant itself.
 *
 * No horizon: whole weeks are summed arithmetically (a regular week has the weekly hours' wall-clock
 * length); only the ends of a span, the dated exceptions and the days around a change of the zone's UTC
 * offset are walked block by block. What cannot be computed is an error that says why (a calendar without
 * working time after a date, a non-finite amount, an answer after the year 9999), never a truncated answer.
 */
import { DAY, dateOfDay, dayKey, dayNumber, formatter, localDay, lowerBound, MIN, offsetAt, offsetChangeDays, weekdayOf, zonedInstant } from './zone.ts';

export { wallTime, zonedInstant } from './zone.ts';

export interface Interval {
  start: string; // 'HH:MM'
  end: string; // 'HH:MM' ('24:00' allowed)
}

export type ExceptionKind = 'holiday' | 'closure' | 'short_day' | 'extra_working_day';

export interface CalendarSpec {
  timeZone: string;
  /** JS weekday (0 = Sunday … 6 = Saturday) → working intervals */
  weekly: Record<number, Interval[]>;
  exceptions?: { date: string; kind: ExceptionKind; intervals?: Interval[] | null }[];
}

export interface Pause {
  start: Date;
  /** null: still paused */
  end: Date | null;
}

/** a span of business time that cannot be computed; the message says why */
export class BusinessTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessTimeError';
  }
}

/** the calendar has no working time (at all, or after a date): no deadline exists */
export class NoWorkingTimeError extends BusinessTimeError {
  constructor(reason: string) {
    super(`the calendar has no working time ${reason}`);
    this.name = 'NoWorkingTimeError';
  }
}

/** the last local date business time is computed for (an answer after it is an error, not a guess) */
const LAST_DAY = dayNumber(9999, 12, 31);
const FIRST_DAY = dayNumber(1, 1, 1);
/** how far ahead one arithmetic step looks for the next irregular day (53 weeks) */
const STRETCH = 371;

interface Block {
  start: number;
  end: number;
}

function hm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + (m ?? 0);
}

export class BusinessCalendar {
  private readonly exceptions = new Map<string, { kind: ExceptionKind; intervals?: Interval[] | null }>();
  /** day numbers of the dated exceptions, sorted */
  private readonly exceptionDays: number[];
  /** day numbers of the extra working days, sorted (the only working time of a calendar without weekly hours) */
  private readonly extraDays: number[];
  private readonly dayCache = new Map<number, Block[]>();
  /** the instant each local day starts (its 00:00, or the end of a gap at midnight) */
  private readonly startCache = new Map<number, number>();
  /** the zone's offset last seen, to guess an instant's local date before checking it against the day starts */
  private offsetGuess: number;
  /** wall-clock working ms of each weekday, and of a whole week */
  private readonly regularMs: number[];
  private readonly weekMs: number;
  readonly timeZone: string;

  constructor(private readonly spec: CalendarSpec) {
    this.timeZone = spec.timeZone;
    formatter(spec.timeZone); // throws RangeError for an unknown zone
    for (const e of spec.exceptions ?? []) this.exceptions.set(e.date, e);
    const days = [...this.exceptions.keys()].map((k) => ({ k, day: dayNumber(...(k.split('-').map(Number) as [number, number, number])) }));
    this.exceptionDays = days
      .map((x) => x.day)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    this.extraDays = days
      .filter((x) => this.exceptions.get(x.k)!.kind === 'extra_working_day')
      .map((x) => x.day)
      .sort((a, b) => a - b);
    this.regularMs = [0, 1, 2, 3, 4, 5, 6].map((wd) => wallMs(spec.weekly[wd] ?? []));
    this.weekMs = this.regularMs.reduce((a, b) => a + b, 0);
    this.offsetGuess = offsetAt(Date.now(), spec.timeZone);
  }

  private dayStart(day: number): number {
    let s = this.startCache.get(day);
    if (s === undefined) {
      const { y, m, d } = dateOfDay(day);
      s = zonedInstant(y, m, d, 0, this.timeZone);
      if (this.startCache.size > 5000) this.startCache.clear();
      this.startCache.set(day, s);
    }
    return s;
  }

  /** the local date of an instant: guessed from the last offset, checked against the (cached) day starts */
  private localDay(t: number): number {
    let day = Math.floor((t + this.offsetGuess) / DAY);
    for (let k = 0; k < 4; k++) {
      if (t < this.dayStart(day)) day--;
      else if (t >= this.dayStart(day + 1)) day++;
      else {
        this.offsetGuess = day * DAY - this.dayStart(day);
        return day;
      }
    }
    const exact = localDay(t, this.timeZone);
    this.offsetGuess = offsetAt(t, this.timeZone);
    return exact;
  }

  /** the working blocks of a local date, as instants */
  blocksOn(y: number, m: number, d: number): Block[] {
    return this.blocksOfDay(dayNumber(y, m, d));
  }

  private blocksOfDay(day: number): Block[] {
    const cached = this.dayCache.get(day);
    if (cached) return cached;
    const { y, m, d } = dateOfDay(day);
    const exc = this.exceptions.get(dayKey(day));
    let intervals: Interval[];
    if (!exc) intervals = this.spec.weekly[weekdayOf(day)] ?? [];
    else if (exc.kind === 'holiday' || exc.kind === 'closure') intervals = [];
    else if (exc.kind === 'short_day') intervals = exc.intervals ?? [];
    else intervals = exc.intervals?.length ? exc.intervals : this.firstWorkingWeekday();
    const blocks = intervals
      .map((i) => ({ start: zonedInstant(y, m, d, hm(i.start), this.timeZone), end: zonedInstant(y, m, d, hm(i.end), this.timeZone) }))
      .filter((b) => b.end > b.start)
      .sort((a, b) => a.start - b.start);
    if (this.dayCache.size > 5000) this.dayCache.clear();
    this.dayCache.set(day, blocks);
    return blocks;
  }

  /** an extra working day without its own hours works the hours of the first working day of the week (Saturday first) */
  private firstWorkingWeekday(): Interval[] {
    for (const wd of [6, 0, 1, 2, 3, 4, 5]) if (this.spec.weekly[wd]?.length) return this.spec.weekly[wd]!;
    return [];
  }

  private exactDayMs(day: number): number {
    let sum = 0;
    for (const b of this.blocksOfDay(day)) sum += b.end - b.start;
    return sum;
  }

  /** working ms of the whole local days [d1, d2) as if none were irregular: whole weeks, then the rest */
  private regularSum(d1: number, d2: number): number {
    const n = d2 - d1;
    if (n <= 0) return 0;
    let sum = Math.floor(n / 7) * this.weekMs;
    for (let i = 0; i < n % 7; i++) sum += this.regularMs[weekdayOf(d1 + i)]!;
    return sum;
  }

  /** the first day >= d whose hours may differ from its weekday's (a dated exception, or near an offset change), else `limit` */
  private nextIrregular(d: number, limit: number): number {
    let next = limit;
    const i = lowerBound(this.exceptionDays, d);
    if (i < this.exceptionDays.length) next = Math.min(next, this.exceptionDays[i]!);
    for (let y = dateOfDay(d - 3).y; y <= dateOfDay(Math.min(next, limit) + 3).y; y++) {
      const list = offsetChangeDays(this.timeZone, y);
      const j = lowerBound(list, d);
      if (j < list.length && list[j]! < next) next = list[j]!;
    }
    return next;
  }

  /** working ms of the whole local days [d1, d2): whole weeks arithmetically, corrected on the irregular days */
  private wholeDaysMs(d1: number, d2: number): number {
    let sum = this.regularSum(d1, d2);
    for (let d = this.nextIrregular(d1, d2); d < d2; d = this.nextIrregular(d + 1, d2)) {
      sum += this.exactDayMs(d) - this.regularMs[weekdayOf(d)]!;
    }
    return sum;
  }

  private checkDay(day: number, what: string): void {
    if (day > LAST_DAY || day < FIRST_DAY) throw new BusinessTimeError(`${what} falls outside the years 1–9999 business time is computed for`);
  }

  /** working ms in [a, b), no pauses */
  private countMs(a: number, b: number): number {
    if (b <= a) return 0;
    const da = this.localDay(a);
    const db = this.localDay(b);
    this.checkDay(da, 'the start of the span');
    this.checkDay(db, 'the end of the span');
    const clip = (day: number) => {
      let s = 0;
      for (const blk of this.blocksOfDay(day)) s += Math.max(0, Math.min(blk.end, b) - Math.max(blk.start, a));
      return s;
    };
    let total = 0;
    if (db - da <= 4) {
      for (let d = da - 1; d <= db; d++) total += clip(d);
      return total;
    }
    // the ends walked (a block may start on the local day before an instant's date), the middle in whole days
    for (let d = da - 1; d <= da + 1; d++) total += clip(d);
    for (let d = db - 1; d <= db; d++) total += clip(d);
    return total + this.wholeDaysMs(da + 2, db - 1);
  }

  /** the first instant t >= a with `ms` working ms in [a, t) (ms > 0), no pauses */
  private addMs(a: number, ms: number): number {
    let remaining = ms;
    /** walks one day's blocks; the instant when the rest fits, else null (and the day's time is consumed) */
    const walk = (day: number): number | null => {
      for (const blk of this.blocksOfDay(day)) {
        if (blk.end <= a) continue;
        const start = Math.max(blk.start, a);
        const len = blk.end - start;
        if (remaining <= len) return start + remaining;
        remaining -= len;
      }
      return null;
    };
    const da = this.localDay(a);
    this.checkDay(da, 'the start');
    for (let d = da - 1; d <= da + 1; d++) {
      const hit = walk(d);
      if (hit !== null) return hit;
    }
    let day = da + 2;
    // no day holds more than 25 hours: far more than the days left before the end of 9999 can hold is refused at once
    if (remaining > (LAST_DAY - day + 1) * 25 * 3_600_000)
      throw new BusinessTimeError(`the answer falls after 9999-12-31, beyond the dates business time is computed for`);
    for (;;) {
      if (day > LAST_DAY) throw new BusinessTimeError(`the answer falls after 9999-12-31, beyond the dates business time is computed for`);
      if (this.weekMs === 0) {
        // no weekly hours: only extra working days give time
        const i = lowerBound(this.extraDays, day);
        if (i >= this.extraDays.length) throw new NoWorkingTimeError(`after ${dayKey(day - 1)}: no weekday has working hours and no extra working day follows`);
        day = this.extraDays[i]!;
        const hit = walk(day);
        if (hit !== null) return hit;
        day++;
        continue;
      }
      const irregular = this.nextIrregular(day, day + STRETCH);
      const regular = this.regularSum(day, irregular);
      if (remaining > regular) {
        // the whole regular stretch is not enough: take it, then the irregular day exactly
        remaining -= regular;
        const hit = walk(irregular);
        if (hit !== null) return hit;
        day = irregular + 1;
        continue;
      }
      // the answer lies in this stretch: skip whole weeks, then walk at most a week of regular days
      const weeks = Math.max(0, Math.ceil(remaining / this.weekMs) - 1);
      remaining -= weeks * this.weekMs;
      for (let d = day + weeks * 7; d < irregular; d++) {
        const hit = walk(d);
        if (hit !== null) return hit;
      }
      day = irregular; // not reached when the arithmetic holds; the walk goes on exactly
    }
  }

  /** the instant `minutes` working minutes after `from`; null when a pause without end swallows the rest */
  addWorkingMinutes(from: Date, minutes: number, pauses: Pause[] = []): Date | null {
    if (!Number.isFinite(minutes)) throw new BusinessTimeError(`cannot add ${minutes} working minutes: not a finite number`);
    if (Number.isNaN(from.getTime())) throw new BusinessTimeError('cannot add working minutes to an invalid date');
    if (minutes <= 0) return new Date(from);
    let remaining = minutes * MIN;
    let cursor = from.getTime();
    for (const p of normalisePauses(pauses)) {
      if (p.end <= cursor) continue;
      if (p.start > cursor) {
        const before = this.countMs(cursor, p.start);
        if (remaining <= before) return new Date(this.addMs(cursor, remaining));
        remaining -= before;
      }
      if (p.end === Infinity) return null;
      cursor = Math.max(cursor, p.end);
    }
    return new Date(this.addMs(cursor, remaining));
  }

  /** working minutes in [a, b), without the pauses */
  workingMinutesBetween(a: Date, b: Date, pauses: Pause[] = []): number {
    const from = a.getTime();
    const to = b.getTime();
    if (Number.isNaN(from) || Number.isNaN(to)) throw new BusinessTimeError('cannot count working minutes between invalid dates');
    if (to <= from) return 0;
    let total = this.countMs(from, to);
    for (const p of normalisePauses(pauses)) total -= this.countMs(Math.max(from, p.start), Math.min(to, p.end));
    return total / MIN;
  }

  isWorking(t: Date): boolean {
    const x = t.getTime();
    const day = this.localDay(x);
    return this.blocksOfDay(day).some((b) => b.start <= x && x < b.end);
  }

  /** `t` if it is working time, else the start of the next working block */
  nextWorkingInstant(t: Date): Date {
    // the first working ms after t starts the segment the answer lies in (blocks are whole ms)
    return new Date(this.addMs(t.getTime(), 1) - 1);
  }
}

/** the wall-clock working ms of a day's intervals */
function wallMs(intervals: Interval[]): number {
  let sum = 0;
  for (const i of intervals) sum += Math.max(0, hm(i.end) - hm(i.start)) * MIN;
  return sum;
}

export function compileCalendar(spec: CalendarSpec): BusinessCalendar {
  return new BusinessCalendar(spec);
}

function normalisePauses(pauses: Pause[]): Block[] {
  const list = pauses
    .map((p) => ({ start: p.start.getTime(), end: p.end ? p.end.getTime() : Infinity }))
    .filter((p) => p.end > p.start)
    .sort((a, b) => a.start - b.start);
  const merged: Block[] = [];
  for (const p of list) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  return merged;
}

/** DOMAIN.md's default: Saturday–Wednesday 08:00–16:00, Thursday 08:00–13:00, Friday off, Asia/Tehran */
export const DEFAULT_CALENDAR_SPEC: CalendarSpec = {
  timeZone: 'Asia/Tehran',
  weekly: {
    6: [{ start: '08:00', end: '16:00' }],
    0: [{ start: '08:00', end: '16:00' }],
    1: [{ start: '08:00', end: '16:00' }],
    2: [{ start: '08:00', end: '16:00' }],
    3: [{ start: '08:00', end: '16:00' }],
    4: [{ start: '08:00', end: '13:00' }],
    5: [],
  },
  exceptions: [],
};
