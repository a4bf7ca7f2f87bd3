/**
 * Reading a ticket for a change and writing it back: the row is locked on MariaDB (SELECT … FOR UPDATE;
 * SQLite serialises writers), and the update checks the optimistic `version` so a lost update can never
 * pass silently. Also the followers list and the SLA hook every change calls.
 */
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { isMariaDb } from '../../db/data-source.ts';
import { Ticket, TicketFollower } from '../../entities/ticket.ts';
import { recomputeSla } from '../../sla/service.ts';
import { refreshReportSummary } from '../reports/summary/maintain.ts';
import type { Tx } from '../../tx.ts';
import { ConflictError, NotFoundError } from '../errors.ts';

/** SELECT … FOR UPDATE on MariaDB, a plain read on SQLite */
export async function findForUpdate<T extends { id: number }>(em: EntityManager, entity: new () => T, id: number): Promise<T | null> {
  const where = { id } as FindOptionsWhere<T>;
  if (isMariaDb(em.connection)) return em.findOne(entity, { where, lock: { mode: 'pessimistic_write' } });
  return em.findOne(entity, { where });
}

/** the ticket, locked for this transaction (NotFoundError when there is none) */
export async function lockTicket(tx: Tx, id: number): Promise<Ticket> {
  const ticket = await findForUpdate(tx.em, Ticket, id);
  if (!ticket) throw new NotFoundError('ticket', id);
  return ticket;
}

/** Writes the changed fields with the version check; the object is updated to match the row. */
export async function updateTicket(tx: Tx, ticket: Ticket, changes: Partial<Ticket>): Promise<void> {
  const version = ticket.version;
  const values = { ...changes, version: version + 1, updatedAt: tx.now };
  const res = await tx.em.update(Ticket, { id: ticket.id, version }, values as Parameters<EntityManager['update']>[2]);
  if (res.affected !== undefined && res.affected !== 1) throw new ConflictError(`ticket ${ticket.id}`);
  Object.assign(ticket, values);
}

/** staff who follow a ticket: its staff-side creator and its assignees (DOMAIN.md, 003) */
export async function addFollower(tx: Tx, ticketId: number, staffId: number | null): Promise<void> {
  if (staffId === null) return;
  if (await tx.em.existsBy(TicketFollower, { ticketId, staffId })) return;
  await tx.em.insert(TicketFollower, { ticketId, staffId });
}

export async function followerIds(em: EntityManager, ticketId: number): Promise<number[]> {
  return (await em.find(TicketFollower, { where: { ticketId }, order: { staffId: 'ASC' } })).map((f) => f.staffId);
}

/**
 * Recomputes the ticket's SLA targets in this transaction (core/sla); the changes reach ctx.onSlaChange after
 * commit. The SLA service may set the ticket's slaPolicyId: the object is kept in step. The report summary follows.
 */
export async function touchSla(tx: Tx, ticket: Ticket): Promise<void> {
  tx.slaChanges.push(...(await recomputeSla(tx, ticket.id)));
  const row = await tx.em.findOne(Ticket, { where: { id: ticket.id }, select: { id: true, slaPolicyId: true } });
  if (row) ticket.slaPolicyId = row.slaPolicyId;
  await refreshReportSummary(tx, ticket.id);
}
