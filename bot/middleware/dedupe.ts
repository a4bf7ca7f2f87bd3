/**
 * Drops an update whose update_id this process has already taken. Telegram may hand the same update
 * twice (a getUpdates batch repeated after a network error, a webhook retried after a timeout); handling
 * it twice would relay an agent's message to the requester twice. The window is the last `size` update
 * ids seen by this process. A redelivery after a restart is not caught here: a requester's message is
 * then refused by the database (uq_messages_inbound on chat + message id).
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.ts';

export function dedupeUpdates(size = 10_000): MiddlewareFn<BotContext> {
  const seen = new Set<number>();
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (seen.has(id)) return;
    seen.add(id);
    if (seen.size > size) seen.delete(seen.values().next().value!);
    await next();
  };
}
