/**
 * Entering the new-ticket intake (menu button, /new, an offer after a free message or after a finished
 * ticket): registered users only, within the open-ticket limit (settings.maxOpenTicketsPerRequester).
 *
 * callback_data: `nt:<linkedTicketId|0>:<heldMessageId|0>` (open a ticket, maybe linking a finished one,
 * maybe with a held message as its description); `pd:use` / `pd:drop` (the message kept from before
 * registration).
 */
import { Composer } from 'grammy';
import type { Attachment } from '../../core/entities/enums.ts';
import { INTAKE } from '../conversations/index.ts';
import type { IntakeArgs } from '../conversations/intake.ts';
import type { BotContext } from '../context.ts';
import { mainMenu } from '../keyboards/menu.ts';
import { openLimit } from './shared/core.ts';
import { formatNumber } from './shared/format.ts';
import { HELD_KEY, PENDING_KEY, stashDelete, stashGet, type PendingMessage } from './shared/stash.ts';

export interface IntakeStart {
  prefill?: { text: string | null; attachments: Attachment[]; messageId: number };
  linkedTicketId?: number;
}

export async function startIntake(ctx: BotContext, opts: IntakeStart = {}): Promise<void> {
  const me = ctx.requester;
  if (!me?.registered) return;
  const limit = await openLimit(ctx.deps, me.id);
  if (limit.reached) {
    await ctx.reply(ctx.t('limit-open-tickets', { max: formatNumber(ctx.locale, limit.max) }), {
      parse_mode: 'HTML',
      reply_markup: mainMenu(ctx.locale, { staff: me.staff }),
    });
    return;
  }
  if (Object.keys(ctx.conversation.active()).length) await ctx.conversation.exitAll();
  const args: IntakeArgs = { locale: ctx.locale, requesterId: me.id, staff: me.staff, ...opts };
  await ctx.conversation.enter(INTAKE, args);
}

export const newTicketFeature = new Composer<BotContext>();
const pm = newTicketFeature.chatType('private');

pm.command('new', (ctx) => startIntake(ctx));

pm.callbackQuery(/^nt:(\d+):(\d+)$/, async (ctx) => {
  const linked = Number(ctx.match[1]);
  const heldId = Number(ctx.match[2]);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  const held = heldId ? await stashGet<PendingMessage>(ctx.deps, HELD_KEY(ctx.chat.id, heldId)) : null;
  if (heldId) await stashDelete(ctx.deps, HELD_KEY(ctx.chat.id, heldId));
  await startIntake(ctx, { ...(linked ? { linkedTicketId: linked } : {}), ...(held ? { prefill: held } : {}) });
});

pm.callbackQuery(/^pd:(use|drop)$/, async (ctx) => {
  const pending = await stashGet<PendingMessage>(ctx.deps, PENDING_KEY(ctx.from.id));
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  if (!pending) {
    await ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await stashDelete(ctx.deps, PENDING_KEY(ctx.from.id));
  if (ctx.match[1] === 'drop') {
    await ctx.reply(ctx.t('pending-dropped'), { parse_mode: 'HTML' });
    return;
  }
  await startIntake(ctx, { prefill: pending });
});
