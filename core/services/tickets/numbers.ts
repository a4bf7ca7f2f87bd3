/**
 * Ticket numbers: each comes from a new row of the auto-increment table ticket_number_seq (the database
 * hands out ids race-free, also across processes), plus an offset so the first ticket is 1001 and numbers
 * look like references people can read aloud. Never max(number)+1. A rolled-back transaction may leave a
 * gap on MariaDB; numbers stay unique.
 */
import { TicketNumberSeq } from '../../entities/ticket.ts';
import type { Tx } from '../../tx.ts';

export const TICKET_NUMBER_OFFSET = 1000;

export async function nextTicketNumber(tx: Tx): Promise<number> {
  const res = await tx.em.insert(TicketNumberSeq, { used: true });
  const id = Number((res.identifiers[0] as { id?: number } | undefined)?.id ?? res.raw?.insertId);
  if (!Number.isSafeInteger(id) || id < 1) throw new Error('ticket_number_seq gave no id');
  return id + TICKET_NUMBER_OFFSET;
}
