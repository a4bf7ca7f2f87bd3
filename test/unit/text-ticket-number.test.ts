import { describe, expect, it } from 'vitest';
import { MAX_TICKET_NUMBER, extractTicketRefs, formatTicketNumber, parseTicketNumber, ticketRef } from '../../core/text/ticket-number.ts';

describe('formatTicketNumber / ticketRef', () => {
  it.each<[number, string, string]>([
    [1042, '۱۰۴۲', '1042'],
    [1, '۱', '1'],
    [1000000, '۱۰۰۰۰۰۰', '1000000'],
    [MAX_TICKET_NUMBER, '۲۱۴۷۴۸۳۶۴۷', '2147483647'],
  ])('%d → %s / %s', (n, fa, en) => {
    expect(formatTicketNumber(n, 'fa')).toBe(fa);
    expect(formatTicketNumber(n, 'en')).toBe(en);
    expect(ticketRef(n, 'fa')).toBe(`#${fa}`);
    expect(ticketRef(n, 'en')).toBe(`#${en}`);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (n) => {
    expect(() => formatTicketNumber(n, 'fa')).toThrow(RangeError);
  });

  it('round-trips through parseTicketNumber in both locales', () => {
    for (const n of [1, 7, 42, 1042, 99999, 123456789]) {
      for (const locale of ['fa', 'en'] as const) {
        expect(parseTicketNumber(formatTicketNumber(n, locale))).toBe(n);
        expect(parseTicketNumber(ticketRef(n, locale))).toBe(n);
      }
    }
  });
});

describe('parseTicketNumber', () => {
  it.each<[string, number]>([
    ['#۱۰۴۲', 1042],
    ['۱۰۴۲', 1042],
    ['1042', 1042],
    [' ١٠٤٢ ', 1042],
    ['T-1042', 1042],
    ['t-1042', 1042],
    ['T1042', 1042],
    ['T#1042', 1042],
    ['# 1042', 1042],
    ['＃۱۰۴۲', 1042],
    ['\u200E#۱۰۴۲\u200F', 1042],
    ['01042', 1042],
    ['2147483647', 2147483647],
  ])('%j → %d', (input, expected) => {
    expect(parseTicketNumber(input)).toBe(expected);
  });

  it.each(['', '   ', '#', '0', '۰', '-5', '+5', '1,042', '۱٬۰۴۲', '10.5', '1042a', 'تیکت ۱۰۴۲', 'TT-1042', '12 34', '2147483648', '99999999999999', 'abc'])(
    '%j → null',
    (input) => {
      expect(parseTicketNumber(input)).toBeNull();
    },
  );

  it('null and undefined → null', () => {
    expect(parseTicketNumber(null)).toBeNull();
    expect(parseTicketNumber(undefined)).toBeNull();
  });
});

describe('extractTicketRefs', () => {
  it.each<[string, number[]]>([
    ['درخواست #۱۰۴۲ و #1043 را ببینید', [1042, 1043]],
    ['مثل T-77 و دوباره #۷۷', [77]],
    ['شماره ۱۰۴۲ بدون علامت', []],
    ['ایمیل a#12 یا abc#5', []],
    ['(#15)', [15]],
    ['#0 و #12345678901234', []],
  ])('%s → %j', (text, expected) => {
    expect(extractTicketRefs(text)).toEqual(expected);
  });
});
