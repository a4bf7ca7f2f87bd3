/**
 * Messages on a ticket: the requester's follow-ups (idempotent per Telegram message) and their edits,
 * agents' replies (from a staff chat or the panel) and internal notes. Each is one action of the
 * transition table with one event; messages by either side update lastActivityAt (notes do not: they are
 * not a conversation with the requester).
 */
import type { Attachment, Channel } from '../../entities/enums.ts';
import { Requester } from '../../entities/people.ts';
import { MessageLink, Ticket, TicketMessage } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import * as notify from '../../notify/index.ts';
import { searchKey } from '../../text/index.ts';
import { transact, type Tx } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { ForbiddenError, RequesterNotAllowedError, ValidationError } from '../errors.ts';
import { joinAlbum } from './albums.ts';
import { applyAction, checkMove } from './apply.ts';
import { writeEvent } from './events.ts';
import { ticketForAction } from './guard.ts';
import { cleanAttachments, cleanText, isDuplicateKeyError, newMessage } from './messages-util.ts';
import { batchedFollowUp } from './followup-batch.ts';
import { followMerged } from './merge.ts';
import { existingByTelegram } from './open.ts';
import { addFollower, findForUpdate } from './store.ts';
import { isReopening } from './transitions.ts';

export interface RequesterMessageInput {
  text?: string | null;
  attachments?: Attachment[];
  /** the messenger he wrote from (telegram when not given): the ticket is answered there from now on */
  channel?: Channel;
  /** the requester's private chat and his Telegram message (with the channel, they make the call idempotent) */
  chatId?: number | null;
  messageId?: number | null;
  /** the Telegram message id (in the same private chat) the requester replied to, if any */
  replyToMessageId?: number | null;
}

export interface MessageResult {
  ticket: Ticket;
  message: TicketMessage;
  /** the same Telegram message was recorded before: nothing new was written */
  duplicate: boolean;
  /**
   * the message brought a closed ticket back (closed → open/new, reopenCount + 1): the front end must tell
   * the requester so (the bot's follow-up receipt says "reopened", not just "added")
   */
  reopened?: boolean;
}

export interface AgentMessageInput {
  text?: string | null;
  attachments?: Attachment[];
  via: 'telegram' | 'panel';
  /** the ticket message (TicketMessage.id) this answers; the requester sees it as a Telegram reply */
  replyToMessageId?: number | null;
}

function content(text: string | null | undefined, attachments: Attachment[] | undefined) {
  const t = cleanText(text);
  const a = cleanAttachments(attachments);
  if (!t && !a.length) throw new ValidationError({ text: 'a message needs text or an attachment' });
  return { text: t, attachments: a };
}

/** our TicketMessage id behind a Telegram message of the requester's chat (his own, or one we sent) */
async function replyTarget(tx: Tx, ticketId: number, channel: Channel, chatId: number | null | undefined, messageId: number | null | undefined) {
  if (chatId == null || messageId == null) return null;
  const own = await tx.em.findOne(TicketMessage, { where: { channel, requesterChatId: chatId, requesterMessageId: messageId, ticketId } });
  if (own) return own.id;
  const link = await tx.em.findOne(MessageLink, { where: { channel, chatId, messageId, ticketId } });
  return link?.ticketMessageId ?? null;
}

async function requesterInTx(
  tx: Tx,
  actor: Actor,
  ticketId: number,
  input: RequesterMessageInput,
  action: 'requester_message' | 'not_resolved',
): Promise<MessageResult> {
  if (actor.kind !== 'requester') throw new ForbiddenError('only the requester writes requester messages');
  const channel = input.channel ?? 'telegram';
  const dup = await existingByTelegram(tx, channel, input.chatId, input.messageId);
  if (dup) {
    const ticket = await tx.em.findOneOrFail(Ticket, { where: { id: dup.ticketId } });
    if (ticket.requesterId !== actor.requester.id) throw new ValidationError({ messageId: 'belongs to another requester' });
    return { ticket, message: dup, duplicate: true };
  }
  let ticket = await ticketForAction(tx, actor, ticketId, action);
  // a message for a duplicate that was merged goes to the ticket it was merged into (merge.ts)
  if (ticket.mergedIntoId !== null) ticket = await ticketForAction(tx, actor, (await followMerged(tx, ticket.mergedIntoId)).id, action);
  const fresh = await tx.em.findOne(Requester, { where: { id: actor.requester.id } });
  if (!fresh || fresh.blocked) throw new RequesterNotAllowedError('blocked');
  checkMove(ticket, action);
  const { text, attachments } = content(input.text, input.attachments);
  // a later item of an album joins the album's message (core/services/tickets/albums.ts)
  const joined = await joinAlbum(tx, ticket.id, { direction: 'in', requesterId: actor.requester.id }, text, attachments);
  if (joined) return { ticket, message: joined, duplicate: false };
  const message = await newMessage(tx, ticket.id, {
    direction: 'in',
    authorKind: 'requester',
    requesterId: actor.requester.id,
    text,
    attachments,
    via: 'telegram',
    channel,
    requesterChatId: input.chatId ?? null,
    requesterMessageId: input.messageId ?? null,
    replyToId: await replyTarget(tx, ticket.id, channel, input.chatId, input.replyToMessageId),
  });
  const before = ticket.state;
  // answers go where he last wrote from: a linked requester's follow-up on his other channel moves the ticket there
  // (written with the action's own update, no extra statement)
  const changes: Partial<Ticket> = ticket.channel === channel ? { lastActivityAt: tx.now } : { lastActivityAt: tx.now, channel };
  await applyAction(tx, actor, ticket, { action, changes, facts: { messageId: message.id } });
  const reopened = isReopening(before, ticket.state);
  // a closed ticket's forum topic is closed: the reopening (which reopens the topic) goes out before the relay
  if (reopened) await notify.stateChanged(tx, ticket, before, actor, { action, message });
  await notify.requesterMessageAdded(tx, ticket, message);
  if (ticket.state !== before && !reopened) await notify.stateChanged(tx, ticket, before, actor, { action, message });
  return { ticket, message, duplicate: false, reopened };
}

/** a requester message as the given action; a repeated Telegram update returns the first result */
export async function requesterMessageAction(
  ctx: CoreContext,
  actor: Actor,
  ticketId: number,
  input: RequesterMessageInput,
  action: 'requester_message' | 'not_resolved',
): Promise<MessageResult> {
  try {
    return await transact(ctx, (tx) => requesterInTx(tx, actor, ticketId, input, action));
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const again = await ctx.ds
      .getRepository(TicketMessage)
      .findOne({ where: { channel: input.channel ?? 'telegram', requesterChatId: input.chatId ?? -1, requesterMessageId: input.messageId ?? -1 } });
    if (!again) throw err;
    const ticket = await ctx.ds.getRepository(Ticket).findOneOrFail({ where: { id: again.ticketId } });
    return { ticket, message: again, duplicate: true };
  }
}

/**
 * A follow-up from the requester: new stays new, answered/resolved → open, closed → open (reopened);
 * cancelled is refused, finished throws TicketFinishedError (with the number, to offer a linked new ticket).
 */
export function addRequesterMessage(ctx: CoreContext, actor: Actor, ticketId: number, input: RequesterMessageInput): Promise<MessageResult> {
  // the common case (a plain message on a new or open ticket) is written with others in one transaction
  return batchedFollowUp(ctx, actor, ticketId, input, () => requesterMessageAction(ctx, actor, ticketId, input, 'requester_message'));
}

/**
 * The requester edited a message in Telegram: the text is replaced, the old one kept in previousTexts,
 * editedAt set, one 'message_edit' event. Unknown messages give null; an unchanged text writes nothing.
 */
export async function recordRequesterEdit(
  ctx: CoreContext,
  chatId: number,
  messageId: number,
  newText: string,
  channel: Channel = 'telegram',
): Promise<MessageResult | null> {
  return transact(ctx, async (tx) => {
    const found = await tx.em.findOne(TicketMessage, { where: { channel, requesterChatId: chatId, requesterMessageId: messageId } });
    if (!found || found.direction !== 'in') return null;
    const message = (await findForUpdate(tx.em, TicketMessage, found.id))!;
    const ticket = await tx.em.findOneOrFail(Ticket, { where: { id: message.ticketId } });
    const text = cleanText(newText);
    if (text === (message.text ?? '')) return { ticket, message, duplicate: true };
    const old = message.text ?? '';
    message.previousTexts = [...(message.previousTexts ?? []), old];
    message.text = text || null;
    message.textKey = text ? searchKey(text) : null;
    message.editedAt = tx.now;
    await tx.em.save(TicketMessage, message);
    const requester = message.requesterId === null ? null : await tx.em.findOne(Requester, { where: { id: message.requesterId } });
    const actor: Actor = requester ? { kind: 'requester', requester } : { kind: 'system' };
    await writeEvent(tx, ticket, actor, {
      kind: 'message_edit',
      action: null,
      before: { messageId: message.id, text: old },
      after: { messageId: message.id, text },
    });
    await notify.requesterMessageEdited(tx, ticket, message);
    return { ticket, message, duplicate: false };
  });
}

async function replyToOwn(tx: Tx, ticketId: number, id: number | null | undefined): Promise<number | null> {
  if (id == null) return null;
  const target = await tx.em.findOne(TicketMessage, { where: { id, ticketId } });
  if (!target) throw new ValidationError({ replyToMessageId: 'not a message of this ticket' });
  return target.id;
}

/**
 * An agent's answer: new/open/answered → answered (resolved stays resolved), first response stamped,
 * an unassigned ticket is taken by the replying agent; the requester gets it through the outbox.
 */
export async function agentReply(ctx: CoreContext, actor: Actor, ticketId: number, input: AgentMessageInput): Promise<MessageResult> {
  if (actor.kind !== 'staff') throw new ForbiddenError('only staff reply');
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, 'agent_reply');
    const takes = ticket.assigneeId === null;
    checkMove(ticket, 'agent_reply', takes ? actor.staff.id : ticket.assigneeId);
    const { text, attachments } = content(input.text, input.attachments);
    const joined = await joinAlbum(tx, ticket.id, { direction: 'out', kind: 'message', staffId: actor.staff.id }, text, attachments);
    if (joined) return { ticket, message: joined, duplicate: false };
    const message = await newMessage(tx, ticket.id, {
      direction: 'out',
      authorKind: 'staff',
      staffId: actor.staff.id,
      text,
      attachments,
      via: input.via,
      replyToId: await replyToOwn(tx, ticket.id, input.replyToMessageId),
    });
    const before = ticket.state;
    const changes: Partial<Ticket> = { lastActivityAt: tx.now, firstResponseAt: ticket.firstResponseAt ?? tx.now };
    if (takes) changes.assigneeId = actor.staff.id;
    await applyAction(tx, actor, ticket, { action: 'agent_reply', changes, facts: { messageId: message.id } });
    await addFollower(tx, ticket.id, actor.staff.id);
    await notify.agentReplied(tx, ticket, message, actor.staff);
    if (takes) await notify.assigned(tx, ticket, actor.staff.id, actor, { action: 'agent_reply', previousAssigneeId: null });
    if (ticket.state !== before) await notify.stateChanged(tx, ticket, before, actor, { action: 'agent_reply', message });
    return { ticket, message, duplicate: false };
  });
}

/** an internal note: never shown to the requester; allowed in every state but finished */
export async function addNote(ctx: CoreContext, actor: Actor, ticketId: number, input: AgentMessageInput): Promise<MessageResult> {
  if (actor.kind !== 'staff') throw new ForbiddenError('only staff write notes');
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, 'note');
    checkMove(ticket, 'note');
    const { text, attachments } = content(input.text, input.attachments);
    const message = await newMessage(tx, ticket.id, {
      kind: 'note',
      direction: 'out',
      authorKind: 'staff',
      staffId: actor.staff.id,
      text,
      attachments,
      via: input.via,
      replyToId: await replyToOwn(tx, ticket.id, input.replyToMessageId),
    });
    await applyAction(tx, actor, ticket, { action: 'note', facts: { messageId: message.id } });
    await notify.noteAdded(tx, ticket, message, actor.staff);
    return { ticket, message, duplicate: false };
  });
}
