import { describe, expect, it } from 'vitest';
import { formatIranPhone, isIranMobile, maskPhone, maskPhoneFa, normalizeIranPhone, phoneSearchVariants } from '../../core/text/phone.ts';

const C = '+989121234567';

describe('normalizeIranPhone', () => {
  it.each([
    '09121234567',
    '9121234567',
    '+989121234567',
    '00989121234567',
    '989121234567',
    '0912 123 4567',
    '0912-123-4567',
    '(0912) 123-4567',
    '+98 (912) 123 45 67',
    '+98 0912 123 4567',
    '0098 912 123 4567',
    '۰۹۱۲۱۲۳۴۵۶۷',
    '٠٩١٢١٢٣٤٥٦٧',
    '+۹۸۹۱۲۱۲۳۴۵۶۷',
    '  ۰۹۱۲ ۱۲۳ ۴۵۶۷  ',
    '\u200E+98 912 123 4567',
    '0912.123.4567',
  ])('%s → +989121234567', (input) => {
    expect(normalizeIranPhone(input)).toBe(C);
    expect(isIranMobile(input)).toBe(true);
  });

  it.each([
    ['+989351112233', '09351112233'],
    ['+989901234567', '۰۹۹۰ ۱۲۳ ۴۵۶۷'],
  ])('%s from %s', (expected, input) => {
    expect(normalizeIranPhone(input)).toBe(expected);
  });

  it.each([
    ['landline', '02112345678'],
    ['landline with code', '+982112345678'],
    ['too short', '0912123456'],
    ['too long', '091212345678'],
    ['foreign', '+447911123456'],
    ['plus without country code', '+9121234567'],
    ['two pluses', '++989121234567'],
    ['letters', '0912abc4567'],
    ['empty', ''],
    ['spaces only', '   '],
    ['short code', '1000'],
    ['triple zero', '0009121234567'],
    ['null', null],
    ['undefined', undefined],
  ])('%s → null', (_name, input) => {
    expect(normalizeIranPhone(input as string | null | undefined)).toBeNull();
  });
});

describe('phoneSearchVariants', () => {
  it.each<[string, string[]]>([
    ['09121234567', [C]],
    ['۰۹۱۲ ۱۲۳ ۴۵۶۷', [C]],
    ['0912', ['+98912']],
    ['۰۹۱۲۱۲', ['+9891212']],
    ['+98912', ['+98912']],
    ['0098912', ['+98912']],
    ['+980912', ['+98912']],
    ['98912', ['98912']],
    ['4567', ['4567']],
    ['۱۲۳ ۴۵۶۷', ['1234567']],
    ['123-45', ['12345']],
    ['12', []],
    ['', []],
    ['abc', []],
    ['12a34', []],
    ['0912123456789', []],
  ])('%s → %j', (input, expected) => {
    expect(phoneSearchVariants(input)).toEqual(expected);
  });

  it('every fragment of a typed prefix or tail matches the canonical number', () => {
    for (const input of ['0912', '09121', '+9891212', '4567', '234567', '12345', '۰۹۱۲۱۲۳']) {
      for (const f of phoneSearchVariants(input)) expect(C.includes(f)).toBe(true);
    }
  });
});

describe('maskPhone', () => {
  it.each([
    [C, '+98912***4567'],
    ['09121234567', '+98912***4567'],
    ['۰۹۳۵ ۱۱۱ ۲۲۳۳', '+98935***2233'],
    ['+447911123456', '+44***56'],
    ['12345', '*****'],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('never reveals the middle digits', () => {
    expect(maskPhone(C)).not.toContain('123');
  });

  it('has a Persian-digit variant with a left-to-right mark', () => {
    expect(maskPhoneFa(C)).toBe('\u200E+۹۸۹۱۲***۴۵۶۷');
  });
});

describe('formatIranPhone', () => {
  it('formats national groups', () => {
    expect(formatIranPhone(C, 'en')).toBe('0912 123 4567');
    expect(formatIranPhone(C, 'fa')).toBe('\u200E۰۹۱۲ ۱۲۳ ۴۵۶۷');
    expect(formatIranPhone(C)).toBe('\u200E۰۹۱۲ ۱۲۳ ۴۵۶۷');
  });

  it('leaves other numbers as they are', () => {
    expect(formatIranPhone('+447911123456', 'en')).toBe('+447911123456');
    expect(formatIranPhone('+447911123456', 'fa')).toBe('\u200E+۴۴۷۹۱۱۱۲۳۴۵۶');
  });
});
