/**
 * The fake's media rules, kept apart from the server so they merge easily:
 * - what Telegram takes as a file: a multipart upload (a new file_id), a file_id string or a URL; a JSON
 *   object in a file field is refused with Telegram's 400 "wrong file identifier/HTTP URL specified";
 * - every multipart upload the bot made is recorded (`fake.uploads`) so tests see what went as a real upload;
 * - albums (sendMediaGroup): 2–10 items, documents only with documents, audio only with audio, no animations;
 * - users and agents sending every kind of content, and albums (several updates sharing a media_group_id).
 */
import { TgError, type TgMessage } from './types.ts';

export const WRONG_FILE = 'Bad Request: wrong file identifier/HTTP URL specified';

/** an upload part of a multipart request, as the server's body reader gives it */
export interface UploadValue {
  upload: Buffer;
  filename?: string;
  /** sent by the bot as multipart/form-data (not created by a simulated user) */
  multipart?: boolean;
}

export interface UploadRecord {
  fileId: string;
  fileName: string;
  size: number;
}

export const isUpload = (v: unknown): v is UploadValue => !!v && typeof v === 'object' && Buffer.isBuffer((v as UploadValue).upload);

/** refuses what Telegram refuses where a file is expected: an object that is not an upload (e.g. JSON) */
export function checkFileValue(v: unknown): void {
  if (isUpload(v)) return;
  if (v !== null && typeof v === 'object') throw new TgError(400, WRONG_FILE);
}

/** Telegram's album rules; returns the message field of each item */
export function checkAlbum(media: unknown): Record<string, any>[] {
  if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw new TgError(400, 'Bad Request: wrong number of media in the album');
  const types = media.map((m) => String((m as Record<string, unknown>)?.type ?? ''));
  for (const t of types)
    if (!['photo', 'video', 'document', 'audio'].includes(t)) throw new TgError(400, `Bad Request: unsupported media type "${t}" in the album`);
  const solo = types.find((t) => t === 'document' || t === 'audio');
  if (solo && types.some((t) => t !== solo)) throw new TgError(400, `Bad Request: ${solo} can't be mixed with other media types`);
  for (const m of media) checkFileValue((m as Record<string, unknown>).media);
  return media as Record<string, any>[];
}

export type ContentKind = 'text' | 'photo' | 'document' | 'voice' | 'video' | 'video_note' | 'audio' | 'animation' | 'sticker' | 'location' | 'contact';

/** the file a message holds (the largest photo size), or null */
export function fileIdIn(m: TgMessage): string | null {
  if (m.photo?.length) return m.photo[m.photo.length - 1]!.file_id;
  for (const k of ['document', 'video', 'voice', 'audio', 'animation', 'video_note', 'sticker'] as const) {
    const f = (m as unknown as Record<string, { file_id?: string } | undefined>)[k];
    if (f?.file_id) return f.file_id;
  }
  return null;
}

/** the kind of content a message holds */
export function kindOf(m: TgMessage): ContentKind | null {
  if (m.photo?.length) return 'photo';
  for (const k of ['animation', 'document', 'video', 'voice', 'audio', 'video_note', 'sticker', 'location', 'contact'] as const) {
    if ((m as unknown as Record<string, unknown>)[k]) return k;
  }
  return m.text ? 'text' : null;
}

interface FileMaker {
  fileFrom(v: unknown, name?: string): string;
  mediaFields(kind: keyof TgMessage, fileId: string, extra?: Record<string, any>): Partial<TgMessage>;
}

const SAMPLE: Record<string, [string, string]> = {
  photo: ['PHOTO', 'photo.jpg'],
  document: ['%PDF-1.4', 'report.pdf'],
  voice: ['OGG', 'voice.ogg'],
  video: ['MP4', 'clip.mp4'],
  video_note: ['MP4', 'round.mp4'],
  audio: ['MP3', 'song.mp3'],
  animation: ['GIF', 'anim.gif'],
  sticker: ['WEBP', 's.webp'],
};

/** the fields of a message a person sends with this kind of content (a new file for each file kind) */
export function contentFields(fake: FileMaker, kind: ContentKind, opts: { caption?: string; text?: string } = {}): Partial<TgMessage> {
  if (kind === 'text') return { text: opts.text ?? 'text' };
  if (kind === 'location') return { location: { latitude: 35.6892, longitude: 51.389 } };
  if (kind === 'contact') return { contact: { phone_number: '+989121112233', first_name: 'Reza' } };
  const [bytes, name] = SAMPLE[kind]!;
  const id = fake.fileFrom({ upload: Buffer.from(`${bytes}-${Math.random()}`) }, name);
  const fields = fake.mediaFields(kind as keyof TgMessage, id, kind === 'document' ? { file_name: name, mime_type: 'application/pdf' } : {});
  const captioned = kind !== 'sticker' && kind !== 'video_note' && opts.caption !== undefined;
  return { ...fields, ...(captioned ? { caption: opts.caption } : {}) };
}
