/** What a Telegram message carries, in the core's terms: its text (or caption) and its attachments. */
import type { Message } from 'grammy/types';
import type { Attachment } from '../../../core/entities/enums.ts';

export interface Content {
  text: string | null;
  attachments: Attachment[];
}

/** the attachments of a message, each with the message it came in (and its album, if any) */
export function attachmentsOf(msg: Message): Attachment[] {
  const out: Attachment[] = [];
  const origin = { messageId: msg.message_id, ...(msg.media_group_id ? { mediaGroupId: msg.media_group_id } : {}) };
  const file = (kind: Attachment['kind'], f: { file_id: string; file_unique_id: string; file_size?: number }, extra: Partial<Attachment> = {}) =>
    out.push({ kind, fileId: f.file_id, fileUniqueId: f.file_unique_id, ...(f.file_size ? { size: f.file_size } : {}), ...extra, ...origin });
  if (msg.photo?.length) file('photo', msg.photo[msg.photo.length - 1]!);
  if (msg.document && !msg.animation) file('document', msg.document, clean({ fileName: msg.document.file_name, mimeType: msg.document.mime_type }));
  if (msg.video) file('video', msg.video, clean({ fileName: msg.video.file_name, mimeType: msg.video.mime_type }));
  if (msg.voice) file('voice', msg.voice, clean({ mimeType: msg.voice.mime_type }));
  if (msg.audio) file('audio', msg.audio, clean({ fileName: msg.audio.file_name, mimeType: msg.audio.mime_type }));
  if (msg.animation) file('animation', msg.animation, clean({ fileName: msg.animation.file_name, mimeType: msg.animation.mime_type }));
  if (msg.sticker) file('sticker', msg.sticker, clean({ data: msg.sticker.emoji ? { emoji: msg.sticker.emoji } : undefined }));
  if (msg.video_note) file('video_note', msg.video_note);
  if (msg.location) out.push({ kind: 'location', data: { latitude: msg.location.latitude, longitude: msg.location.longitude }, ...origin });
  if (msg.contact) {
    out.push({
      kind: 'contact',
      data: clean({
        phone_number: msg.contact.phone_number,
        first_name: msg.contact.first_name,
        last_name: msg.contact.last_name,
        user_id: msg.contact.user_id,
      }),
      ...origin,
    });
  }
  return out;
}

export function contentOf(msg: Message): Content {
  const text = msg.text ?? msg.caption ?? null;
  return { text: text && text.trim() ? text : null, attachments: attachmentsOf(msg) };
}

/** kinds of messages that carry no words: a sticker, a voice note, a video note, … */
export function isWordless(msg: Message): boolean {
  return !msg.text && !msg.caption;
}

function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
