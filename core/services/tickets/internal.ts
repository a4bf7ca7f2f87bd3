/**
 * A request addressed to a named colleague (DOMAIN.md, sources 002/004): an internal ticket.
 *
 * Who may send one: a staff account (panel), or a registered requester whose member type is a staff
 * type (MemberType.isStaff) writing from the bot. The recipient must be an active staff account. The
 * ticket's team is one of the recipient's teams (an active membership first, then the lowest team id; none
 * when he belongs to no team), the recipient is the assignee (so the ticket is `open`), and the staff-side
 * creator and the recipient follow it. A requester-sender is the ticket's requester (he gets the answers in
 * his private chat); his staff account, when one is linked to the same Telegram user, counts as creator.
 * The content rule and the open-ticket limit are for citizens' tickets and do not apply here.
 * Events: 'created' then a 'state' event with action 'assign' (new → open), both by the sender.
 */
import { PRIORITIES, type Attachment, type Channel, type Priority } from '../../entities/enums.ts';
import { TeamMember } from '../../entities/org.ts';
import { MemberType, RequesterChannel, StaffAccount } from '../../entities/people.ts';
import { Ticket, type TicketMessage } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import * as notify from '../../notify/index.ts';
import { searchKey } from '../../text/index.ts';
import { transact, type Tx } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { ForbiddenError, NotFoundError, RequesterNotAllowedError, ValidationError } from '../errors.ts';
import { applyAction } from './apply.ts';
import { cleanAttachments, cleanText, cleanTitle, newMessage } from './messages-util.ts';
import { nextTicketNumber } from './numbers.ts';
import { existingByTelegram, lockRequester, writeCreated } from './open.ts';
import { addFollower } from './store.ts';
import { OPENED_STATE } from './transitions.ts';

/** the request types a colleague request offers (the bot's conversation and the panel's form) */
export const REQUEST_TYPES = ['question', 'task', 'information', 'approval'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export interface InternalTicketInput {
  toStaffId: number;
  /** the request type (free text up to 48 characters, e.g. "consultation") */
  type?: string | null;
  priority?: Priority | null;
  title?: string | null;
  text?: string | null;
  attachments?: Attachment[];
  /** when sent from the bot by a staff-type member: his messenger (telegram when not given) and message */
  channel?: Channel;
  requesterChatId?: number | null;
  requesterMessageId?: number | null;
}

export interface InternalTicketResult {
  ticket: Ticket;
  message: TicketMessage;
  duplicate: boolean;
}

/** the recipient's team: an active membership first, then the lowest team id */
async function teamOf(tx: Tx, staffId: number): Promise<number | null> {
  const memberships = await tx.em.find(TeamMember, { where: { staffId }, order: { teamId: 'ASC' } });
  return (memberships.find((m) => m.active) ?? memberships[0])?.teamId ?? null;
}

async function sender(tx: Tx, actor: Actor): Promise<{ requesterId: number | null; creatorStaffId: number | null; actor: Actor }> {
  if (actor.kind === 'staff') {
    if (!actor.staff.active) throw new ForbiddenError('inactive account');
    return { requesterId: null, creatorStaffId: actor.staff.id, actor };
  }
  if (actor.kind !== 'requester') throw new ForbiddenError('internal requests come from staff');
  const requester = await lockRequester(tx, actor.requester.id);
  const type = requester.memberTypeId === null ? null : await tx.em.findOne(MemberType, { where: { id: requester.memberTypeId } });
  if (!type?.isStaff) throw new RequesterNotAllowedError('not_staff_member');
  // staff accounts are linked to Telegram users: a requester on another channel is no staff account's
  const onTelegram = await tx.em.findOne(RequesterChannel, { where: { requesterId: requester.id, channel: 'telegram' } });
  const linked = onTelegram ? await tx.em.findOne(StaffAccount, { where: { telegramId: onTelegram.userId, active: true } }) : null;
  return { requesterId: requester.id, creatorStaffId: linked?.id ?? null, actor: { kind: 'requester', requester } };
}

export async function openInternalTicket(ctx: CoreContext, actor: Actor, input: InternalTicketInput): Promise<InternalTicketResult> {
  return transact(ctx, async (tx) => {
    const from = await sender(tx, actor);
    const channel = input.channel ?? 'telegram';
    const dup = await existingByTelegram(tx, channel, input.requesterChatId, input.requesterMessageId);
    if (dup) {
      const ticket = await tx.em.findOneOrFail(Ticket, { where: { id: dup.ticketId } });
      return { ticket, message: dup, duplicate: true };
    }
    const recipient = await tx.em.findOne(StaffAccount, { where: { id: input.toStaffId } });
    if (!recipient || !recipient.active) throw new NotFoundError('staff', input.toStaffId);
    const priority = input.priority ?? 'normal';
    if (!PRIORITIES.includes(priority)) throw new ValidationError({ priority: 'unknown priority' });
    const text = cleanText(input.text);
    const attachments = cleanAttachments(input.attachments);
    if (!text && !attachments.length) throw new ValidationError({ text: 'a request needs a description or an attachment' });
    const title = cleanTitle(input.title) || cleanTitle(text.split('\n')[0]) || cleanTitle(input.type) || '—';
    const ticket = await tx.em.save(
      Ticket,
      tx.em.create(Ticket, {
        number: await nextTicketNumber(tx),
        state: OPENED_STATE,
        priority,
        type: input.type?.trim().slice(0, 48) || null,
        tags: [],
        internal: true,
        requesterId: from.requesterId,
        channel,
        teamId: await teamOf(tx, recipient.id),
        assigneeId: null,
        createdByStaffId: from.creatorStaffId,
        title,
        titleKey: searchKey(title),
        reopenCount: 0,
        createdAt: tx.now,
        updatedAt: tx.now,
        lastActivityAt: tx.now,
        version: 0,
      }),
    );
    const message = await newMessage(tx, ticket.id, {
      direction: 'in',
      authorKind: from.actor.kind === 'staff' ? 'staff' : 'requester',
      requesterId: from.requesterId,
      staffId: from.creatorStaffId,
      text,
      attachments,
      via: from.actor.kind === 'staff' ? 'panel' : 'telegram',
      channel,
      requesterChatId: input.requesterChatId ?? null,
      requesterMessageId: input.requesterMessageId ?? null,
    });
    await writeCreated(tx, ticket, from.actor, message);
    await notify.ticketOpened(tx, ticket, message, from.actor);
    await addFollower(tx, ticket.id, from.creatorStaffId);
    const before = ticket.state;
    await applyAction(tx, from.actor, ticket, { action: 'assign', changes: { assigneeId: recipient.id } });
    await addFollower(tx, ticket.id, recipient.id);
    await notify.assigned(tx, ticket, recipient.id, from.actor, { action: 'assign', previousAssigneeId: null });
    await notify.stateChanged(tx, ticket, before, from.actor, { action: 'assign' });
    return { ticket, message, duplicate: false };
  });
}
