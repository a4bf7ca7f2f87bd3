/**
 * What the requester's private chat receives, as outbox rows (channel and chatId = his account on the channel
 * he last wrote the ticket from, `ticket.channel`; the
 * payload holds the Bot API parameters without chat_id, which the worker takes from the row):
 * - an agent's reply: sendMessage (parse_mode HTML; everything typed by people escaped) under a header with
 *   the agent's display name — or the team's alias when settings.agentNameMode is 'team' — and the
 *   ticket reference; `reply_parameters` to the requester's message when the agent answered one. Media go
 *   as sendPhoto / sendDocument / … with the text as caption when it fits (1024), else the text first and
 *   the media after it under the header; several photos/videos (or documents, or audio files) as one album
 *   (core/notify/media.ts). A text over 4096 is still one row: the worker splits it. A file uploaded in the
 *   panel (no Telegram file id yet) is given as `{ stored: { localPath, … } }`, for the worker to upload; an
 *   album an agent sent in the staff group is one row built at send time, after the album's other updates.
 * - resolve: the question with Resolved ✅ / Not resolved ❌ buttons (core/notify/callbacks.ts);
 * - closed by an agent (with the reason) or automatically; reopened by an agent, or stepped back from resolved
 *   (the question he was asked no longer stands); cancelled (with the reason,
 *   the content rule's reasons named). Changes the requester made himself are answered by the bot directly.
 * Rows are written even when the requester blocked the bot (`reachable` false): the worker marks them.
 * Texts come from core/i18n/locales/<locale>/tickets.ftl in requester.locale ?? the default locale.
 */
import { capabilities } from '../channels.ts';
import type { Attachment, Channel, Locale } from '../entities/enums.ts';
import { Team } from '../entities/org.ts';
import { Requester, type StaffAccount } from '../entities/people.ts';
import { Ticket, TicketMessage } from '../entities/ticket.ts';
import { t } from '../i18n/index.ts';
import { accountForTicket } from '../services/requester-channels.ts';
import { getSettings } from '../services/settings.ts';
import { CAPTION_LIMIT, escapeHtml, ticketRef, visibleLength } from '../text/index.ts';
import type { OutboxDraft, Tx } from '../tx.ts';
import { resolutionKeyboard } from './callbacks.ts';
import type { Notifier } from './index.ts';
import { ALBUM_WINDOW_MS, albumOf, albumPayload, mediaCalls, takesCaption } from './media.ts';

interface Target {
  requester: Requester;
  channel: Channel;
  chatId: number;
  locale: Locale;
  ref: string;
}

async function target(tx: Tx, ticket: Ticket): Promise<Target | null> {
  if (ticket.requesterId === null) return null;
  const requester = await tx.em.findOne(Requester, { where: { id: ticket.requesterId } });
  if (!requester) return null;
  // the channel he last wrote this ticket from (a linked requester has two)
  const account = await accountForTicket(tx.em, requester.id, ticket.channel);
  if (!account) return null;
  const locale = requester.locale ?? tx.defaultLocale;
  return { requester, channel: account.channel, chatId: account.chatId, locale, ref: ticketRef(ticket.number, locale) };
}

/** the name the requester sees for an answer: the agent's, or the team's alias (setting agentNameMode) */
export async function answererName(tx: Tx, ticket: Ticket, staff: StaffAccount): Promise<string> {
  const settings = await getSettings(tx.em);
  if (settings.agentNameMode === 'team' && ticket.teamId !== null) {
    const team = await tx.em.findOne(Team, { where: { id: ticket.teamId } });
    if (team) return team.alias?.trim() || team.name;
  }
  return staff.displayName;
}

async function replyParameters(tx: Tx, msg: TicketMessage): Promise<Record<string, unknown> | null> {
  if (msg.replyToId === null) return null;
  const answered = await tx.em.findOne(TicketMessage, { where: { id: msg.replyToId } });
  if (!answered?.requesterMessageId) return null;
  return { message_id: answered.requesterMessageId, allow_sending_without_reply: true };
}

function reasonText(locale: Locale, reason: string | null | undefined, contentReasons: string[] | undefined): string {
  if (reason === 'content_rule') {
    if (!contentReasons?.length) return t(locale, 'tk-reason-content_rule-plain');
    const list = contentReasons.map((r) => t(locale, `tk-content-${r}`)).join(locale === 'fa' ? '، ' : ', ');
    return t(locale, 'tk-reason-content_rule', { reasons: list });
  }
  if (reason === 'spam' || reason === 'duplicate' || reason === 'auto_close') return t(locale, `tk-reason-${reason}`);
  return reason ? escapeHtml(reason) : '';
}

export const requesterNotifier: Partial<Notifier> = {
  async agentReplied(tx, ticket, msg, staff) {
    const to = await target(tx, ticket);
    if (!to) return;
    const header = t(to.locale, 'tk-reply-header', { name: escapeHtml(await answererName(tx, ticket, staff)), ref: to.ref });
    // a file known to Telegram by its id alone cannot be sent on another messenger: he is told of it instead
    const all = msg.attachments ?? [];
    const portable = (a: Attachment) => to.channel === 'telegram' || !!a.localPath || a.kind === 'location' || a.kind === 'contact';
    const left = all.filter((a) => !portable(a)).map((a) => t(to.locale, 'tk-file-elsewhere', { kind: t(to.locale, `tk-file-kind-${a.kind}`) }));
    const body = [msg.text ? escapeHtml(msg.text) : '', ...left].filter(Boolean).join('\n');
    const full = body ? `${header}\n\n${body}` : header;
    const reply = await replyParameters(tx, msg);
    const base = { channel: to.channel, chatId: to.chatId, purpose: 'answer', ticketId: ticket.id, ticketMessageId: msg.id };
    const drafts: OutboxDraft[] = [];
    const withReply = (p: Record<string, unknown>) => (reply && !drafts.length ? { ...p, reply_parameters: reply } : p);
    const media = all.filter(portable);
    const captionFits = media.length > 0 && takesCaption(media[0]!) && visibleLength(full) <= Math.min(CAPTION_LIMIT, capabilities(to.channel).captionLimit);
    if (!media.length || !captionFits) {
      drafts.push({ ...base, method: 'sendMessage', payload: withReply({ text: full, parse_mode: 'HTML', link_preview_options: { is_disabled: true } }) });
    }
    if (albumOf(media)) {
      // an album still arriving from the staff group: one row, built from the message when the window ends
      const caption = captionFits ? full : header;
      drafts.push({
        ...base,
        method: 'sendMediaGroup',
        payload: withReply(albumPayload(msg.id, caption)),
        notBefore: new Date(tx.now.getTime() + ALBUM_WINDOW_MS),
      });
    } else {
      for (const call of mediaCalls(media, captionFits ? full : header, header))
        drafts.push({ ...base, method: call.method, payload: withReply(call.payload) });
    }
    await tx.outbox(...drafts);
  },

  async stateChanged(tx, ticket, before, actor, extra) {
    const to = await target(tx, ticket);
    if (!to) return;
    const byRequester = actor.kind === 'requester';
    const base = { channel: to.channel, chatId: to.chatId, ticketId: ticket.id };
    const title = escapeHtml(ticket.title);
    if (ticket.state === 'resolved' && extra.action === 'resolve') {
      await tx.outbox({
        ...base,
        purpose: 'resolve_ask',
        method: 'sendMessage',
        payload: {
          text: t(to.locale, 'tk-resolved-ask', { ref: to.ref, title }),
          parse_mode: 'HTML',
          reply_markup: resolutionKeyboard(to.locale, ticket.id),
        },
      });
      return;
    }
    if (byRequester) return;
    let text: string | null = null;
    if (ticket.state === 'closed' && extra.action === 'auto_close') text = t(to.locale, 'tk-auto-closed', { ref: to.ref, title });
    else if (ticket.state === 'closed' && extra.action === 'close') {
      const reason = reasonText(to.locale, extra.reason, extra.contentReasons);
      text = t(to.locale, reason ? 'tk-closed' : 'tk-closed-no-reason', { ref: to.ref, title, reason });
    } else if (ticket.state === 'cancelled') {
      const reason = reasonText(to.locale, extra.reason, extra.contentReasons);
      text = t(to.locale, reason ? 'tk-cancelled' : 'tk-cancelled-no-reason', { ref: to.ref, title, reason });
    } else if (extra.action === 'reopen' && (before === 'closed' || before === 'cancelled')) {
      text = t(to.locale, 'tk-reopened', { ref: to.ref, title });
    } else if (extra.action === 'merge' && ticket.mergedIntoId !== null) {
      // merged into another ticket of his (core/services/tickets/merge.ts): the number to follow from now on
      const kept = await tx.em.findOne(Ticket, { where: { id: ticket.mergedIntoId }, select: { id: true, number: true } });
      if (kept) text = t(to.locale, 'tk-merged', { ref: to.ref, kept: ticketRef(kept.number, to.locale), title });
    } else if (extra.action === 'step_back' && before === 'resolved') {
      // the "was it resolved?" question he was asked no longer stands
      text = t(to.locale, 'tk-stepped-back', { ref: to.ref, title });
    }
    if (text) await tx.outbox({ ...base, purpose: 'notify', method: 'sendMessage', payload: { text, parse_mode: 'HTML' } });
  },
};
