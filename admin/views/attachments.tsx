/**
 * Attachments of a ticket message, all through the access-checked proxy (GET /tickets/:id/files/:m/:i, which
 * reads the uploads folder or Telegram's getFile — the browser never fetches from the internet): images as
 * thumbnails that open large, voice and audio in <audio>, video, round video notes and animations in <video>,
 * other files as named downloads. A file the proxy cannot fetch (a Bale requester's: the panel holds no Bale
 * token) is named, without a link.
 */
import type { Attachment } from '../../core/entities/enums.ts';
import type { Translate } from '../../core/i18n/index.ts';

const INLINE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const AUDIO_KINDS = new Set(['voice', 'audio']);
const VIDEO_KINDS = new Set(['video', 'video_note', 'animation']);
/** what Telegram sends when it names no type: voice notes are OGG/Opus, videos and animations MP4 */
const DEFAULT_TYPE: Record<string, string> = { voice: 'audio/ogg', audio: 'audio/mpeg', video: 'video/mp4', video_note: 'video/mp4', animation: 'video/mp4' };
const PLAYABLE = /^(audio|video)\/[\w.+-]+$/;

/** the media type the proxy serves a playable attachment with (voice, audio, video), or null for a download */
export function playableType(a: Attachment): string | null {
  if (!AUDIO_KINDS.has(a.kind) && !VIDEO_KINDS.has(a.kind)) return null;
  const type = a.mimeType && PLAYABLE.test(a.mimeType) ? a.mimeType : DEFAULT_TYPE[a.kind];
  return type ?? null;
}

/** an image the browser may show inline (Telegram photos are JPEG) */
export const isInlineImage = (a: Attachment) =>
  a.kind === 'photo' || (!!a.mimeType && INLINE.has(a.mimeType) && (a.kind === 'document' || a.kind === 'sticker'));

function size(n: number | undefined, locale: string): string {
  if (!n) return '';
  const kb = n / 1024;
  const v = kb < 1024 ? `${Math.max(1, Math.round(kb))} KB` : `${(kb / 1024).toFixed(1)} MB`;
  return locale === 'fa' ? v.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) : v;
}

export function Attachments({
  t,
  ticketId,
  messageId,
  list,
  locale,
  proxied = true,
}: {
  t: Translate;
  ticketId: number;
  messageId: number;
  list: Attachment[];
  locale: string;
  /** false: the files cannot be fetched through the proxy (a Bale requester's) */
  proxied?: boolean;
}) {
  if (!list.length) return null;
  return (
    <ul class="attachments">
      {list.map((a, i) => {
        const url = `/tickets/${ticketId}/files/${messageId}/${i}`;
        if (a.kind === 'location') {
          const d = a.data ?? {};
          return (
            <li class="att">
              <span>{t('admin-att-location')}</span> <bdi dir="ltr">{`${String(d.latitude ?? '')}, ${String(d.longitude ?? '')}`}</bdi>
            </li>
          );
        }
        if (a.kind === 'contact') {
          const d = a.data ?? {};
          return (
            <li class="att">
              <span>{t('admin-att-contact')}</span> <bdi dir="auto">{`${String(d.first_name ?? '')} ${String(d.last_name ?? '')}`}</bdi>{' '}
              <bdi dir="ltr">{String(d.phone_number ?? '')}</bdi>
            </li>
          );
        }
        const label = a.fileName ?? t(`admin-att-${a.kind}`);
        if (!proxied || (!a.fileId && !a.localPath)) {
          return (
            <li class="att file unavailable">
              <bdi dir="auto">{label}</bdi> <span class="muted">{size(a.size, locale)}</span> <span class="muted">{t('chat-file-elsewhere')}</span>
            </li>
          );
        }
        const playable = playableType(a);
        if (playable && AUDIO_KINDS.has(a.kind)) {
          return (
            <li class={`att audio ${a.kind}`}>
              <audio controls preload="none" src={url} aria-label={label}></audio>
              <a href={url} download={a.fileName ?? ''} class="muted">
                <bdi dir="auto">{label}</bdi>
              </a>
            </li>
          );
        }
        if (playable) {
          return (
            <li class={`att video ${a.kind}`}>
              <video controls preload="metadata" src={url} aria-label={label}></video>
              <a href={url} download={a.fileName ?? ''} class="muted">
                <bdi dir="auto">{label}</bdi>
              </a>
            </li>
          );
        }
        if (isInlineImage(a)) {
          return (
            <li class="att image">
              <a href={url} target="_blank" rel="noopener" class="thumb">
                <img src={url} alt={a.fileName ?? t('admin-att-photo')} loading="lazy" />
              </a>
            </li>
          );
        }
        return (
          <li class="att file">
            <a href={url} download={a.fileName ?? ''}>
              <bdi dir="auto">{label}</bdi>
            </a>{' '}
            <span class="muted">{size(a.size, locale)}</span>
          </li>
        );
      })}
    </ul>
  );
}
