/**
 * Bulk actions of the inbox (issue 19): one action on many tickets, each through the same service as the
 * ticket page's single action — with its permission and transition checks and its ticket event (the audit of
 * ticket actions) — in its own transaction, so one refusal does not undo the others. The result counts the
 * tickets changed, those that already were as asked (unchanged), and lists the refused ones with the reason
 * (the DomainError's code, and the field of a validation error).
 * Tags: add and remove read the ticket's tags and set the new list (setTags); a colleague's tag change in
 * the instant between the two is overwritten, as on the ticket page's form.
 */
import { PRIORITIES, type Priority } from '../../entities/enums.ts';
import type { Ticket } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { DomainError, ValidationError } from '../errors.ts';
import { assign, assignToMe } from './assign.ts';
import { setPriority, setTags } from './fields.ts';
import { close } from './lifecycle.ts';
import { getTicket } from './read.ts';

export const MAX_BULK = 100;

export type BulkAction =
  | { kind: 'assign_me' }
  | { kind: 'assign'; staffId: number | null }
  | { kind: 'priority'; priority: Priority }
  | { kind: 'close'; reason: string }
  | { kind: 'add_tags'; tags: string[] }
  | { kind: 'remove_tags'; tags: string[] };

export interface BulkRefusal {
  ticketId: number;
  /** null when the ticket is not visible to the actor (or does not exist): nothing about it is told */
  number: number | null;
  code: string;
  field: string | null;
}

export interface BulkResult {
  changed: number[];
  unchanged: number[];
  refused: BulkRefusal[];
}

function run(ctx: CoreContext, actor: Actor, t: Ticket, a: BulkAction): Promise<Ticket> {
  switch (a.kind) {
    case 'assign_me':
      return assignToMe(ctx, actor, t.id);
    case 'assign':
      return assign(ctx, actor, t.id, a.staffId);
    case 'priority':
      return setPriority(ctx, actor, t.id, a.priority);
    case 'close':
      return close(ctx, actor, t.id, a.reason);
    case 'add_tags':
      return setTags(ctx, actor, t.id, [...t.tags, ...a.tags]);
    case 'remove_tags': {
      const drop = new Set(a.tags);
      return setTags(
        ctx,
        actor,
        t.id,
        t.tags.filter((x) => !drop.has(x)),
      );
    }
  }
}

/** the action on each ticket (de-duplicated, at most MAX_BULK), in the given order */
export async function bulkTicketAction(ctx: CoreContext, actor: Actor, ticketIds: number[], action: BulkAction): Promise<BulkResult> {
  const ids = [...new Set(ticketIds)];
  if (!ids.length) throw new ValidationError({ ids: 'required' });
  if (ids.length > MAX_BULK) throw new ValidationError({ ids: 'too_many' });
  if (action.kind === 'priority' && !PRIORITIES.includes(action.priority)) throw new ValidationError({ priority: 'invalid' });
  const out: BulkResult = { changed: [], unchanged: [], refused: [] };
  for (const id of ids) {
    let number: number | null = null;
    try {
      const before = await getTicket(ctx, actor, id);
      number = before.number;
      const after = await run(ctx, actor, before, action);
      (after.version !== before.version ? out.changed : out.unchanged).push(id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const field = err instanceof ValidationError ? (Object.keys(err.fields)[0] ?? null) : null;
      out.refused.push({ ticketId: id, number: err.code === 'not_found' ? null : number, code: err.code, field });
    }
  }
  return out;
}
