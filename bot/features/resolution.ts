/**
 * The requester's answer when an agent resolves a ticket (buttons the core sends, core/notify/callbacks):
 *   rs:y:<id>  Resolved ✅  → a message asks for 1–5 stars
 *   rt:<id>:<s> a rating    → the `rate` conversation (optional comment, then closed with thanks)
 *   rs:n:<id>  Not resolved ❌ → the `notresolved` conversation (the ticket reopens with his message)
 * A button of a ticket that moved meanwhile, or of someone else's ticket, answers "no longer available".
 */
import { Composer } from 'grammy';
import { decodeTicketCallback, ratingKeyboard } from '../../core/notify/callbacks.ts';
import { NOT_RESOLVED, RATE } from '../conversations/index.ts';
import type { NotResolvedArgs, RateArgs } from '../conversations/resolution.ts';
import type { BotContext } from '../context.ts';
import { awaitingConfirmation } from './shared/core.ts';

type Awaiting = Awaited<ReturnType<typeof awaitingConfirmation>>;
import { formatNumber } from './shared/format.ts';

export const resolutionFeature = new Composer<BotContext>();
const pm = resolutionFeature.chatType('private');

pm.callbackQuery(/^(rs|rt):/, async (ctx) => {
  const me = ctx.requester;
  const cb = decodeTicketCallback(ctx.callbackQuery.data);
  const found: Awaiting = me && cb ? await awaitingConfirmation(ctx.deps, me.id, cb.ticketId) : { refused: 'stale' };
  if (!me || !cb || 'refused' in found) {
    const finished = 'refused' in found && found.refused === 'finished';
    await ctx.answerCallbackQuery({
      text: finished ? ctx.t('ticket-finished-short') : ctx.t('stale-action'),
      show_alert: true,
    });
    // the buttons of a ticket that moved on are taken off the message
    if ('refused' in found && found.number !== undefined) await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    return;
  }
  await ctx.answerCallbackQuery();
  if (cb.kind === 'resolved') {
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    await ctx.reply(ctx.t('rate-ask', { number: formatNumber(ctx.locale, found.number) }), {
      parse_mode: 'HTML',
      reply_markup: ratingKeyboard(ctx.locale, found.id),
    });
    return;
  }
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  if (Object.keys(ctx.conversation.active()).length) await ctx.conversation.exitAll();
  const base = { locale: ctx.locale, requesterId: me.id, staff: me.staff, ticketId: found.id, number: found.number };
  if (cb.kind === 'rate') await ctx.conversation.enter(RATE, { ...base, score: cb.score } satisfies RateArgs);
  else await ctx.conversation.enter(NOT_RESOLVED, base satisfies NotResolvedArgs);
});
