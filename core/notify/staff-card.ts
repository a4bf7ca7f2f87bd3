/**
 * The staff chat's card of a ticket (core/notify/staff.ts sends and edits it): its header (number, requester,
 * catalogue path, priority, state, assignee, SLA line, the messenger), the opening message's description and
 * first file (one message: a photo with the card as caption, or the text), the buttons, and the face the
 * worker compares an edit with (currentCard).
 */
import { type EntityManager } from 'typeorm';
import type { Attachment, Locale } from '../entities/enums.ts';
import { Department, Subject, Team, ValueChain } from '../entities/org.ts';
import { MemberType, Requester, StaffAccount } from '../entities/people.ts';
import { OutboxMessage } from '../entities/system.ts';
import { Ticket, TicketMessage } from '../entities/ticket.ts';
import { t } from '../i18n/index.ts';
import { requesterPhoneFor } from '../services/phone-view.ts';
import { getSettings } from '../services/settings.ts';
import { isStoppedState } from '../services/tickets/transitions.ts';
import { CAPTION_LIMIT, escapeHtml, MESSAGE_LIMIT, ticketRef, visibleLength } from '../text/index.ts';
import { slaLine } from './card-sla.ts';
import { albumOf, attachmentCall, takesCaption } from './media.ts';

/** the staff side's language */
export const L: Locale = 'fa';
/** the card's message in a plain group, resolved by the worker from tickets.cardMessageId */
export const CARD_MESSAGE = -1;
/** the ticket's forum topic, resolved by the worker from tickets.forumThreadId */
export const TICKET_TOPIC = -1;

export const STAFF_CALLBACK = /^st:(take|res|cls|pri|prs):(\d+)(?::([a-z]+))?$/;
export const staffCallback = (action: 'take' | 'res' | 'cls' | 'pri', ticketId: number) => `st:${action}:${ticketId}`;

/** the card's header: number, requester, catalogue path, priority, state, assignee */
async function cardHeader(em: EntityManager, ticket: Ticket): Promise<string> {
  const requester = ticket.requesterId ? await em.findOneBy(Requester, { id: ticket.requesterId }) : null;
  const memberType = requester?.memberTypeId ? await em.findOneBy(MemberType, { id: requester.memberTypeId }) : null;
  const settings = await getSettings(em);
  const phone = requester?.phone ? requesterPhoneFor(requester.phone, settings, 'staff_chat') : '—';
  const path = [
    ticket.valueChainId ? (await em.findOneBy(ValueChain, { id: ticket.valueChainId }))?.nameFa : null,
    ticket.departmentId ? (await em.findOneBy(Department, { id: ticket.departmentId }))?.nameFa : null,
    ticket.subjectId ? (await em.findOneBy(Subject, { id: ticket.subjectId }))?.nameFa : null,
  ]
    .filter(Boolean)
    .join(' › ');
  const assignee = ticket.assigneeId ? (await em.findOneBy(StaffAccount, { id: ticket.assigneeId }))?.displayName : null;
  const team = ticket.teamId ? (await em.findOneBy(Team, { id: ticket.teamId }))?.name : null;
  const card = t(L, 'st-card', {
    ref: ticketRef(ticket.number, L),
    title: escapeHtml(ticket.title),
    requester: escapeHtml(requester?.fullName || '—'),
    memberType: escapeHtml(memberType?.nameFa ?? '—'),
    phone: escapeHtml(phone),
    path: escapeHtml(path || '—'),
    team: escapeHtml(team ?? '—'),
    priority: t(L, `st-priority-${ticket.priority}`),
    state: t(L, `st-state-${ticket.state}`),
    assignee: escapeHtml(assignee ?? t(L, 'st-unassigned')),
    internal: ticket.internal ? 'yes' : 'no',
  });
  const sla = await slaLine(em, ticket.id);
  const withSla = sla ? `${card}\n${sla}` : card;
  // the messenger, when it is not Telegram: the requester is answered there (issue 20)
  return requester && ticket.channel !== 'telegram' ? `${withSla}\n${t(L, 'st-card-channel', { channel: t(L, `channel-${ticket.channel}`) })}` : withSla;
}

/** the message that opened the ticket: its description and the requester's first files */
async function openingMessage(em: EntityManager, ticketId: number): Promise<Pick<TicketMessage, 'id' | 'text' | 'attachments' | 'channel'> | null> {
  return em.findOne(TicketMessage, {
    where: { ticketId, direction: 'in' },
    order: { id: 'ASC' },
    select: { id: true, text: true, attachments: true, channel: true },
  });
}

/** the card's forms: a text message, or the requester's first file with the card as its caption */
export interface CardForm {
  method: string;
  payload: Record<string, unknown>;
  /** the description did not fit the card whole: it follows as a message of its own */
  cut: boolean;
  /** the file the card carries (not sent again after it) */
  file: Attachment | null;
  /** the requester writes from another messenger (Bale): his files cannot be sent into Telegram, the card names them */
  foreign: boolean;
}

/**
 * The card: header, the requester's description and, when the ticket opened with files, the first of them
 * with the card as its caption (one message, its buttons on it). An album being collected, a file that
 * takes no caption, or a card whose description would not fit a caption (1,024 characters) make a text card
 * (4,096) that the files follow. `method` keeps the form the card was sent in (its edits must match it).
 */
export async function cardForm(em: EntityManager, ticket: Ticket, method?: string): Promise<CardForm> {
  const header = await cardHeader(em, ticket);
  const first = await openingMessage(em, ticket.id);
  // the files of the opening message are of the messenger it was written on
  const foreign = !!first && first.channel !== 'telegram';
  const opened = first?.attachments ?? [];
  // another messenger's file ids mean nothing to Telegram: the card names those files instead
  const files = foreign ? [] : opened;
  const named = foreign ? opened.map((a) => `\n${t(L, 'st-from-requester-file', { kind: a.kind })}`).join('') : '';
  const candidate = !albumOf(files) && files[0] && takesCaption(files[0]) ? files[0] : null;
  const description = first?.text ?? '';
  const build = (limit: number, rest: number) => {
    const filesLine = (rest ? `\n${t(L, 'st-card-files', { count: rest })}` : '') + named;
    const room = limit - visibleLength(header) - visibleLength(filesLine) - 4;
    const cut = description.length > room;
    const shown = cut ? `${description.slice(0, Math.max(0, room - 1))}…` : description;
    return { text: header + (shown ? `\n\n${escapeHtml(shown)}` : '') + filesLine, cut };
  };
  const asCaption = method ? method !== 'sendMessage' && !!candidate : !!candidate && !build(CAPTION_LIMIT, files.length - 1).cut;
  const reply_markup = cardKeyboard(ticket);
  if (asCaption && candidate) {
    const { text, cut } = build(CAPTION_LIMIT, files.length - 1);
    const call = attachmentCall(candidate, text);
    return { method: call.method, payload: { ...call.payload, caption: text, parse_mode: 'HTML', reply_markup }, cut, file: candidate, foreign };
  }
  const { text, cut } = build(MESSAGE_LIMIT, files.length);
  return { method: 'sendMessage', payload: { text, parse_mode: 'HTML', reply_markup }, cut, file: null, foreign };
}

/** the card's text as a text message (a card sent again: a migrated group) */
export async function cardText(em: EntityManager, ticket: Ticket): Promise<string> {
  return (await cardForm(em, ticket, 'sendMessage')).payload.text as string;
}

/** the card as the ticket's latest card row in this chat was sent (its form), rendered now */
export async function currentCard(em: EntityManager, ticket: Ticket, chatId: number): Promise<CardForm> {
  const row = await em.findOne(OutboxMessage, {
    where: { chatId, ticketId: ticket.id, purpose: 'card' },
    order: { id: 'DESC' },
    select: { id: true, method: true },
  });
  return cardForm(em, ticket, row?.method ?? 'sendMessage');
}

export function cardKeyboard(ticket: Ticket) {
  const done = isStoppedState(ticket.state);
  if (done) return { inline_keyboard: [] as { text: string; callback_data: string }[][] };
  return {
    inline_keyboard: [
      [
        { text: t(L, 'st-btn-take'), callback_data: staffCallback('take', ticket.id) },
        { text: t(L, 'st-btn-priority'), callback_data: staffCallback('pri', ticket.id) },
      ],
      [
        { text: t(L, 'st-btn-resolve'), callback_data: staffCallback('res', ticket.id) },
        { text: t(L, 'st-btn-close'), callback_data: staffCallback('cls', ticket.id) },
      ],
    ],
  };
}
