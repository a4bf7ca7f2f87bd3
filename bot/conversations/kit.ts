/**
 * The building blocks every conversation uses: send a prompt (HTML, the user's language), wait for the
 * answer, and treat the usual detours the same way everywhere:
 *   - a command or a main-menu button leaves the conversation (it is told so; /cancel is told it was
 *     cancelled) and the outer handlers then act on that update;
 *   - a button of an older message answers "this action is no longer available" and keeps waiting;
 *   - a button press is acknowledged, and the prompt shows what was chosen, without its buttons.
 * Everything with a side effect on the database runs in `conversation.external()`. A message sent here is
 * not sent again when its update is handed to the bot again after a crash (sent.ts); a press on a copy of a
 * prompt sent twice in the one window left is taken as a press on the prompt (`lost`).
 */
import type { Conversation } from '@grammyjs/conversations';
import type { InlineKeyboard, Keyboard } from 'grammy';
import type { Message } from 'grammy/types';
import type { Attachment, Locale } from '../../core/entities/enums.ts';
import { translator, type Translate } from '../../core/i18n/index.ts';
import type { BotContext, ConvContext } from '../context.ts';
import { isEscape } from '../keyboards/menu.ts';
import { contentOf } from '../features/shared/content.ts';
import { escapeHtml } from '../features/shared/html.ts';
import type { SentMessage } from './sent.ts';

/** /cancel (also addressed to the bot by name) */
const isCancel = (text: string | undefined) => !!text && /^\/cancel(@\w+)?(\s|$)/.test(text.trim());

export type Conv = Conversation<BotContext, ConvContext>;

export type Answer = { kind: 'button'; data: string; ctx: ConvContext } | { kind: 'message'; msg: Message; ctx: ConvContext };

export interface Prompt {
  messageId: number;
  text: string;
  /** later messages whose buttons answer the same question */
  also: number[];
  /**
   * copies that may be on the user's screen with unknown ids: a message sent, then the process killed before
   * its id was recorded, then sent again (sent.ts). Presses on messages strictly between `from` and `to` are
   * presses on this prompt (their data is still checked)
   */
  lost?: { from: number; to: number }[];
}

/** whether message `id` carries this prompt's buttons */
export function onPrompt(prompt: Prompt | undefined, id: number | undefined): boolean {
  if (!prompt || id === undefined) return false;
  return id === prompt.messageId || prompt.also.includes(id) || !!prompt.lost?.some((r) => id > r.from && id < r.to);
}

/** adds a message that answers the same question as `prompt` (and the copies it may stand for) */
export function alsoAnswers(prompt: Prompt, m: Message): void {
  prompt.also.push(m.message_id);
  const lostAfter = (m as SentMessage).lostAfter;
  if (lostAfter !== undefined) (prompt.lost ??= []).push({ from: lostAfter, to: m.message_id });
}

type Markup = InlineKeyboard | Keyboard | { remove_keyboard: true } | undefined;

export class Kit {
  readonly t: Translate;

  constructor(
    readonly conversation: Conv,
    readonly locale: Locale,
    /** the id this conversation is registered under (for the "left" notice) */
    readonly name: string,
  ) {
    this.t = translator(locale);
  }

  /** sends an HTML message (the caller escapes user strings) */
  async send(ctx: ConvContext, text: string, markup?: Markup): Promise<Prompt> {
    const m = await ctx.api.sendMessage(ctx.chat!.id, text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
    });
    const lostAfter = (m as SentMessage).lostAfter;
    return { messageId: m.message_id, text, also: [], ...(lostAfter !== undefined ? { lost: [{ from: lostAfter, to: m.message_id }] } : {}) };
  }

  /**
   * Waits for the next update that answers `prompt`: a button of that message, or a message. Older
   * buttons, and buttons of the prompt that `accept` does not know (forged data), are refused politely;
   * commands and menu buttons leave the conversation.
   */
  async answer(prompt: Prompt | undefined, accept: (data: string) => boolean = () => true): Promise<Answer> {
    for (;;) {
      const ctx = await this.conversation.wait();
      const cq = ctx.callbackQuery;
      if (cq) {
        if (!onPrompt(prompt, cq.message?.message_id) || !cq.data?.startsWith('c:') || !accept(cq.data.slice(2))) {
          await ctx.answerCallbackQuery({ text: this.t('stale-action'), show_alert: true }).catch(() => undefined);
          continue;
        }
        await ctx.answerCallbackQuery().catch(() => undefined);
        return { kind: 'button', data: cq.data.slice(2), ctx };
      }
      const msg = ctx.message;
      if (msg) {
        if (isCancel(msg.text) && this.name !== 'register') await this.cancelled(ctx);
        if (isEscape(msg.text)) await this.leave(ctx);
        return { kind: 'message', msg, ctx };
      }
      // anything else (an edit, a membership change) is left to the outer handlers; the wait goes on
      await this.conversation.skip({ next: true });
    }
  }

  /** leaves the conversation because the user went elsewhere; the update goes on to the outer handlers */
  async leave(ctx: ConvContext): Promise<never> {
    await ctx.reply(this.t(`conv-left-${this.name}`), { parse_mode: 'HTML' });
    return this.conversation.halt({ next: true });
  }

  /**
   * cancelled with /cancel: told so (not "you went elsewhere"); the command then goes on to the outer handlers,
   * which show the main menu. (Registration is not left this way: /cancel there starts it again, start.ts.)
   */
  async cancelled(ctx: ConvContext): Promise<never> {
    await ctx.reply(this.t(`conv-cancelled-${this.name}`), { parse_mode: 'HTML' });
    return this.conversation.halt({ next: true });
  }

  /** cancelled with the Cancel button */
  async cancel(ctx: ConvContext, prompt?: Prompt, markup?: Markup): Promise<never> {
    if (prompt) await this.settle(ctx, prompt, this.t('btn-cancel'));
    await ctx.reply(this.t(`conv-cancelled-${this.name}`), { parse_mode: 'HTML', ...(markup ? { reply_markup: markup } : {}) });
    return this.conversation.halt();
  }

  /** shows the choice made on a prompt and removes its buttons (on the copy pressed too, if it was another) */
  async settle(ctx: ConvContext, prompt: Prompt, choice: string): Promise<void> {
    const pressed = ctx.callbackQuery?.message?.message_id;
    const ids =
      pressed !== undefined && pressed !== prompt.messageId && prompt.lost?.some((r) => pressed > r.from && pressed < r.to)
        ? [pressed, prompt.messageId]
        : [prompt.messageId];
    for (const id of ids) {
      await ctx.api.editMessageText(ctx.chat!.id, id, `${prompt.text}\n\n✔ <b>${escapeHtml(choice)}</b>`, { parse_mode: 'HTML' }).catch(() => undefined);
    }
  }

  /** a one-line polite correction */
  async say(ctx: ConvContext, key: string, args?: Record<string, string | number>): Promise<void> {
    await ctx.reply(this.t(key, args), { parse_mode: 'HTML' });
  }
  /**
   * The words of a message that must carry some (a description, what is still wrong). Its media are kept in
   * `attachments`; a sticker, or a message without words, gets its polite correction and null (ask again).
   */
  async wordsOf(a: { msg: Message; ctx: ConvContext }, attachments: Attachment[]): Promise<string | null> {
    if (a.msg.sticker) {
      await this.say(a.ctx, 'need-text-sticker');
      return null;
    }
    const content = contentOf(a.msg);
    attachments.push(...content.attachments);
    if (content.text) return content.text;
    await this.say(a.ctx, content.attachments.length ? 'intake-media-kept-need-text' : wordlessKey(a.msg));
    return null;
  }
}

/** which polite correction a message without words gets */
export function wordlessKey(msg: Message): string {
  if (msg.sticker) return 'need-text-sticker';
  if (msg.voice || msg.audio || msg.video_note) return 'need-text-voice';
  return 'need-text';
}
