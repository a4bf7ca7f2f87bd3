/**
 * Persian text normalisation: digits, display-safe clean-up of user input, and search keys.
 *
 * Two levels, on purpose:
 * - `normalizePersian` is DISPLAY-safe: what we store and show. It only fixes what is unambiguous
 *   (Arabic ي ى ك → Persian ی ک, Arabic-Indic digits → Persian digits, ۀ → هٔ, stray control
 *   characters and messy whitespace). ZWNJ, diacritics, tatweel, ة, أ/إ/آ, ؤ/ئ and ASCII digits are kept.
 * - `searchKey` is for SEARCH only (e.g. `tickets.titleKey`, LIKE look-ups): it folds every
 *   variant a user might type into one key and is never shown to anyone.
 *
 * Decisions:
 * - ة (teh marbuta) is kept in display text (Arabic names and loanwords are spelled with it, and the
 *   Persian equivalent is ambiguous: ه or ت); the search key maps it to ه.
 * - ۀ (U+06C0) becomes ه + hamza above (U+0647 U+0654), the spelling the Academy recommends and which
 *   renders the same; the search key drops the hamza, so ۀ, هٔ and ه all search alike.
 * - أ إ آ ٱ → ا, ؤ → و, ئ → ی and ك-like/ی-like letters of other Arabic-script languages are folded in the
 *   search key only (users often type اب for آب, مساله for مسأله).
 * - Line breaks are kept by `normalizePersian` (ticket bodies have paragraphs); pass `{ singleLine: true }`
 *   for titles and names.
 */

const ZWNJ = '\u200C';

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** Persian ۰-۹ (U+06F0–U+06F9) and Arabic-Indic ٠-٩ (U+0660–U+0669) → ASCII 0-9. Other characters untouched. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (c) => {
    const code = c.charCodeAt(0);
    return String.fromCharCode(0x30 + code - (code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO));
  });
}

/**
 * ASCII 0-9 and Arabic-Indic ٠-٩ → Persian ۰-۹. A number is converted with `String(n)` first
 * (so `-12.5` → `-۱۲.۵`; use a formatter if you need the Persian decimal separator).
 */
export function toPersianDigits(s: string | number): string {
  return String(s).replace(/[0-9\u0660-\u0669]/g, (c) => {
    const code = c.charCodeAt(0);
    return String.fromCharCode(PERSIAN_ZERO + code - (code >= ARABIC_INDIC_ZERO ? ARABIC_INDIC_ZERO : 0x30));
  });
}

export interface NormalizeOptions {
  /** fold line breaks into single spaces (titles, names); default false: keep paragraphs */
  singleLine?: boolean;
}

/** Unambiguous letter fixes shared by display and search normalisation. */
function fixLetters(s: string): string {
  return s
    .replace(/[\u064A\u0649]/g, '\u06CC') // Arabic yeh, alef maksura → Persian yeh
    .replace(/\u0643/g, '\u06A9') // Arabic kaf → Persian keheh
    .replace(/\u06C0/g, '\u0647\u0654') // heh with yeh above → heh + hamza above
    .replace(/[\u0660-\u0669]/g, (c) => String.fromCharCode(PERSIAN_ZERO + c.charCodeAt(0) - ARABIC_INDIC_ZERO));
}

/**
 * Display-safe normalisation of user input (see the file header for what is and is not changed).
 * Whitespace: CRLF → LF; tabs and other horizontal spaces → one space; spaces around line breaks
 * removed; at most one blank line between paragraphs; trimmed. Control characters (other than
 * line breaks) are removed. ZWNJ is kept, but repeated ZWNJs collapse to one and a ZWNJ next to a
 * space, a line break or the string's ends is dropped.
 */
/** a character some pass below changes: Arabic letters and digits, controls, ZWNJ, any whitespace but a space */
const TOUCHED = /[\u064A\u0649\u0643\u06C0\u0660-\u0669\u0000-\u001F\u007F-\u009F\u200C]|[^\S ]|  /;

export function normalizePersian(s: string, options: NormalizeOptions = {}): string {
  // the common message (Persian letters, single spaces) is already normal: every pass would leave it as is
  return TOUCHED.test(s) ? normalizeAllPasses(s, options) : s.trim();
}

/** normalizePersian without its shortcut (exported for the test that compares the two) */
export function normalizeAllPasses(s: string, options: NormalizeOptions = {}): string {
  let out = fixLetters(s)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    // C0 / C1 controls except \n and \t
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .replace(/\u200C{2,}/g, ZWNJ);
  if (options.singleLine) out = out.replace(/\n/g, ' ');
  out = out
    .replace(/[^\S\n]+/g, ' ') // horizontal whitespace runs → one space
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\u200C(?=[\s]|$)|(?<=^|\s)\u200C/g, '')
    .trim();
  return out;
}

/** Letters folded only in search keys (applied after NFKD, so composed forms arrive decomposed). */
const SEARCH_FOLD: Record<string, string> = {
  '\u0622': '\u0627', // آ
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0671': '\u0627', // ٱ
  '\u0624': '\u0648', // ؤ
  '\u0626': '\u06CC', // ئ
  '\u064A': '\u06CC', // ي (presentation forms decompose to it)
  '\u0649': '\u06CC', // ى
  '\u06D0': '\u06CC', // ې
  '\u0643': '\u06A9', // ك
  '\u06AA': '\u06A9', // ڪ
  '\u0629': '\u0647', // ة
  '\u06C1': '\u0647', // ہ
  '\u06D5': '\u0647', // ە
};
const SEARCH_FOLD_RE = new RegExp(`[${Object.keys(SEARCH_FOLD).join('')}]`, 'g');

/**
 * The search key of a text: `normalizePersian` (single line), compatibility decomposition (Arabic
 * presentation forms, ligatures, full-width Latin), lower case, all combining marks removed (Arabic
 * harakat U+064B–U+065F, superscript alef U+0670, Latin accents), tatweel U+0640 and format characters
 * (ZWNJ, ZWJ, ZWSP, bidi marks and isolates, BOM) removed, the letter folds above, ASCII digits,
 * whitespace collapsed to single spaces. Never display a search key.
 *
 * `searchKey('كتاب') === searchKey('کتاب')`, `searchKey('می‌خواهم') === searchKey('میخواهم')`.
 */
export function searchKey(s: string): string {
  return toAsciiDigits(
    normalizePersian(s, { singleLine: true })
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[\p{Mn}\p{Me}\p{Cf}\u0640]/gu, '')
      .replace(SEARCH_FOLD_RE, (c) => SEARCH_FOLD[c] ?? c),
  )
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

/** True when the string contains at least one Arabic-script letter (Persian, Arabic, …). */
export function hasPersianLetters(s: string): boolean {
  return /(?=\p{Script=Arabic})\p{L}/u.test(s);
}
