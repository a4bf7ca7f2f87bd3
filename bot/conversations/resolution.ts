/**
 * The two short conversations after an agent resolves a ticket:
 *   - `rate`: the score was pressed; an optional comment (or Skip) → the ticket is closed with thanks;
 *   - `notresolved`: "tell us what is still wrong" → the ticket reopens with that message.
 * A ticket that moved meanwhile (closed by an agent, auto-closed) gets "no longer available".
 */
import { InlineKeyboard } from 'grammy';
import type { Attachment, Locale } from '../../core/entities/enums.ts';
import type { BotDeps, ConvContext } from '../context.ts';
import * as core from '../features/shared/core.ts';
import { formatNumber } from '../features/shared/format.ts';
import { mainMenu } from '../keyboards/menu.ts';
import { askText } from './intake.ts';
import { Kit, type Conv } from './kit.ts';

export const RATE = 'rate';
export const NOT_RESOLVED = 'notresolved';

export interface RateArgs {
  locale: Locale;
  requesterId: number;
  staff: boolean;
  ticketId: number;
  number: number;
  score: number;
}

export interface NotResolvedArgs {
  locale: Locale;
  requesterId: number;
  staff: boolean;
  ticketId: number;
  number: number;
}

export const COMMENT_MAX = 2000;

export function rateConversation(deps: BotDeps) {
  return async function rate(conversation: Conv, ctx: ConvContext, args: RateArgs): Promise<void> {
    const kit = new Kit(conversation, args.locale, RATE);
    const number = formatNumber(args.locale, args.number);
    let comment: string | null = null;
    let c = ctx;
    for (;;) {
      const r = await askText(kit, c, kit.t('rate-ask-comment', { number, score: formatNumber(args.locale, args.score) }), { skip: kit.t('btn-skip') });
      c = r.ctx;
      if (r.back) continue;
      if (r.msg && r.msg.text!.length > COMMENT_MAX) {
        await kit.say(c, 'rate-comment-too-long', { max: formatNumber(args.locale, COMMENT_MAX) });
        continue;
      }
      comment = r.msg ? r.msg.text!.trim() : null;
      break;
    }
    const res = await conversation.external(() =>
      core.confirmResolved(deps, { ticketId: args.ticketId, requesterId: args.requesterId, score: args.score, comment }),
    );
    const menu = mainMenu(args.locale, { staff: args.staff });
    if (!res.ok) {
      await c.reply(kit.t(res.reason === 'finished' ? 'ticket-finished' : 'stale-action', { number }), { parse_mode: 'HTML', reply_markup: menu });
      return;
    }
    await c.reply(kit.t('rate-thanks', { number }), { parse_mode: 'HTML', reply_markup: menu });
  };
}

export function notResolvedConversation(deps: BotDeps) {
  return async function notresolved(conversation: Conv, ctx: ConvContext, args: NotResolvedArgs): Promise<void> {
    const kit = new Kit(conversation, args.locale, NOT_RESOLVED);
    const number = formatNumber(args.locale, args.number);
    const prompt = await kit.send(ctx, kit.t('notresolved-ask', { number }), new InlineKeyboard().text(kit.t('btn-cancel'), 'c:x'));
    let c: ConvContext = ctx;
    const attachments: Attachment[] = [];
    for (;;) {
      const a = await kit.answer(prompt);
      c = a.ctx;
      if (a.kind === 'button') {
        if (a.data === 'x') return kit.cancel(c, prompt, mainMenu(args.locale, { staff: args.staff }));
        continue;
      }
      const text = await kit.wordsOf(a, attachments);
      if (text === null) continue;
      const res = await conversation.external(() =>
        core.notResolved(deps, {
          ticketId: args.ticketId,
          requesterId: args.requesterId,
          chatId: c.chat!.id,
          messageId: a.msg.message_id,
          text,
          attachments,
        }),
      );
      const menu = mainMenu(args.locale, { staff: args.staff });
      if (!res.ok) {
        await c.reply(kit.t(res.reason === 'finished' ? 'ticket-finished' : 'stale-action', { number }), { parse_mode: 'HTML', reply_markup: menu });
        return;
      }
      await c.reply(kit.t('notresolved-reopened', { number }), { parse_mode: 'HTML', reply_markup: menu });
      return;
    }
  };
}
