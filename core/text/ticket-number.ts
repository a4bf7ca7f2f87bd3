/**
 * Ticket numbers: plain positive integers people read aloud and type back, in Persian or ASCII
 * digits. Formatted without thousands separators (`۱۰۴۲`, not `۱٬۰۴۲`), so that what is shown is
 * exactly what can be typed.
 *
 * Parsing decisions: surrounding whitespace, Persian / Arabic-Indic digits, leading zeros, a `#`
 * (or full-width `＃`) prefix and a `T` / `T-` / `T#` prefix (any case, as written in English
 * correspondence) are accepted. Thousands separators, signs, decimals and any other text are refused
 * (`1,042` could be two numbers). The result must fit the database column (1 … 2^31 − 1).
 */
import { toAsciiDigits, toPersianDigits } from './normalize.ts';

export type TicketLocale = 'fa' | 'en';

/** Largest number an `int` column holds. */
export const MAX_TICKET_NUMBER = 2_147_483_647;

function assertTicketNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`not a ticket number: ${n}`);
}

/** `1042` → `۱۰۴۲` (fa) or `1042` (en). Throws RangeError for anything but a positive integer. */
export function formatTicketNumber(n: number, locale: TicketLocale): string {
  assertTicketNumber(n);
  return locale === 'fa' ? toPersianDigits(String(n)) : String(n);
}

/**
 * `1042` → `#۱۰۴۲` (fa) or `#1042` (en). In right-to-left text the `#` stays on the number's left
 * (it is a European terminator and joins the digit run), so no bidi marks are needed.
 */
export function ticketRef(n: number, locale: TicketLocale): string {
  return `#${formatTicketNumber(n, locale)}`;
}

/** `'#۱۰۴۲'`, `'۱۰۴۲'`, `'1042'`, `' ١٠٤٢ '`, `'T-1042'` → 1042; anything else → null. */
export function parseTicketNumber(input: string | null | undefined): number | null {
  if (typeof input !== 'string') return null;
  const s = toAsciiDigits(input)
    .replace(/[\u200C-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
  const m = /^(?:[#\uFF03]|[tT]\s*[-#]?)?\s*(\d{1,12})$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= MAX_TICKET_NUMBER ? n : null;
}

/**
 * Ticket references written inside free text: `#1042`, `#۱۰۴۲`, `T-1042` (a bare number is not a
 * reference). Unique, in order of appearance.
 */
export function extractTicketRefs(text: string): number[] {
  const s = toAsciiDigits(text);
  const found: number[] = [];
  for (const m of s.matchAll(/(?:^|[^\p{L}\p{N}_])(?:[#\uFF03]|[tT]-)(\d{1,12})(?![\p{N}])/gu)) {
    const n = Number(m[1]);
    if (n >= 1 && n <= MAX_TICKET_NUMBER && !found.includes(n)) found.push(n);
  }
  return found;
}
