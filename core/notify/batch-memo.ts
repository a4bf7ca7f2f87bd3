/**
 * What a batch of follow-ups (core/services/tickets/followup-batch.ts) reads once for all its tickets, kept for
 * its own transaction only (so nothing here can go stale): the followers of every ticket of the batch (one
 * query instead of one per message), and the staff chat a ticket's relay goes to, memoised by what decides it
 * (many tickets of a batch share their team and department). Transactions that did not ask read as before.
 */
import { StaffAccount } from '../entities/people.ts';
import { TicketFollower, type Ticket } from '../entities/ticket.ts';
import type { StaffChat } from '../entities/org.ts';
import type { Tx } from '../tx.ts';

const followers = new WeakMap<Tx, Map<number, StaffAccount[]>>();
const chats = new WeakMap<Tx, Map<string, Promise<StaffChat | null>>>();

/** reads the active followers of these tickets in one query, for this transaction's notifications */
export async function prefetchFollowers(tx: Tx, ticketIds: readonly number[]): Promise<void> {
  if (!ticketIds.length) return;
  const rows = await tx.em
    .getRepository(StaffAccount)
    .createQueryBuilder('s')
    .innerJoin(TicketFollower, 'f', 'f.staffId = s.id')
    .addSelect('f.ticketId', 'followedTicketId')
    .where('f.ticketId IN (:...ticketIds) AND s.active = :active', { ticketIds, active: true })
    .orderBy('s.id', 'ASC')
    .getRawAndEntities<{ followedTicketId: unknown }>();
  const map = new Map<number, StaffAccount[]>(ticketIds.map((id) => [id, []]));
  // getRawAndEntities gives one entity per distinct staff: pair the raw rows with their entities by id
  const byId = new Map(rows.entities.map((s) => [s.id, s]));
  for (const raw of rows.raw as Record<string, unknown>[]) {
    const staff = byId.get(Number(raw.s_id));
    const list = map.get(Number(raw.followedTicketId));
    if (staff && list) list.push(staff);
  }
  followers.set(tx, map);
}

/** the followers prefetched for this ticket in this transaction (given once), or undefined: read them */
export function takePrefetchedFollowers(tx: Tx, ticketId: number): StaffAccount[] | undefined {
  const map = followers.get(tx);
  const list = map?.get(ticketId);
  if (list) map!.delete(ticketId);
  return list;
}

/** from now on this transaction looks each staff chat up once per (bound chat, department, team) */
export function memoiseStaffChats(tx: Tx): void {
  if (!chats.has(tx)) chats.set(tx, new Map());
}

/** `load` once per key in a transaction that asked for it (memoiseStaffChats), else every time */
export function memoisedStaffChat(
  tx: Tx,
  ticket: Pick<Ticket, 'departmentId' | 'teamId' | 'staffChatId'>,
  load: () => Promise<StaffChat | null>,
): Promise<StaffChat | null> {
  const memo = chats.get(tx);
  if (!memo) return load();
  const key = `${ticket.staffChatId ?? ''}|${ticket.departmentId ?? ''}|${ticket.teamId ?? ''}`;
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = load()));
  return hit;
}
