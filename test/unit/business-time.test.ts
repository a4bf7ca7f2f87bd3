/** Business time on DOMAIN.md's default calendar (Asia/Tehran = UTC+03:30): the cases of the ticket-core issue and more. */
import { describe, expect, it } from 'vitest';
import { compileCalendar, DEFAULT_CALENDAR_SPEC, NoWorkingTimeError, type CalendarSpec } from '../../core/sla/calendar.ts';
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
      weekly: { 6: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
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
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
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
