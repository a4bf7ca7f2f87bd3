/**
 * Nothing undelivered is silent. When a requester's chat refuses the bot (he blocked it, his account is
 * deactivated, the chat is gone) the outbox rows to him fail; here:
 * - `recordUndelivered` (the worker calls it for the rows that failed so): the rows are marked
 *   `result.undelivered`, each answer's ticket message gets `undeliveredAt` (the panel shows the mark
 *   on that message), and the ticket's staff place (its forum topic, or the card's thread in a plain group)
 *   gets one line per ticket saying what did not arrive and why;
 * - `redeliverMissed` (core/services/requesters.ts calls it in the transaction that finds the requester
 *   reachable again: he wrote to the bot, or unblocked it): what he missed is delivered — one short
 *   message saying how many, then each missed message again (new outbox rows, in their first order; a
 *   "resolved?" question only while the ticket is still resolved) — and the staff place is told.
 * The choice (deliver, rather than offer a list) is stated in the README.
 */
import { In, IsNull } from 'typeorm';
import type { CoreContext } from '../context.ts';
import type { Channel, Locale } from '../entities/enums.ts';
import { OutboxMessage } from '../entities/system.ts';
import { Ticket, TicketMessage } from '../entities/ticket.ts';
import { t } from '../i18n/index.ts';
import { escapeHtml, ticketRef } from '../text/index.ts';
import { transact, type OutboxDraft, type Tx } from '../tx.ts';
import { CARD_MESSAGE, staffChatOf, TICKET_TOPIC } from './staff.ts';

/** what a requester may be given again: answers, notices, the "resolved?" question */
const MISSED_PURPOSES = ['answer', 'notify', 'resolve_ask'];
const STOPPED: string[] = ['closed', 'cancelled', 'finished'];
/** at most this many missed rows are given again (the oldest beyond are told to the staff only) */
const MAX_REDELIVER = 100;

export type UndeliveredWhy = 'blocked' | 'gone';

/** a line for agents where they work on the ticket: its topic, or a reply to its card in a plain group */
export async function staffLine(tx: Tx, ticketId: number, text: string, purpose: string): Promise<void> {
  const ticket = await tx.em.findOneBy(Ticket, { id: ticketId });
  if (!ticket) return;
  const chat = await staffChatOf(tx.em, ticket);
  if (!chat) return;
  const forum = chat.layout === 'forum';
  // a finished ticket's topic is closed (Telegram refuses messages there): the line goes to the group's
  // general topic, naming the ticket
  const closedTopic = forum && STOPPED.includes(ticket.state);
  const draft: OutboxDraft = {
    chatId: chat.chatId,
    threadId: forum && !closedTopic ? TICKET_TOPIC : null,
    method: 'sendMessage',
    payload: {
      text: closedTopic ? `${ticketRef(ticket.number, 'fa')} · ${escapeHtml(ticket.title)}\n${text}` : text,
      parse_mode: 'HTML',
      ...(forum ? {} : { reply_parameters: { message_id: CARD_MESSAGE, allow_sending_without_reply: true } }),
    },
    purpose,
    ticketId,
  };
  await tx.outbox(draft);
}

/** rows to a requester's chat that failed because the chat refuses the bot (the worker, after the fact) */
export async function recordUndelivered(ctx: CoreContext, chatId: number, rowIds: number[], why: UndeliveredWhy): Promise<void> {
  if (chatId <= 0 || !rowIds.length) return;
  await transact(ctx, async (tx) => {
    const rows = await tx.em.find(OutboxMessage, { where: { id: In(rowIds), chatId, status: 'failed' }, order: { id: 'ASC' } });
    const perTicket = new Map<number, number>();
    const messages = new Set<number>();
    for (const row of rows) {
      if (row.result?.undelivered) continue;
      await tx.em.update(OutboxMessage, { id: row.id }, { result: { ...row.result, undelivered: true } as never });
      if (!MISSED_PURPOSES.includes(row.purpose)) continue;
      if (row.ticketId) perTicket.set(row.ticketId, (perTicket.get(row.ticketId) ?? 0) + 1);
      if (row.ticketMessageId && row.purpose === 'answer') messages.add(row.ticketMessageId);
    }
    if (messages.size) await tx.em.update(TicketMessage, { id: In([...messages]), undeliveredAt: IsNull() }, { undeliveredAt: tx.now });
    for (const [ticketId, count] of perTicket) {
      await staffLine(tx, ticketId, t('fa', 'dl-undelivered-staff', { count, why: t('fa', `dl-why-${why}`) }), 'undelivered');
    }
  });
}

/**
 * In the transaction that found the requester reachable again: his missed messages go to him again
 * (once: the failed rows are marked `redelivered`), after one line saying how many; the staff are told.
 */
export async function redeliverMissed(tx: Tx, telegramId: number, channel: Channel, requesterLocale: Locale | null): Promise<number> {
  const failed = await tx.em.find(OutboxMessage, {
    where: { channel, chatId: telegramId, status: 'failed', purpose: In(MISSED_PURPOSES) },
    order: { id: 'DESC' },
    take: MAX_REDELIVER * 2,
  });
  const missed = failed
    .filter((r) => r.result?.undelivered && !r.result?.redelivered)
    .reverse()
    .slice(-MAX_REDELIVER);
  if (!missed.length) return 0;
  for (const row of missed) await tx.em.update(OutboxMessage, { id: row.id }, { result: { ...row.result, redelivered: true } as never });
  // a question about resolution is only worth asking while the ticket is still resolved
  const ticketIds = [...new Set(missed.map((r) => r.ticketId).filter((x): x is number => x !== null))];
  const tickets = ticketIds.length ? await tx.em.find(Ticket, { where: { id: In(ticketIds) }, select: { id: true, state: true } }) : [];
  const stateOf = new Map(tickets.map((x) => [x.id, x.state]));
  const again = missed.filter((r) => r.purpose !== 'resolve_ask' || stateOf.get(r.ticketId ?? 0) === 'resolved');
  if (!again.length) return 0;
  const locale = requesterLocale ?? tx.defaultLocale;
  await tx.outbox(
    {
      channel,
      chatId: telegramId,
      method: 'sendMessage',
      payload: { text: t(locale, 'dl-missed-intro', { count: again.length }), parse_mode: 'HTML' },
      purpose: 'notify',
    },
    ...again.map((r): OutboxDraft => ({
      channel,
      chatId: telegramId,
      threadId: r.threadId,
      method: r.method,
      payload: r.payload,
      purpose: r.purpose,
      ticketId: r.ticketId,
      ticketMessageId: r.ticketMessageId,
    })),
  );
  const answered = [...new Set(again.filter((r) => r.purpose === 'answer' && r.ticketMessageId).map((r) => r.ticketMessageId!))];
  if (answered.length) await tx.em.update(TicketMessage, { id: In(answered) }, { undeliveredAt: null });
  const perTicket = new Map<number, number>();
  for (const r of again) if (r.ticketId) perTicket.set(r.ticketId, (perTicket.get(r.ticketId) ?? 0) + 1);
  for (const [ticketId, count] of perTicket) await staffLine(tx, ticketId, t('fa', 'dl-redelivered-staff', { count }), 'undelivered');
  return again.length;
}
