/**
 * Guard rails that run before anything else in a private chat: whether the user can reach us (they
 * blocked or unblocked the bot: my_chat_member → requester reachable flag), the per-user rate limit,
 * and users an admin blocked (politely ignored).
 */
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { setReachable } from './shared/core.ts';

export function guardFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    const reachable = status !== 'kicked' && status !== 'left';
    await setReachable(ctx.deps, ctx.from.id, reachable);
    ctx.log.info({ reachable }, 'requester reachability changed');
  });

  // a message from someone marked unreachable proves the chat works again
  pm.use(async (ctx, next) => {
    if (ctx.requester && !ctx.requester.reachable && (ctx.message || ctx.callbackQuery)) {
      await setReachable(ctx.deps, ctx.from.id, true);
      ctx.requester.reachable = true;
    }
    await next();
  });

  pm.use(rateLimit(deps));

  pm.use(async (ctx, next) => {
    if (!ctx.requester?.blocked) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('account-blocked'), show_alert: true });
    else if (ctx.message) await ctx.reply(ctx.t('account-blocked'), { parse_mode: 'HTML' });
  });
  return composer;
}
