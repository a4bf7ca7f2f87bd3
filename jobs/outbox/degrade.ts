/**
 * Optional parts of a notification that Telegram may refuse, and the same notification without them.
 * A refusal that names one of these parts does not sink the row: the worker sends it again without the
 * part and records what was dropped on the row (`result.degraded`: the part and Telegram's words).
 * - a URL button Telegram will not take ("button URL '…' is invalid: Wrong HTTP URL", BUTTON_URL_INVALID):
 *   the URL buttons go (callback buttons stay);
 * - a reply to a message that no longer exists ("message to be replied not found"): sent as a plain message;
 * - text Telegram cannot parse ("can't parse entities"): sent as plain text, the tags taken out and the
 *   entities decoded, so the reader sees the words without the formatting.
 * Anything else is not a part: the row's fate is decided by the classification in send.ts.
 */
import { GrammyError } from 'grammy';

export type DroppedPart = 'url_button' | 'reply_to' | 'formatting';

export interface Degradation {
  part: DroppedPart;
  reason: string;
}

const PART_REFUSALS: [DroppedPart, RegExp][] = [
  ['url_button', /button URL .* is invalid|Wrong HTTP URL|BUTTON_URL_INVALID|wrong HTTP URL specified.*button|BUTTON_TYPE_INVALID/i],
  ['reply_to', /message to be replied not found|REPLY_MESSAGE_ID_INVALID|replied message not found/i],
  ['formatting', /can't parse entities|can't find end of the entity|unsupported start tag|ENTITY_BOUNDS_INVALID/i],
];

/** the optional part a Telegram refusal is about, or null when the refusal is about the message itself */
export function refusedPart(err: unknown): DroppedPart | null {
  if (!(err instanceof GrammyError) || err.error_code !== 400) return null;
  for (const [part, re] of PART_REFUSALS) if (re.test(err.description)) return part;
  return null;
}

type Payload = Record<string, unknown>;
type Button = Record<string, unknown>;

function withoutUrlButtons(p: Payload): Payload | null {
  const markup = p.reply_markup as { inline_keyboard?: Button[][] } | undefined;
  if (!markup?.inline_keyboard) return null;
  const rows = markup.inline_keyboard.map((row) => row.filter((b) => typeof b.url !== 'string' && typeof b.login_url !== 'object')).filter((row) => row.length);
  const had = markup.inline_keyboard.flat().length;
  if (rows.flat().length === had) return null;
  const { reply_markup: _m, ...rest } = p;
  return rows.length ? { ...rest, reply_markup: { ...markup, inline_keyboard: rows } } : rest;
}

function withoutReply(p: Payload): Payload | null {
  if (p.reply_parameters === undefined && p.reply_to_message_id === undefined) return null;
  const { reply_parameters: _r, reply_to_message_id: _i, ...rest } = p;
  return rest;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Telegram HTML as the plain text a reader would see */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    });
}

function withoutFormatting(p: Payload): Payload | null {
  if (p.parse_mode === undefined && p.entities === undefined && p.caption_entities === undefined) return null;
  const html = typeof p.parse_mode === 'string' && p.parse_mode.toUpperCase() === 'HTML';
  const { parse_mode: _m, entities: _e, caption_entities: _c, ...rest } = p;
  if (html && typeof rest.text === 'string') rest.text = htmlToPlain(rest.text);
  if (html && typeof rest.caption === 'string') rest.caption = htmlToPlain(rest.caption);
  return rest;
}

const DROP: Record<DroppedPart, (p: Payload) => Payload | null> = {
  url_button: withoutUrlButtons,
  reply_to: withoutReply,
  formatting: withoutFormatting,
};

/**
 * The row's payload without the part Telegram refused, or null when the refusal is not about an optional
 * part or the payload has no such part left to drop (then the row fails as before).
 */
export function degrade(payload: Payload, err: unknown): { payload: Payload; degradation: Degradation } | null {
  const part = refusedPart(err);
  if (!part) return null;
  const less = DROP[part](payload);
  if (!less) return null;
  return { payload: less, degradation: { part, reason: `${(err as GrammyError).error_code} ${(err as GrammyError).description}`.slice(0, 300) } };
}

/** the degradations recorded on a row so far (kept in its result until it is sent) */
export function degradationsOf(result: Record<string, unknown> | null | undefined): Degradation[] {
  const d = result?.degraded;
  return Array.isArray(d) ? (d as Degradation[]) : [];
}
