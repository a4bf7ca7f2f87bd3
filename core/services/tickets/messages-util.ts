/** Small helpers shared by the services that store ticket messages: clean-up, validation, the insert itself. */
import { ATTACHMENT_KINDS, type ActorKind, type Attachment, type Channel, type MessageKind } from '../../entities/enums.ts';
import { TicketMessage } from '../../entities/ticket.ts';
import { normalizePersian, searchKey } from '../../text/index.ts';
import type { Tx } from '../../tx.ts';
import { ValidationError } from '../errors.ts';

/** longest text one message may hold (a Telegram message is 4096; the panel may send more, split on delivery) */
export const MAX_MESSAGE_TEXT = 16_000;
export const MAX_ATTACHMENTS = 20;

/** display-safe normalisation (Arabic ي/ك → Persian, whitespace); '' for nothing */
export function cleanText(s: string | null | undefined): string {
  const text = normalizePersian(s ?? '');
  if (text.length > MAX_MESSAGE_TEXT) throw new ValidationError({ text: `longer than ${MAX_MESSAGE_TEXT} characters` });
  return text;
}

export function cleanTitle(s: string | null | undefined): string {
  const title = normalizePersian(s ?? '', { singleLine: true });
  return title.length > 255 ? `${title.slice(0, 254)}…` : title;
}

export function cleanAttachments(list: Attachment[] | null | undefined): Attachment[] {
  const out = list ?? [];
  if (out.length > MAX_ATTACHMENTS) throw new ValidationError({ attachments: `at most ${MAX_ATTACHMENTS}` });
  for (const a of out) {
    if (!ATTACHMENT_KINDS.includes(a.kind)) throw new ValidationError({ attachments: `unknown kind ${String(a.kind)}` });
    const located = a.kind === 'location' || a.kind === 'contact' ? !!a.data : !!(a.fileId || a.localPath);
    if (!located) throw new ValidationError({ attachments: `${a.kind} without a file` });
  }
  return out;
}

export interface NewMessage {
  kind?: MessageKind;
  direction: 'in' | 'out';
  authorKind: ActorKind;
  requesterId?: number | null;
  staffId?: number | null;
  text: string;
  attachments: Attachment[];
  via: 'telegram' | 'panel' | 'system';
  /** the messenger of requesterChatId / requesterMessageId (telegram when not given) */
  channel?: Channel;
  requesterChatId?: number | null;
  requesterMessageId?: number | null;
  replyToId?: number | null;
}

/** inserts a message with its search key (textKey = searchKey(text)) */
export async function newMessage(tx: Tx, ticketId: number, m: NewMessage): Promise<TicketMessage> {
  return tx.em.save(
    TicketMessage,
    tx.em.create(TicketMessage, {
      ticketId,
      kind: m.kind ?? 'message',
      direction: m.direction,
      authorKind: m.authorKind,
      requesterId: m.requesterId ?? null,
      staffId: m.staffId ?? null,
      text: m.text || null,
      textKey: m.text ? searchKey(m.text) : null,
      attachments: m.attachments,
      via: m.via,
      channel: m.channel ?? 'telegram',
      requesterChatId: m.requesterChatId ?? null,
      requesterMessageId: m.requesterMessageId ?? null,
      replyToId: m.replyToId ?? null,
      editedAt: null,
      previousTexts: [],
      createdAt: tx.now,
    }),
  );
}

/** a unique-key violation (MariaDB ER_DUP_ENTRY, SQLite UNIQUE constraint) */
export function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string } };
  const text = `${e?.code ?? ''} ${e?.driverError?.code ?? ''} ${e?.message ?? ''}`;
  return /ER_DUP_ENTRY|SQLITE_CONSTRAINT_UNIQUE|UNIQUE constraint failed|Duplicate entry/.test(text);
}
