/**
 * The gate for users who have not registered yet: whatever they send is kept (a stash row, offered as
 * the description of a new ticket when registration ends) and they are led to the registration.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { isEscape } from '../keyboards/menu.ts';
import { contentOf } from './shared/content.ts';
import { PENDING_KEY, stashGet, stashPut, type PendingMessage } from './shared/stash.ts';
import { enterRegistration } from './start.ts';

export const registrationGate = new Composer<BotContext>();

registrationGate.chatType('private').use(async (ctx, next) => {
  if (ctx.requester?.registered || ctx.myChatMember) return next();
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t('register-first'), show_alert: true });
    return;
  }
  const msg = ctx.message;
  if (!msg) return; // edits and the like from someone we do not know yet: nothing to do
  let kept = false;
  if (!isEscape(msg.text) && !msg.contact) {
    const content = contentOf(msg);
    if (content.text || content.attachments.length) {
      // several messages before registering are kept together
      const prev = await stashGet<PendingMessage>(ctx.deps, PENDING_KEY(ctx.from.id));
      const merged: PendingMessage = prev
        ? {
            messageId: prev.messageId,
            text: [prev.text, content.text].filter(Boolean).join('\n\n') || null,
            attachments: [...prev.attachments, ...content.attachments],
          }
        : { messageId: msg.message_id, ...content };
      await stashPut(ctx.deps, PENDING_KEY(ctx.from.id), merged);
      kept = true;
    }
  }
  await ctx.reply(ctx.t(kept ? 'register-first-kept' : 'register-first'), { parse_mode: 'HTML' });
  await enterRegistration(ctx);
});
