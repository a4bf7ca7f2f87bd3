/**
 * Everything a registered user sends outside a conversation goes to the right ticket:
 *   1. a reply to a bot message of a ticket (MessageLink by chat + message id, else the one ticket number
 *      that message names) → that ticket;
 *   2. else the only open ticket;
 *   3. else, with several open tickets, buttons to choose (the message is held meanwhile);
 *   4. else an offer to open a ticket with this message as its description.
 * All media kinds are accepted and recorded; an edit of a recorded message is recorded as an edit.
 * An album (several updates with one media_group_id) goes where its first item went, without a reply per
 * item: to the same ticket (the core adds it to the album's message), or into the same held message.
 * A finished ticket refuses messages: the user is offered a new ticket that links it.
 *
 * callback_data: `fu:<ticketId>:<messageId>` put the held message on that ticket
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import type { BotContext } from '../context.ts';
import { contentOf } from './shared/content.ts';
import { extractTicketRefs } from '../../core/text/index.ts';
import { addFollowUp, listOpenTickets, openTicketsReadWith, recordEdit, requesterRowOf, ticketForMessage, ticketIdByNumber } from './shared/core.ts';
import { formatNumber } from './shared/format.ts';
import { HELD_KEY, stashDelete, stashGet, stashPut, type PendingMessage } from './shared/stash.ts';

export const followUpsFeature = new Composer<BotContext>();
const pm = followUpsFeature.chatType('private');

pm.on('edited_message', async (ctx) => {
  const msg = ctx.editedMessage;
  const text = msg.text ?? msg.caption ?? null;
  if (text === null) return;
  await recordEdit(ctx.deps, { chatId: ctx.chat.id, messageId: msg.message_id, text });
});

pm.on('message', async (ctx) => {
  const me = ctx.requester;
  if (!me?.registered) return;
  const msg = ctx.message;
  if (msg.text?.startsWith('/')) {
    await ctx.reply(ctx.t('unknown-command'), { parse_mode: 'HTML' });
    return;
  }
  if (msg.media_group_id && (await joinAlbumItem(ctx, msg))) return;
  const replied = msg.reply_to_message;
  if (replied) {
    // the bot message's link, or else the one ticket number it names (an old message, or a link not written yet)
    const refs = replied.from?.id === ctx.me.id ? extractTicketRefs(replied.text ?? replied.caption ?? '') : [];
    const ticketId =
      (await ticketForMessage(ctx.deps, ctx.chat.id, replied.message_id)) ?? (refs.length === 1 ? await ticketIdByNumber(ctx.deps, me.id, refs[0]!) : null);
    // a ticket this user cannot write to (not theirs, or cancelled) falls through to the choice below
    if (ticketId && (await deliverHeld(ctx, ticketId, { messageId: msg.message_id, ...contentOf(msg) })) !== 'refused') return;
  }
  const open = await listOpenTickets(ctx.deps, me.id, ctx.locale, true, openTicketsReadWith(me));
  if (open.length === 1 && (await deliverHeld(ctx, open[0]!.id, { messageId: msg.message_id, ...contentOf(msg) })) !== 'refused') return;
  const held: PendingMessage = { messageId: msg.message_id, ...contentOf(msg) };
  await stashPut(ctx.deps, HELD_KEY(ctx.chat.id, msg.message_id), held);
  if (msg.media_group_id) await stashPut(ctx.deps, ALBUM_KEY(ctx.chat.id, msg.media_group_id), { heldMessageId: msg.message_id }, ALBUM_TTL_MS);
  if (open.length === 0) {
    const kb = new InlineKeyboard().text(ctx.t('btn-new-with-message'), `nt:0:${msg.message_id}`);
    await ctx.reply(ctx.t('followup-no-open'), { parse_mode: 'HTML', reply_markup: kb, reply_parameters: replyParams(msg) });
    return;
  }
  const kb = new InlineKeyboard();
  for (const t of open.slice(0, 8)) kb.text(`#${formatNumber(ctx.locale, t.number)} · ${t.subject.slice(0, 40)}`, `fu:${t.id}:${msg.message_id}`).row();
  kb.text(ctx.t('btn-new-with-message'), `nt:0:${msg.message_id}`);
  await ctx.reply(ctx.t('followup-which', { count: formatNumber(ctx.locale, open.length) }), {
    parse_mode: 'HTML',
    reply_markup: kb,
    reply_parameters: replyParams(msg),
  });
});

pm.callbackQuery(/^fu:(\d+):(\d+)$/, async (ctx) => {
  const ticketId = Number(ctx.match[1]);
  const messageId = Number(ctx.match[2]);
  const held = await stashGet<PendingMessage>(ctx.deps, HELD_KEY(ctx.chat.id, messageId));
  if (!held) return void (await ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true }));
  const outcome = await deliverHeld(ctx, ticketId, held);
  if (outcome === 'refused') return void (await ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true }));
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  if (outcome === 'added') await stashDelete(ctx.deps, HELD_KEY(ctx.chat.id, messageId));
});

const ALBUM_KEY = (chatId: number, group: string) => `album:${chatId}:${group}`;
const ALBUM_TTL_MS = 10 * 60_000;

/** a later item of an album whose first item was placed: put it in the same place, silently (true when done) */
async function joinAlbumItem(ctx: BotContext, msg: Message): Promise<boolean> {
  const seen = await stashGet<{ ticketId?: number; heldMessageId?: number }>(ctx.deps, ALBUM_KEY(ctx.chat!.id, msg.media_group_id!));
  if (seen?.ticketId) {
    const me = ctx.requester!;
    const res = await addFollowUp(ctx.deps, {
      requesterId: me.id,
      ticketId: seen.ticketId,
      chatId: ctx.chat!.id,
      messageId: msg.message_id,
      ...contentOf(msg),
      row: requesterRowOf(me),
    });
    return res.ok;
  }
  if (seen?.heldMessageId) {
    const key = HELD_KEY(ctx.chat!.id, seen.heldMessageId);
    const held = await stashGet<PendingMessage>(ctx.deps, key);
    if (!held) return false;
    const item = contentOf(msg);
    await stashPut(ctx.deps, key, { ...held, text: held.text ?? item.text, attachments: [...held.attachments, ...item.attachments] });
    return true;
  }
  return false;
}

const replyParams = (msg: Message) => ({ message_id: msg.message_id, allow_sending_without_reply: true });

type Outcome = 'added' | 'finished' | 'rewrite' | 'refused';

/** puts the message on the ticket and tells the user what happened (except a refusal: the caller says it) */
async function deliverHeld(ctx: BotContext, ticketId: number, held: PendingMessage): Promise<Outcome> {
  const me = ctx.requester!;
  const res = await addFollowUp(ctx.deps, {
    requesterId: me.id,
    ticketId,
    chatId: ctx.chat!.id,
    messageId: held.messageId,
    text: held.text,
    attachments: held.attachments,
    row: requesterRowOf(me),
  });
  const reply_parameters = { message_id: held.messageId, allow_sending_without_reply: true };
  const number = formatNumber(ctx.locale, res.number ?? 0);
  if (res.ok) {
    const group = held.attachments.find((a) => a.mediaGroupId)?.mediaGroupId;
    if (group) await stashPut(ctx.deps, ALBUM_KEY(ctx.chat!.id, group), { ticketId }, ALBUM_TTL_MS);
    // a message on a closed ticket reopens it (DOMAIN.md): the user is told, not left to guess (README)
    const key = res.reopened ? 'followup-reopened' : held.text ? 'followup-added' : 'followup-added-media';
    await ctx.reply(ctx.t(key, { number }), { parse_mode: 'HTML', reply_parameters });
    return 'added';
  }
  if (res.reason === 'finished') {
    await stashPut(ctx.deps, HELD_KEY(ctx.chat!.id, held.messageId), held);
    const kb = new InlineKeyboard().text(ctx.t('btn-new-linked'), `nt:${ticketId}:${held.messageId}`);
    await ctx.reply(ctx.t('ticket-finished', { number }), { parse_mode: 'HTML', reply_markup: kb, reply_parameters });
    return 'finished';
  }
  if (res.reason === 'content') {
    await ctx.reply(ctx.t('content-rule-followup'), { parse_mode: 'HTML', reply_parameters });
    return 'rewrite';
  }
  return 'refused';
}
