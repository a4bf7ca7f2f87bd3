import { describe, expect, it } from 'vitest';
import { hasPersianLetters, normalizeAllPasses, normalizePersian, searchKey, toAsciiDigits, toPersianDigits } from '../../core/text/normalize.ts';

const ZWNJ = '\u200C';

describe('toAsciiDigits', () => {
  it.each([
    ['۰۱۲۳۴۵۶۷۸۹', '0123456789'],
    ['٠١٢٣٤٥٦٧٨٩', '0123456789'],
    ['کد ۱۲۳ و ٤٥٦ و 789', 'کد 123 و 456 و 789'],
    ['', ''],
    ['abc', 'abc'],
  ])('%s → %s', (input, expected) => {
    expect(toAsciiDigits(input)).toBe(expected);
  });
});

describe('toPersianDigits', () => {
  it.each<[string | number, string]>([
    ['0123456789', '۰۱۲۳۴۵۶۷۸۹'],
    ['٠١٢٣٤٥٦٧٨٩', '۰۱۲۳۴۵۶۷۸۹'],
    [1042, '۱۰۴۲'],
    [0, '۰'],
    [-12.5, '-۱۲.۵'],
    ['ساعت 10:30', 'ساعت ۱۰:۳۰'],
  ])('%s → %s', (input, expected) => {
    expect(toPersianDigits(input)).toBe(expected);
  });

  it('round-trips with toAsciiDigits', () => {
    for (let n = 0; n < 2000; n += 7) expect(Number(toAsciiDigits(toPersianDigits(n)))).toBe(n);
  });
});

describe('normalizePersian (display-safe)', () => {
  it.each([
    ['Arabic yeh', 'علي', 'علی'],
    ['alef maksura', 'موسى', 'موسی'],
    ['Arabic kaf', 'كتاب', 'کتاب'],
    ['heh with yeh above → heh + hamza', 'خانۀ ما', 'خانه\u0654 ما'],
    ['Arabic-Indic digits → Persian digits', 'کد ٤٥٦', 'کد ۴۵۶'],
    ['ASCII and Persian digits kept', 'کد 123 و ۱۲۳', 'کد 123 و ۱۲۳'],
    ['teh marbuta kept', 'مدرسة', 'مدرسة'],
    ['hamza forms kept', 'مسأله إسلام آب مسئول مؤمن', 'مسأله إسلام آب مسئول مؤمن'],
    ['diacritics kept', 'کِتاب', 'کِتاب'],
    ['tatweel kept', 'کتـــاب', 'کتـــاب'],
    ['ZWNJ kept', `می${ZWNJ}خواهم`, `می${ZWNJ}خواهم`],
    ['repeated ZWNJ collapsed', `می${ZWNJ}${ZWNJ}${ZWNJ}خواهم`, `می${ZWNJ}خواهم`],
    ['ZWNJ next to spaces dropped', `سلام ${ZWNJ}دنیا${ZWNJ} خوب${ZWNJ}`, 'سلام دنیا خوب'],
    ['whitespace collapsed and trimmed', '  سلام \t  دنیا \u00A0 ', 'سلام دنیا'],
    ['CRLF and blank lines', 'سطر ۱\r\n\r\n\r\n\r\n  سطر ۲  \rسطر ۳', 'سطر ۱\n\nسطر ۲\nسطر ۳'],
    ['control characters removed', 'سلام\u0000\u0007دنیا', 'سلامدنیا'],
    ['empty', '   ', ''],
  ])('%s', (_name, input, expected) => {
    expect(normalizePersian(input)).toBe(expected);
  });

  it('singleLine folds line breaks', () => {
    expect(normalizePersian('عنوان\n\n  درخواست\r\nمن', { singleLine: true })).toBe('عنوان درخواست من');
  });

  it('is idempotent', () => {
    const samples = ['علي  كريمي\n\n\nخانۀ ٤', `  می${ZWNJ}${ZWNJ}خواهم  `, 'Hello  World'];
    for (const s of samples) expect(normalizePersian(normalizePersian(s))).toBe(normalizePersian(s));
  });
});

describe('searchKey', () => {
  it.each([
    ['Arabic kaf', 'كتاب', 'کتاب'],
    ['Arabic yeh and alef maksura', 'علي موسى', 'علی موسی'],
    ['ZWNJ word', `می${ZWNJ}خواهم`, 'میخواهم'],
    ['ZWJ and bidi marks', 'ک\u200Dتا\u200Fب\u202Bا\u2066', 'کتابا'],
    ['diacritics (harakat, superscript alef, shadda)', 'کِتابٌ رَحْمٰن مُحَمَّد', 'کتاب رحمن محمد'],
    ['tatweel', 'کتـــاب', 'کتاب'],
    ['teh marbuta', 'مدرسة', 'مدرسه'],
    ['heh with hamza: ۀ, هٔ, ه', 'خانۀ', 'خانه'],
    ['decomposed heh + hamza', 'خانه\u0654', 'خانه'],
    ['alef variants', 'أحمد إمام آب ٱلله', 'احمد امام اب الله'],
    ['hamza seats', 'مؤمن مسئول', 'مومن مسیول'],
    ['presentation forms', 'ﻛﺘﺎﺏ ﻻ', 'کتاب لا'],
    ['digits', '۱۲۳ ٤٥٦ 789', '123 456 789'],
    ['Latin lower case and accents', 'Café PDF', 'cafe pdf'],
    ['full-width Latin', 'ＳＭＳ', 'sms'],
    ['whitespace', '  a \n\t b  ', 'a b'],
  ])('%s', (_name, a, b) => {
    expect(searchKey(a)).toBe(searchKey(b));
    expect(searchKey(a)).toBe(b);
  });

  it("searchKey('كتاب') === searchKey('کتاب')", () => {
    expect(searchKey('كتاب')).toBe(searchKey('کتاب'));
  });

  it.each([
    ['می‌خواهم', 'میخواهم'],
    ['ي ك ة', 'ی ک ه'],
    ['شمارهٔ ۱۰۴۲', 'شماره 1042'],
    ['دربارهٔ', 'درباره'],
    ['نمی‌توانم وارد شوم', 'نمیتوانم   وارد شوم'],
  ])('%s ≡ %s', (a, b) => {
    expect(searchKey(a)).toBe(searchKey(b));
  });

  it('keeps different words different', () => {
    expect(searchKey('می خواهم')).not.toBe(searchKey('میخواهم'));
    expect(searchKey('کتاب')).not.toBe(searchKey('کباب'));
  });

  it('is idempotent and never longer than its input', () => {
    for (const s of ['كِتابٌ', 'خانۀ', `می${ZWNJ}خواهم`, 'ﻛﺘﺎﺏ', 'Hello World ۱۲']) {
      expect(searchKey(searchKey(s))).toBe(searchKey(s));
    }
    for (const s of ['خانۀ من', 'مسأله', 'آب', 'كِتابٌ']) expect(searchKey(s).length).toBeLessThanOrEqual(s.length);
  });
});

describe('hasPersianLetters', () => {
  it.each([
    ['سلام', true],
    ['abc ۱۲۳', false],
    ['؟؟', false],
    ['abc س', true],
  ])('%s → %s', (s, expected) => {
    expect(hasPersianLetters(s)).toBe(expected);
  });
});

describe("normalizePersian's shortcut for text that is already normal", () => {
  it('gives what all the passes give, on random mixes of Persian and Arabic letters, digits, spaces, line breaks, ZWNJ and controls', () => {
    const parts = [
      'ا',
      'ب',
      'ی',
      'ي',
      'ى',
      'ك',
      'ۀ',
      ' ',
      '  ',
      '\n',
      '\n\n\n',
      '\r\n',
      '\t',
      '\u200C',
      '\u200C\u200C',
      '\u00A0',
      '۱',
      '١',
      'a',
      'Z',
      '\u2028',
      '\u0001',
      '\u0085',
      '.',
    ];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let shortcut = 0;
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let j = rnd(14); j > 0; j--) s += parts[rnd(parts.length)];
      for (const singleLine of [false, true]) expect(normalizePersian(s, { singleLine })).toBe(normalizeAllPasses(s, { singleLine }));
      if (!/[^ابی a-zZ.۱]/.test(s) && !s.includes('  ')) shortcut++;
    }
    // the shortcut was taken often enough for the comparison to mean something
    expect(shortcut).toBeGreaterThan(100);
  });
});
