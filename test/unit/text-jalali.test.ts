import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatJalali,
  formatJalaliDate,
  gregorianToJalali,
  isJalaliLeapYear,
  isValidJalaliDate,
  jalaliMonthLength,
  jalaliToGregorian,
  parseJalaliDate,
  startOfJalaliDay,
  toJalali,
} from '../../core/text/jalali.ts';

const DAY = 86_400_000;

describe('gregorianToJalali / jalaliToGregorian: known dates', () => {
  it.each<[[number, number, number], [number, number, number]]>([
    [
      [1979, 2, 11],
      [1357, 11, 22],
    ],
    [
      [2011, 3, 21],
      [1390, 1, 1],
    ],
    [
      [2020, 3, 20],
      [1399, 1, 1],
    ],
    [
      [2021, 3, 21],
      [1400, 1, 1],
    ],
    [
      [2024, 3, 20],
      [1403, 1, 1],
    ],
    [
      [2025, 3, 20],
      [1403, 12, 30],
    ],
    [
      [2025, 3, 21],
      [1404, 1, 1],
    ],
    [
      [2026, 3, 21],
      [1405, 1, 1],
    ],
    [
      [2026, 12, 9],
      [1405, 9, 18],
    ],
    [
      [2000, 1, 1],
      [1378, 10, 11],
    ],
    [
      [2041, 3, 19],
      [1419, 12, 29],
    ],
    [
      [2041, 3, 20],
      [1420, 1, 1],
    ],
    [
      [2042, 3, 20],
      [1420, 12, 30],
    ],
  ])('%j ↔ %j', ([gy, gm, gd], [jy, jm, jd]) => {
    expect(gregorianToJalali(gy, gm, gd)).toEqual({ y: jy, m: jm, d: jd });
    expect(jalaliToGregorian(jy, jm, jd)).toEqual({ y: gy, m: gm, d: gd });
  });

  it('has the known leap years of 1390–1420', () => {
    const leap = [];
    for (let y = 1390; y <= 1420; y++) if (isJalaliLeapYear(y)) leap.push(y);
    expect(leap).toEqual([1391, 1395, 1399, 1403, 1408, 1412, 1416, 1420]);
  });

  it('month lengths', () => {
    expect([1, 6, 7, 11].map((m) => jalaliMonthLength(1404, m))).toEqual([31, 31, 30, 30]);
    expect(jalaliMonthLength(1403, 12)).toBe(30);
    expect(jalaliMonthLength(1404, 12)).toBe(29);
    expect(() => jalaliMonthLength(1404, 13)).toThrow(RangeError);
  });

  it.each<[number, number, number]>([
    [1404, 12, 30],
    [1404, 13, 1],
    [1404, 0, 1],
    [1404, 7, 31],
    [1404, 1, 0],
    [1404, 1, 32],
    [1404.5, 1, 1],
    [4000, 1, 1],
  ])('refuses %d/%d/%d', (y, m, d) => {
    expect(isValidJalaliDate(y, m, d)).toBe(false);
    expect(() => jalaliToGregorian(y, m, d)).toThrow(RangeError);
  });

  it.each<[number, number, number]>([
    [2025, 2, 29],
    [2024, 13, 1],
    [2024, 4, 31],
    [1900, 2, 29],
  ])('refuses Gregorian %d-%d-%d', (y, m, d) => {
    expect(() => gregorianToJalali(y, m, d)).toThrow(RangeError);
  });
});

describe('conversion across 1390–1420', () => {
  it('round-trips every day and advances one Gregorian day per Jalali day', () => {
    let prev: number | null = null;
    let days = 0;
    for (let y = 1390; y <= 1420; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= jalaliMonthLength(y, m); d++) {
          const g = jalaliToGregorian(y, m, d);
          expect(gregorianToJalali(g.y, g.m, g.d)).toEqual({ y, m, d });
          const t = Date.UTC(g.y, g.m - 1, g.d);
          if (prev !== null) expect(t - prev).toBe(DAY);
          prev = t;
          days++;
        }
      }
    }
    expect(days).toBe(31 * 365 + 8);
  });

  it('agrees with ICU (Intl ca-persian) on every day', () => {
    const fmt = new Intl.DateTimeFormat('en-US-u-ca-persian', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      numberingSystem: 'latn',
    });
    const start = jalaliToGregorian(1390, 1, 1);
    const end = jalaliToGregorian(1420, 12, 30);
    for (let t = Date.UTC(start.y, start.m - 1, start.d); t <= Date.UTC(end.y, end.m - 1, end.d); t += DAY) {
      const date = new Date(t);
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(date)) p[part.type] = part.value;
      const j = gregorianToJalali(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
      expect([j.y, j.m, j.d]).toEqual([Number(p.year), Number(p.month), Number(p.day)]);
    }
  });
});

describe('formatJalali', () => {
  const at = new Date('2026-12-09T10:30:00Z'); // 14:00 in Tehran (+03:30)

  it.each<[Parameters<typeof formatJalali>[1], string]>([
    [{}, '۱۴۰۵/۰۹/۱۸'],
    [{ withTime: true }, '۱۴۰۵/۰۹/۱۸ ۱۴:۰۰'],
    [{ locale: 'en' }, '1405/09/18'],
    [{ locale: 'en', withTime: true }, '1405/09/18 14:00'],
    [{ style: 'long' }, '۱۸ آذر ۱۴۰۵'],
    [{ style: 'long', withTime: true }, '۱۸ آذر ۱۴۰۵، ۱۴:۰۰'],
    [{ style: 'long', locale: 'en' }, '18 Azar 1405'],
    [{ style: 'long', locale: 'en', withTime: true }, '18 Azar 1405, 14:00'],
    [{ timeZone: 'UTC', withTime: true, locale: 'en' }, '1405/09/18 10:30'],
  ])('%j → %s', (options, expected) => {
    expect(formatJalali(at, options)).toBe(expected);
  });

  it('uses the Tehran date, not the UTC date, near midnight', () => {
    const late = new Date('2026-12-09T21:00:00Z'); // 00:30 on 19 Azar in Tehran
    expect(formatJalali(late, { locale: 'en', withTime: true })).toBe('1405/09/19 00:30');
    expect(formatJalali(late, { locale: 'en', timeZone: 'UTC' })).toBe('1405/09/18');
    expect(toJalali(late)).toEqual({ y: 1405, m: 9, d: 19 });
    expect(toJalali(late, 'UTC')).toEqual({ y: 1405, m: 9, d: 18 });
  });

  it('refuses an invalid date', () => {
    expect(() => formatJalali(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('formatJalaliDate pads and localises', () => {
    expect(formatJalaliDate({ y: 1405, m: 9, d: 8 })).toBe('۱۴۰۵/۰۹/۰۸');
    expect(formatJalaliDate({ y: 1405, m: 9, d: 8 }, 'en')).toBe('1405/09/08');
  });
});

describe('startOfJalaliDay', () => {
  it.each<[[number, number, number], string]>([
    [[1405, 9, 18], '2026-12-08T20:30:00.000Z'], // +03:30 since Iran dropped DST
    [[1400, 1, 1], '2021-03-20T20:30:00.000Z'],
    [[1400, 1, 2], '2021-03-21T20:30:00.000Z'], // DST began at 00:00: the day starts at 01:00 (+04:30)
    [[1400, 6, 31], '2021-09-21T20:30:00.000Z'], // DST ended at 00:00 (back to 23:00): 00:00 +03:30
  ])('%j → %s', ([y, m, d], iso) => {
    expect(startOfJalaliDay(y, m, d).toISOString()).toBe(iso);
  });

  it('is the first instant whose Tehran date is that day', () => {
    const start = startOfJalaliDay(1404, 5, 10);
    expect(toJalali(start)).toEqual({ y: 1404, m: 5, d: 10 });
    expect(toJalali(new Date(start.getTime() - 1))).toEqual({ y: 1404, m: 5, d: 9 });
    expect(startOfJalaliDay(1404, 5, 10, 'UTC').toISOString()).toBe('2025-08-01T00:00:00.000Z');
  });
});

describe('parseJalaliDate', () => {
  it.each<[string, { y: number; m: number; d: number }]>([
    ['۱۴۰۵/۰۹/۱۸', { y: 1405, m: 9, d: 18 }],
    ['1405/09/18', { y: 1405, m: 9, d: 18 }],
    ['١٤٠٥-٠٩-١٨', { y: 1405, m: 9, d: 18 }],
    ['1405-9-8', { y: 1405, m: 9, d: 8 }],
    [' 1405 / 9 / 8 ', { y: 1405, m: 9, d: 8 }],
    ['1405.09.18', { y: 1405, m: 9, d: 18 }],
    ['1403/12/30', { y: 1403, m: 12, d: 30 }],
    ['\u200F۱۴۰۵/۰۹/۱۸', { y: 1405, m: 9, d: 18 }],
  ])('%j', (input, expected) => {
    expect(parseJalaliDate(input)).toEqual(expected);
  });

  it.each(['', '1405/09', '05/09/18', '1405/13/01', '1405/07/31', '1404/12/30', '1405/09-18', '1405/9/18/1', 'abc', '14050918'])('%j → null', (input) => {
    expect(parseJalaliDate(input)).toBeNull();
  });

  it('round-trips with formatJalaliDate', () => {
    for (const date of [
      { y: 1390, m: 1, d: 1 },
      { y: 1420, m: 12, d: 30 },
      { y: 1405, m: 9, d: 18 },
    ]) {
      expect(parseJalaliDate(formatJalaliDate(date))).toEqual(date);
      expect(parseJalaliDate(formatJalaliDate(date, 'en'))).toEqual(date);
    }
  });
});

describe('formatDuration', () => {
  it.each<[number, string, string]>([
    [135, '۲ ساعت و ۱۵ دقیقه', '2 h 15 min'],
    [45, '۴۵ دقیقه', '45 min'],
    [180, '۳ ساعت', '3 h'],
    [0, '۰ دقیقه', '0 min'],
    [1800, '۳۰ ساعت', '30 h'],
    [59.6, '۱ ساعت', '1 h'],
    [-30, '-۳۰ دقیقه', '-30 min'],
  ])('%d → %s / %s', (minutes, fa, en) => {
    expect(formatDuration(minutes, 'fa')).toBe(fa);
    expect(formatDuration(minutes, 'en')).toBe(en);
  });

  it('can use days', () => {
    expect(formatDuration(1440 + 135, 'fa', { withDays: true })).toBe('۱ روز و ۲ ساعت و ۱۵ دقیقه');
    expect(formatDuration(2 * 1440, 'en', { withDays: true })).toBe('2 d');
  });

  it('refuses non-finite input', () => {
    expect(() => formatDuration(Number.NaN, 'fa')).toThrow(RangeError);
  });
});
