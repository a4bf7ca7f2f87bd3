/**
 * What the bot's private chat reads and records beside the ticket services: the requester behind a chat (with
 * his member type's staff flag, in the one statement every private update makes), the active catalogue entries
 * a deep link names, the messages of a chat that belong to a ticket (MessageLink, replies route by them), and a
 * new ticket's first-response deadline.
 */
import type { Channel } from '../entities/enums.ts';
import { MemberType, Requester, RequesterChannel } from '../entities/people.ts';
import { Department, Subject } from '../entities/org.ts';
import { MessageLink } from '../entities/ticket.ts';
import { SlaTarget } from '../entities/sla.ts';
import { managerOf, type ReadSource } from '../services/org-common.ts';

/**
 * The requester behind this user's account on a channel (core/channels.ts, requester_channels), the account's
 * reachability, and whether his member type is a staff type — one statement, as before accounts had a table.
 */
export async function requesterForChat(
  src: ReadSource,
  telegramId: number,
  channel: Channel = 'telegram',
): Promise<{ requester: Requester; staffType: boolean; reachable: boolean } | null> {
  const { entities, raw } = await managerOf(src)
    .getRepository(Requester)
    .createQueryBuilder('r')
    .innerJoin(RequesterChannel, 'c', 'c.requesterId = r.id')
    .leftJoin(MemberType, 'mt', 'mt.id = r.memberTypeId')
    .addSelect('mt.isStaff', 'isStaff')
    .addSelect('c.reachable', 'reachable')
    .where('c.channel = :channel AND c.userId = :telegramId', { channel, telegramId })
    .limit(1)
    .getRawAndEntities<{ isStaff: unknown; reachable: unknown }>();
  const requester = entities[0];
  if (!requester) return null;
  return {
    requester,
    staffType: requester.memberTypeId !== null && !!Number(raw[0]?.isStaff ?? 0),
    reachable: !!Number(raw[0]?.reachable ?? 1),
  };
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
