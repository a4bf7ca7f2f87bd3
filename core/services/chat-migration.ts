/**
 * A group upgraded to a supergroup: the new chat id everywhere, and the pending outbox rows moved to it.
 *
 * The supergroup starts its own message numbering: a message id of the old group means nothing there
 * (worse, it may name another message: the new ticket's card). So the move is not a plain change of chat id:
 * - the open tickets whose card is in the old group lose it (cardMessageId null) and get a new card in the
 *   supergroup: the first pending edit of that card becomes the new card (it holds the current text and
 *   buttons), else a new card row is written; later card edits then reach the new card;
 * - edits or deletions of other old messages are cancelled, replies to old messages go without the reply.
 * The first call for a migration does the cards (the chat_migrations row marks it done); a later call (the
 * worker met the upgrade on a row it held while the first call moved the others) moves what is left.
 */
import { In, Not } from 'typeorm';
import type { CoreContext } from '../context.ts';
import { StaffChat } from '../entities/org.ts';
import { ChatMigration, OutboxMessage } from '../entities/system.ts';
import { Ticket } from '../entities/ticket.ts';
import { cardKeyboard, cardText } from '../notify/staff.ts';
import { transact } from '../tx.ts';

const DONE = ['closed', 'cancelled', 'finished'] as const;
/** a message id standing for the ticket's card (core/notify/staff.ts CARD_MESSAGE) */
const CARD = -1;

const isDuplicate = (err: unknown) =>
  /ER_DUP_ENTRY|UNIQUE constraint failed|SQLITE_CONSTRAINT/.test(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);

export async function followMigration(ctx: CoreContext, fromChatId: number, toChatId: number): Promise<void> {
  try {
    await move(ctx, fromChatId, toChatId);
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    await move(ctx, fromChatId, toChatId); // the other caller recorded the migration first: move what is left
  }
  ctx.log.info({ fromChatId, toChatId }, 'staff chat migrated to a supergroup');
}

async function move(ctx: CoreContext, fromChatId: number, toChatId: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const em = tx.em;
    const first = !(await em.existsBy(ChatMigration, { fromChatId }));
    /** tickets whose card must be sent again in the supergroup */
    const needCard = new Set<number>();
    if (first) {
      await em.insert(ChatMigration, { fromChatId, toChatId, createdAt: tx.now });
      if (!(await em.existsBy(StaffChat, { chatId: toChatId }))) await em.update(StaffChat, { chatId: fromChatId }, { chatId: toChatId });
      const chat = await em.findOneBy(StaffChat, { chatId: toChatId });
      if (chat) {
        const open = await em.find(Ticket, { where: { staffChatId: chat.id, state: Not(In([...DONE])) }, select: { id: true, cardMessageId: true } });
        const carded = open.filter((x) => x.cardMessageId !== null).map((x) => x.id);
        if (carded.length) await em.update(Ticket, { id: In(carded) }, { cardMessageId: null });
        carded.forEach((id) => needCard.add(id));
      }
    }
    const rows = await em.find(OutboxMessage, { where: { chatId: fromChatId, status: 'pending' }, order: { id: 'ASC' } });
    const moved: number[] = [];
    for (const row of rows) {
      const p = { ...row.payload } as Record<string, unknown> & { message_id?: number; reply_parameters?: { message_id?: number } };
      const patch: Partial<OutboxMessage> = { chatId: toChatId };
      if (typeof p.message_id === 'number' && row.method !== 'copyMessage' && row.method !== 'forwardMessage') {
        const cardEdit = p.message_id === CARD && row.ticketId !== null;
        if (cardEdit && needCard.has(row.ticketId!) && row.method === 'editMessageText') {
          // the card's latest text and buttons, sent as the new card
          needCard.delete(row.ticketId!);
          patch.method = 'sendMessage';
          patch.purpose = 'card';
          patch.payload = { text: p.text, parse_mode: p.parse_mode, reply_markup: p.reply_markup };
        } else if (!cardEdit) {
          await em.update(OutboxMessage, { id: row.id }, { status: 'cancelled', lastError: 'the message is in the group before its upgrade to a supergroup' });
          continue;
        }
      } else if (p.reply_parameters && typeof p.reply_parameters.message_id === 'number' && p.reply_parameters.message_id !== CARD) {
        delete p.reply_parameters;
        patch.payload = p;
      }
      await em.update(OutboxMessage, { id: row.id }, patch as never);
      moved.push(row.id);
    }
    for (const ticketId of needCard) {
      const ticket = await em.findOneBy(Ticket, { id: ticketId });
      if (!ticket) continue;
      await tx.outbox({
        chatId: toChatId,
        threadId: null,
        method: 'sendMessage',
        payload: { text: await cardText(em, ticket), parse_mode: 'HTML', reply_markup: cardKeyboard(ticket) },
        purpose: 'card',
        ticketId,
      });
    }
    // the moved rows are new work for the supergroup's drain (the commit hook kicks it)
    tx.outboxIds.push(...moved);
  });
}
