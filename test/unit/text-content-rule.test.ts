import { describe, expect, it } from 'vitest';
import {
  CONTENT_RULE_MODES,
  DEFAULT_CONTENT_RULE_MODE,
  checkContent,
  contentRuleAction,
  contentStats,
  type ContentCheck,
  type ContentReason,
  type ContentRuleMode,
} from '../../core/text/content-rule.ts';

describe('checkContent: acceptable Persian text', () => {
  it.each([
    'سلام، من در ثبت‌نام مشکل دارم.',
    'فایل PDF دانلود نمی‌شود',
    'فایل pdf را نمی‌توانم باز کنم',
    'کد تأیید SMS برای شماره ۰۹۱۲۱۲۳۴۵۶۷ نمی‌آید',
    'کد تأیید برای شماره +98 912 123 4567 نمی‌آید',
    'لطفاً به آدرس https://example.com/path?x=1&y=2 مراجعه کنید',
    'سایت www.example.ir باز نمی‌شود',
    'ایمیل من ali.rezaei@example.com است',
    'محصول AB-1234 و مدل X200 خراب است',
    'روی telegram و android کار نمی‌کند',
    'سلام @support_bot لطفا پاسخ دهید',
    'شماره تیکت #1042 را پیگیری کنید',
    'درخواست refund برای سفارش قبلی دارم، لطفاً بررسی کنید',
    'چرا؟!',
    'سلام...',
    'واقعاً!!',
    '۱۲۳۴۵۶',
    '0912 123 4567',
    'مرحبا، عندي مشكلة في التسجيل',
    'قیمت زعفران در بازار امروز چند است؟ (نسخه 2.5 اپلیکیشن)',
  ])('%j is ok', (text) => {
    expect(checkContent(text)).toEqual({ ok: true });
  });
});

describe('checkContent: flagged text', () => {
  it.each<[string, ContentReason[]]>([
    ['salam man moshkel daram', ['finglish']],
    ['Salam, lotfan komak konid', ['finglish']],
    ['SALAM MAN MOSHKEL DARAM', ['finglish']],
    ['mikhastam bedonam sefaresh man kojast', ['finglish']],
    ['slm khobi? chera javab nemidid', ['finglish']],
    ['befarmaeed', ['finglish']],
    ['ghazal khoshgel', ['finglish']], // no dictionary word: decided by letter patterns
    ['Dear sir, my payment failed', ['latin_only']],
    ['Ali Rezaei', ['latin_only']],
    ['Hello, I have a problem with my account', ['latin_only']],
    ['Please help me', ['latin_only']],
    ['asdf qwer', ['latin_only']],
    ['https://example.com', ['latin_only']],
    ['ali@example.com', ['latin_only']],
    ['PDF', ['latin_only']],
    ['سلام I cannot login to my account please help me', ['latin_only']],
    ['سلام I CANNOT LOGIN TO MY ACCOUNT', ['latin_only']],
    ['چرا جواب نمی‌دهید؟؟؟؟', ['repeated_punctuation']],
    ['چرا????', ['repeated_punctuation']],
    ['عجب!!!!', ['repeated_punctuation']],
    ['چی شد!!!؟', ['repeated_punctuation']],
    ['چی شد ؟ ؟ ؟', ['repeated_punctuation']],
    ['چی شد‼!', ['repeated_punctuation']],
    ['چی شد？？？', ['repeated_punctuation']],
    ['why????', ['latin_only', 'repeated_punctuation']],
    ['chera javab nemidid???', ['finglish', 'repeated_punctuation']],
    ['', ['empty']],
    ['   \n ', ['empty']],
    ['😀😀', ['empty']],
    ['...', ['empty']],
    ['؟؟؟؟', ['empty', 'repeated_punctuation']],
  ])('%j → %j', (text, reasons) => {
    expect(checkContent(text)).toEqual({ ok: false, reasons });
  });

  it('ignores question marks inside URLs', () => {
    expect(checkContent('این لینک را ببینید https://x.ir/a???b')).toEqual({ ok: true });
  });

  it('exempts technical Latin only inside Persian text', () => {
    expect(contentStats('فایل PDF و کد AB-12 و telegram').latinLetters).toBe(0);
    expect(contentStats('فایل invoice').latinLetters).toBe(7);
    expect(contentStats('https://example.com').anyLatinLetters).toBeGreaterThan(0);
    expect(contentStats('https://example.com').latinLetters).toBe(0);
  });
});

describe('contentRuleAction', () => {
  const ok: ContentCheck = { ok: true };
  const finglish: ContentCheck = { ok: false, reasons: ['finglish'] };
  const empty: ContentCheck = { ok: false, reasons: ['empty'] };
  it.each<[ContentRuleMode, ContentCheck, string]>([
    ['allow', ok, 'accept'],
    ['rewrite', ok, 'accept'],
    ['cancel', ok, 'accept'],
    ['allow', finglish, 'accept'],
    ['rewrite', finglish, 'ask_rewrite'],
    ['cancel', finglish, 'cancel'],
    ['allow', empty, 'ask_rewrite'],
    ['cancel', empty, 'ask_rewrite'],
  ])('%s + %j → %s', (mode, check, action) => {
    expect(contentRuleAction(mode, check)).toBe(action);
  });

  it('has the three modes, rewrite by default', () => {
    expect(CONTENT_RULE_MODES).toEqual(['allow', 'rewrite', 'cancel']);
    expect(DEFAULT_CONTENT_RULE_MODE).toBe('rewrite');
  });
});
