/**
 * The lane of a Telegram update in the inbound queue (jobs/inbound/queue.ts): its chat, as grammY's ctx.chat
 * would give it (a button press: the chat of the message it is on), else its sender (an inline query), else
 * one lane for the rest. One lane's updates are handled in order, one at a time — what `sequentialize(chatKey)`
 * did inside one process (bot/create-bot.ts), now across every bot process.
 */
import type { Update } from 'grammy/types';

type Part = { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } }; from?: { id?: unknown } };

export function laneOf(update: Update): string {
  for (const [field, value] of Object.entries(update)) {
    if (field === 'update_id' || !value || typeof value !== 'object') continue;
    const part = value as Part;
    const id = part.chat?.id ?? part.message?.chat?.id ?? part.from?.id;
    if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  }
  return 'other';
}
