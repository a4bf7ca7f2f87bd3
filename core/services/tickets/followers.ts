/**
 * Followers of a ticket (DOMAIN.md, 003): its staff-side creator and assignees follow it by default (store.ts
 * adds them); agents add and remove others on the ticket page. Who may edit:
 * - following or unfollowing oneself: any staff member who sees the ticket;
 * - adding or removing someone else: those who take part in it (permission 'followers': the assignee, the
 *   creator, the ticket's team, admins).
 * Only active staff accounts can be added. Each change is one ticket event ('follow' / 'unfollow', after =
 * { staffId }) and one audit row (entity 'ticket_follower'), in the change's transaction. What followers
 * are told is core/notify/followers.ts.
 */
import { In, IsNull } from 'typeorm';
import { StaffAccount } from '../../entities/people.ts';
import { StaffNotice, TicketFollower } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import { transact } from '../../tx.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { canAct } from '../permissions.ts';
import { writeEvent } from './events.ts';
import { ticketForAction } from './guard.ts';
import { getTicket } from './read.ts';

export interface FollowerView {
  staffId: number;
  displayName: string;
  /** has a linked Telegram account: told in a private chat; otherwise by a panel notice */
  telegram: boolean;
}

export interface FollowersPage {
  followers: FollowerView[];
  /** the actor may add and remove others (else only himself) */
  mayEdit: boolean;
  /** active staff accounts who do not follow yet (offered by the add form when mayEdit) */
  candidates: { staffId: number; displayName: string }[];
}

/** the followers of a ticket the actor sees (NotFoundError otherwise), with what he may change */
export async function ticketFollowers(ctx: CoreContext, actor: Actor, ticketId: number): Promise<FollowersPage> {
  const ticket = await getTicket(ctx, actor, ticketId);
  const rows = await ctx.ds.getRepository(TicketFollower).find({ where: { ticketId: ticket.id } });
  const ids = rows.map((r) => r.staffId);
  const staff = ids.length ? await ctx.ds.getRepository(StaffAccount).find({ where: { id: In(ids) }, order: { displayName: 'ASC' } }) : [];
  const followers = staff.map((s) => ({ staffId: s.id, displayName: s.displayName, telegram: s.telegramId !== null }));
  const mayEdit = actor.kind === 'staff' && (await canAct(ctx.ds.manager, actor, ticket, 'followers'));
  const candidates = mayEdit
    ? (await ctx.ds.getRepository(StaffAccount).find({ where: { active: true }, order: { displayName: 'ASC' } }))
        .filter((s) => !ids.includes(s.id))
        .map((s) => ({ staffId: s.id, displayName: s.displayName }))
    : [];
  return { followers, mayEdit, candidates };
}

async function change(ctx: CoreContext, actor: Actor, ticketId: number, staffId: number, add: boolean): Promise<boolean> {
  if (actor.kind !== 'staff') throw new ForbiddenError('only staff edit followers');
  if (!Number.isInteger(staffId) || staffId <= 0) throw new ValidationError({ staffId: 'invalid' });
  return transact(ctx, async (tx) => {
    const self = staffId === actor.staff.id;
    const ticket = await ticketForAction(tx, actor, ticketId, self ? 'view' : 'followers');
    const exists = await tx.em.existsBy(TicketFollower, { ticketId: ticket.id, staffId });
    if (add === exists) return false;
    if (add) {
      const who = await tx.em.findOne(StaffAccount, { where: { id: staffId } });
      if (!who?.active) throw new ValidationError({ staffId: 'unknown or inactive' });
      await tx.em.insert(TicketFollower, { ticketId: ticket.id, staffId });
    } else {
      await tx.em.delete(TicketFollower, { ticketId: ticket.id, staffId });
    }
    await writeEvent(tx, ticket, actor, { kind: add ? 'follow' : 'unfollow', action: null, after: { staffId } });
    await audit(tx, { staffId: actor.staff.id, action: add ? 'follow' : 'unfollow', entity: 'ticket_follower', entityId: ticket.id, after: { staffId } });
    return true;
  });
}

/** adds a follower; false when he followed already */
export function addTicketFollower(ctx: CoreContext, actor: Actor, ticketId: number, staffId: number): Promise<boolean> {
  return change(ctx, actor, ticketId, staffId, true);
}

/** removes a follower; false when he did not follow */
export function removeTicketFollower(ctx: CoreContext, actor: Actor, ticketId: number, staffId: number): Promise<boolean> {
  return change(ctx, actor, ticketId, staffId, false);
}

// ---------------------------------------------------------------- panel notices

export interface NoticeView {
  id: number;
  ticketId: number | null;
  kind: string;
  data: Record<string, unknown> | null;
  createdAt: Date;
  read: boolean;
}

/** a staff member's latest panel notices (unread first, newest first) and how many are unread */
export async function myNotices(ctx: CoreContext, staffId: number, limit = 50): Promise<{ unread: number; items: NoticeView[] }> {
  const repo = ctx.ds.getRepository(StaffNotice);
  const unread = await repo.count({ where: { staffId, readAt: IsNull() } });
  const rows = await repo.find({ where: { staffId }, order: { id: 'DESC' }, take: limit });
  const items = rows
    .map((n) => ({ id: n.id, ticketId: n.ticketId, kind: n.kind, data: n.data, createdAt: n.createdAt, read: n.readAt !== null }))
    .sort((a, b) => Number(a.read) - Number(b.read) || b.id - a.id);
  return { unread, items };
}

/** marks all of a staff member's notices read */
export async function markNoticesRead(ctx: CoreContext, staffId: number): Promise<number> {
  const res = await ctx.ds
    .getRepository(StaffNotice)
    .createQueryBuilder()
    .update()
    .set({ readAt: ctx.clock.now() })
    .where('staffId = :staffId AND readAt IS NULL', { staffId })
    .execute();
  return res.affected ?? 0;
}
