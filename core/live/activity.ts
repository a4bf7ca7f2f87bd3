/**
 * Who is working on a ticket right now besides the viewer (issue 19, item 3), for the ticket page's
 * activity line:
 * - typing in the panel: the composer's throttled signal, kept in Redis for TYPING_TTL_MS (core/infra/live.ts);
 * - answering from Telegram: a colleague's message or note written in the ticket's staff topic (or as a reply
 *   to its card) in the last ANSWERING_WINDOW_MS. The Bot API does not tell a bot when a member of a group is
 *   typing (chat actions go only from a bot to users), so what the group shows the panel is what he sent:
 *   the stored message with via = 'telegram'. The window is the staff group's collision window.
 * The caller has checked that the viewer may see the ticket.
 */
import { MoreThanOrEqual, Not } from 'typeorm';
import type { CoreContext } from '../context.ts';
import { TicketMessage } from '../entities/ticket.ts';
import type { LiveBus } from '../infra/live.ts';
import { staffNames } from './viewers.ts';

export const ANSWERING_WINDOW_MS = 60_000;

export interface TicketActivity {
  /** colleagues typing in the panel now, by name */
  typing: string[];
  /** colleagues who wrote in the ticket's Telegram topic within the window, by name, with the newest time */
  telegram: { name: string; at: Date }[];
}

export async function ticketActivity(ctx: CoreContext, bus: LiveBus | undefined, ticketId: number, me: number): Promise<TicketActivity> {
  const typingIds = bus ? (await bus.typists(ticketId)).filter((id) => id !== me).sort((a, b) => a - b) : [];
  const since = new Date(ctx.clock.now().getTime() - ANSWERING_WINDOW_MS);
  const recent = await ctx.ds.getRepository(TicketMessage).find({
    where: { ticketId, authorKind: 'staff', via: 'telegram', staffId: Not(me), createdAt: MoreThanOrEqual(since) },
    select: { id: true, staffId: true, createdAt: true },
    order: { id: 'DESC' },
    take: 20,
  });
  const newest = new Map<number, Date>();
  for (const m of recent) if (m.staffId !== null && !newest.has(m.staffId)) newest.set(m.staffId, m.createdAt);
  const names = await staffNames(ctx, [...typingIds, ...newest.keys()]);
  return {
    typing: typingIds.map((id) => names.get(id)).filter((n): n is string => !!n),
    telegram: [...newest].map(([id, at]) => ({ name: names.get(id) ?? '', at })).filter((x) => x.name),
  };
}
