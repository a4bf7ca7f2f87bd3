/**
 * What the bot's private chat reads and records beside the ticket services: the requester behind a chat (with
 * his member type's staff flag, in the one statement every private update makes), the active catalogue entries
 * a deep link names, the messages of a chat that belong to a ticket (MessageLink, replies route by them), and a
 * new ticket's first-response deadline.
 */
import { DataSource } from 'typeorm';
import type { Channel } from '../entities/enums.ts';
import { MemberType, Requester, RequesterChannel } from '../entities/people.ts';
import { Department, Subject } from '../entities/org.ts';
import { MessageLink, Ticket } from '../entities/ticket.ts';
import { SlaTarget } from '../entities/sla.ts';
import { columnSql, selectPairs, tableOf } from '../db/rows-sql.ts';
import { managerOf, type ReadSource } from '../services/org-common.ts';
import { coalesced, type Coalesced } from './coalesce.ts';
import { OPEN_SHOWN } from './my-tickets.ts';
import { ACTIVE_STATES } from '../services/tickets/transitions.ts';

type ChatRequester = {
  requester: Requester;
  staffType: boolean;
  /** the account on this channel can be written to (core/notify/undelivered.ts) */
  reachable: boolean;
  /** his open tickets (on every channel of his), newest activity first (core/read/my-tickets.ts openTicketLines takes them as `known`) */
  openTickets: Ticket[];
} | null;

/**
 * the requesters behind these users' accounts on a channel (requester_channels), with the account's
 * reachability, their member type's staff flag and their open tickets, in one statement (the tickets LEFT JOINed:
 * a requester with no open ticket has one row with none); it was two, sent at once, and each statement costs this
 * process a socket write and MariaDB a wake-up (test/bench/inbound.bench.ts)
 */
async function requestersForChats(src: ReadSource, telegramIds: number[], channel: Channel): Promise<Map<number, NonNullable<ChatRequester>>> {
  const em = managerOf(src);
  // plain SQL (core/db/rows-sql.ts): this read runs for every batch of private updates
  const c = (p: string) => columnSql(em, RequesterChannel, 'c', p);
  const t = (p: string) => columnSql(em, Ticket, 't', p);
  const rows = await selectPairs(
    em,
    [Requester, 'r'],
    [Ticket, 't'],
    `INNER JOIN ${tableOf(em, RequesterChannel)} c ON ${c('requesterId')} = ${columnSql(em, Requester, 'r', 'id')}` +
      ` LEFT JOIN ${tableOf(em, MemberType)} mt ON ${columnSql(em, MemberType, 'mt', 'id')} = ${columnSql(em, Requester, 'r', 'memberTypeId')}` +
      ` LEFT JOIN ${tableOf(em, Ticket)} t ON ${t('requesterId')} = ${columnSql(em, Requester, 'r', 'id')} AND ${t('state')} IN (${ACTIVE_STATES.map(() => '?').join(', ')})` +
      ` WHERE ${c('channel')} = ? AND ${c('userId')} IN (${telegramIds.map(() => '?').join(', ')})` +
      // his open tickets newest activity first
      ` ORDER BY ${c('userId')}, ${t('lastActivityAt')} DESC, ${t('id')} DESC`,
    [...ACTIVE_STATES, channel, ...telegramIds],
    { isStaff: columnSql(em, MemberType, 'mt', 'isStaff'), reachable: c('reachable'), userId: c('userId') },
  );
  const out = new Map<number, NonNullable<ChatRequester>>();
  for (const { a: r, b: ticket, extra: x } of rows) {
    const userId = Number(x.userId);
    let entry = out.get(userId);
    if (!entry) {
      out.set(
        userId,
        (entry = {
          requester: r,
          staffType: r.memberTypeId !== null && !!Number(x.isStaff ?? 0),
          reachable: !!Number(x.reachable ?? 1),
          openTickets: [],
        }),
      );
    }
    if (ticket && entry.openTickets.length < OPEN_SHOWN) entry.openTickets.push(ticket);
  }
  return out;
}

/** per data source and channel: the calls of one turn of the event loop answered by one statement */
const chatReaders = new WeakMap<object, Map<Channel, Coalesced<number, ChatRequester>>>();

/**
 * the requester behind this user's account on a channel (core/channels.ts, requester_channels), the account's
 * reachability, whether his member type is a staff type, and his open tickets (one statement; outside a
 * transaction, the calls of many chats at once share it: core/read/coalesce.ts)
 */
export async function requesterForChat(src: ReadSource, telegramId: number, channel: Channel = 'telegram'): Promise<ChatRequester> {
  if (!(src instanceof DataSource)) return (await requestersForChats(src, [telegramId], channel)).get(telegramId) ?? null;
  let byChannel = chatReaders.get(src);
  if (!byChannel) chatReaders.set(src, (byChannel = new Map()));
  let reader = byChannel.get(channel);
  if (!reader) byChannel.set(channel, (reader = coalesced<number, ChatRequester>((ids) => requestersForChats(src, ids, channel), null)));
  return reader.load(telegramId);
}

export const activeDepartment = (src: ReadSource, id: number) => managerOf(src).findOne(Department, { where: { id, active: true } });
export const activeSubject = (src: ReadSource, id: number) => managerOf(src).findOne(Subject, { where: { id, active: true } });

/** the ticket a message of this chat (of this channel) belongs to (its MessageLink), if any */
export async function ticketIdOfMessage(src: ReadSource, chatId: number, messageId: number, channel: Channel = 'telegram'): Promise<number | null> {
  const link = await managerOf(src).findOne(MessageLink, { where: { channel, chatId, messageId } });
  return link?.ticketId ?? null;
}

/** records that a message the bot sent in a private chat belongs to a ticket (kept once per message) */
export async function linkRequesterMessage(
  src: ReadSource,
  l: { channel?: Channel; chatId: number; messageId: number; ticketId: number; ticketMessageId?: number | null; at: Date },
): Promise<void> {
  const repo = managerOf(src).getRepository(MessageLink);
  const channel = l.channel ?? 'telegram';
  if (await repo.existsBy({ channel, chatId: l.chatId, messageId: l.messageId })) return;
  await repo.insert({
    channel,
    chatId: l.chatId,
    messageId: l.messageId,
    ticketId: l.ticketId,
    ticketMessageId: l.ticketMessageId ?? null,
    side: 'requester',
    createdAt: l.at,
  });
}

/** the ticket's first-response deadline, if it has one */
export async function firstResponseDeadline(src: ReadSource, ticketId: number): Promise<Date | null> {
  const first = await managerOf(src).findOne(SlaTarget, { where: { ticketId, kind: 'first_response' } });
  return first?.deadline ?? null;
}
