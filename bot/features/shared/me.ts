/**
 * The requester behind a private chat (`Me`, bot/context.ts), read once per update, and the Requester row it was
 * read from for the core calls of the same update. Shared by the window on the core (core.ts) and the actions
 * (actions.ts), which both need it.
 */
import type { Requester } from '../../../core/entities/people.ts';
import type { Ticket } from '../../../core/entities/ticket.ts';
import { requesterForChat } from '../../../core/read/private-chat.ts';
import { channelOf, type BotDeps, type Me } from '../../context.ts';

export type { Me };

/**
 * The Requester row each Me was read from, for the core calls of the same update (the actor of a follow-up):
 * not a property of Me, which must stay JSON-safe, and dropped with the Me.
 */
const rows = new WeakMap<Me, Requester>();
export const requesterRowOf = (me: Me | null | undefined): Requester | undefined => (me ? rows.get(me) : undefined);

/** his open tickets as read with the Me, at the start of this update (a follow-up needs no read of its own) */
const opens = new WeakMap<Me, Ticket[]>();
export const openTicketsReadWith = (me: Me | null | undefined): Ticket[] | undefined => (me ? opens.get(me) : undefined);

export async function loadMe(deps: BotDeps, telegramId: number): Promise<Me | null> {
  // one query per update (every update of a private chat asks): the member type joined for its staff flag
  const found = await requesterForChat(deps.core.ds, telegramId, channelOf(deps));
  if (!found) return null;
  const r = found.requester;
  const me: Me = {
    id: r.id,
    telegramId,
    channel: channelOf(deps),
    fullName: r.fullName,
    phone: r.phone,
    memberTypeId: r.memberTypeId,
    locale: r.locale,
    registered: r.registeredAt !== null && !!r.phone,
    staff: found.staffType,
    blocked: r.blocked,
    reachable: found.reachable,
  };
  rows.set(me, r);
  opens.set(me, found.openTickets);
  return me;
}
