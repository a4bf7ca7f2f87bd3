/**
 * Opening a requester's ticket from a catalogue path (value chain → department → subject).
 *
 * Checks, in order: the actor is a requester, registered (phone and registeredAt) and not blocked; a
 * duplicate Telegram update (same requesterChatId + requesterMessageId) returns the ticket it made before;
 * the catalogue path is active and consistent; fewer than settings.maxOpenTicketsPerRequester tickets in
 * new/open/answered/resolved; the content rule (settings.contentRule) on the text the user typed: 'allow'
 * accepts, 'rewrite' throws ContentRuleError and stores nothing, 'cancel' opens the ticket and cancels it at
 * once (reason 'content_rule', the reasons recorded in the event) so the history keeps it.
 *
 * The team is subject.teamId ?? department.teamId; the priority defaults to the subject's. A ticket then
 * goes through the team's automatic assignment (core/services/tickets/assignment.ts). Events: 'created'
 * (actor: the requester), then — when the team's mode picked someone — a 'state' event with action
 * 'assign' (actor: system), or for the content rule a 'state' event with action 'cancel' (actor: system).
 */
import { In } from 'typeorm';
import { PRIORITIES, type Attachment, type Channel, type Priority } from '../../entities/enums.ts';
import { Department, Subject } from '../../entities/org.ts';
import { Requester } from '../../entities/people.ts';
import { Ticket, TicketMessage } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import * as notify from '../../notify/index.ts';
import { checkContent, contentRuleAction, searchKey, type ContentCheck, type ContentReason } from '../../text/index.ts';
import { transact, type Tx } from '../../tx.ts';
import { SYSTEM_ACTOR, type Actor, type RequesterActor } from '../actor.ts';
import { ContentRuleError, ForbiddenError, NotFoundError, RequesterNotAllowedError, TooManyOpenTicketsError, ValidationError } from '../errors.ts';
import { canSeeTicket } from '../permissions.ts';
import { managerOf, type ReadSource } from '../org-common.ts';
import { getSettings } from '../settings.ts';
import { applyAction } from './apply.ts';
import { pickAssignee } from './assignment.ts';
import { writeEvent } from './events.ts';
import { cleanAttachments, cleanText, cleanTitle, isDuplicateKeyError, newMessage } from './messages-util.ts';
import { nextTicketNumber } from './numbers.ts';
import { addFollower, findForUpdate, touchSla } from './store.ts';
import { ACTIVE_STATES, OPENED_STATE } from './transitions.ts';

export interface OpenTicketInput {
  /** optional: checked against the department's value chain when given */
  valueChainId?: number | null;
  /** optional: checked against the subject's department when given */
  departmentId?: number | null;
  subjectId: number;
  /** default: the subject's defaultPriority */
  priority?: Priority | null;
  type?: string | null;
  /** a short title; when empty, the first line of the text (or the subject's name) */
  title?: string | null;
  text?: string | null;
  attachments?: Attachment[];
  /** the messenger he writes from (telegram when not given): the ticket is answered there */
  channel?: Channel;
  /** the requester's Telegram message the ticket starts from (makes the call idempotent) */
  requesterChatId?: number | null;
  requesterMessageId?: number | null;
  /** the ticket this one follows up (e.g. a finished one); must be the requester's own */
  linkedTicketId?: number | null;
}

export interface OpenTicketResult {
  ticket: Ticket;
  /** the first message (description and attachments) */
  message: TicketMessage;
  /** true when this Telegram message had opened the ticket already (nothing new was written) */
  duplicate: boolean;
  /** the content-rule reasons when settings.contentRule is 'cancel' and the ticket was cancelled at once */
  contentRule: ContentReason[] | null;
}

/** registered and not blocked (RequesterNotAllowedError otherwise); the row is locked on MariaDB */
export async function lockRequester(tx: Tx, requesterId: number): Promise<Requester> {
  const r = await findForUpdate(tx.em, Requester, requesterId);
  if (!r) throw new NotFoundError('requester', requesterId);
  if (r.blocked) throw new RequesterNotAllowedError('blocked');
  if (!r.registeredAt || !r.phone) throw new RequesterNotAllowedError('not_registered');
  return r;
}

/** the message stored before for this message of a private chat on a channel (message ids repeat across channels) */
export async function existingByTelegram(tx: Tx, channel: Channel, chatId?: number | null, messageId?: number | null) {
  if (chatId === null || chatId === undefined || messageId === null || messageId === undefined) return null;
  return tx.em.findOne(TicketMessage, { where: { channel, requesterChatId: chatId, requesterMessageId: messageId } });
}

async function catalogue(tx: Tx, input: OpenTicketInput) {
  const subject = await tx.em.findOne(Subject, { where: { id: input.subjectId, active: true } });
  if (!subject) throw new ValidationError({ subjectId: 'unknown or inactive subject' });
  const department = await tx.em.findOne(Department, { where: { id: subject.departmentId, active: true } });
  if (!department) throw new ValidationError({ departmentId: "the subject's department is inactive" });
  if (input.departmentId != null && input.departmentId !== department.id) {
    throw new ValidationError({ subjectId: 'the subject is not in this department' });
  }
  if (input.valueChainId != null && input.valueChainId !== department.valueChainId) {
    throw new ValidationError({ departmentId: 'the department is not in this value chain' });
  }
  return { subject, department };
}

/**
 * THE open-ticket limit (settings.maxOpenTicketsPerRequester): every active ticket of the requester counts,
 * his requests to a colleague (internal tickets) included — they are his open tickets too. The bot asks this
 * before the intake starts; openTicket asks it again (locked) when the ticket is written.
 */
export interface OpenLimit {
  open: number;
  max: number;
  reached: boolean;
}

export async function openTicketLimit(src: ReadSource, requesterId: number): Promise<OpenLimit> {
  const em = managerOf(src);
  const max = (await getSettings(em)).maxOpenTicketsPerRequester;
  const open = await em.count(Ticket, { where: { requesterId, state: In([...ACTIVE_STATES]) } });
  return { open, max, reached: open >= max };
}

/**
 * A requester who chose English in the bot writes English: Latin-only text is his language, not a breach
 * of the Persian-first rule (Finglish, runs of ?!؟ and empty text still are).
 */
function forLocale(check: ContentCheck, locale: string | null): ContentCheck {
  if (check.ok || locale !== 'en') return check;
  const reasons = check.reasons.filter((r) => r !== 'latin_only');
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

async function openInTx(tx: Tx, actor: RequesterActor, input: OpenTicketInput): Promise<OpenTicketResult> {
  const requester = await lockRequester(tx, actor.requester.id);
  const who: Actor = { kind: 'requester', requester };
  const channel = input.channel ?? 'telegram';
  const dup = await existingByTelegram(tx, channel, input.requesterChatId, input.requesterMessageId);
  if (dup) {
    const ticket = await tx.em.findOneOrFail(Ticket, { where: { id: dup.ticketId } });
    if (ticket.requesterId !== requester.id) throw new ValidationError({ requesterMessageId: 'belongs to another ticket' });
    return { ticket, message: dup, duplicate: true, contentRule: null };
  }
  const { subject, department } = await catalogue(tx, input);
  const settings = await getSettings(tx.em);
  const limit = await openTicketLimit(tx.em, requester.id);
  if (limit.reached) throw new TooManyOpenTicketsError(limit.max);
  const text = cleanText(input.text);
  const attachments = cleanAttachments(input.attachments);
  const typedTitle = cleanTitle(input.title);
  if (!text && !attachments.length) throw new ValidationError({ text: 'a ticket needs a description or an attachment' });
  const typed = [typedTitle, text].filter(Boolean).join('\n');
  let contentRule: ContentReason[] | null = null;
  if (typed) {
    const check = forLocale(checkContent(typed), requester.locale);
    const decision = contentRuleAction(settings.contentRule, check);
    if (!check.ok && decision === 'ask_rewrite') throw new ContentRuleError(check.reasons);
    if (!check.ok && decision === 'cancel') contentRule = check.reasons;
  }
  const priority = input.priority ?? subject.defaultPriority;
  if (!PRIORITIES.includes(priority)) throw new ValidationError({ priority: 'unknown priority' });
  let linkedTicketId: number | null = null;
  if (input.linkedTicketId != null) {
    const linked = await tx.em.findOne(Ticket, { where: { id: input.linkedTicketId } });
    if (!linked || !(await canSeeTicket(tx.em, who, linked))) throw new NotFoundError('ticket', input.linkedTicketId);
    linkedTicketId = linked.id;
  }
  const title = typedTitle || cleanTitle(text.split('\n')[0]) || subject.nameFa;
  const teamId = subject.teamId ?? department.teamId;
  const ticket = await tx.em.save(
    Ticket,
    tx.em.create(Ticket, {
      number: await nextTicketNumber(tx),
      state: OPENED_STATE,
      priority,
      type: input.type?.trim().slice(0, 48) || null,
      tags: [],
      internal: false,
      requesterId: requester.id,
      channel,
      valueChainId: department.valueChainId,
      departmentId: department.id,
      subjectId: subject.id,
      teamId,
      assigneeId: null,
      createdByStaffId: null,
      slaPolicyId: null,
      title: title.slice(0, 255),
      titleKey: searchKey(title.slice(0, 255)),
      closeReason: null,
      linkedTicketId,
      reopenCount: 0,
      createdAt: tx.now,
      updatedAt: tx.now,
      lastActivityAt: tx.now,
      version: 0,
    }),
  );
  const message = await newMessage(tx, ticket.id, {
    direction: 'in',
    authorKind: 'requester',
    requesterId: requester.id,
    text,
    attachments,
    via: 'telegram',
    channel,
    requesterChatId: input.requesterChatId ?? null,
    requesterMessageId: input.requesterMessageId ?? null,
  });
  await writeCreated(tx, ticket, who, message);
  await notify.ticketOpened(tx, ticket, message, who);
  if (contentRule) {
    const before = ticket.state;
    await applyAction(tx, SYSTEM_ACTOR, ticket, {
      action: 'cancel',
      changes: { closeReason: 'content_rule' },
      facts: { contentRule: contentRule },
      note: 'content_rule',
    });
    await notify.stateChanged(tx, ticket, before, SYSTEM_ACTOR, { action: 'cancel', reason: 'content_rule', contentReasons: contentRule });
  } else {
    await autoAssign(tx, ticket);
  }
  return { ticket, message, duplicate: false, contentRule };
}

/** the 'created' event (see events.ts for its contract) and the first SLA computation */
export async function writeCreated(tx: Tx, ticket: Ticket, actor: Actor, message: TicketMessage | null): Promise<void> {
  await writeEvent(tx, ticket, actor, {
    kind: 'created',
    action: 'open',
    before: null,
    after: {
      state: ticket.state,
      priority: ticket.priority,
      teamId: ticket.teamId,
      subjectId: ticket.subjectId,
      departmentId: ticket.departmentId,
      valueChainId: ticket.valueChainId,
      internal: ticket.internal,
      linkedTicketId: ticket.linkedTicketId,
      messageId: message?.id ?? null,
    },
  });
  await touchSla(tx, ticket);
}

/** runs the team's assignment mode; an assignment is its own 'assign' action by the system */
export async function autoAssign(tx: Tx, ticket: Ticket): Promise<number | null> {
  const staffId = await pickAssignee(tx, ticket.teamId);
  if (staffId === null) return null;
  const before = ticket.state;
  await applyAction(tx, SYSTEM_ACTOR, ticket, { action: 'assign', changes: { assigneeId: staffId }, facts: { auto: true } });
  await addFollower(tx, ticket.id, staffId);
  await notify.assigned(tx, ticket, staffId, SYSTEM_ACTOR, { action: 'assign', previousAssigneeId: null });
  if (ticket.state !== before) await notify.stateChanged(tx, ticket, before, SYSTEM_ACTOR, { action: 'assign' });
  return staffId;
}

/**
 * Opens a requester's ticket (see the file header). A repeated call for the same Telegram message
 * returns the first result with `duplicate: true`, also when the two calls race.
 */
export async function openTicket(ctx: CoreContext, actor: Actor, input: OpenTicketInput): Promise<OpenTicketResult> {
  if (actor.kind !== 'requester') throw new ForbiddenError('only requesters open tickets this way');
  try {
    return await transact(ctx, (tx) => openInTx(tx, actor, input));
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const again = await transact(ctx, (tx) => existingByTelegram(tx, input.channel ?? 'telegram', input.requesterChatId, input.requesterMessageId));
    if (!again) throw err;
    const ticket = await ctx.ds.getRepository(Ticket).findOneOrFail({ where: { id: again.ticketId } });
    return { ticket, message: again, duplicate: true, contentRule: null };
  }
}
