/**
 * Claims on outbox rows, in the database: a worker turns a due row from `pending` into `sending` with a
 * conditional UPDATE, and the row's nextAttemptAt becomes the claim's lease. Every later write about the
 * row is conditional on that exact lease (it is the claim's token: a taker-over always holds a later one),
 * so a worker that lost its claim (it stalled past the lease) learns it before calling Telegram, and a
 * worker killed mid-send leaves a row that is taken over when the lease ends. Redis may lose everything:
 * these claims do not live there.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxMessage } from '../../core/entities/system.ts';

export interface Claim {
  id: number;
  lease: Date;
  /** when the lease was last set, by this process's clock */
  setAt: number;
}

/** is the row at the head of its chat held by a live claim (someone else is sending it) */
export const heldByOther = (row: OutboxMessage, now: Date) => row.status === 'sending' && !!row.nextAttemptAt && row.nextAttemptAt > now;

/** pending and due, or sending with an expired lease: takes it; null when another worker got there first */
export async function claim(ds: DataSource, row: OutboxMessage, chatId: number, now: Date, leaseMs: number): Promise<Claim | null> {
  const lease = new Date(now.getTime() + leaseMs);
  const res = await ds
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ status: 'sending', nextAttemptAt: lease })
    .where('id = :id AND chatId = :chatId', { id: row.id, chatId })
    .andWhere("((status = 'pending' AND (nextAttemptAt IS NULL OR nextAttemptAt <= :now)) OR (status = 'sending' AND nextAttemptAt <= :now))", { now })
    // our copy knows of no part sent: neither may the row (else the copy is stale; read it again)
    .andWhere(row.result === null ? 'result IS NULL' : '1 = 1')
    .execute();
  return res.affected ? { id: row.id, lease, setAt: now.getTime() } : null;
}

/** extends the lease if it is ours; false when the claim was lost (do not send) */
export async function renew(ds: DataSource, c: Claim, now: Date, leaseMs: number): Promise<boolean> {
  const lease = new Date(now.getTime() + leaseMs);
  const res = await ds
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ nextAttemptAt: lease })
    .where("id = :id AND status = 'sending' AND nextAttemptAt = :lease", { id: c.id, lease: c.lease })
    .execute();
  if (!res.affected) return false;
  c.lease = lease;
  c.setAt = now.getTime();
  return true;
}

/** writes the row's outcome if the claim is still ours (false: another worker holds the row now) */
export async function settle(em: EntityManager, c: Claim, patch: Partial<OutboxMessage>): Promise<boolean> {
  const res = await em
    .createQueryBuilder()
    .update(OutboxMessage)
    .set(patch as never)
    .where("id = :id AND status = 'sending' AND nextAttemptAt = :lease", { id: c.id, lease: c.lease })
    .execute();
  return !!res.affected;
}
