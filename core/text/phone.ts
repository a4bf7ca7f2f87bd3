/**
 * Iranian mobile numbers: one canonical form (`+989121234567`, E.164) for storage and comparison,
 * search fragments for a search box, and masked / localised display forms.
 *
 * An Iranian mobile number is 98 + 9 + nine digits. Landlines (021…), short codes and foreign numbers
 * are not mobiles: `normalizeIranPhone` returns null for them.
 */
import { toAsciiDigits, toPersianDigits } from './normalize.ts';

const LRM = '\u200E';

/** Separators people put in phone numbers: spaces (incl. NBSP, ZWNJ, bidi marks), dashes, dots, parentheses, slashes. */
const SEPARATORS = /[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\u00AD\-\u2010-\u2015\u2212().\/]/g;

function compact(input: string): string {
  return toAsciiDigits(input)
    .replace(SEPARATORS, '')
    .replace(/^\uFF0B/, '+');
}

/**
 * Canonical `+989XXXXXXXXX`, or null when the input is not an Iranian mobile number.
 * Accepts `09121234567`, `9121234567`, `+989121234567`, `00989121234567`, `989121234567`, also with a
 * redundant trunk zero after the country code (`+98 0912…`), with spaces, dashes, dots, parentheses,
 * and Persian or Arabic-Indic digits. Anything else (letters, a second `+`, wrong length, landlines) → null.
 */
export function normalizeIranPhone(input: string | null | undefined): string | null {
  if (typeof input !== 'string') return null;
  const s = compact(input);
  const m = /^(?:(?:\+|00)98|98)?0?(9\d{9})$/.exec(s);
  return m ? `+98${m[1]}` : null;
}

/** True for anything `normalizeIranPhone` accepts. */
export function isIranMobile(input: string | null | undefined): boolean {
  return normalizeIranPhone(input) !== null;
}

/**
 * Fragments to LIKE-match (`phone LIKE '%' || fragment || '%'`) against canonical numbers, for a search
 * box that may hold a partial number. Returns [] when the input has letters or fewer than 3 digits.
 * - a complete mobile in any accepted form → [canonical]
 * - a number written from its start is anchored to the canonical prefix: `0912 12` → ['+9891212'],
 *   `0098912` / `+98912` → ['+98912']; `98912` → ['98912'] (could as well be a middle part)
 * - any other digits are a tail or middle part: `4567` → ['4567'], `۱۲۳ ۴۵۶۷` → ['1234567']
 * Fragments contain only digits and `+`, so they need no LIKE escaping.
 */
export function phoneSearchVariants(input: string): string[] {
  const full = normalizeIranPhone(input);
  if (full) return [full];
  const s = compact(input.trim());
  if (!/^\+?\d+$/.test(s)) return [];
  const digits = s.replace('+', '');
  if (digits.length < 3) return [];
  let fragment: string;
  if (s.startsWith('+')) fragment = s;
  else if (digits.startsWith('00')) fragment = `+${digits.slice(2)}`;
  else if (digits.startsWith('0')) fragment = `+98${digits.slice(1)}`;
  else fragment = digits;
  // `+980912…`: drop the trunk zero after the country code, as normalizeIranPhone does
  fragment = fragment.replace(/^\+980/, '+98');
  // a fragment longer than any mobile cannot match
  return fragment.replace('+', '').length > 12 ? [] : [fragment];
}

/**
 * Masks the middle of a phone number: `+989121234567` → `+98912***4567`. Input in any accepted form is
 * canonicalised first; anything else keeps its first 3 and last 2 characters (`+44…` numbers, landlines),
 * and strings of 5 characters or fewer are fully masked.
 */
export function maskPhone(phone: string): string {
  const canonical = normalizeIranPhone(phone);
  if (canonical) return `${canonical.slice(0, 6)}***${canonical.slice(-4)}`;
  const s = compact(phone);
  if (s.length <= 5) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}***${s.slice(-2)}`;
}

/**
 * National display form with Persian or ASCII digits: `+989121234567` → `۰۹۱۲ ۱۲۳ ۴۵۶۷` (fa) or
 * `0912 123 4567` (en). The fa form starts with a left-to-right mark so that in right-to-left text
 * the groups keep their order. Input that is not an Iranian mobile is returned unchanged (digits
 * localised for fa).
 */
export function formatIranPhone(phone: string, locale: 'fa' | 'en' = 'fa'): string {
  const canonical = normalizeIranPhone(phone);
  if (!canonical) return locale === 'fa' ? `${LRM}${toPersianDigits(phone)}` : phone;
  const national = `0${canonical.slice(3, 6)} ${canonical.slice(6, 9)} ${canonical.slice(9)}`;
  return locale === 'fa' ? `${LRM}${toPersianDigits(national)}` : national;
}

/** `maskPhone` with Persian digits and a leading left-to-right mark for right-to-left text: `‎+۹۸۹۱۲***۴۵۶۷`. */
export function maskPhoneFa(phone: string): string {
  return `${LRM}${toPersianDigits(maskPhone(phone))}`;
}
