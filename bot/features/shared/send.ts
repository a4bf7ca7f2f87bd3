/** Sending HTML that may be longer than one Telegram message: split on words, never inside a tag. */
import type { InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { splitMessage } from '../../../core/text/html.ts';
import type { BotContext } from '../../context.ts';

export async function replyLong(ctx: BotContext, html: string, markup?: InlineKeyboard): Promise<Message.TextMessage> {
  const parts = splitMessage(html);
  let last: Message.TextMessage | undefined;
  for (let i = 0; i < parts.length; i++) {
    const isLast = i === parts.length - 1;
    last = await ctx.reply(parts[i]!, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(isLast && markup ? { reply_markup: markup } : {}),
    });
  }
  return last!;
}
