/**
 * The content rule of source 001: tickets should be written in Persian. Latin-only text, Finglish
 * (Persian written in Latin letters) and runs of `?` `!` `؟` are discouraged.
 *
 * How the ticket service applies it (admin setting `ContentRuleMode`, default 'rewrite'):
 * - 'allow'   — accept every text; the check is not enforced.
 * - 'rewrite' — refuse the text before a ticket exists and ask the user to write it again in Persian
 *               (naming the reasons); nothing is stored.
 * - 'cancel'  — source 001's behaviour: open the ticket (so the history has it), then cancel it at once
 *               with the reasons recorded as the close reason, and tell the user why.
 * `contentRuleAction(mode, check)` turns a check into that decision. An 'empty' text is never made into
 * a ticket: it is always 'ask_rewrite'. Run the check on the text the user typed (a ticket's title and
 * first message, a caption); a message that is only an attachment has no text to check.
 *
 * What counts (`checkContent`):
 * - Letters of the Arabic script (Persian, Arabic) are "Persian"; the text is acceptable when Persian
 *   letters are at least half of all counted letters.
 * - Not counted as Latin inside a text that has Persian letters: URLs, e-mail addresses, @usernames,
 *   acronyms in capitals of up to 5 letters (PDF, SMS, OTP), codes mixing letters and digits (AB-1234, X200, mp4) and a short
 *   list of technical words (pdf, telegram, android, password, …). Numbers and phone numbers are never
 *   letters. A text without any Persian letter that has Latin letters anywhere (even only a URL or an
 *   e-mail) is flagged; a text of digits alone (a code, a phone number) is fine.
 * - A flagged Latin text is 'finglish' when its words look Persian (a dictionary of common Finglish
 *   words, then letter patterns such as kh/zh/gh+vowel as a tie-break), otherwise 'latin_only'.
 * - 'repeated_punctuation': three or more of `?` `!` `؟` `⸮` (also full-width, and ‼ ⁇ ⁈ ⁉ as two) in a row, spaces
 *   between them allowed ('؟؟؟', '!!!', '!!!؟', '? ? ?'); URLs are ignored.
 * - 'empty': nothing but whitespace, punctuation, symbols or emoji (no letter, no digit).
 */

export const CONTENT_RULE_MODES = ['allow', 'rewrite', 'cancel'] as const;
export type ContentRuleMode = (typeof CONTENT_RULE_MODES)[number];
export const DEFAULT_CONTENT_RULE_MODE: ContentRuleMode = 'rewrite';

export type ContentReason = 'latin_only' | 'finglish' | 'repeated_punctuation' | 'empty';
export type ContentCheck = { ok: true } | { ok: false; reasons: ContentReason[] };

/** What the ticket service does with a text under a mode (see the file header). */
export type ContentRuleAction = 'accept' | 'ask_rewrite' | 'cancel';

export function contentRuleAction(mode: ContentRuleMode, check: ContentCheck): ContentRuleAction {
  if (check.ok) return 'accept';
  if (check.reasons.includes('empty')) return 'ask_rewrite';
  if (mode === 'allow') return 'accept';
  return mode === 'rewrite' ? 'ask_rewrite' : 'cancel';
}

/** Letter counts behind a check, for logs and tuning. */
export interface ContentStats {
  persianLetters: number;
  /** Latin letters that count against the text (not in URLs, acronyms, codes or technical words) */
  latinLetters: number;
  /** Latin letters anywhere, URLs and e-mails included */
  anyLatinLetters: number;
  digits: number;
  /** lower-cased Latin words (outside URLs and e-mails), used to tell Finglish from English */
  latinWords: string[];
}

const URL_RE = /(?:https?:\/\/|www\.)[^\s<>"]+|\b(?:[a-z0-9-]+\.)+(?:ir|com|org|net|io|me|info|gov|ac|co|app|dev|edu)\b(?:\/[^\s<>"]*)?/gi;
const EMAIL_RE = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/g;
const MENTION_RE = /@[A-Za-z0-9_]{3,}/g;

const TECH_WORDS = new Set(
  `pdf sms otp app apk web site website email e-mail mail gmail yahoo telegram whatsapp instagram eitaa eita
  rubika soroush android ios iphone ipad windows linux mac macos chrome firefox google excel word powerpoint office
  zip rar jpg jpeg png gif mp3 mp4 doc docx xls xlsx csv ppt pptx txt wifi wi-fi internet online offline login logout
  password username user admin captcha code link url ok okay vpn usb bluetooth gps qr id ip dns api html http https
  www pin cvv cvv2 iban sheba shaba bot modem router sim simcard`.split(/\s+/),
);

const FINGLISH_WORDS = new Set(
  `salam slm salaam dorood doroud khubi khoobi khobi khubin khoobin khoobid khubid mamnoon mamnun mamnoonam
  mamnunam merci mersi mrc lotfan lotfn lutfan tashakor tashakkor sepas az dar va ke ki ye yek yeki chi chera chetor
  chejuri chegone koja kei kodom kodam moshkel moshkeli moshkelam moshkelesh daram dare darid darim dashtam dasht
  nadaram nadare nadarid mikham mikhastam mikhaym mikhaim mikhay mikhad mishe mishod nemishe nemitunam nemitoonam
  nemitonam mitunam mitoonam mitonam nemikone mikone mikonam mikonid mikonim konam konid kon kardam kardim kard
  karde shode shod nashod nashode hast hastam hastid nist nistam nistid bood bud budam boodam bashe bashid sabt sabte
  sabtenam naam esm esmam shomare shomareh shomarat tamas gereftam begirid befrestid ferestadam ferestadid pardakht
  pardakhtam pool pul poolam hesab hesabam agha aghaye khanom khanoom khanum kheili kheyli khayli khili kheily vaght
  vaqt zaman emrooz emruz dirooz diruz farda alan hanooz hanuz javab javabi payam sefaresh zafaran angoor angur
  mohammadi giah giahan daroo daru darooyi rahnamayi rahnamaei rahnamai komak komakam darkhast darkhastam pishnahad
  soal soali soalam chand chandta inja unja oonja inke vali amma chon age agar ham hamin hamun hamoon bayad nabayad
  bedid bedin begid ro ra ru roo khodam khodet shoma ona onha anha unha ino uno chizi hich hichi ghorbanet sharmande
  bebakhshid bebakhshin dige digar kheyr kheir bale nakheir nakhair baraye barye baraie vase vaseye chetori
  khastam khodemoon eshtebah eshtebahi etela etelaat etelaate faal gheyre gheire ghabl baad badesh jadid ghadimi
  kodum kojast chiye chie chiz ast kasi gheymat gheymate ghimat nadad bebinam bedonam bedoonam befarmaeed
  befarmaid befarmayid`.split(/\s+/),
);

const ENGLISH_WORDS = new Set(
  `the is are was were i you my your me we our it its this that these those a an of and or for with have has had not
  can cannot can't please hello hi hey problem issue help thanks thank would could should will from on at do does did
  what how why when where who which there here about need want account order payment error get got working work
  doesn't don't isn't i'm it's dear sir madam sorry yes no but if so just very some any all been they them their
  he she his her than then now new number send sent receive received pay paid money card support team message
  register registration try tried again still after before today yesterday`.split(/\s+/),
);

/** Latin letters → counted once; full-width forms folded first. */
function latinLetterCount(s: string): number {
  return (s.match(/[A-Za-z]/g) ?? []).length;
}

function persianLetterCount(s: string): number {
  return (s.match(/(?=\p{Script=Arabic})\p{L}/gu) ?? []).length;
}

/** Letter statistics of a text (see the file header for what is exempt). */
export function contentStats(text: string): ContentStats {
  const folded = text.normalize('NFKC');
  const anyLatinLetters = latinLetterCount(folded);
  const rest = folded.replace(URL_RE, ' ').replace(EMAIL_RE, ' ').replace(MENTION_RE, ' ');
  let persianLetters = 0;
  let latinLetters = 0;
  const latinWords: string[] = [];
  for (const raw of rest.split(/\s+/)) {
    const token = raw.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
    if (!token) continue;
    const p = persianLetterCount(token);
    const l = latinLetterCount(token);
    persianLetters += p;
    if (l === 0) continue;
    for (const w of token.toLowerCase().match(/[a-z]+(?:['’][a-z]+)?/g) ?? []) latinWords.push(w.replace('’', "'"));
    const lettersOnly = token.replace(/[^A-Za-z]/g, '');
    const exempt =
      p > 0 || // Latin glued to Persian (PDFها)
      /\d/.test(token) || // product codes, file types with digits
      (lettersOnly.length <= 5 && lettersOnly === lettersOnly.toUpperCase()) || // acronyms in capitals
      TECH_WORDS.has(token.toLowerCase()) ||
      TECH_WORDS.has(lettersOnly.toLowerCase());
    if (!exempt) latinLetters += l;
  }
  const digits = (folded.match(/\p{Nd}/gu) ?? []).length;
  return { persianLetters, latinLetters, anyLatinLetters, digits, latinWords };
}

/** 'finglish' or 'latin_only' for Latin words (see the file header). */
function latinKind(words: string[]): 'finglish' | 'latin_only' {
  let finglish = 0;
  let english = 0;
  let pattern = 0;
  for (const w of words) {
    if (FINGLISH_WORDS.has(w)) finglish++;
    else if (ENGLISH_WORDS.has(w)) english++;
    else if (/kh|zh|gh[aeiou]|^gh|aa|([aeiou])\1$|(?:am|id|im|and)$/.test(w) && !/(?:tion|ing|ed|ly|ght)$/.test(w)) pattern++;
  }
  if (finglish !== english) return finglish > english ? 'finglish' : 'latin_only';
  return pattern > 0 && pattern * 2 >= words.length - finglish - english ? 'finglish' : 'latin_only';
}

const REPEATED_PUNCTUATION = /[?!؟⸮](?:\s*[?!؟⸮]){2,}/;

/** Checks a text against the content rule; see the file header for the exact criteria. */
export function checkContent(text: string): ContentCheck {
  const reasons: ContentReason[] = [];
  const stats = contentStats(text);
  const hasAnyLetter = /\p{L}/u.test(text);
  if (!hasAnyLetter && stats.digits === 0) reasons.push('empty');
  const tooLatin = stats.persianLetters === 0 ? stats.anyLatinLetters > 0 : stats.latinLetters > stats.persianLetters;
  if (tooLatin) reasons.push(latinKind(stats.latinWords));
  // NFKC folds full-width ？！ and ‼ ⁇ ⁈ ⁉ into ASCII marks
  const punctuation = text.normalize('NFKC').replace(URL_RE, ' ');
  if (REPEATED_PUNCTUATION.test(punctuation)) reasons.push('repeated_punctuation');
  return reasons.length ? { ok: false, reasons } : { ok: true };
}
