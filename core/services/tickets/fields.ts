/**
 * Classifying a ticket: priority (moves SLA deadlines), type, tags, and a link to another ticket.
 * Each is one action with one event ('priority', 'type', 'tags', 'link'); setting the value it already
 * has writes nothing.
 */
import { PRIORITIES, type Priority } from '../../entities/enums.ts';
import { Ticket } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import * as notify from '../../notify/index.ts';
import { normalizePersian } from '../../text/index.ts';
import { transact } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { canSeeTicket } from '../permissions.ts';
import { applyAction, checkMove } from './apply.ts';
import { ticketForAction } from './guard.ts';
import type { TicketAction } from './transitions.ts';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

type Field = 'priority' | 'type' | 'tags' | 'linkedTicketId';

async function setField<K extends Field>(
  ctx: CoreContext,
  actor: Actor,
  ticketId: number,
  action: TicketAction,
  field: K,
  value: Ticket[K],
  validate?: (tx: Parameters<Parameters<typeof transact>[1]>[0], ticket: Ticket) => Promise<void>,
): Promise<Ticket> {
  return transact(ctx, async (tx) => {
    const ticket = await ticketForAction(tx, actor, ticketId, action);
    checkMove(ticket, action);
    if (validate) await validate(tx, ticket);
    const before = ticket[field];
    if (JSON.stringify(before) === JSON.stringify(value)) return ticket;
    await applyAction(tx, actor, ticket, { action, changes: { [field]: value } as Partial<Ticket> });
    await notify.fieldChanged(tx, ticket, { field, before, after: value }, actor);
    return ticket;
  });
}

export async function setPriority(ctx: CoreContext, actor: Actor, ticketId: number, priority: Priority): Promise<Ticket> {
  if (!PRIORITIES.includes(priority)) throw new ValidationError({ priority: 'unknown priority' });
  return setField(ctx, actor, ticketId, 'set_priority', 'priority', priority);
}

export async function setType(ctx: CoreContext, actor: Actor, ticketId: number, type: string | null): Promise<Ticket> {
  const clean = type === null ? null : normalizePersian(type, { singleLine: true }) || null;
  if (clean !== null && clean.length > 48) throw new ValidationError({ type: 'at most 48 characters' });
  return setField(ctx, actor, ticketId, 'set_type', 'type', clean);
}

/** tags are normalised (Persian letters, single spaces), de-duplicated and kept in the given order */
export async function setTags(ctx: CoreContext, actor: Actor, ticketId: number, tags: string[]): Promise<Ticket> {
  const clean = [...new Set(tags.map((t) => normalizePersian(t, { singleLine: true })).filter(Boolean))];
  if (clean.length > MAX_TAGS) throw new ValidationError({ tags: `at most ${MAX_TAGS} tags` });
  if (clean.some((t) => t.length > MAX_TAG_LENGTH)) throw new ValidationError({ tags: `a tag has at most ${MAX_TAG_LENGTH} characters` });
  return setField(ctx, actor, ticketId, 'set_tags', 'tags', clean);
}

/** links a ticket to another one the actor can see (null removes the link) */
export async function linkTicket(ctx: CoreContext, actor: Actor, ticketId: number, linkedTicketId: number | null): Promise<Ticket> {
  if (linkedTicketId === ticketId) throw new ValidationError({ linkedTicketId: 'a ticket cannot link itself' });
  return setField(ctx, actor, ticketId, 'link', 'linkedTicketId', linkedTicketId, async (tx) => {
    if (linkedTicketId === null) return;
    const other = await tx.em.findOne(Ticket, { where: { id: linkedTicketId } });
    if (!other || !(await canSeeTicket(tx.em, actor, other))) throw new NotFoundError('ticket', linkedTicketId);
  });
}
