/**
 * Auto-close (DOMAIN.md, source 003), per team: a ticket idle in the team's chosen states (answered,
 * resolved) gets a reminder a day before, then is closed by the system with a message to the requester
 * (the ticket service's auto_close); a closed ticket becomes finished after the team's M days.
 *
 * Idle since = the last message by either side (lastActivityAt), or the moment it was resolved if later.
 * Activity moves lastActivityAt, which starts a new idle period: the reminder of an earlier period
 * (autoCloseRemindedAt older than the period's start) no longer counts. A ticket is closed only after
 * its reminder had its notice (a day, or half the idle time when that is shorter), so a worker that was
 * down for a week reminds first and closes a day later, never silently.
 *
 * Driven by a repeated scan over the (state, lastActivityAt) index with keyset pages: nothing lives in
 * Redis, so a restart or a flush loses nothing.
 */
import { type EntityManager } from 'typeorm';
import type { CoreContext } from '../../core/context.ts';
import type { TicketState } from '../../core/entities/enums.ts';
import { Team } from '../../core/entities/org.ts';
import { Requester } from '../../core/entities/people.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { accountForTicket } from '../../core/services/requester-channels.ts';
import { autoClose, finish } from '../../core/services/tickets/index.ts';
import { escapeHtml, ticketRef } from '../../core/text/index.ts';
import { transact } from '../../core/tx.ts';

export const DAY_MS = 86_400_000;
/** closed tickets of no team become finished after this many days */
export const DEFAULT_FINISH_DAYS = 30;

export interface AutoCloseOptions {
  /** the length of a "day" (tests shorten it) */
  dayMs?: number;
  /** rows per keyset page */
  batch?: number;
  /** how late a close may follow the notice because scans are periodic (the scan interval) */
  graceMs?: number;
}

export interface AutoCloseResult {
  reminded: number;
  closed: number;
  finished: number;
}

const idleSince = (t: Pick<Ticket, 'lastActivityAt' | 'resolvedAt' | 'state'>) =>
  t.state === 'resolved' && t.resolvedAt && t.resolvedAt > t.lastActivityAt ? t.resolvedAt : t.lastActivityAt;

export async function autoCloseScan(ctx: CoreContext, opts: AutoCloseOptions = {}): Promise<AutoCloseResult> {
  const day = opts.dayMs ?? DAY_MS;
  const batch = opts.batch ?? 200;
  const result: AutoCloseResult = { reminded: 0, closed: 0, finished: 0 };
  const teams = await ctx.ds.getRepository(Team).find();
  for (const team of teams) {
    if (!team.autoCloseEnabled || team.autoCloseDays <= 0) continue;
    const idleMs = team.autoCloseDays * day;
    const noticeMs = Math.min(day, idleMs / 2);
    const grace = Math.min(opts.graceMs ?? 5 * 60_000, noticeMs / 4);
    for (const state of team.autoCloseStates.filter((s): s is 'answered' | 'resolved' => s === 'answered' || s === 'resolved')) {
      const now = ctx.clock.now().getTime();
      await eachIdle(ctx, team.id, state, new Date(now - (idleMs - noticeMs)), batch, async (ticket) => {
        const since = idleSince(ticket);
        const at = ctx.clock.now().getTime();
        const reminded = ticket.autoCloseRemindedAt && ticket.autoCloseRemindedAt >= since ? ticket.autoCloseRemindedAt : null;
        if (!reminded) {
          if (since.getTime() <= at - (idleMs - noticeMs) && (await remind(ctx, ticket, since))) result.reminded++;
          return;
        }
        if (since.getTime() > at - idleMs || reminded.getTime() > at - noticeMs + grace) return;
        if (await closeIfStillIdle(ctx, ticket, since)) result.closed++;
      });
    }
  }
  const byTeam = new Map(teams.map((tm) => [tm.id, tm.finishAfterDays]));
  const now = ctx.clock.now().getTime();
  const shortest = Math.min(DEFAULT_FINISH_DAYS, ...teams.filter((tm) => tm.finishAfterDays > 0).map((tm) => tm.finishAfterDays));
  await eachClosed(ctx, new Date(now - shortest * day), batch, async (ticket) => {
    const days = ticket.teamId === null ? DEFAULT_FINISH_DAYS : (byTeam.get(ticket.teamId) ?? DEFAULT_FINISH_DAYS);
    if (days <= 0 || !ticket.closedAt || ticket.closedAt.getTime() > now - days * day) return;
    try {
      await finish(ctx, ticket.id);
      result.finished++;
    } catch (err) {
      ctx.log.warn({ ticket: ticket.id, err: (err as Error).message }, 'finish skipped');
    }
  });
  return result;
}

/** tickets of a team in a state with lastActivityAt ≤ cutoff, oldest first, a keyset page at a time */
async function eachIdle(ctx: CoreContext, teamId: number, state: TicketState, cutoff: Date, batch: number, fn: (t: Ticket) => Promise<void>) {
  let after: { at: Date; id: number } | null = null;
  for (;;) {
    const q = ctx.ds
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.state = :state AND t.lastActivityAt <= :cutoff AND t.teamId = :teamId', { state, cutoff, teamId });
    if (after) q.andWhere('(t.lastActivityAt > :at OR (t.lastActivityAt = :at AND t.id > :id))', { at: after.at, id: after.id });
    const page = await q.orderBy('t.lastActivityAt', 'ASC').addOrderBy('t.id', 'ASC').limit(batch).getMany();
    for (const ticket of page) {
      try {
        await fn(ticket);
      } catch (err) {
        ctx.log.warn({ ticket: ticket.id, err: (err as Error).message }, 'auto-close skipped a ticket');
      }
    }
    if (page.length < batch) return;
    const last = page.at(-1)!;
    after = { at: last.lastActivityAt, id: last.id };
  }
}

async function eachClosed(ctx: CoreContext, cutoff: Date, batch: number, fn: (t: Ticket) => Promise<void>) {
  let after: { at: Date; id: number } | null = null;
  for (;;) {
    const q = ctx.ds.getRepository(Ticket).createQueryBuilder('t').where("t.state = 'closed' AND t.closedAt <= :cutoff", { cutoff });
    if (after) q.andWhere('(t.closedAt > :at OR (t.closedAt = :at AND t.id > :id))', { at: after.at, id: after.id });
    const page = await q.orderBy('t.closedAt', 'ASC').addOrderBy('t.id', 'ASC').limit(batch).getMany();
    for (const ticket of page) await fn(ticket);
    if (page.length < batch) return;
    const last = page.at(-1)!;
    after = { at: last.closedAt!, id: last.id };
  }
}

/** the reminder, once per idle period (a conditional update, and the outbox dedupe key) */
async function remind(ctx: CoreContext, ticket: Ticket, since: Date): Promise<boolean> {
  return transact(ctx, async (tx) => {
    const res = await tx.em
      .createQueryBuilder()
      .update(Ticket)
      .set({ autoCloseRemindedAt: tx.now })
      .where('id = :id AND state = :state AND lastActivityAt = :at AND (autoCloseRemindedAt IS NULL OR autoCloseRemindedAt < :since)', {
        id: ticket.id,
        state: ticket.state,
        at: ticket.lastActivityAt,
        since,
      })
      .execute();
    if (!res.affected) return false;
    const requester = ticket.requesterId ? await requesterOf(tx.em, ticket.requesterId) : null;
    const account = requester ? await accountForTicket(tx.em, requester.id, ticket.channel) : null;
    if (!requester || !account) return true;
    const locale = requester.locale ?? tx.defaultLocale;
    await tx.outbox({
      channel: account.channel,
      chatId: account.chatId,
      method: 'sendMessage',
      purpose: 'notify',
      ticketId: ticket.id,
      dedupeKey: `autoclose-remind-${ticket.id}-${since.getTime()}`,
      payload: { text: t(locale, 'autoclose-reminder', { ref: ticketRef(ticket.number, locale), title: escapeHtml(ticket.title) }), parse_mode: 'HTML' },
    });
    return true;
  });
}

/**
 * Closes through the ticket service (system actor, reason auto_close; it tells the requester), after
 * reading the ticket once more: activity since the scan read it starts a new period instead.
 */
async function closeIfStillIdle(ctx: CoreContext, ticket: Ticket, since: Date): Promise<boolean> {
  const fresh = await ctx.ds.getRepository(Ticket).findOneBy({ id: ticket.id });
  if (!fresh || fresh.state !== ticket.state || idleSince(fresh).getTime() !== since.getTime()) return false;
  await autoClose(ctx, ticket.id);
  return true;
}

function requesterOf(em: EntityManager, id: number) {
  return em.findOneBy(Requester, { id });
}
