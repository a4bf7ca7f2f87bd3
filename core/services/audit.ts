/**
 * The audit log of configuration changes (ticket actions are ticket events): one row per change, written
 * in the same transaction as the change, and a keyset-paginated, filterable reader for the panel.
 */
import { Brackets, type EntityManager } from 'typeorm';
import { AuditEntry } from '../entities/system.ts';
import { TicketEvent } from '../entities/ticket.ts';
import type { Tx } from '../tx.ts';
import { managerOf, whoOf, type ReadSource, type Who } from './org-common.ts';

export interface AuditInput {
  staffId: number | null;
  /** create, update, activate, deactivate, delete, reorder, block, … */
  action: string;
  /** the entity name: setting, value_chain, department, subject, team, staff, … */
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string;
}

/** writes one audit row in the transaction */
export async function audit(tx: Tx, entry: AuditInput): Promise<AuditEntry> {
  const row = tx.em.create(AuditEntry, {
    staffId: entry.staffId,
    action: entry.action.slice(0, 64),
    entity: entry.entity.slice(0, 64),
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId).slice(0, 64),
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: (entry.ip ?? '').slice(0, 64),
    createdAt: tx.now,
  });
  return tx.em.save(AuditEntry, row);
}

/** the same, with the actor given as a `Who` */
export function auditBy(tx: Tx, who: Who, entry: Omit<AuditInput, 'staffId' | 'ip'>): Promise<AuditEntry> {
  const { staffId, ip } = whoOf(who);
  return audit(tx, { ...entry, staffId, ip });
}

export interface AuditQuery {
  staffId?: number;
  entity?: string;
  entityId?: string | number;
  action?: string;
  from?: Date;
  to?: Date;
  /** the last id of the previous page */
  cursor?: number | null;
  limit?: number;
}

/** newest first, keyset on id; `nextCursor` is null on the last page */
export async function listAudit(src: ReadSource, q: AuditQuery = {}): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
  const em: EntityManager = managerOf(src);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const qb = em
    .createQueryBuilder(AuditEntry, 'a')
    .orderBy('a.id', 'DESC')
    .take(limit + 1);
  qb.where(
    new Brackets((w) => {
      w.where('1 = 1');
      if (q.staffId !== undefined) w.andWhere('a.staffId = :staffId', { staffId: q.staffId });
      if (q.entity) w.andWhere('a.entity = :entity', { entity: q.entity });
      if (q.entityId !== undefined) w.andWhere('a.entityId = :entityId', { entityId: String(q.entityId) });
      if (q.action) w.andWhere('a.action = :action', { action: q.action });
      if (q.from) w.andWhere('a.createdAt >= :from', { from: q.from });
      if (q.to) w.andWhere('a.createdAt < :to', { to: q.to });
      if (q.cursor) w.andWhere('a.id < :cursor', { cursor: q.cursor });
    }),
  );
  const rows = await qb.getMany();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

export interface TicketEventQuery {
  kind?: string;
  action?: string;
  /** events a staff member caused */
  staffId?: number;
  from?: Date;
  to?: Date;
  cursor?: number | null;
  limit?: number;
}

/** the ticket actions of every ticket (the audit page's second log): newest first, keyset on id */
export async function listTicketEvents(src: ReadSource, q: TicketEventQuery = {}): Promise<{ items: TicketEvent[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const qb = managerOf(src)
    .createQueryBuilder(TicketEvent, 'e')
    .orderBy('e.id', 'DESC')
    .limit(limit + 1);
  qb.where(
    new Brackets((w) => {
      w.where('1 = 1');
      if (q.kind) w.andWhere('e.kind = :kind', { kind: q.kind });
      if (q.action) w.andWhere('e.action = :action', { action: q.action });
      if (q.staffId !== undefined) w.andWhere("e.actorKind = 'staff' AND e.actorId = :sid", { sid: q.staffId });
      if (q.from) w.andWhere('e.createdAt >= :from', { from: q.from });
      if (q.to) w.andWhere('e.createdAt < :to', { to: q.to });
      if (q.cursor) w.andWhere('e.id < :cursor', { cursor: q.cursor });
    }),
  );
  const rows = await qb.getMany();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
