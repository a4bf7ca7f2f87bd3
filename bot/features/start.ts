/**
 * /start, /cancel, /menu and the language choice. A registered user gets the welcome and the main
 * menu; a new user the welcome and the registration (language first).
 *
 * callback_data: `lang:fa` | `lang:en`
 */
import { Composer, InlineKeyboard } from 'grammy';
import { REGISTER } from '../conversations/index.ts';
import type { BotContext } from '../context.ts';
import { mainMenu } from '../keyboards/menu.ts';
import { setLocale } from './shared/core.ts';
import { escapeHtml } from './shared/html.ts';
import { t as translate } from '../../core/i18n/index.ts';

export const startFeature = new Composer<BotContext>();
const pm = startFeature.chatType('private');

pm.command('start', async (ctx) => {
  await ctx.reply(ctx.t('welcome', { name: escapeHtml(ctx.from.first_name) }), {
    parse_mode: 'HTML',
    ...(ctx.requester?.registered ? { reply_markup: mainMenu(ctx.locale, { staff: ctx.requester.staff }) } : {}),
  });
  if (!ctx.requester?.registered) await enterRegistration(ctx);
});

pm.command(['cancel', 'menu'], async (ctx) => {
  if (!ctx.requester?.registered) return enterRegistration(ctx);
  const active = Object.keys(ctx.conversation.active()).length > 0;
  if (active) await ctx.conversation.exitAll();
  await ctx.reply(ctx.t(active ? 'cancelled' : 'menu-shown'), { parse_mode: 'HTML', reply_markup: mainMenu(ctx.locale, { staff: ctx.requester.staff }) });
});

export async function showLanguageChoice(ctx: BotContext): Promise<void> {
  const kb = new InlineKeyboard().text('فارسی 🇮🇷', 'lang:fa').text('English 🇬🇧', 'lang:en');
  await ctx.reply(ctx.t('language-choose'), { parse_mode: 'HTML', reply_markup: kb });
}

pm.command('language', (ctx) => showLanguageChoice(ctx));

pm.callbackQuery(/^lang:(fa|en)$/, async (ctx) => {
  const locale = ctx.match[1] as 'fa' | 'en';
  await setLocale(ctx.deps, ctx.from.id, locale);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  const staff = ctx.requester?.staff ?? false;
  await ctx.reply(translate(locale, 'language-saved'), {
    parse_mode: 'HTML',
    ...(ctx.requester?.registered ? { reply_markup: mainMenu(locale, { staff }) } : {}),
  });
});

export async function enterRegistration(ctx: BotContext): Promise<void> {
  if (ctx.conversation.active(REGISTER)) return;
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(REGISTER, { locale: ctx.locale });
}
