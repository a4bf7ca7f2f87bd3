/**
 * The conversations of the private chat, installed with their state in the database. An abandoned
 * conversation (idle longer than settings.intakeTimeoutMinutes) is cleared when the user's next update
 * arrives (see storage.ts) and the user is told in one short message before that update is handled.
 */
import { conversations, createConversation } from '@grammyjs/conversations';
import { Composer } from 'grammy';
import { apiRetry } from '../api-retry.ts';
import { channelOf, type BotContext, type BotDeps, type ConvContext } from '../context.ts';
import { fitApiToChannel } from '../channel-api.ts';
import { colleagueConversation, COLLEAGUE } from './colleague.ts';
import { intakeConversation, INTAKE } from './intake.ts';
import { registerConversation, REGISTER } from './register.ts';
import { notResolvedConversation, NOT_RESOLVED, rateConversation, RATE } from './resolution.ts';
import { sentOnce } from './sent.ts';
import { conversationStorage, handledBefore } from './storage.ts';

export { INTAKE, REGISTER, RATE, NOT_RESOLVED, COLLEAGUE };

export function conversationsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(
    conversations<BotContext, ConvContext>({
      storage: conversationStorage(deps),
      // the context objects a conversation builds on each replay get the deps and a logger
      plugins: (conversation) => [
        async (ctx, next) => {
          ctx.deps = deps;
          ctx.log = deps.log;
          // each such context has an Api of its own, without bot.api's transformers: without this a 429 or a
          // 5xx inside a conversation went straight to the error boundary (the user's step failed). The cost:
          // a replay waits again for the retry_after of a call that was retried
          ctx.api.config.use(apiRetry());
          // a message sent while handling an update is not sent again when that update comes again (sent.ts)
          ctx.api.config.use(sentOnce(deps, conversation));
          // and without the channel's fitting (core/channels.ts: plain text on Bale)
          fitApiToChannel(ctx.api, channelOf(deps));
          await next();
        },
      ],
    }),
  );
  composer.use(async (ctx, next) => {
    // handed again after a restart, but the conversation's row was written for it: handled in full already
    if (handledBefore(ctx)) {
      ctx.log.info({ update: ctx.update.update_id }, 'update handled before the restart; not taken again');
      return;
    }
    const expired = ctx.expiredConversations;
    if (expired?.length) {
      const which = expired.includes(INTAKE) || expired.includes(COLLEAGUE) ? 'intake' : 'other';
      await ctx.reply(ctx.t(`conv-expired-${which}`), { parse_mode: 'HTML' });
    }
    await next();
  });
  composer.use(createConversation(registerConversation(deps), REGISTER));
  composer.use(createConversation(intakeConversation(deps), INTAKE));
  composer.use(createConversation(colleagueConversation(deps), COLLEAGUE));
  composer.use(createConversation(rateConversation(deps), RATE));
  composer.use(createConversation(notResolvedConversation(deps), NOT_RESOLVED));
  return composer;
}
