/**
 * callback_data of the buttons the core puts in requester messages (ASCII, at most 64 bytes):
 *   rs:y:<ticketId>          "Resolved ✅"
 *   rs:n:<ticketId>          "Not resolved ❌"
 *   rt:<ticketId>:<1-5>      a rating of 1–5 stars
 * The bot decodes them with `decodeTicketCallback` (null for anything else: a stale or forged button).
 */
import type { Locale } from '../entities/enums.ts';
import { t } from '../i18n/index.ts';
import { toPersianDigits } from '../text/index.ts';

export type TicketCallback =
  { kind: 'resolved'; ticketId: number } | { kind: 'not_resolved'; ticketId: number } | { kind: 'rate'; ticketId: number; score: number };

export const CALLBACK_PREFIXES = { resolution: 'rs:', rating: 'rt:' } as const;

const MAX_ID = 2_147_483_647;
const checkId = (id: number) => {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) throw new RangeError(`bad ticket id ${id}`);
};

export function encodeResolved(ticketId: number): string {
  checkId(ticketId);
  return `rs:y:${ticketId}`;
}

export function encodeNotResolved(ticketId: number): string {
  checkId(ticketId);
  return `rs:n:${ticketId}`;
}

export function encodeRating(ticketId: number, score: number): string {
  checkId(ticketId);
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError(`bad score ${score}`);
  return `rt:${ticketId}:${score}`;
}

export function encodeTicketCallback(cb: TicketCallback): string {
  if (cb.kind === 'resolved') return encodeResolved(cb.ticketId);
  if (cb.kind === 'not_resolved') return encodeNotResolved(cb.ticketId);
  return encodeRating(cb.ticketId, cb.score);
}

export function decodeTicketCallback(data: string | null | undefined): TicketCallback | null {
  if (typeof data !== 'string') return null;
  let m = /^rs:([yn]):([1-9]\d{0,9})$/.exec(data);
  if (m) {
    const ticketId = Number(m[2]);
    if (ticketId > MAX_ID) return null;
    return { kind: m[1] === 'y' ? 'resolved' : 'not_resolved', ticketId };
  }
  m = /^rt:([1-9]\d{0,9}):([1-5])$/.exec(data);
  if (m) {
    const ticketId = Number(m[1]);
    if (ticketId > MAX_ID) return null;
    return { kind: 'rate', ticketId, score: Number(m[2]) };
  }
  return null;
}

export interface InlineButton {
  text: string;
  callback_data: string;
}
export interface InlineKeyboardMarkup {
  inline_keyboard: InlineButton[][];
}

/** Resolved ✅ / Not resolved ❌, sent when an agent resolves a ticket */
export function resolutionKeyboard(locale: Locale, ticketId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: t(locale, 'tk-btn-resolved'), callback_data: encodeResolved(ticketId) },
        { text: t(locale, 'tk-btn-not-resolved'), callback_data: encodeNotResolved(ticketId) },
      ],
    ],
  };
}

/** five buttons 1 … 5 ⭐ in one row */
export function ratingKeyboard(locale: Locale, ticketId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [1, 2, 3, 4, 5].map((score) => ({
        text: `${locale === 'fa' ? toPersianDigits(score) : score} ⭐`,
        callback_data: encodeRating(ticketId, score),
      })),
    ],
  };
}
