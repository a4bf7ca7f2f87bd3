/**
 * The rows of an inbox page (core/read/inbox.ts) or of a search: the tickets of the given ids in that order
 * with their requesters' names and the unread state of the staff member (one query), and their SLA "due" —
 * the next deadline of a target still counting down, coloured by the SLA rule (core/sla/status.ts) — from
 * their targets (a second query).
 */
import { In } from 'typeorm';
import type { CoreContext } from '../context.ts';
import type { SlaKind } from '../entities/enums.ts';
import { Requester, type StaffAccount } from '../entities/people.ts';
import { SlaTarget } from '../entities/sla.ts';
import { Ticket } from '../entities/ticket.ts';
import { unreadSql } from '../services/inbox-state.ts';
import { getSettings } from '../services/settings.ts';
import { dueTone, nextDue, slaStatus, type SlaStatus } from '../sla/status.ts';

export interface InboxDue {
  at: Date;
  kind: SlaKind;
  status: SlaStatus;
  /** the badge colour: red (failed), amber (at risk), green */
  tone: 'failed' | 'risk' | 'ok';
  /** minutes from now to the deadline (negative: late) */
  minutes: number;
}

export interface InboxRow {
  ticket: Ticket;
  requesterName: string;
  /** a message or change by someone else since he last opened it, or never opened */
  unread: boolean;
  /** the next SLA deadline, or null: no target counts down (none, all met or cancelled, or paused) */
  due: InboxDue | null;
  /** a target waits for the requester (paused) and none counts down */
  paused: boolean;
}

export async function inboxRows(ctx: CoreContext, staff: StaffAccount, ids: number[]): Promise<InboxRow[]> {
  if (!ids.length) return [];
  const { entities, raw } = await ctx.ds
    .getRepository(Ticket)
    .createQueryBuilder('t')
    .leftJoinAndMapOne('t.requesterRow', Requester, 'r', 'r.id = t.requesterId')
    .addSelect(`CASE WHEN ${unreadSql(ctx, 't.id', ':uMe')} THEN 1 ELSE 0 END`, 'unread_flag')
    .where('t.id IN (:...pageIds)', { pageIds: ids, uMe: staff.id })
    .getRawAndEntities<{ t_id: number | string; unread_flag: number | string }>();
  const unread = new Set(raw.filter((r) => Number(r.unread_flag) === 1).map((r) => Number(r.t_id)));
  const targets = await ctx.ds.getRepository(SlaTarget).find({ where: { ticketId: In(ids) } });
  const byTicket = new Map<number, SlaTarget[]>();
  for (const s of targets) byTicket.set(s.ticketId, [...(byTicket.get(s.ticketId) ?? []), s]);
  const now = ctx.clock.now();
  const atRisk = targets.length ? (await getSettings(ctx)).slaAtRiskMinutes : 0;
  const order = new Map(ids.map((id, i) => [id, i]));
  return (entities as (Ticket & { requesterRow?: Requester | null })[])
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .map((t) => {
      const mine = byTicket.get(t.id) ?? [];
      const next = nextDue(mine);
      const status = next ? slaStatus(next, now, atRisk) : null;
      return {
        ticket: t,
        requesterName: t.requesterRow?.fullName ?? '',
        unread: unread.has(t.id),
        due:
          next && status
            ? { at: next.deadline!, kind: next.kind, status, tone: dueTone(status), minutes: Math.round((next.deadline!.getTime() - now.getTime()) / 60_000) }
            : null,
        paused: !next && mine.some((s) => s.paused && !s.cancelled && !s.reachedAt),
      };
    });
}
