/**
 * The profile: name, phone, member type and language, each editable (the registration conversation
 * asks for that one field again).
 *
 * callback_data: `pf:name` · `pf:phone` · `pf:type` · `pf:language`
 */
import { Composer, InlineKeyboard } from 'grammy';
import { REGISTER } from '../conversations/index.ts';
import type { RegisterArgs, ProfileField } from '../conversations/register.ts';
import type { BotContext } from '../context.ts';
import { memberTypeName } from './shared/core.ts';
import { escapeHtml } from './shared/html.ts';
import { toPersianDigits } from './shared/format.ts';

export async function showProfile(ctx: BotContext): Promise<void> {
  const me = ctx.requester;
  if (!me?.registered) return;
  const type = me.memberTypeId ? await memberTypeName(ctx.deps, me.memberTypeId, ctx.locale) : null;
  const phone = me.phone ?? '—';
  const text = ctx.t('profile-view', {
    name: escapeHtml(me.fullName),
    phone: escapeHtml(ctx.locale === 'fa' ? toPersianDigits(phone) : phone),
    type: escapeHtml(type ?? '—'),
    language: ctx.locale === 'fa' ? 'فارسی' : 'English',
  });
  const kb = new InlineKeyboard()
    .text(ctx.t('btn-edit-name'), 'pf:name')
    .text(ctx.t('btn-edit-phone'), 'pf:phone')
    .row()
    .text(ctx.t('btn-edit-type'), 'pf:type')
    .text(ctx.t('btn-edit-language'), 'pf:language');
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: kb });
}

export const profileFeature = new Composer<BotContext>();

profileFeature.chatType('private').callbackQuery(/^pf:(name|phone|type|language)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  if (Object.keys(ctx.conversation.active()).length) await ctx.conversation.exitAll();
  const args: RegisterArgs = { locale: ctx.locale, only: ctx.match[1] as ProfileField };
  await ctx.conversation.enter(REGISTER, args);
});
