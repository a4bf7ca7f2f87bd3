/**
 * What the private chat changes through the core: registration, language, reachability, opening a ticket,
 * follow-ups and edits, the answer to "was it resolved?", closing, a request to a colleague. The core's
 * typed errors become outcomes the bot can word (finished, content rule, limit, stale); anything else is
 * a real fault and is thrown to the error boundary. Results are JSON-safe (conversations persist them).
 */
import type { User } from 'grammy/types';
import type { Attachment, Channel, Locale, Priority } from '../../../core/entities/enums.ts';
import type { Requester } from '../../../core/entities/people.ts';
import { firstResponseDeadline } from '../../../core/read/private-chat.ts';
import { requesterActor, type RequesterActor } from '../../../core/services/actor.ts';
import {
  ContentRuleError,
  DomainError,
  IllegalTransitionError,
  NotFoundError,
  RequesterNotAllowedError,
  TicketFinishedError,
  TooManyOpenTicketsError,
  ValidationError,
} from '../../../core/services/errors.ts';
import { checkContent } from '../../../core/text/index.ts';
import * as links from '../../../core/services/requester-channels.ts';
import * as requesters from '../../../core/services/requesters.ts';
import * as tickets from '../../../core/services/tickets/index.ts';
import { channelOf, type BotDeps } from '../../context.ts';
import { loadMe, type Me } from './me.ts';

export type Refusal = 'finished' | 'stale' | 'content' | 'blocked';

async function actorOf(deps: BotDeps, requesterId: number): Promise<RequesterActor | null> {
  const r = await requesters.getRequester(deps.core.ds, requesterId);
  return r ? requesterActor(r) : null;
}

/** the refusals a user can be told about; other errors are faults */
function refusalOf(err: unknown): Refusal | null {
  if (err instanceof TicketFinishedError) return 'finished';
  if (err instanceof ContentRuleError) return 'content';
  if (err instanceof RequesterNotAllowedError) return err.reason === 'blocked' ? 'blocked' : 'stale';
  if (err instanceof IllegalTransitionError || err instanceof NotFoundError) return 'stale';
  if (err instanceof DomainError && (err.code === 'forbidden' || err.code === 'validation' || err.code === 'conflict')) return 'stale';
  return null;
}

// ---------------------------------------------------------------- people

/** the requester row of this Telegram user, created on first contact */
export async function ensureRequester(deps: BotDeps, from: User): Promise<Me> {
  await requesters.upsertFromTelegram(deps.core, {
    channel: channelOf(deps),
    telegramId: from.id,
    firstName: from.first_name,
    lastName: from.last_name ?? null,
    username: from.username ?? null,
    languageCode: from.language_code ?? null,
  });
  return (await loadMe(deps, from.id))!;
}

export async function setLocale(deps: BotDeps, telegramId: number, locale: Locale): Promise<void> {
  try {
    await requesters.setLocale(deps.core, telegramId, locale, channelOf(deps));
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    // a user who chose a language before anything else: remember him with it
    await requesters.upsertFromTelegram(deps.core, { channel: channelOf(deps), telegramId });
    await requesters.setLocale(deps.core, telegramId, locale, channelOf(deps));
  }
}

export const setReachable = (deps: BotDeps, telegramId: number, reachable: boolean) =>
  requesters.setReachable(deps.core, telegramId, reachable, channelOf(deps));

export type SaveProfileResult = ({ ok: true } & Me) | { ok: false; field: 'phone' | 'fullName' | 'memberTypeId' };

/** registers (first time) or updates the profile of this channel's user; a value the core refuses names its field */
export async function saveProfile(deps: BotDeps, telegramId: number, p: { phone: string; fullName: string; memberTypeId: number }): Promise<SaveProfileResult> {
  try {
    await requesters.register(deps.core, telegramId, { phone: p.phone, fullName: p.fullName, memberTypeId: p.memberTypeId }, channelOf(deps));
  } catch (err) {
    if (err instanceof ValidationError) {
      const field = (['phone', 'fullName', 'memberTypeId'] as const).find((f) => f in err.fields) ?? 'fullName';
      return { ok: false, field };
    }
    throw err;
  }
  return { ok: true, ...(await loadMe(deps, telegramId))! };
}

/**
 * The requester this new user may be linked to: registered with the phone he just shared (the contact button
 * gives his own number only) and without an account on this bot's channel. The question names the channels
 * that requester has; null when there is none, or the user is registered already (only a new account is linked).
 */
export async function linkOffer(deps: BotDeps, me: Me, phone: string): Promise<{ requesterId: number; channels: Channel[] } | null> {
  if (me.registered) return null;
  return links.linkCandidate(deps.core.ds, me.id, channelOf(deps), phone);
}

/** joins this channel's account to that requester after the user said yes; null when the core refused (it changed meanwhile) */
export async function linkToRequester(deps: BotDeps, telegramId: number, intoId: number, phone: string, locale: Locale): Promise<Me | null> {
  try {
    await links.linkAccount(deps.core, channelOf(deps), telegramId, intoId, phone, locale);
  } catch (err) {
    if (err instanceof ValidationError || err instanceof NotFoundError) return null;
    throw err;
  }
  return loadMe(deps, telegramId);
}

// ---------------------------------------------------------------- tickets

export interface IntakeInput {
  requesterId: number;
  chatId: number;
  valueChainId: number;
  departmentId: number;
  subjectId: number;
  priority: Priority;
  title: string;
  description: string;
  descriptionMessageId: number | null;
  attachments: Attachment[];
  linkedTicketId: number | null;
}

export type IntakeResult =
  | { kind: 'ok'; ticketId: number; number: number; expectedAt: string | null; duplicate: boolean }
  | { kind: 'content'; field: 'title' | 'description' }
  | { kind: 'limit'; max: number }
  | { kind: 'refused' };

/**
 * Opens the ticket of an intake. The confirming update is the idempotency key when there is no
 * description message (a replayed or duplicated confirmation opens it once).
 */
export async function openTicketFromIntake(deps: BotDeps, i: IntakeInput): Promise<IntakeResult> {
  const actor = await actorOf(deps, i.requesterId);
  if (!actor) return { kind: 'refused' };
  try {
    const res = await tickets.openTicket(deps.core, actor, {
      valueChainId: i.valueChainId,
      departmentId: i.departmentId,
      subjectId: i.subjectId,
      priority: i.priority,
      title: i.title,
      text: i.description,
      attachments: i.attachments,
      channel: channelOf(deps),
      requesterChatId: i.descriptionMessageId ? i.chatId : null,
      requesterMessageId: i.descriptionMessageId,
      linkedTicketId: i.linkedTicketId,
    });
    const first = await firstResponseDeadline(deps.core.ds, res.ticket.id);
    return { kind: 'ok', ticketId: res.ticket.id, number: res.ticket.number, expectedAt: first?.toISOString() ?? null, duplicate: res.duplicate };
  } catch (err) {
    if (err instanceof ContentRuleError) {
      const title = checkContent(i.title);
      return { kind: 'content', field: !title.ok && title.reasons.some((r) => err.reasons.includes(r)) ? 'title' : 'description' };
    }
    if (err instanceof TooManyOpenTicketsError) return { kind: 'limit', max: err.limit };
    if (refusalOf(err)) return { kind: 'refused' };
    throw err;
  }
}

/** `reopened`: the message brought a closed ticket back (the user is told so) */
export type ActionResult = { ok: true; number: number; reopened?: boolean } | { ok: false; reason: Refusal; number?: number };

/** `row`: the requester as this update already read him (saves reading him again) */
async function attempt(
  deps: BotDeps,
  requesterId: number,
  fn: (actor: RequesterActor) => Promise<{ number: number; reopened?: boolean }>,
  row?: Requester,
): Promise<ActionResult> {
  const actor = row?.id === requesterId ? requesterActor(row) : await actorOf(deps, requesterId);
  if (!actor) return { ok: false, reason: 'stale' };
  try {
    const done = await fn(actor);
    return { ok: true, number: done.number, ...(done.reopened ? { reopened: true } : {}) };
  } catch (err) {
    const reason = refusalOf(err);
    if (!reason) throw err;
    return { ok: false, reason, ...(err instanceof TicketFinishedError ? { number: err.ticketNumber } : {}) };
  }
}

export interface FollowUpInput {
  requesterId: number;
  ticketId: number;
  chatId: number;
  messageId: number;
  text: string | null;
  attachments: Attachment[];
  replyToMessageId?: number | null;
  /** the requester's row, read by this update already */
  row?: Requester;
}

/** a free message of the requester on one of his tickets (a repeated update is recorded once) */
export function addFollowUp(deps: BotDeps, i: FollowUpInput): Promise<ActionResult> {
  return attempt(
    deps,
    i.requesterId,
    async (actor) => {
      const res = await tickets.addRequesterMessage(deps.core, actor, i.ticketId, {
        text: i.text,
        attachments: i.attachments,
        channel: channelOf(deps),
        chatId: i.chatId,
        messageId: i.messageId,
        replyToMessageId: i.replyToMessageId ?? null,
      });
      return { number: res.ticket.number, reopened: !!res.reopened };
    },
    i.row,
  );
}

/** an edit of a message the requester sent earlier (null when that message is on no ticket) */
export async function recordEdit(deps: BotDeps, e: { chatId: number; messageId: number; text: string }): Promise<number | null> {
  try {
    const res = await tickets.recordRequesterEdit(deps.core, e.chatId, e.messageId, e.text, channelOf(deps));
    return res?.ticket.number ?? null;
  } catch (err) {
    if (refusalOf(err)) return null;
    throw err;
  }
}

export function confirmResolved(deps: BotDeps, i: { ticketId: number; requesterId: number; score: number; comment: string | null }): Promise<ActionResult> {
  return attempt(
    deps,
    i.requesterId,
    async (actor) => (await tickets.confirmResolved(deps.core, actor, i.ticketId, { score: i.score, comment: i.comment })).ticket,
  );
}

export function notResolved(
  deps: BotDeps,
  i: { ticketId: number; requesterId: number; chatId: number; messageId: number; text: string; attachments: Attachment[] },
): Promise<ActionResult> {
  return attempt(
    deps,
    i.requesterId,
    async (actor) =>
      (
        await tickets.notResolved(deps.core, actor, i.ticketId, {
          text: i.text,
          attachments: i.attachments,
          channel: channelOf(deps),
          chatId: i.chatId,
          messageId: i.messageId,
        })
      ).ticket,
  );
}

export function closeByRequester(deps: BotDeps, requesterId: number, ticketId: number): Promise<ActionResult> {
  return attempt(deps, requesterId, (actor) => tickets.close(deps.core, actor, ticketId, null));
}

export interface ColleagueInput {
  requesterId: number;
  staffId: number;
  type: string;
  priority: Priority;
  description: string;
  chatId: number;
  messageId: number;
  attachments: Attachment[];
}

export type ColleagueResult = { ok: true; ticketId: number; number: number } | { ok: false; reason: 'content' | 'failed' };

export async function openColleagueRequest(deps: BotDeps, i: ColleagueInput): Promise<ColleagueResult> {
  const actor = await actorOf(deps, i.requesterId);
  if (!actor) return { ok: false, reason: 'failed' };
  try {
    const res = await tickets.openInternalTicket(deps.core, actor, {
      toStaffId: i.staffId,
      type: i.type,
      priority: i.priority,
      text: i.description,
      attachments: i.attachments,
      channel: channelOf(deps),
      requesterChatId: i.chatId,
      requesterMessageId: i.messageId,
    });
    return { ok: true, ticketId: res.ticket.id, number: res.ticket.number };
  } catch (err) {
    if (err instanceof ContentRuleError) return { ok: false, reason: 'content' };
    if (refusalOf(err)) return { ok: false, reason: 'failed' };
    throw err;
  }
}
