/**
 * Auto-close (DOMAIN.md, source 003), per team: a ticket idle in the chosen states (answered, resolved) for
 * N days gets a reminder a day before, then is closed with a message to the requester; a closed ticket
 * becomes finished after M days. Activity by either side moves lastActivityAt, which resets both. A scan
 * on the (state, lastActivityAt) index, repeated every few minutes: nothing to lose on a restart.
 */
import { In, IsNull, LessThanOrEqual, type EntityManager } from 'typeorm';
import type { CoreContext } from '../../core/context.ts';
import { Team } from '../../core/entities/org.ts';
import { Requester } from '../../core/entities/people.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { autoClose, finish } from '../../core/services/tickets/index.ts';
import { escapeHtml, ticketRef } from '../../core/text/index.ts';
import { transact } from '../../core/tx.ts';

const DAY = 86_400_000;

export interface AutoCloseResult {
  reminded: number;
  closed: number;
  finished: number;
}

export async function autoCloseScan(ctx: CoreContext, opts: { dayMs?: number; batch?: number } = {}): Promise<AutoCloseResult> {
  const day = opts.dayMs ?? DAY;
  const batch = opts.batch ?? 500;
  const now = ctx.clock.now().getTime();
  const result: AutoCloseResult = { reminded: 0, closed: 0, finished: 0 };
  const teams = await ctx.ds.getRepository(Team).findBy({ autoCloseEnabled: true });
  for (const team of teams) {
    const states = team.autoCloseStates.filter((s) => s === 'answered' || s === 'resolved');
    if (!states.length || team.autoCloseDays <= 0) continue;
    const idleSince = new Date(now - team.autoCloseDays * day);
    for (const ticket of await ctx.ds.getRepository(Ticket).find({
      where: { teamId: team.id, state: In(states), lastActivityAt: LessThanOrEqual(idleSince) },
      order: { lastActivityAt: 'ASC' },
      take: batch,
    })) {
      try {
        await autoClose(ctx, ticket.id);
        result.closed++;
      } catch (err) {
        ctx.log.warn({ ticket: ticket.id, err: (err as Error).message }, 'auto-close skipped');
      }
    }
    const remindSince = new Date(now - Math.max(0, team.autoCloseDays - 1) * day);
    for (const ticket of await ctx.ds.getRepository(Ticket).find({
      where: { teamId: team.id, state: In(states), lastActivityAt: LessThanOrEqual(remindSince) },
      order: { lastActivityAt: 'ASC' },
      take: batch,
    })) {
      if (ticket.autoCloseRemindedAt && ticket.autoCloseRemindedAt >= ticket.lastActivityAt) continue;
      if (await remind(ctx, ticket)) result.reminded++;
    }
  }
  for (const team of await ctx.ds.getRepository(Team).find()) {
    if (team.finishAfterDays <= 0) continue;
    for (const ticket of await ctx.ds.getRepository(Ticket).find({
      where: { teamId: team.id, state: 'closed', closedAt: LessThanOrEqual(new Date(now - team.finishAfterDays * day)) },
      take: batch,
    })) {
      try {
        await finish(ctx, ticket.id);
        result.finished++;
      } catch (err) {
        ctx.log.warn({ ticket: ticket.id, err: (err as Error).message }, 'finish skipped');
      }
    }
  }
  // tickets without a team: closed ones still finish after the default 30 days
  for (const ticket of await ctx.ds.getRepository(Ticket).find({ where: { teamId: IsNull(), state: 'closed', closedAt: LessThanOrEqual(new Date(now - 30 * day)) }, take: batch })) {
    await finish(ctx, ticket.id).then(() => result.finished++, () => undefined);
  }
  return result;
}

async function remind(ctx: CoreContext, ticket: Ticket): Promise<boolean> {
  return transact(ctx, async (tx) => {
    const res = await tx.em
      .createQueryBuilder()
      .update(Ticket)
      .set({ autoCloseRemindedAt: tx.now })
      .where('id = :id AND lastActivityAt = :at AND (autoCloseRemindedAt IS NULL OR autoCloseRemindedAt < lastActivityAt)', { id: ticket.id, at: ticket.lastActivityAt })
      .execute();
    if (!res.affected) return false;
    const requester = ticket.requesterId ? await requesterOf(tx.em, ticket.requesterId) : null;
    if (!requester) return true;
    const locale = requester.locale ?? ctx.defaultLocale;
    await tx.outbox({
      chatId: requester.telegramId,
      method: 'sendMessage',
      purpose: 'notify',
      ticketId: ticket.id,
      dedupeKey: `autoclose-remind-${ticket.id}-${ticket.lastActivityAt.getTime()}`,
      payload: { text: t(locale, 'autoclose-reminder', { ref: ticketRef(ticket.number, locale), title: escapeHtml(ticket.title) }), parse_mode: 'HTML' },
    });
    return true;
  });
}

function requesterOf(em: EntityManager, id: number) {
  return em.findOneBy(Requester, { id });
}
