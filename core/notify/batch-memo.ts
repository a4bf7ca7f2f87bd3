/**
 * What a batch of follow-ups (core/services/tickets/followup-batch.ts) reads once for all its tickets, kept for
 * its own transaction only: the followers of every ticket of the batch (one query instead of one per message),
 * the staff chat each ticket's relay goes to (one lookup per distinct bound chat, department and team: the
 * tickets of a batch share them) and whether a team keeps its tickets in the panel only (once per team). The batch starts these reads on other connections of the pool while its
 * transaction writes, so they add no round trip to it; they are plain reads, as the notifiers' own are.
 * Transactions that did not ask read as before.
 */
import type { EntityManager } from 'typeorm';
import type { StaffChat } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { TicketFollower, type Ticket } from '../entities/ticket.ts';
import type { Tx } from '../tx.ts';
import { columnSql, selectEntities, tableOf } from '../db/rows-sql.ts';

type ChatKeys = Pick<Ticket, 'departmentId' | 'teamId' | 'staffChatId'>;
type Lookup = (em: EntityManager, ticket: ChatKeys, noStaffChat?: Promise<boolean>) => Promise<StaffChat | null>;

type TeamFlag = (em: EntityManager, teamId: number | null) => Promise<boolean>;

const followers = new WeakMap<Tx, Map<number, StaffAccount[]>>();
const chats = new WeakMap<Tx, Map<string, Promise<StaffChat | null>>>();
const noChatTeams = new WeakMap<Tx, Map<number, Promise<boolean>>>();
/** the staff notifier's lookups (core/notify/staff-chats.ts), set when that notifier is registered */
let lookup: Lookup | null = null;
let teamFlag: TeamFlag | null = null;

export function useStaffChatLookup(fn: Lookup, withoutStaffChat: TeamFlag): void {
  lookup = fn;
  teamFlag = withoutStaffChat;
}

/** the active followers of these tickets, in one query */
export async function followersOfTickets(em: EntityManager, ticketIds: readonly number[]): Promise<Map<number, StaffAccount[]>> {
  const map = new Map<number, StaffAccount[]>(ticketIds.map((id) => [id, []]));
  if (!ticketIds.length) return map;
  // plain SQL (core/db/rows-sql.ts): read for every batch of follow-ups
  const fTicket = columnSql(em, TicketFollower, 'f', 'ticketId');
  const rows = await selectEntities(
    em,
    StaffAccount,
    's',
    `INNER JOIN ${tableOf(em, TicketFollower)} f ON ${columnSql(em, TicketFollower, 'f', 'staffId')} = ${columnSql(em, StaffAccount, 's', 'id')} ` +
      `WHERE ${fTicket} IN (${ticketIds.map(() => '?').join(', ')}) AND ${columnSql(em, StaffAccount, 's', 'active')} = 1 ORDER BY ${columnSql(em, StaffAccount, 's', 'id')} ASC`,
    [...ticketIds],
    { followedTicketId: fTicket },
  );
  // one entity per staff, shared by the tickets he follows (as TypeORM's getRawAndEntities gave)
  const byId = new Map<number, StaffAccount>();
  for (const { entity, extra } of rows) {
    const staff = byId.get(entity.id) ?? entity;
    byId.set(staff.id, staff);
    map.get(Number(extra.followedTicketId))?.push(staff);
  }
  return map;
}

/** this transaction's notifications take the followers from `map` (each ticket's list once) */
export function useFollowers(tx: Tx, map: Map<number, StaffAccount[]>): void {
  followers.set(tx, map);
}

/** the followers given for this ticket in this transaction (once), or undefined: read them */
export function takePrefetchedFollowers(tx: Tx, ticketId: number): StaffAccount[] | undefined {
  const map = followers.get(tx);
  const list = map?.get(ticketId);
  if (list) map!.delete(ticketId);
  return list;
}

const keyOf = (t: ChatKeys) => `${t.staffChatId ?? ''}|${t.departmentId ?? ''}|${t.teamId ?? ''}`;

/**
 * Starts the staff-chat lookups of these tickets through `em` (another connection than the transaction's) and
 * has this transaction's relays use them; nothing when no staff notifier is registered (nothing would ask).
 */
export function prefetchStaffChats(tx: Tx, tickets: readonly ChatKeys[], em: EntityManager): void {
  if (!lookup) return;
  // each team's flag first, once: the chat lookups and the relays' own checks share it
  const flags = new Map<number, Promise<boolean>>();
  if (teamFlag) {
    for (const t of tickets) {
      if (t.teamId === null || flags.has(t.teamId)) continue;
      const p = teamFlag(em, t.teamId);
      p.catch(() => undefined);
      flags.set(t.teamId, p);
    }
    noChatTeams.set(tx, flags);
  }
  const memo = new Map<string, Promise<StaffChat | null>>();
  for (const t of tickets) {
    const key = keyOf(t);
    if (memo.has(key)) continue;
    const p = lookup(em, t, t.teamId === null ? undefined : flags.get(t.teamId));
    p.catch(() => undefined); // awaited by the relay; a batch that fails before it must not leave it unhandled
    memo.set(key, p);
  }
  chats.set(tx, memo);
}

/** the prefetched "team keeps its tickets in the panel only" of this transaction when there is one, else `load()` */
export function memoisedNoStaffChat(tx: Tx, teamId: number | null, load: () => Promise<boolean>): Promise<boolean> {
  return (teamId === null ? undefined : noChatTeams.get(tx)?.get(teamId)) ?? load();
}

/** the prefetched lookup of this transaction when there is one for the ticket, else `load()` */
export function memoisedStaffChat(tx: Tx, ticket: ChatKeys, load: () => Promise<StaffChat | null>): Promise<StaffChat | null> {
  return chats.get(tx)?.get(keyOf(ticket)) ?? load();
}
