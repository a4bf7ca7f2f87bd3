/** Attachments of a ticket message: images inline, files as download links — both through the access-checked proxy. */
import type { Attachment } from '../../core/entities/enums.ts';
import type { Translate } from '../../core/i18n/index.ts';

const INLINE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

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
}: {
  t: Translate;
  ticketId: number;
  messageId: number;
  list: Attachment[];
  locale: string;
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
        if (isInlineImage(a)) {
          return (
            <li class="att image">
              <a href={url} target="_blank" rel="noopener">
                <img src={url} alt={a.fileName ?? t('admin-att-photo')} loading="lazy" />
              </a>
            </li>
          );
        }
        return (
          <li class="att file">
            <a href={url} download={a.fileName ?? ''}>
              <bdi dir="auto">{a.fileName ?? t(`admin-att-${a.kind}`)}</bdi>
            </a>{' '}
            <span class="muted">{size(a.size, locale)}</span>
          </li>
        );
      })}
    </ul>
  );
}
