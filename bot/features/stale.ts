/** The last word on a button nobody handled: an old message, a finished step, or forged data. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';

export const staleFeature = new Composer<BotContext>();

// any chat, and buttons of inline messages (no chat at all); staff buttons were handled before this
staleFeature.on('callback_query', async (ctx) => {
  ctx.log.info({ data: ctx.callbackQuery.data }, 'stale or unknown button');
  await ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true });
});
