/**
 * An album reaches the bot as one update per item, all with one media_group_id. The first item becomes a
 * ticket message like any other; each later item of the same album, from the same author on the same
 * ticket, is added to that message (its attachments; its caption becomes the text if there was none) —
 * no new message, no second notification: the rows written for the first item are built from the message
 * when the album's collection window ends (core/notify/media.ts, jobs/outbox/files.ts), so the receiving
 * chats get one album and the panel shows one message with several files. A repeated update is ignored.
 */
import type { FindOptionsWhere } from 'typeorm';
import type { Attachment } from '../../entities/enums.ts';
import { TicketMessage } from '../../entities/ticket.ts';
import { albumOf } from '../../notify/media.ts';
import { searchKey } from '../../text/index.ts';
import type { Tx } from '../../tx.ts';
import { findForUpdate } from './store.ts';

/** the message of this album that the item joined, or null when the item starts a message of its own */
export async function joinAlbum(
  tx: Tx,
  ticketId: number,
  author: FindOptionsWhere<TicketMessage>,
  text: string,
  attachments: Attachment[],
): Promise<TicketMessage | null> {
  const group = albumOf(attachments);
  if (!group) return null;
  const last = await tx.em.findOne(TicketMessage, { where: { ticketId, ...author }, order: { id: 'DESC' }, select: { id: true, attachments: true } });
  if (!last || albumOf(last.attachments) !== group) return null;
  const message = (await findForUpdate(tx.em, TicketMessage, last.id))!;
  const have = new Set(message.attachments.map((a) => a.messageId).filter((x) => x !== undefined));
  const added = attachments.filter((a) => a.messageId === undefined || !have.has(a.messageId));
  if (!added.length) return message;
  message.attachments = [...message.attachments, ...added];
  if (text && !message.text) {
    message.text = text;
    message.textKey = searchKey(text);
  }
  await tx.em.save(TicketMessage, message);
  return message;
}
