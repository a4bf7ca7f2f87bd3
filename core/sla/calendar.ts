/**
 * Business time, pure: a calendar has an IANA time zone, several working intervals per weekday and
 * dated exceptions (holiday, closure, short day, extra working day). It adds working minutes to an
 * instant, counts working minutes between two instants, and skips pause intervals (the ticket waiting for
 * the user). No time-zone library: wall time comes from Intl, so any zone (with or without DST) works.
 *
 * Conventions: a deadline that lands exactly on the end of a working block stays there (it does not jump
 * to the next opening); adding 0 minutes returns the instant itself.
 */
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

export class NoWorkingTimeError extends Error {
  constructor(days: number) {
    super(`the calendar has no working time within ${days} days`);
    this.name = 'NoWorkingTimeError';
  }
}

const MAX_DAYS = 400;
const MIN = 60_000;

interface Block {
  start: number;
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** wall-clock parts of an instant in a zone */
export function wallTime(t: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, min: parts.minute!, s: parts.second! };
}

function offsetAt(t: number, timeZone: string): number {
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

function hm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + (m ?? 0);
}

function dateKey(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export class BusinessCalendar {
  private readonly exceptions = new Map<string, { kind: ExceptionKind; intervals?: Interval[] | null }>();
  private readonly dayCache = new Map<string, Block[]>();
  readonly timeZone: string;

  constructor(private readonly spec: CalendarSpec) {
    this.timeZone = spec.timeZone;
    formatter(spec.timeZone); // throws RangeError for an unknown zone
    for (const e of spec.exceptions ?? []) this.exceptions.set(e.date, e);
  }

  /** the working blocks of a local date, as instants */
  blocksOn(y: number, m: number, d: number): Block[] {
    const key = dateKey(y, m, d);
    const cached = this.dayCache.get(key);
    if (cached) return cached;
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    const exc = this.exceptions.get(key);
    let intervals: Interval[];
    if (!exc) intervals = this.spec.weekly[weekday] ?? [];
    else if (exc.kind === 'holiday' || exc.kind === 'closure') intervals = [];
    else if (exc.kind === 'short_day') intervals = exc.intervals ?? [];
    else intervals = exc.intervals?.length ? exc.intervals : this.firstWorkingWeekday();
    const blocks = intervals
      .map((i) => ({ start: zonedInstant(y, m, d, hm(i.start), this.timeZone), end: zonedInstant(y, m, d, hm(i.end), this.timeZone) }))
      .filter((b) => b.end > b.start)
      .sort((a, b) => a.start - b.start);
    if (this.dayCache.size > 5000) this.dayCache.clear();
    this.dayCache.set(key, blocks);
    return blocks;
  }

  /** an extra working day without its own hours works the hours of the first working day of the week (Saturday first) */
  private firstWorkingWeekday(): Interval[] {
    for (const wd of [6, 0, 1, 2, 3, 4, 5]) if (this.spec.weekly[wd]?.length) return this.spec.weekly[wd]!;
    return [];
  }

  /** working blocks from the local day of `from` onwards, one day at a time */
  private *blocksFrom(from: number): Generator<Block> {
    const w = wallTime(from, this.timeZone);
    const day = new Date(Date.UTC(w.y, w.m - 1, w.d));
    // the previous day too: a block may start before midnight local time of a zone shift
    day.setUTCDate(day.getUTCDate() - 1);
    let empty = 0;
    for (let i = 0; i < MAX_DAYS + 2; i++) {
      const blocks = this.blocksOn(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
      let any = false;
      for (const b of blocks) {
        if (b.end <= from) continue;
        any = true;
        yield b;
      }
      empty = any ? 0 : empty + 1;
      if (empty > MAX_DAYS) return;
      day.setUTCDate(day.getUTCDate() + 1);
    }
  }

  /** the instant `minutes` working minutes after `from`; null when a pause without end swallows the rest */
  addWorkingMinutes(from: Date, minutes: number, pauses: Pause[] = []): Date | null {
    if (minutes <= 0) return new Date(from);
    let remaining = minutes * MIN;
    const start = from.getTime();
    const ps = normalisePauses(pauses);
    for (const b of this.blocksFrom(start)) {
      for (const seg of subtract({ start: Math.max(b.start, start), end: b.end }, ps)) {
        const len = seg.end - seg.start;
        if (remaining <= len) return new Date(seg.start + remaining);
        remaining -= len;
      }
      if (ps.length && ps[ps.length - 1]!.end === Infinity && b.end >= ps[ps.length - 1]!.start) return null;
    }
    throw new NoWorkingTimeError(MAX_DAYS);
  }

  /** working minutes in [a, b), without the pauses */
  workingMinutesBetween(a: Date, b: Date, pauses: Pause[] = []): number {
    const from = a.getTime();
    const to = b.getTime();
    if (to <= from) return 0;
    const ps = normalisePauses(pauses);
    let total = 0;
    for (const blk of this.blocksFrom(from)) {
      if (blk.start >= to) break;
      for (const seg of subtract({ start: Math.max(blk.start, from), end: Math.min(blk.end, to) }, ps)) total += seg.end - seg.start;
    }
    return total / MIN;
  }

  isWorking(t: Date): boolean {
    const x = t.getTime();
    const w = wallTime(x, this.timeZone);
    return this.blocksOn(w.y, w.m, w.d).some((b) => b.start <= x && x < b.end);
  }

  /** `t` if it is working time, else the start of the next working block */
  nextWorkingInstant(t: Date): Date {
    for (const b of this.blocksFrom(t.getTime())) return new Date(Math.max(b.start, t.getTime()));
    throw new NoWorkingTimeError(MAX_DAYS);
  }
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

function subtract(seg: Block, pauses: Block[]): Block[] {
  if (seg.end <= seg.start) return [];
  let parts: Block[] = [seg];
  for (const p of pauses) {
    if (p.start >= seg.end) break;
    if (p.end <= seg.start) continue;
    parts = parts.flatMap((s) => {
      if (p.end <= s.start || p.start >= s.end) return [s];
      const out: Block[] = [];
      if (p.start > s.start) out.push({ start: s.start, end: p.start });
      if (p.end < s.end) out.push({ start: p.end, end: s.end });
      return out;
    });
  }
  return parts;
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
