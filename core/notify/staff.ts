/**
 * What the staff chat of a ticket receives, as outbox rows (the worker delivers them in order per chat; the
 * whole set and why is in the README, "What the staff chat receives"):
 * - a new ticket: in a forum supergroup a topic `#number · title` (createForumTopic, not a message; rows with
 *   threadId -1 go to the ticket's topic, resolved at send time), then ONE message, the card: the header,
 *   the description and the requester's first file with the card as its caption (`cardForm`); what does
 *   not fit follows it (other files, an album, a description too long for a card);
 * - each later requester message: a copy (copyMessage) into the topic, or as a reply to the card
 *   (reply_parameters.message_id -1 = the card, resolved at send time); edits as a short notice; an album
 *   arrives as an album (one row built when its updates are in);
 * - replies and notes written in the panel (their files too), transfers, and state changes made by the
 *   requester (with his rating), as messages: agents are alerted to them;
 * - state, priority and assignee changes edit the card (one edit per ticket within CARD_EDIT_WINDOW_MS,
 *   the latest wins; the worker skips an edit that would not change the card); the topic closed and reopened;
 * - the agent a ticket is assigned or transferred to: a direct message with a link to the panel.
 * The staff chat of a ticket: an active chat bound to its department, else to its team; a new ticket goes to
 * the one with the least backlog (staff-chats.ts); none for a team with "no staff chat" (panel-only.ts). The card
 * itself (its header, description, first file, buttons) is built in staff-card.ts.
 */
import { In } from 'typeorm';
import { type StaffChat } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { OutboxMessage } from '../entities/system.ts';
import { Ticket, TicketMessage } from '../entities/ticket.ts';
import { t } from '../i18n/index.ts';
import { CAPTION_LIMIT, escapeHtml, ticketRef, visibleLength } from '../text/index.ts';
import { isStoppedState } from '../services/tickets/transitions.ts';
import type { OutboxDraft, Tx } from '../tx.ts';
import { registerNotifier, type Notifier } from './index.ts';
import { memoisedStaffChat, useStaffChatLookup } from './batch-memo.ts';
import { CARD_MESSAGE, cardForm, currentCard, L, TICKET_TOPIC, type CardForm } from './staff-card.ts';
import { panelKeyboard } from './links.ts';
import { panelOnlyNotifier } from './panel-only.ts';
import { staffChatOf, teamWithoutStaffChat } from './staff-chats.ts';
import { ALBUM_WINDOW_MS, albumOf, albumPayload, mediaCalls } from './media.ts';

export { staffChatOf } from './staff-chats.ts';
export { CARD_MESSAGE, STAFF_CALLBACK, TICKET_TOPIC, cardForm, cardKeyboard, cardText, currentCard, staffCallback, type CardForm } from './staff-card.ts';

interface Place {
  chat: StaffChat;
  threadId: number | null;
  /** plain groups: messages answer the card */
  replyToCard: boolean;
}

async function place(tx: Tx, ticket: Ticket, spread = false): Promise<Place | null> {
  // a batch of follow-ups looks each chat up once for all its tickets (batch-memo.ts); a new ticket is spread
  const chat = spread ? await staffChatOf(tx.em, ticket, { spread }) : await memoisedStaffChat(tx, ticket, () => staffChatOf(tx.em, ticket));
  if (!chat) return null;
  return chat.layout === 'forum' ? { chat, threadId: TICKET_TOPIC, replyToCard: false } : { chat, threadId: null, replyToCard: true };
}

function draft(p: Place, ticket: Ticket, method: string, payload: Record<string, unknown>, purpose = 'relay', ticketMessageId?: number): OutboxDraft {
  const withReply =
    p.replyToCard && method !== 'editMessageText' ? { ...payload, reply_parameters: { message_id: CARD_MESSAGE, allow_sending_without_reply: true } } : payload;
  return { chatId: p.chat.chatId, threadId: p.threadId, method, payload: withReply, purpose, ticketId: ticket.id, ticketMessageId: ticketMessageId ?? null };
}

async function mirror(tx: Tx, ticket: Ticket, text: string) {
  const p = await place(tx, ticket);
  if (p) await tx.outbox(draft(p, ticket, 'sendMessage', { text, parse_mode: 'HTML' }, 'mirror'));
}

/** changes of one ticket within this window become one card edit (the latest wins) */
export const CARD_EDIT_WINDOW_MS = 1000;

/**
 * Edits the card (the worker resolves the card's message id). A card edit waits CARD_EDIT_WINDOW_MS, and an
 * edit of the same card still waiting is cancelled by this one (the latest wins): several changes within
 * the window are one edit. The worker sends no edit that would not change the card (jobs/outbox/card.ts).
 */
async function editCard(tx: Tx, ticket: Ticket) {
  const p = await place(tx, ticket);
  if (!p) return;
  const fresh = (await tx.em.findOneBy(Ticket, { id: ticket.id })) ?? ticket;
  await tx.em
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ status: 'cancelled', lastError: 'superseded by a later edit of the card', nextAttemptAt: null })
    .where("chatId = :chat AND ticketId = :ticket AND purpose = 'card_edit' AND status = 'pending'", { chat: p.chat.chatId, ticket: ticket.id })
    .execute();
  const card = await currentCard(tx.em, fresh, p.chat.chatId);
  // a card not sent yet goes out as it is now (the edit below then finds nothing to change)
  await tx.em.update(OutboxMessage, { chatId: p.chat.chatId, ticketId: ticket.id, purpose: 'card', status: 'pending' }, { payload: card.payload as never });
  const { reply_markup, parse_mode } = card.payload;
  const edit =
    card.method === 'sendMessage'
      ? { method: 'editMessageText', payload: { message_id: CARD_MESSAGE, text: card.payload.text, parse_mode, reply_markup } }
      : { method: 'editMessageCaption', payload: { message_id: CARD_MESSAGE, caption: card.payload.caption, parse_mode, reply_markup } };
  await tx.outbox({
    notBefore: new Date(tx.now.getTime() + CARD_EDIT_WINDOW_MS),
    chatId: p.chat.chatId,
    threadId: null,
    ...edit,
    purpose: 'card_edit',
    ticketId: ticket.id,
  });
}

/**
 * The card shows what the ticket is now (an SLA target warned or breached): one edit, like a change; only
 * when the ticket has a card in its chat (a ticket that never had one there has nothing to edit).
 */
export async function refreshCard(tx: Tx, ticket: Ticket): Promise<void> {
  const p = await place(tx, ticket);
  if (!p) return;
  const hasCard = await tx.em.existsBy(OutboxMessage, {
    chatId: p.chat.chatId,
    ticketId: ticket.id,
    purpose: 'card',
    status: In(['pending', 'sending', 'sent']),
  });
  if (hasCard) await editCard(tx, ticket);
}

/**
 * What follows the card at opening: the description when the card could not hold it whole, the requester's
 * other files (albums where Telegram allows; an album still being collected as one album row).
 */
function openingRest(tx: Tx, p: Place, ticket: Ticket, msg: TicketMessage, card: CardForm): OutboxDraft[] {
  const out: OutboxDraft[] = [];
  if (card.cut && msg.text)
    out.push(draft(p, ticket, 'sendMessage', { text: t(L, 'st-from-requester', { text: escapeHtml(msg.text) }), parse_mode: 'HTML' }, 'relay', msg.id));
  const files = (msg.attachments ?? []).filter(
    (a) => a !== card.file && !(card.file && a.fileId && a.fileId === card.file.fileId && a.kind === card.file.kind),
  );
  if (!files.length) return out;
  if (albumOf(files)) {
    out.push({ ...draft(p, ticket, 'sendMediaGroup', albumPayload(msg.id, null), 'relay', msg.id), notBefore: new Date(tx.now.getTime() + ALBUM_WINDOW_MS) });
    return out;
  }
  for (const call of mediaCalls(files, null)) out.push(draft(p, ticket, call.method, call.payload, 'relay', msg.id));
  return out;
}

/**
 * A requester's message in the staff chat: the copy of his Telegram message, then the files that came in
 * other messages (the intake's attachments step) by file id; an album as one album once its updates are in.
 */
function requesterRelay(tx: Tx, p: Place, ticket: Ticket, msg: TicketMessage): OutboxDraft[] {
  const files = msg.attachments ?? [];
  const from = msg.text ? t(L, 'st-from-requester', { text: escapeHtml(msg.text) }) : null;
  const out: OutboxDraft[] = [];
  const own = msg.requesterChatId && msg.requesterMessageId ? msg.requesterMessageId : null;
  // the message itself is an album's first item (its other items join it while the window is open)
  const album = own ? albumOf(files.filter((a) => a.messageId === own)) : albumOf(files);
  if (album) {
    const fits = from !== null && visibleLength(from) <= CAPTION_LIMIT;
    if (from && !fits) out.push(draft(p, ticket, 'sendMessage', { text: from, parse_mode: 'HTML' }, 'relay', msg.id));
    // no text yet: the album's caption may come on a later item, framed at send time
    const caption = from ? { caption: fits ? from : null } : { caption: null, caption_key: 'st-from-requester', caption_locale: L };
    const payload = { ...albumPayload(msg.id, null), ...caption };
    out.push({ ...draft(p, ticket, 'sendMediaGroup', payload, 'relay', msg.id), notBefore: new Date(tx.now.getTime() + ALBUM_WINDOW_MS) });
    return out;
  }
  if (own) out.push(draft(p, ticket, 'copyMessage', { from_chat_id: msg.requesterChatId, message_id: own }, 'relay', msg.id));
  else if (from) out.push(draft(p, ticket, 'sendMessage', { text: from, parse_mode: 'HTML' }, 'relay', msg.id));
  // files of other messages (an attachment without messageId is one of the copied message: older rows)
  const rest = own ? files.filter((a) => a.messageId !== undefined && a.messageId !== own) : files;
  for (const call of mediaCalls(rest, null)) out.push(draft(p, ticket, call.method, call.payload, 'relay', msg.id));
  return out;
}

export const staffNotifier: Partial<Notifier> = {
  async ticketOpened(tx, ticket, message) {
    // a new ticket: of the department's (or team's) chats, the one with the least backlog; it stays there
    const p = await place(tx, ticket, true);
    if (!p) return;
    await tx.em.update(Ticket, { id: ticket.id }, { staffChatId: p.chat.id });
    ticket.staffChatId = p.chat.id;
    const drafts: OutboxDraft[] = [];
    if (p.chat.layout === 'forum') {
      // a topic is not a message (it does not spend the group's budget), the card is the one message
      drafts.push({
        chatId: p.chat.chatId,
        threadId: null,
        method: 'createForumTopic',
        payload: { name: `#${ticket.number} · ${ticket.title}`.slice(0, 128) },
        purpose: 'topic',
        ticketId: ticket.id,
      });
    }
    // the card carries the description and the first file; the rest follows it
    const card = await cardForm(tx.em, ticket);
    drafts.push({ chatId: p.chat.chatId, threadId: p.threadId, method: card.method, payload: card.payload, purpose: 'card', ticketId: ticket.id });
    if (message) drafts.push(...openingRest(tx, p, ticket, card.foreign ? { ...message, attachments: [] } : message, card));
    await tx.outbox(...drafts);
  },

  async requesterMessageAdded(tx, ticket, msg) {
    const p = await place(tx, ticket);
    if (!p) return;
    // a message from another messenger cannot be copied into a Telegram chat: its text is relayed, its files named
    if (msg.channel !== 'telegram') {
      const files = (msg.attachments ?? []).map((a) => t(L, 'st-from-requester-file', { kind: a.kind }));
      const text = t(L, 'st-from-requester', { text: escapeHtml(msg.text ?? '') }) + (files.length ? `\n${files.join('\n')}` : '');
      await tx.outbox(draft(p, ticket, 'sendMessage', { text, parse_mode: 'HTML' }, 'relay', msg.id));
      return;
    }
    await tx.outbox(...requesterRelay(tx, p, ticket, msg));
  },

  async requesterMessageEdited(tx, ticket, msg) {
    await mirror(tx, ticket, t(L, 'st-edited', { text: escapeHtml(msg.text ?? '') }));
  },

  async agentReplied(tx, ticket, msg, staff) {
    if (msg.via === 'telegram') return; // written in the group already
    const p = await place(tx, ticket);
    if (!p) return;
    const text = t(L, 'st-panel-reply', { name: escapeHtml(staff.displayName), text: escapeHtml(msg.text ?? '') });
    const drafts = [draft(p, ticket, 'sendMessage', { text, parse_mode: 'HTML' }, 'mirror', msg.id)];
    for (const call of mediaCalls(msg.attachments ?? [], null)) drafts.push(draft(p, ticket, call.method, call.payload, 'mirror', msg.id));
    await tx.outbox(...drafts);
  },

  async noteAdded(tx, ticket, msg, staff) {
    if (msg.via === 'telegram') return;
    const p = await place(tx, ticket);
    if (!p) return;
    const text = t(L, 'st-panel-note', { name: escapeHtml(staff.displayName), text: escapeHtml(msg.text ?? '') });
    const drafts = [draft(p, ticket, 'sendMessage', { text, parse_mode: 'HTML' }, 'mirror', msg.id)];
    for (const call of mediaCalls(msg.attachments ?? [], null)) drafts.push(draft(p, ticket, call.method, call.payload, 'mirror', msg.id));
    await tx.outbox(...drafts);
  },

  async stateChanged(tx, ticket, before, actor, extra) {
    const p = await place(tx, ticket);
    if (!p) return;
    // the card shows the state; a message only for what the other side did (the requester reopened, said
    // not resolved, rated): agents are alerted to it
    const alert = actor.kind === 'requester';
    const who = actor.kind === 'staff' ? actor.staff.displayName : actor.kind === 'requester' ? t(L, 'st-the-requester') : t(L, 'st-the-system');
    let text = t(L, 'st-state-changed', { who: escapeHtml(who), from: t(L, `st-state-${before}`), to: t(L, `st-state-${ticket.state}`) });
    if (extra.rating) {
      // the requester's rating, as the ticket page shows it: stars, the score and his comment
      const { score, comment } = extra.rating;
      text += `\n${t(L, 'st-rating', { stars: '★'.repeat(score) + '☆'.repeat(5 - score), score })}`;
      if (comment) text += `\n${t(L, 'st-rating-comment', { comment: escapeHtml(comment) })}`;
    }
    if (extra.reason) text += `\n${t(L, 'st-reason', { reason: escapeHtml(extra.reason) })}`;
    const drafts: OutboxDraft[] = alert ? [draft(p, ticket, 'sendMessage', { text, parse_mode: 'HTML' }, 'mirror')] : [];
    const closedNow = isStoppedState(ticket.state) && !isStoppedState(before);
    const reopened = !isStoppedState(ticket.state) && isStoppedState(before);
    if (p.chat.layout === 'forum' && closedNow)
      drafts.push({ chatId: p.chat.chatId, threadId: TICKET_TOPIC, method: 'closeForumTopic', payload: {}, purpose: 'topic_state', ticketId: ticket.id });
    if (p.chat.layout === 'forum' && reopened)
      drafts.unshift({ chatId: p.chat.chatId, threadId: TICKET_TOPIC, method: 'reopenForumTopic', payload: {}, purpose: 'topic_state', ticketId: ticket.id });
    if (drafts.length) await tx.outbox(...drafts);
    await editCard(tx, ticket);
  },

  async assigned(tx, ticket, staffId, actor) {
    await editCard(tx, ticket);
    if (staffId === null) return;
    const agent = await tx.em.findOneBy(StaffAccount, { id: staffId });
    if (!agent?.telegramId || (actor.kind === 'staff' && actor.staff.id === staffId)) return;
    await tx.outbox({
      chatId: agent.telegramId,
      method: 'sendMessage',
      purpose: 'dm',
      ticketId: ticket.id,
      payload: {
        text: t(agent.locale, 'st-dm-assigned', { ref: ticketRef(ticket.number, agent.locale), title: escapeHtml(ticket.title) }),
        parse_mode: 'HTML',
        ...panelKeyboard(tx.publicUrl, `/tickets/${ticket.id}`, t(agent.locale, 'st-open-panel')),
      },
    });
  },

  async transferred(tx, ticket, _before, actor, note) {
    await mirror(tx, ticket, t(L, 'st-transferred', { who: escapeHtml(actor.kind === 'staff' ? actor.staff.displayName : '—'), note: escapeHtml(note ?? '') }));
  },

  async fieldChanged(tx, ticket, change) {
    if (change.field === 'priority') await editCard(tx, ticket);
  },
};

let registered = false;
/** registers the staff-side notifier once per process */
export function registerStaffNotifier(): void {
  if (registered) return;
  registered = true;
  registerNotifier(staffNotifier);
  registerNotifier(panelOnlyNotifier); // teams with "no staff chat": their agents are told privately
  useStaffChatLookup((em, ticket, noStaffChat) => staffChatOf(em, ticket, { noStaffChat }), teamWithoutStaffChat);
}
