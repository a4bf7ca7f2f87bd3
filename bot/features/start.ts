/** /start: the welcome in the user's language. */
import { Composer } from 'grammy';
import { escapeHtmlBasic } from '../html.ts';
import type { BotContext } from '../context.ts';

export const startFeature = new Composer<BotContext>();

startFeature.chatType('private').command('start', async (ctx) => {
  await ctx.reply(ctx.t('welcome', { name: escapeHtmlBasic(ctx.from.first_name) }), { parse_mode: 'HTML' });
});
