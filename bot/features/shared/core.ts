/**
 * The bot's window on the core: every call the private-chat features and conversations make, with
 * plain JSON-safe results (conversations persist what `external()` returns) and the core's typed
 * errors turned into outcomes the bot can word (finished, content rule, limit, refused).
 */
import { In } from 'typeorm';
import type { User } from 'grammy/types';
import { MemberType, Requester, StaffAccount } from '../../../core/entities/people.ts';
import { Department, Subject } from '../../../core/entities/org.ts';
import { MessageLink, Ticket } from '../../../core/entities/ticket.ts';
import { userFacingStatus, type Attachment, type Locale, type Priority } from '../../../core/entities/enums.ts';
import { ACTIVE_STATES, openTicketLimit, type OpenLimit } from '../../../core/services/tickets/index.ts';
import { channelOf, type BotDeps } from '../../context.ts';

/** the requester behind a private chat, as the bot needs it */
export interface Me {
  id: number;
  telegramId: number;
  fullName: string;
  phone: string | null;
  memberTypeId: number | null;
  locale: Locale | null;
  registered: boolean;
  /** a staff-type member: may send requests to a colleague */
  staff: boolean;
  blocked: boolean;
  reachable: boolean;
}

/**
 * The Requester row each Me was read from, for the core calls of the same update (the actor of a follow-up):
 * not a property of Me, which must stay JSON-safe, and dropped with the Me.
 */
const rows = new WeakMap<Me, Requester>();
export const requesterRowOf = (me: Me | null | undefined): Requester | undefined => (me ? rows.get(me) : undefined);

const name = (locale: Locale, x: { nameFa: string; nameEn: string }) => (locale === 'en' ? x.nameEn || x.nameFa : x.nameFa);

export async function loadMe(deps: BotDeps, telegramId: number): Promise<Me | null> {
  // one query per update (every update of a private chat asks): the member type joined for its staff flag
  const { entities, raw } = await deps.core.ds
    .getRepository(Requester)
    .createQueryBuilder('r')
    .leftJoin(MemberType, 'mt', 'mt.id = r.memberTypeId')
    .addSelect('mt.isStaff', 'isStaff')
    .where('r.channel = :channel AND r.telegramId = :telegramId', { channel: channelOf(deps), telegramId })
    .limit(1)
    .getRawAndEntities<{ isStaff: unknown }>();
  const r = entities[0];
  if (!r) return null;
  const me: Me = {
    id: r.id,
    telegramId: r.telegramId,
    fullName: r.fullName,
    phone: r.phone,
    memberTypeId: r.memberTypeId,
    locale: r.locale,
    registered: r.registeredAt !== null && !!r.phone,
    staff: r.memberTypeId !== null && !!Number(raw[0]?.isStaff ?? 0),
    blocked: r.blocked,
    reachable: r.reachable,
  };
  rows.set(me, r);
  return me;
}

export async function memberTypeName(deps: BotDeps, id: number, locale: Locale): Promise<string | null> {
  const t = await deps.core.ds.getRepository(MemberType).findOne({ where: { id } });
  return t ? name(locale, t) : null;
}

export async function departmentOf(deps: BotDeps, id: number): Promise<{ id: number; valueChainId: number } | null> {
  const d = await deps.core.ds.getRepository(Department).findOne({ where: { id, active: true } });
  return d ? { id: d.id, valueChainId: d.valueChainId } : null;
}

export async function subjectOf(deps: BotDeps, id: number, locale: Locale): Promise<{ id: number; name: string; departmentId: number } | null> {
  const s = await deps.core.ds.getRepository(Subject).findOne({ where: { id, active: true } });
  return s ? { id: s.id, name: name(locale, s), departmentId: s.departmentId } : null;
}

/** active staff accounts a staff-type member may address, by display name */
export async function listColleagues(deps: BotDeps): Promise<{ id: number; name: string }[]> {
  const rows = await deps.core.ds.getRepository(StaffAccount).find({ where: { active: true }, order: { displayName: 'ASC' } });
  return rows.map((s) => ({ id: s.id, name: s.displayName }));
}

/** the ticket a message of this private chat belongs to (its MessageLink), if any */
export async function ticketForMessage(deps: BotDeps, chatId: number, messageId: number): Promise<number | null> {
  const link = await deps.core.ds.getRepository(MessageLink).findOne({ where: { channel: channelOf(deps), chatId, messageId } });
  return link?.ticketId ?? null;
}

/** records that a message the bot sent in a private chat belongs to a ticket (replies route by it) */
export async function linkMessage(deps: BotDeps, l: { chatId: number; messageId: number; ticketId: number; ticketMessageId?: number | null }): Promise<void> {
  const repo = deps.core.ds.getRepository(MessageLink);
  if (await repo.existsBy({ channel: channelOf(deps), chatId: l.chatId, messageId: l.messageId })) return;
  await repo.insert({
    channel: channelOf(deps),
    chatId: l.chatId,
    messageId: l.messageId,
    ticketId: l.ticketId,
    ticketMessageId: l.ticketMessageId ?? null,
    side: 'requester',
    createdAt: deps.core.clock.now(),
  });
}

/** the core's open-ticket limit (internal requests count as his open tickets, as when the ticket is written) */
export function openLimit(deps: BotDeps, requesterId: number): Promise<OpenLimit> {
  return openTicketLimit(deps.core.ds, requesterId);
}

export interface TicketLine {
  id: number;
  number: number;
  subject: string;
  title: string;
  status: ReturnType<typeof userFacingStatus>;
}

async function subjectNames(deps: BotDeps, tickets: Ticket[], locale: Locale): Promise<Map<number, string>> {
  const ids = [...new Set(tickets.map((t) => t.subjectId).filter((x): x is number => x !== null))];
  const subjects = ids.length ? await deps.core.ds.getRepository(Subject).find({ where: { id: In(ids) } }) : [];
  return new Map(subjects.map((s) => [s.id, name(locale, s)]));
}

function line(t: Ticket, names: Map<number, string>): TicketLine {
  return { id: t.id, number: t.number, subject: (t.subjectId && names.get(t.subjectId)) || t.title, title: t.title, status: userFacingStatus(t.state) };
}

/**
 * the requester's open tickets, newest activity first; `namesIfSeveral` skips the subject names when there is
 * one ticket (a follow-up then goes to it without showing a list)
 */
export async function listOpenTickets(deps: BotDeps, requesterId: number, locale: Locale, namesIfSeveral = false): Promise<TicketLine[]> {
  const rows = await deps.core.ds.getRepository(Ticket).find({
    where: { requesterId, state: In([...ACTIVE_STATES]) },
    order: { lastActivityAt: 'DESC', id: 'DESC' },
    take: 50,
  });
  const names = namesIfSeveral && rows.length < 2 ? new Map<number, string>() : await subjectNames(deps, rows, locale);
  return rows.map((t) => line(t, names));
}


export * from './catalogue.ts';
export * from './actions.ts';
export * from './tickets-view.ts';
