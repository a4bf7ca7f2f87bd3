/**
 * My tickets: a paginated list (number, subject, user-facing status) and one ticket's view with its
 * latest messages and actions: write (a message the user answers), close when the team allows it.
 * Every id in a button is checked against the requester again: a forged or stale one answers
 * "this action is no longer available".
 *
 * callback_data: `tk:l:<page>` list · `tk:v:<ticketId>` view · `tk:w:<ticketId>` write ·
 * `tk:c:<ticketId>` close? · `tk:cc:<ticketId>` close confirmed
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { pagedKeyboard } from '../keyboards/paginate.ts';
import { closeByRequester, linkMessage, listMyTickets, ticketView } from './shared/core.ts';
import { formatDate, formatNumber } from './shared/format.ts';
import { escapeHtml, excerpt } from './shared/html.ts';
import { replyLong } from './shared/send.ts';

const PER_PAGE = 5;
const LATEST = 5;

export async function showMyTickets(ctx: BotContext, page: number, edit = false): Promise<void> {
  const me = ctx.requester;
  if (!me?.registered) return;
  const { items, total } = await listMyTickets(ctx.deps, me.id, ctx.locale);
  if (!total) {
    const kb = new InlineKeyboard().text(ctx.t('btn-new-ticket'), 'nt:0:0');
    await ctx.reply(ctx.t('tickets-none'), { parse_mode: 'HTML', reply_markup: kb });
    return;
  }
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const p = Math.min(Math.max(0, page), pages - 1);
  const shown = items.slice(p * PER_PAGE, p * PER_PAGE + PER_PAGE);
  const lines = shown.map((x) =>
    ctx.t('tickets-line', {
      number: formatNumber(ctx.locale, x.number),
      subject: escapeHtml(x.subject),
      status: ctx.t(`status-${x.status}`),
      title: excerpt(x.title, 60),
    }),
  );
  const text = `${ctx.t('tickets-header', { total: formatNumber(ctx.locale, total) })}\n\n${lines.join('\n')}`;
  const kb = pagedKeyboard(
    items.map((x) => ({ label: `#${formatNumber(ctx.locale, x.number)} · ${x.subject.slice(0, 40)} · ${ctx.t(`status-${x.status}`)}`, data: `tk:v:${x.id}` })),
    p,
    { perPage: PER_PAGE, pageData: (n) => `tk:l:${n}` },
  );
  if (edit) await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: kb }).catch(() => ctx.reply(text, { parse_mode: 'HTML', reply_markup: kb }));
  else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: kb });
}

export const myTicketsFeature = new Composer<BotContext>();
const pm = myTicketsFeature.chatType('private');

pm.callbackQuery(/^tk:l:(\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showMyTickets(ctx, Number(ctx.match[1]), true);
});

pm.callbackQuery(/^tk:v:(\d+)$/, async (ctx) => {
  const me = ctx.requester!;
  const v = await ticketView(ctx.deps, me.id, Number(ctx.match[1]), ctx.locale);
  if (!v) return void (await ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true }));
  await ctx.answerCallbackQuery();
  const L = ctx.locale;
  const msgs = v.messages.slice(-LATEST).map((m) =>
    ctx.t(m.direction === 'in' ? 'ticket-msg-in' : 'ticket-msg-out', {
      author: escapeHtml(m.author),
      at: formatDate(L, new Date(m.at), ctx.deps.core.timeZone),
      text: m.text ? excerpt(m.text, 700) : '',
      files: m.attachments ? ctx.t('ticket-msg-files', { count: formatNumber(L, m.attachments) }) : '',
    }),
  );
  const header = ctx.t('ticket-view', {
    number: formatNumber(L, v.number),
    subject: escapeHtml(v.subject),
    title: escapeHtml(v.title),
    status: ctx.t(`status-${v.status}`),
    created: formatDate(L, new Date(v.createdAt), ctx.deps.core.timeZone),
  });
  const kb = new InlineKeyboard();
  if (v.canWrite) kb.text(ctx.t('btn-write'), `tk:w:${v.id}`);
  if (v.canClose) kb.text(ctx.t('btn-close-ticket'), `tk:c:${v.id}`);
  if (v.finished) kb.text(ctx.t('btn-new-linked'), `nt:${v.id}:0`);
  kb.row().text(ctx.t('btn-tickets-list'), 'tk:l:0');
  const body = msgs.length ? `${header}\n\n${ctx.t('ticket-latest')}\n\n${msgs.join('\n\n')}` : header;
  const sent = await replyLong(ctx, body, kb);
  await linkMessage(ctx.deps, { chatId: ctx.chat.id, messageId: sent.message_id, ticketId: v.id });
});

pm.callbackQuery(/^tk:w:(\d+)$/, async (ctx) => {
  const v = await ticketView(ctx.deps, ctx.requester!.id, Number(ctx.match[1]), ctx.locale);
  if (!v || !v.canWrite) return void (await ctx.answerCallbackQuery({ text: ctx.t(v?.finished ? 'ticket-finished-short' : 'stale-action'), show_alert: true }));
  await ctx.answerCallbackQuery();
  const m = await ctx.reply(ctx.t('ticket-write', { number: formatNumber(ctx.locale, v.number) }), {
    parse_mode: 'HTML',
    reply_markup: { force_reply: true, input_field_placeholder: ctx.t('ticket-write-placeholder') },
  });
  await linkMessage(ctx.deps, { chatId: ctx.chat.id, messageId: m.message_id, ticketId: v.id });
});

pm.callbackQuery(/^tk:c:(\d+)$/, async (ctx) => {
  const v = await ticketView(ctx.deps, ctx.requester!.id, Number(ctx.match[1]), ctx.locale);
  if (!v || !v.canClose) return void (await ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true }));
  await ctx.answerCallbackQuery();
  const kb = new InlineKeyboard().text(ctx.t('btn-close-confirm'), `tk:cc:${v.id}`).text(ctx.t('btn-keep-open'), `tk:v:${v.id}`);
  await ctx.reply(ctx.t('ticket-close-ask', { number: formatNumber(ctx.locale, v.number) }), { parse_mode: 'HTML', reply_markup: kb });
});

pm.callbackQuery(/^tk:cc:(\d+)$/, async (ctx) => {
  const res = await closeByRequester(ctx.deps, ctx.requester!.id, Number(ctx.match[1]));
  if (!res.ok) return void (await ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true }));
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  await ctx.reply(ctx.t('ticket-closed-by-you', { number: formatNumber(ctx.locale, res.number) }), { parse_mode: 'HTML' });
});
