/** Lists of tickets through the visibility rule (core/services/permissions.ts): what a staff member may see. */
import { Brackets } from 'typeorm';
import type { CoreContext } from '../../context.ts';
import { Ticket } from '../../entities/ticket.ts';
import type { Actor } from '../actor.ts';
import { visibleTicketsWhere } from '../permissions.ts';

/** a requester's tickets that the actor may see, newest first (the requester's page in the panel) */
export async function requesterTicketsVisibleTo(ctx: CoreContext, actor: Actor, requesterId: number, limit = 100): Promise<Ticket[]> {
  const visible = await visibleTicketsWhere(ctx.ds.manager, actor, 't');
  return ctx.ds
    .getRepository(Ticket)
    .createQueryBuilder('t')
    .where(new Brackets((w) => w.where(visible.sql, visible.params)))
    .andWhere('t.requesterId = :rid', { rid: requesterId })
    .orderBy('t.id', 'DESC')
    .limit(limit)
    .getMany();
}
