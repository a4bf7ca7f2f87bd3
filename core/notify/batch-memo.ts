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
  const rows = await em
    .getRepository(StaffAccount)
    .createQueryBuilder('s')
    .innerJoin(TicketFollower, 'f', 'f.staffId = s.id')
    .addSelect('f.ticketId', 'followedTicketId')
    .where('f.ticketId IN (:...ticketIds) AND s.active = :active', { ticketIds, active: true })
    .orderBy('s.id', 'ASC')
    .getRawAndEntities<{ followedTicketId: unknown }>();
  // getRawAndEntities gives one entity per distinct staff: pair the raw rows with their entities by id
  const byId = new Map(rows.entities.map((s) => [s.id, s]));
  for (const raw of rows.raw as Record<string, unknown>[]) {
    const staff = byId.get(Number(raw.s_id));
    const list = map.get(Number(raw.followedTicketId));
    if (staff && list) list.push(staff);
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
