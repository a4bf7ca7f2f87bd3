/**
 * Attachments as Bot API calls, for every direction (requester's chat, staff topic, card thread):
 * - a file Telegram knows goes by its file_id; a file uploaded in the panel and not yet known to Telegram goes
 *   as a reference to the stored file, `{ stored: { localPath, fileName, mimeType } }`, which the outbox
 *   worker turns into a multipart upload (grammY InputFile) at send time and, once Telegram returned a
 *   file_id for it, records on the attachment so every later send reuses it (jobs/outbox/files.ts);
 * - consecutive photos and videos, documents, or audio files become one album (sendMediaGroup, at most 10
 *   items; Telegram groups documents only with documents and audio only with audio), the caption on its
 *   first item; the other kinds one call each (sendVoice, sendVideoNote, sendLocation, …).
 * - an album that reaches the bot as several updates (one media_group_id) is one ticket message whose
 *   attachments grow while the updates come in; its rows are written with `albumRow`: the worker builds the
 *   calls at send time from the message's attachments then, after a short collection window.
 */
import type { Attachment, AttachmentKind, Locale } from '../entities/enums.ts';
import { t } from '../i18n/index.ts';
import { CAPTION_LIMIT, escapeHtml, visibleLength } from '../text/index.ts';

/** what a bot may upload (Bot API, multipart): 50 MB a file; photos up to 10 MB (larger images go as documents) */
export const BOT_UPLOAD_MAX = 50 * 1024 * 1024;
export const BOT_PHOTO_MAX = 10 * 1024 * 1024;
/** how long the rows of an album wait for its other updates (Telegram sends them within a fraction of a second) */
export const ALBUM_WINDOW_MS = 1200;

export interface StoredFileRef {
  stored: { localPath: string; fileName?: string; mimeType?: string };
}

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

const MEDIA: Partial<Record<AttachmentKind, { method: string; field: string; caption: boolean }>> = {
  photo: { method: 'sendPhoto', field: 'photo', caption: true },
  document: { method: 'sendDocument', field: 'document', caption: true },
  video: { method: 'sendVideo', field: 'video', caption: true },
  voice: { method: 'sendVoice', field: 'voice', caption: true },
  audio: { method: 'sendAudio', field: 'audio', caption: true },
  animation: { method: 'sendAnimation', field: 'animation', caption: true },
  sticker: { method: 'sendSticker', field: 'sticker', caption: false },
  video_note: { method: 'sendVideoNote', field: 'video_note', caption: false },
};

/** which attachments Telegram lets share an album */
const ALBUM_KIND: Partial<Record<AttachmentKind, string>> = { photo: 'visual', video: 'visual', document: 'document', audio: 'audio' };
const ALBUM_MAX = 10;

/** Telegram accepts a caption with this kind of attachment */
export function takesCaption(a: Attachment): boolean {
  return MEDIA[a.kind]?.caption ?? false;
}

/** the file as the Bot API takes it: its file_id, or a reference to the stored upload */
export function fileOf(a: Attachment): string | StoredFileRef {
  if (a.fileId) return a.fileId;
  if (a.localPath)
    return { stored: { localPath: a.localPath, ...(a.fileName ? { fileName: a.fileName } : {}), ...(a.mimeType ? { mimeType: a.mimeType } : {}) } };
  throw new Error(`attachment of kind ${a.kind} has neither a file id nor a stored file`);
}

export function isStoredRef(v: unknown): v is StoredFileRef {
  return !!v && typeof v === 'object' && 'stored' in v && typeof (v as StoredFileRef).stored?.localPath === 'string';
}

/** Bot API method and parameters for one attachment (caption only where Telegram takes one) */
export function attachmentCall(a: Attachment, caption: string | null): ApiCall {
  if (a.kind === 'location') {
    const d = a.data ?? {};
    return { method: 'sendLocation', payload: { latitude: d.latitude, longitude: d.longitude } };
  }
  if (a.kind === 'contact') {
    const d = a.data ?? {};
    return {
      method: 'sendContact',
      payload: { phone_number: d.phone_number, first_name: d.first_name, ...(d.last_name ? { last_name: d.last_name } : {}) },
    };
  }
  const m = MEDIA[a.kind] ?? MEDIA.document!;
  const payload: Record<string, unknown> = { [m.field]: fileOf(a) };
  if (m.caption && caption) {
    payload.caption = caption;
    payload.parse_mode = 'HTML';
  }
  return { method: m.method, payload };
}

/**
 * The calls that deliver a list of attachments: albums where Telegram allows them, single sends otherwise.
 * `caption` goes on the first call (when that kind takes one); `later`, if given, on every later single file
 * that takes a caption (the reply's header, so a lone file still says whose it is).
 */
export function mediaCalls(list: Attachment[], caption: string | null, later: string | null = null): ApiCall[] {
  const calls: ApiCall[] = [];
  let i = 0;
  while (i < list.length) {
    const group = ALBUM_KIND[list[i]!.kind];
    let j = i + 1;
    if (group) while (j < list.length && j - i < ALBUM_MAX && ALBUM_KIND[list[j]!.kind] === group) j++;
    const text = calls.length === 0 ? caption : later;
    if (j - i >= 2) {
      const media = list.slice(i, j).map((a, k) => ({ type: a.kind, media: fileOf(a), ...(k === 0 && text ? { caption: text, parse_mode: 'HTML' } : {}) }));
      calls.push({ method: 'sendMediaGroup', payload: { media } });
    } else {
      calls.push(attachmentCall(list[i]!, text));
    }
    i = j;
  }
  return calls;
}

/** the album a message's attachments belong to (an album that reached the bot as several updates) */
export const albumOf = (list: Attachment[] | null | undefined): string | null => list?.find((a) => a.mediaGroupId)?.mediaGroupId ?? null;

/**
 * An outbox payload that stands for an album still being collected: the worker reads the message's
 * attachments at send time (after ALBUM_WINDOW_MS) and sends them with `caption` on the first item
 * (extra parameters such as reply_parameters go on each call).
 */
export function albumPayload(ticketMessageId: number, caption: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { album_of: ticketMessageId, caption, ...extra };
}

/**
 * The calls of an album payload, from the message's attachments and text as they are now. A payload written
 * before the album's caption was known (it came on a later item) names a text key (`caption_key`, with
 * `caption_locale`) that frames the message's text at send time: as the caption when it fits, else as a
 * message before the album.
 */
export function albumCalls(payload: Record<string, unknown>, attachments: Attachment[], text: string | null = null): ApiCall[] {
  const { album_of: _id, caption, caption_key: key, caption_locale: locale, ...extra } = payload;
  let first = typeof caption === 'string' ? caption : null;
  let before: ApiCall | null = null;
  if (first === null && text && typeof key === 'string') {
    const framed = t((locale as Locale) ?? 'fa', key, { text: escapeHtml(text) });
    if (visibleLength(framed) <= CAPTION_LIMIT) first = framed;
    else before = { method: 'sendMessage', payload: { text: framed, parse_mode: 'HTML' } };
  }
  const calls = [...(before ? [before] : []), ...mediaCalls(attachments, first)];
  // extra parameters (reply_parameters: the card's thread in a plain group) go on every call
  return calls.map((c) => ({ method: c.method, payload: { ...c.payload, ...extra } }));
}
