import { describe, expect, it } from 'vitest';
import * as text from '../../core/text/index.ts';

describe('core/text index', () => {
  it('re-exports the public API', () => {
    const names = [
      'toAsciiDigits',
      'toPersianDigits',
      'normalizePersian',
      'searchKey',
      'hasPersianLetters',
      'normalizeIranPhone',
      'isIranMobile',
      'phoneSearchVariants',
      'maskPhone',
      'maskPhoneFa',
      'formatIranPhone',
      'formatTicketNumber',
      'ticketRef',
      'parseTicketNumber',
      'extractTicketRefs',
      'checkContent',
      'contentRuleAction',
      'contentStats',
      'escapeHtml',
      'splitMessage',
      'splitCaption',
      'visibleLength',
      'visibleText',
      'truncateVisible',
      'formatJalali',
      'formatJalaliDate',
      'jalaliToGregorian',
      'gregorianToJalali',
      'parseJalaliDate',
      'formatDuration',
      'isJalaliLeapYear',
      'jalaliMonthLength',
      'isValidJalaliDate',
      'toJalali',
      'startOfJalaliDay',
    ] as const;
    for (const name of names) expect(typeof (text as Record<string, unknown>)[name], name).toBe('function');
    expect(text.MESSAGE_LIMIT).toBe(4096);
    expect(text.CAPTION_LIMIT).toBe(1024);
    expect(text.CONTENT_RULE_MODES).toEqual(['allow', 'rewrite', 'cancel']);
  });

  it('works end to end on a Persian ticket title', () => {
    const title = text.normalizePersian('  درخواستِ  شمارهٔ ١٠٤٢ براي كتاب  ', { singleLine: true });
    expect(title).toBe('درخواستِ شمارهٔ ۱۰۴۲ برای کتاب');
    expect(text.searchKey(title)).toBe('درخواست شماره 1042 برای کتاب');
    expect(text.parseTicketNumber('#۱۰۴۲')).toBe(1042);
    expect(text.checkContent(title)).toEqual({ ok: true });
  });
});
