/**
 * Who else has a ticket open in the panel (presence kept in Redis by core/infra/live.ts), as names, and
 * the names of staff for the collision notice. The caller has checked that the viewer may see the ticket.
 */
import { In } from 'typeorm';
import type { CoreContext } from '../context.ts';
import { StaffAccount } from '../entities/people.ts';
import type { LiveBus } from '../infra/live.ts';

export async function staffNames(ctx: CoreContext, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await ctx.ds.getRepository(StaffAccount).find({ where: { id: In(unique) }, select: { id: true, displayName: true } });
  return new Map(rows.map((s) => [s.id, s.displayName]));
}

/** the other staff viewing the ticket now (not `me`), by name, in a stable order */
export async function otherViewers(ctx: CoreContext, bus: LiveBus, ticketId: number, me: number): Promise<string[]> {
  const ids = (await bus.viewers(ticketId)).filter((id) => id !== me).sort((a, b) => a - b);
  const names = await staffNames(ctx, ids);
  return ids.map((id) => names.get(id)).filter((n): n is string => !!n);
}
