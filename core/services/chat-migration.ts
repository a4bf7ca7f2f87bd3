/** A group upgraded to a supergroup: the new chat id everywhere, and the pending outbox rows moved to it. */
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import type { Clock } from '../context.ts';
import { StaffChat } from '../entities/org.ts';
import { ChatMigration, OutboxMessage } from '../entities/system.ts';
import type { Logger } from '../infra/logger.ts';
import { inTransaction } from '../tx.ts';

export async function followMigration(d: { ds: DataSource; clock: Clock; log: Logger }, fromChatId: number, toChatId: number): Promise<void> {
  await inTransaction(d.ds, async (em) => {
    if (!(await em.existsBy(ChatMigration, { fromChatId }))) await em.insert(ChatMigration, { fromChatId, toChatId, createdAt: d.clock.now() });
    if (!(await em.existsBy(StaffChat, { chatId: toChatId }))) await em.update(StaffChat, { chatId: fromChatId }, { chatId: toChatId });
    await em.update(OutboxMessage, { chatId: fromChatId, status: In(['pending']) }, { chatId: toChatId });
  });
  d.log.info({ fromChatId, toChatId }, 'staff chat migrated to a supergroup');
}
