/**
 * A card edit that would not change the card is not sent: the card as it was last sent (the payload of the
 * ticket's last card or card edit row sent to that chat, which is its record) is compared with the edit's.
 * Telegram's `message is not modified` would cost a call of the chat's budget for nothing.
 */
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { OutboxMessage } from '../../core/entities/system.ts';

/** what a card shows: its text (or caption) and its buttons; recorded on the row sent (result.face) */
export const face = (p: Record<string, unknown>) => JSON.stringify([p.text ?? p.caption ?? null, p.reply_markup ?? { inline_keyboard: [] }]);

/** true when this card edit shows exactly what the card shows now */
export async function unchangedCard(em: EntityManager, row: OutboxMessage): Promise<boolean> {
  if (row.purpose !== 'card_edit' || !row.ticketId) return false;
  const last = await em.findOne(OutboxMessage, {
    where: { chatId: row.chatId, ticketId: row.ticketId, purpose: In(['card', 'card_edit']), status: 'sent' },
    order: { id: 'DESC' },
  });
  if (!last || last.id > row.id) return false;
  // a card edit Telegram answered `not modified` showed the same as the one before it: still the card's face
  const shown = (last.result as { face?: string } | null)?.face ?? face(last.payload);
  return shown === face(row.payload);
}

/** marks the edit done without a call (only if no worker took it meanwhile) */
export async function skipUnchanged(em: EntityManager, row: OutboxMessage, now: Date): Promise<boolean> {
  const res = await em
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ status: 'sent', sentAt: now, result: { unchanged: true } as never, nextAttemptAt: null })
    .where("id = :id AND status = 'pending'", { id: row.id })
    .execute();
  return !!res.affected;
}
