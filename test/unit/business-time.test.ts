/** Business time on DOMAIN.md's default calendar (Asia/Tehran = UTC+03:30): the cases of the ticket-core issue and more. */
import { describe, expect, it } from 'vitest';
import { BusinessTimeError, compileCalendar, DEFAULT_CALENDAR_SPEC, NoWorkingTimeError, type CalendarSpec } from '../../core/sla/calendar.ts';
import { computeTargets } from '../../core/sla/targets.ts';

const tehran = (s: string) => new Date(`${s}:00+03:30`);
const cal = compileCalendar(DEFAULT_CALENDAR_SPEC);
const iso = (d: Date | null) => d && new Date(d.getTime() + 3.5 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('addWorkingMinutes on the default Tehran calendar', () => {
  it.each([
    ['Wed 15:30 + 60 → Thu 08:30', '2026-12-09T15:30', 60, '2026-12-10 08:30'],
    ['Thu 12:30 + 60 → Sat 08:30 (Thursday ends 13:00, Friday off)', '2026-12-10T12:30', 60, '2026-12-12 08:30'],
    ['Fri 10:00 + 60 → Sat 09:00', '2026-12-11T10:00', 60, '2026-12-12 09:00'],
    ['Wed 15:00 + 60 → Wed 16:00 (the end of a block stays)', '2026-12-09T15:00', 60, '2026-12-09 16:00'],
    ['Wed 07:00 + 30 → Wed 08:30 (before opening)', '2026-12-09T07:00', 30, '2026-12-09 08:30'],
    ['Sat 08:00 + a whole week of work', '2026-12-05T08:00', 5 * 480 + 300, '2026-12-10 13:00'],
    ['0 minutes is the instant itself', '2026-12-11T10:00', 0, '2026-12-11 10:00'],
  ])('%s', (_name, from, minutes, expected) => {
    expect(iso(cal.addWorkingMinutes(tehran(from), minutes))).toBe(expected);
  });

  it('created Sat 2026-12-05 09:00, resolution 240, waiting for the user 10:00–14:00 → Sun 09:00', () => {
    const pauses = [{ start: tehran('2026-12-05T10:00'), end: tehran('2026-12-05T14:00') }];
    expect(iso(cal.addWorkingMinutes(tehran('2026-12-05T09:00'), 240, pauses))).toBe('2026-12-06 09:00');
  });

  it('Sun 2026-12-06 a holiday: created Sat 15:00 + 120 → Mon 2026-12-07 09:00', () => {
    const holiday = compileCalendar({ ...DEFAULT_CALENDAR_SPEC, exceptions: [{ date: '2026-12-06', kind: 'holiday' }] });
    expect(iso(holiday.addWorkingMinutes(tehran('2026-12-05T15:00'), 120))).toBe('2026-12-07 09:00');
  });

  it('first response 60 with a 24 h ceiling, created Thu 2026-12-10 14:00 → Fri 2026-12-11 14:00', () => {
    const [fr] = computeTargets({
      createdAt: tehran('2026-12-10T14:00'),
      history: [{ at: tehran('2026-12-10T14:00'), state: 'new' }],
      firstResponseAt: null,
      policy: { firstResponseMinutes: 60, resolutionMinutes: null, ceilingMinutes: 1440 },
      calendar: cal,
      now: tehran('2026-12-10T14:00'),
    });
    expect(iso(fr!.deadline)).toBe('2026-12-11 14:00');
    // without the ceiling, the working-time deadline is Saturday 09:00
    expect(iso(cal.addWorkingMinutes(tehran('2026-12-10T14:00'), 60))).toBe('2026-12-12 09:00');
  });

  it('an open pause (still waiting) swallows the rest: no deadline', () => {
    expect(cal.addWorkingMinutes(tehran('2026-12-05T09:00'), 240, [{ start: tehran('2026-12-05T10:00'), end: null }])).toBeNull();
  });
});

describe('calendars', () => {
  it('several intervals a day (a lunch break), short days and extra working days', () => {
    const c = compileCalendar({
      timeZone: 'Asia/Tehran',
      weekly: {
        6: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
      exceptions: [
        { date: '2026-12-12', kind: 'short_day', intervals: [{ start: '08:00', end: '10:00' }] },
        { date: '2026-12-13', kind: 'extra_working_day' },
      ],
    });
    expect(iso(c.addWorkingMinutes(tehran('2026-12-05T11:30'), 60))).toBe('2026-12-05 13:30');
    expect(c.workingMinutesBetween(tehran('2026-12-05T00:00'), tehran('2026-12-06T00:00'))).toBe(480);
    expect(iso(c.addWorkingMinutes(tehran('2026-12-12T09:00'), 90))).toBe('2026-12-13 08:30'); // short Saturday, then an extra Sunday
    expect(c.isWorking(tehran('2026-12-05T12:30'))).toBe(false);
    expect(iso(c.nextWorkingInstant(tehran('2026-12-05T12:30')))).toBe('2026-12-05 13:00');
  });

  it('handles a zone with daylight saving (Europe/Berlin, 2026-03-29)', () => {
    const berlin = compileCalendar({ timeZone: 'Europe/Berlin', weekly: { 0: [{ start: '00:00', end: '24:00' }], 6: [{ start: '00:00', end: '24:00' }] } });
    // Saturday 2026-03-28 12:00 CET (UTC+1) + 24 working hours over the spring-forward night = Sunday 13:00 CEST (UTC+2)
    const from = new Date('2026-03-28T11:00:00Z');
    expect(berlin.addWorkingMinutes(from, 24 * 60)!.toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(berlin.workingMinutesBetween(new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(23 * 60);
  });

  it('adding then counting gives the minutes back, from any instant', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const from = new Date(tehran('2026-12-01T00:00').getTime() + Math.floor(rnd() * 40 * 24 * 60) * 60_000);
      const minutes = 1 + Math.floor(rnd() * 3000);
      const pauses = rnd() < 0.5 ? [{ start: new Date(from.getTime() + 3600_000), end: new Date(from.getTime() + 3600_000 * (2 + rnd() * 48)) }] : [];
      const deadline = cal.addWorkingMinutes(from, minutes, pauses)!;
      expect(cal.workingMinutesBetween(from, deadline, pauses)).toBeCloseTo(minutes, 6);
    }
  });

  it('a calendar with no working time is an error, not an endless loop', () => {
    const none: CalendarSpec = { timeZone: 'Asia/Tehran', weekly: {} };
    expect(() => compileCalendar(none).addWorkingMinutes(new Date(), 10)).toThrow(NoWorkingTimeError);
    expect(() => compileCalendar({ timeZone: 'Mars/Base', weekly: {} })).toThrow(RangeError);
  });
});

/**
 * No horizon (issue 15 item 8): far deadlines and long counts checked against a slow, independent reference
 * that looks at every quarter hour of three years through its own Intl formatter (every boundary in these
 * calendars is on a quarter hour, and both zones' offsets are whole quarter hours, so a quarter hour is all
 * working or all off).
 */
describe('business time without a horizon', () => {
  const SLOT = 15;
  const SLOT_MS = SLOT * 60_000;

  class Reference {
    readonly working: Uint8Array;
    constructor(
      readonly spec: CalendarSpec,
      readonly base: number,
      slots: number,
    ) {
      const fmt = new Intl.DateTimeFormat('en-GB', {
        timeZone: spec.timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      });
      const WD: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
      const exceptions = new Map((spec.exceptions ?? []).map((e) => [e.date, e]));
      const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
      this.working = new Uint8Array(slots);
      for (let i = 0; i < slots; i++) {
        const p = Object.fromEntries(fmt.formatToParts(new Date(base + i * SLOT_MS)).map((x) => [x.type, x.value]));
        const date = `${p.year}-${p.month}-${p.day}`;
        const minute = Number(p.hour) * 60 + Number(p.minute);
        const e = exceptions.get(date);
        const hours = !e ? (spec.weekly[WD[p.weekday!]!] ?? []) : e.kind === 'holiday' || e.kind === 'closure' ? [] : (e.intervals ?? []);
        this.working[i] = hours.some((h) => toMin(h.start) <= minute && minute < toMin(h.end)) ? 1 : 0;
      }
    }
    slot(t: Date): number {
      const i = (t.getTime() - this.base) / SLOT_MS;
      expect(Number.isInteger(i) && i >= 0 && i <= this.working.length).toBe(true);
      return i;
    }
    /** working minutes in [a, b) minus the pauses (all on quarter hours) */
    count(a: Date, b: Date, pauses: { start: Date; end: Date }[] = []): number {
      let n = 0;
      const last = this.slot(b);
      for (let i = this.slot(a); i < last; i++) {
        const t = this.base + i * SLOT_MS;
        if (this.working[i] && !pauses.some((p) => p.start.getTime() <= t && t < p.end.getTime())) n += SLOT;
      }
      return n;
    }
    /** the first instant with `minutes` working minutes (outside the pauses) since `from` */
    add(from: Date, minutes: number, pauses: { start: Date; end: Date }[] = []): Date {
      let remaining = minutes;
      for (let i = this.slot(from); i < this.working.length; i++) {
        const t = this.base + i * SLOT_MS;
        if (!this.working[i] || pauses.some((p) => p.start.getTime() <= t && t < p.end.getTime())) continue;
        if (remaining <= SLOT) return new Date(t + remaining * 60_000);
        remaining -= SLOT;
      }
      throw new Error('the reference range is too short');
    }
  }

  const THREE_YEARS = 3 * 366 * 96;
  const tehranSpec: CalendarSpec = {
    ...DEFAULT_CALENDAR_SPEC,
    exceptions: [
      { date: '2027-03-21', kind: 'holiday' }, // Nowruz
      { date: '2027-03-22', kind: 'holiday' },
      { date: '2027-03-23', kind: 'closure' },
      { date: '2027-04-01', kind: 'holiday' },
      { date: '2027-06-10', kind: 'short_day', intervals: [{ start: '08:00', end: '11:00' }] },
      {
        date: '2027-07-16',
        kind: 'extra_working_day',
        intervals: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '15:30' },
        ],
      }, // a Friday
      { date: '2028-02-11', kind: 'holiday' },
      { date: '2028-03-20', kind: 'holiday' },
      { date: '2028-11-02', kind: 'extra_working_day', intervals: [{ start: '08:00', end: '16:00' }] },
    ],
  };
  const tehranBase = tehran('2026-11-28T00:00').getTime();
  // Berlin has daylight saving: a whole working Sunday is 23 or 25 hours on the change days
  const berlinSpec: CalendarSpec = {
    timeZone: 'Europe/Berlin',
    weekly: {
      0: [{ start: '00:00', end: '24:00' }],
      1: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:15' },
      ],
      3: [{ start: '02:00', end: '03:30' }],
      5: [{ start: '09:00', end: '13:00' }],
    },
    exceptions: [
      { date: '2027-03-28', kind: 'holiday' }, // the spring-forward Sunday off
      { date: '2027-12-24', kind: 'short_day', intervals: [{ start: '09:00', end: '10:00' }] },
      { date: '2028-01-01', kind: 'extra_working_day', intervals: [{ start: '10:00', end: '14:00' }] },
    ],
  };
  const berlinBase = Date.parse('2026-11-27T23:00:00Z');

  const refTehran = new Reference(tehranSpec, tehranBase, THREE_YEARS);
  const refBerlin = new Reference(berlinSpec, berlinBase, THREE_YEARS);

  it('two years of counting on the default calendar: 104 weeks × 2,700 = 280,800 working minutes', () => {
    const from = tehran('2026-12-05T00:00');
    const to = new Date(from.getTime() + 104 * 7 * 86_400_000);
    expect(cal.workingMinutesBetween(from, to)).toBe(280_800);
  });

  it('200,000 working minutes on the default calendar land where the reference says', () => {
    const plain = new Reference(DEFAULT_CALENDAR_SPEC, tehranBase, THREE_YEARS);
    const from = tehran('2026-12-09T15:30');
    const deadline = cal.addWorkingMinutes(from, 200_000)!;
    expect(deadline.getTime()).toBe(plain.add(from, 200_000).getTime());
    expect(cal.workingMinutesBetween(from, deadline)).toBe(200_000);
  });

  it.each([
    ['Asia/Tehran with holidays, a closure, a short day and extra working days', () => ({ cal: compileCalendar(tehranSpec), ref: refTehran })],
    ['Europe/Berlin (daylight saving) with a holiday on the change day', () => ({ cal: compileCalendar(berlinSpec), ref: refBerlin })],
  ])('%s: counts and far deadlines agree with the reference', (_name, make) => {
    const { cal: c, ref } = make();
    const at = (slot: number) => new Date(ref.base + slot * SLOT_MS);
    // two whole years, and 200,000 minutes, from the start of the range
    expect(c.workingMinutesBetween(at(0), at(2 * 365 * 96))).toBe(ref.count(at(0), at(2 * 365 * 96)));
    expect(c.addWorkingMinutes(at(3), 200_000)!.getTime()).toBe(ref.add(at(3), 200_000).getTime());
    let seed = 9;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 40; k++) {
      const a = Math.floor(rnd() * 200 * 96);
      const b = a + Math.floor(rnd() * 2 * 365 * 96);
      expect(c.workingMinutesBetween(at(a), at(b))).toBe(ref.count(at(a), at(b)));
      const minutes = 1 + Math.floor(rnd() * 150_000);
      expect(c.addWorkingMinutes(at(a), minutes)!.getTime()).toBe(ref.add(at(a), minutes).getTime());
    }
    // with pauses: one long (months), one short, far apart
    const pauses = [
      { start: at(500), end: at(500 + 120 * 96) },
      { start: at(400 * 96 + 7), end: at(401 * 96 + 50) },
    ];
    expect(c.addWorkingMinutes(at(100), 120_000, pauses)!.getTime()).toBe(ref.add(at(100), 120_000, pauses).getTime());
    expect(c.workingMinutesBetween(at(100), at(700 * 96), pauses)).toBe(ref.count(at(100), at(700 * 96), pauses));
  });

  it('the next working instant after a long closure is found, however long', () => {
    const closed = compileCalendar({
      ...DEFAULT_CALENDAR_SPEC,
      exceptions: Array.from({ length: 500 }, (_, i) => ({ date: new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10), kind: 'closure' as const })),
    });
    // 2027-01-01 … 2028-05-14 closed; 2028-05-15 is a Monday
    expect(iso(closed.nextWorkingInstant(tehran('2026-12-31T17:00')))).toBe('2028-05-15 08:00');
    expect(iso(closed.addWorkingMinutes(tehran('2026-12-31T12:00'), 120))).toBe('2028-05-15 09:00'); // Thursday 2026-12-31 ends at 13:00
  });

  it('what cannot be computed is an error that says why, never a truncated answer', () => {
    const onlyExtra = compileCalendar({
      timeZone: 'Asia/Tehran',
      weekly: {},
      exceptions: [{ date: '2027-01-01', kind: 'extra_working_day', intervals: [{ start: '08:00', end: '10:00' }] }],
    });
    expect(iso(onlyExtra.addWorkingMinutes(tehran('2026-12-05T08:00'), 120))).toBe('2027-01-01 10:00');
    expect(() => onlyExtra.addWorkingMinutes(tehran('2026-12-05T08:00'), 121)).toThrow(/no working time after 2027-01-0\d: no weekday has working hours/);
    expect(() => cal.addWorkingMinutes(new Date(), 1e12)).toThrow(/after 9999-12-31/);
    expect(() => cal.addWorkingMinutes(new Date(), Number.POSITIVE_INFINITY)).toThrow(/not a finite number/);
    expect(() => cal.addWorkingMinutes(new Date(), 1e12)).toThrow(BusinessTimeError);
  });
});
