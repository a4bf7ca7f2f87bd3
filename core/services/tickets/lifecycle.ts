/**
 * The lifecycle moves (transitions.ts has the table): resolve, the requester's answer (confirm with a
 * rating, or not resolved with a reason), close and cancel with a reason, reopen, and the jobs' auto-close
 * and finish. One 'state' event each, the outbox rows of core/notify in the same transaction.
 */
import type { Attachment, Channel } from '../../entities/enums.ts';
import { Rating, Ticket } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import * as notify from '../../notify/index.ts';
import { normalizePersian } from '../../text/index.ts';
import { transact, type Tx } from '../../tx.ts';
import { SYSTEM_ACTOR, type Actor } from '../actor.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { applyAction, checkMove, type ActionSpec } from './apply.ts';
import { ticketForAction } from './guard.ts';
import { requesterMessageAction, type MessageResult } from './messages.ts';
import { canMove } from './transitions.ts';

export const MAX_REASON = 300;
export const MAX_RATING_COMMENT = 2000;
/** reasons front ends offer for cancel; any other text is accepted too */
export const CANCEL_REASONS = ['spam', 'duplicate', 'content_rule'] as const;

function reasonOf(reason: string | null | undefined, required: boolean): string | null {
  const r = normalizePersian(reason ?? '', { singleLine: true });
  if (!r && required) throw new ValidationError({ reason: 'a reason is required' });
  if (r.length > MAX_REASON) throw new ValidationError({ reason: `at most ${MAX_REASON} characters` });
  return r || null;
}

async function move(tx: Tx, actor: Actor, ticket: Ticket, spec: ActionSpec, extra: Partial<notify.StateChangeExtra> = {}): Promise<Ticket> {
  const before = ticket.state;
  await applyAction(tx, actor, ticket, spec);
  await notify.stateChanged(tx, ticket, before, actor, { action: spec.action, reason: spec.changes?.closeReason, ...extra });
  return ticket;
}

function simple(
  action: 'resolve' | 'reopen' | 'step_back' | 'finish' | 'auto_close',
  ctx: CoreContext,
  actor: Actor,
  ticketId: number,
  spec: Omit<ActionSpec, 'action'> = {},
) {
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, action);
    checkMove(ticket, action);
    return move(tx, actor, ticket, { action, ...spec });
  });
}

/** an agent considers it done: → resolved, the requester is asked Resolved / Not resolved */
export async function resolve(ctx: CoreContext, actor: Actor, ticketId: number, note?: string | null): Promise<Ticket> {
  return simple('resolve', ctx, actor, ticketId, { note: note?.trim() || null });
}

export interface ConfirmInput {
  /** 1–5 */
  score: number;
  comment?: string | null;
}

/** the requester's "Resolved ✅" with a rating: resolved → closed, a Rating row */
export async function confirmResolved(ctx: CoreContext, actor: Actor, ticketId: number, input: ConfirmInput): Promise<{ ticket: Ticket; rating: Rating }> {
  if (actor.kind !== 'requester') throw new ForbiddenError('only the requester confirms');
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) throw new ValidationError({ score: 'a whole number from 1 to 5' });
  const comment = normalizePersian(input.comment ?? '') || null;
  if (comment && comment.length > MAX_RATING_COMMENT) throw new ValidationError({ comment: `at most ${MAX_RATING_COMMENT} characters` });
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, 'confirm_resolved');
    checkMove(ticket, 'confirm_resolved');
    const rating = await tx.em.save(
      Rating,
      tx.em.create(Rating, {
        ticketId: ticket.id,
        requesterId: actor.requester.id,
        assigneeId: ticket.assigneeId,
        teamId: ticket.teamId,
        score: input.score,
        comment,
        createdAt: tx.now,
      }),
    );
    await move(tx, actor, ticket, { action: 'confirm_resolved', facts: { ratingId: rating.id, score: rating.score } }, { rating });
    return { ticket, rating };
  });
}

export interface NotResolvedInput {
  /** what is still wrong: stored as a requester message */
  text?: string | null;
  attachments?: Attachment[];
  channel?: Channel;
  chatId?: number | null;
  messageId?: number | null;
}

/** the requester's "Not resolved ❌" with a reason: resolved → open, back to the same assignee */
export async function notResolved(ctx: CoreContext, actor: Actor, ticketId: number, input: NotResolvedInput): Promise<MessageResult> {
  return requesterMessageAction(
    ctx,
    actor,
    ticketId,
    { text: input.text, attachments: input.attachments, channel: input.channel, chatId: input.chatId, messageId: input.messageId },
    'not_resolved',
  );
}

/**
 * Closes a ticket: an agent with a reason (required), or the requester when the team allows it (the
 * reason is optional then). → closed; the requester is told when someone else closed it.
 */
export async function close(ctx: CoreContext, actor: Actor, ticketId: number, reason: string | null): Promise<Ticket> {
  const r = reasonOf(reason, actor.kind === 'staff');
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, 'close');
    checkMove(ticket, 'close');
    return move(tx, actor, ticket, { action: 'close', changes: { closeReason: r ?? (actor.kind === 'requester' ? 'requester' : null) }, note: r });
  });
}

/** cancels a ticket (spam, duplicate, content_rule or an agent's words): → cancelled */
export async function cancel(ctx: CoreContext, actor: Actor, ticketId: number, reason: string): Promise<Ticket> {
  const r = reasonOf(reason, true)!;
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, 'cancel');
    checkMove(ticket, 'cancel');
    return move(tx, actor, ticket, { action: 'cancel', changes: { closeReason: r }, note: r });
  });
}

/** closed/cancelled → open (new when nobody is assigned), reopenCount + 1; a requester only reopens closed tickets */
export async function reopen(ctx: CoreContext, actor: Actor, ticketId: number, note?: string | null): Promise<Ticket> {
  return simple('reopen', ctx, actor, ticketId, { note: note?.trim() || null });
}

/**
 * An agent takes a step back (DOMAIN.md: going backwards is allowed for agents, always recorded):
 * resolved/answered → open (new when nobody is assigned), one 'state' event with action 'step_back' and the
 * agent's note. From resolved the requester is told the ticket is being worked on again (his Resolved /
 * Not resolved buttons are then stale and answered so).
 */
export async function stepBack(ctx: CoreContext, actor: Actor, ticketId: number, note?: string | null): Promise<Ticket> {
  return simple('step_back', ctx, actor, ticketId, { note: note?.trim() || null });
}

/**
 * "Reopen" as agents say it in the staff group (/reopen) and mean it on any ticket that is not active in
 * the way they want: a step back from resolved/answered, a reopening from closed/cancelled. The move is
 * the transition table's (step_back or reopen); any other state is refused by the table.
 */
export async function reopenOrStepBack(ctx: CoreContext, actor: Actor, ticketId: number, note?: string | null): Promise<Ticket> {
  const ticket = await ctx.ds.getRepository(Ticket).findOne({ where: { id: ticketId }, select: { id: true, state: true } });
  return ticket && canMove('step_back', ticket.state) ? stepBack(ctx, actor, ticketId, note) : reopen(ctx, actor, ticketId, note);
}

/** jobs: a closed ticket becomes finished (archived, no more messages) */
export async function finish(ctx: CoreContext, ticketId: number): Promise<Ticket> {
  return simple('finish', ctx, SYSTEM_ACTOR, ticketId);
}

/** jobs: answered/resolved → closed after the team's days without activity; the requester is told */
export async function autoClose(ctx: CoreContext, ticketId: number): Promise<Ticket> {
  return simple('auto_close', ctx, SYSTEM_ACTOR, ticketId, { changes: { closeReason: 'auto_close' } });
}
