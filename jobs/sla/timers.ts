/**
 * SLA timers: for each running target a delayed job for the warning and one for the breach. A moved
 * deadline gets new jobs (the ids carry the deadline) and the old ones are removed; whatever fires
 * re-reads the database and acts only if still true. A conditional UPDATE plus the outbox dedupe key make
 * each notification happen once, even when two workers race. A sweeper catches anything a lost job missed.
 */
import { DelayedError, Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { IsNull, LessThanOrEqual, MoreThan, type DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock, CoreContext } from '../../core/context.ts';
import type { Locale } from '../../core/entities/enums.ts';
import { TeamMember } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { SlaTarget } from '../../core/entities/sla.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/infra/logger.ts';
import type { SlaTargetChange } from '../../core/sla/service.ts';
import { escapeHtml, formatJalali, ticketRef } from '../../core/text/index.ts';
import { transact, type OutboxDraft } from '../../core/tx.ts';
import { panelKeyboard } from '../../core/notify/links.ts';
import { refreshCard, staffChatOf } from '../../core/notify/staff.ts';

export const SLA_QUEUE = 'sla';
const payload = z.object({ targetId: z.number().int(), deadlineMs: z.number().int() });

export const warnJobId = (targetId: number, deadlineMs: number) => `warn-${targetId}-${deadlineMs}`;
export const breachJobId = (targetId: number, deadlineMs: number) => `breach-${targetId}-${deadlineMs}`;

export class SlaTimers {
  readonly queue: Queue;
  constructor(
    connection: ConnectionOptions,
    private prefix: string,
    private redis: Redis,
    private log: Logger,
    private clock: Clock,
  ) {
    this.queue = new Queue(SLA_QUEUE, {
      connection,
      prefix,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    });
    this.queue.on('error', (err) => log.warn({ err: err.message }, 'SLA queue: redis error'));
  }

  private key(targetId: number) {
    return `${this.prefix}:sla:jobs:${targetId}`;
  }

  /** per target, changes are applied in the order they came (a later deadline never loses to an earlier one) */
  private chains = new Map<number, Promise<void>>();

  /** moves the timers of changed targets (delays from the core clock, which the deadlines come from) */
  async changed(changes: SlaTargetChange[]): Promise<void> {
    await Promise.all(
      changes.map((c) => {
        const next = (this.chains.get(c.targetId) ?? Promise.resolve())
          .then(() => this.apply(c))
          .catch((err) => {
            this.log.warn({ target: c.targetId, err: (err as Error).message }, 'could not move SLA timers; reconcile and the sweeper will');
          });
        this.chains.set(c.targetId, next);
        void next.then(() => this.chains.get(c.targetId) === next && this.chains.delete(c.targetId));
        return next;
      }),
    );
  }

  private async apply(c: SlaTargetChange): Promise<void> {
    const key = this.key(c.targetId);
    const old = await this.redis.smembers(key);
    const keep: string[] = [];
    const now = this.clock.now().getTime();
    if (c.running && c.deadline) {
      const deadlineMs = c.deadline.getTime();
      const data = { targetId: c.targetId, deadlineMs };
      const breachId = breachJobId(c.targetId, deadlineMs);
      keep.push(breachId);
      await this.queue.add('breach', data, { jobId: breachId, delay: Math.max(0, deadlineMs - now) });
      if (c.warnAt) {
        const warnId = warnJobId(c.targetId, deadlineMs);
        keep.push(warnId);
        await this.queue.add('warn', data, { jobId: warnId, delay: Math.max(0, c.warnAt.getTime() - now) });
      }
    }
    for (const id of old.filter((o) => !keep.includes(o))) await this.queue.remove(id).catch(() => 0);
    await this.redis.del(key);
    if (keep.length) {
      await this.redis.sadd(key, ...keep);
      // forgotten a day after the deadline (a breached target's timers are done by then)
      await this.redis.pexpire(key, Math.max(0, c.deadline!.getTime() - now) + 86_400_000);
    }
  }

  /** every running target gets its timers again (after a restart or a Redis flush); returns how many */
  async reconcile(ds: DataSource): Promise<number> {
    let afterId = 0;
    let n = 0;
    for (;;) {
      const running = await ds.getRepository(SlaTarget).find({
        where: { id: MoreThan(afterId), reachedAt: IsNull(), breached: false, cancelled: false, paused: false },
        order: { id: 'ASC' },
        take: 500,
      });
      if (!running.length) return n;
      afterId = running.at(-1)!.id;
      n += running.length;
      await this.changed(
        running
          .filter((r) => r.deadline)
          .map((r) => ({ ticketId: r.ticketId, targetId: r.id, kind: r.kind, deadline: r.deadline, warnAt: r.warnedAt ? null : r.warnAt, running: true })),
      );
    }
  }

  close() {
    return this.queue.close();
  }
}

/** done: notified now; skipped: no longer true (met, moved, paused, already done); early: due in ms */
export type FireResult = 'done' | 'skipped' | { early: number };

/** what a firing timer does: re-reads the target and acts only if still due; safe to call any number of times */
export async function fireSla(ctx: CoreContext, kind: 'warn' | 'breach', targetId: number, deadlineMs: number | null): Promise<FireResult> {
  return transact<FireResult>(ctx, async (tx) => {
    const target = await tx.em.findOneBy(SlaTarget, { id: targetId });
    if (!target || target.cancelled || target.reachedAt || target.paused || !target.deadline) return 'skipped';
    if (deadlineMs !== null && target.deadline.getTime() !== deadlineMs) return 'skipped';
    if (kind === 'warn' ? target.warnedAt || target.breached : target.breached) return 'skipped';
    const due = kind === 'warn' ? target.warnAt : target.deadline;
    if (!due) return 'skipped';
    if (due > tx.now) return { early: due.getTime() - tx.now.getTime() };
    const res =
      kind === 'warn'
        ? await tx.em.update(SlaTarget, { id: target.id, warnedAt: IsNull(), breached: false }, { warnedAt: tx.now })
        : await tx.em.update(SlaTarget, { id: target.id, breached: false }, { breached: true, breachedAt: tx.now, updatedAt: tx.now });
    if (!res.affected) return 'skipped';
    const ticket = await tx.em.findOneBy(Ticket, { id: target.ticketId });
    if (!ticket) return 'done';
    const drafts = await recipients(tx.em, ticket, kind, tx.defaultLocale);
    const deadline = formatJalali(target.deadline, { withTime: true, timeZone: ctx.timeZone });
    const dedupe = kind === 'warn' ? `sla-warn-${target.id}-${target.deadline.getTime()}` : `sla-breach-${target.id}`;
    const out: OutboxDraft[] = drafts.map((r, i) => ({
      chatId: r.chatId,
      threadId: r.threadId,
      method: 'sendMessage',
      purpose: 'notify_staff',
      ticketId: ticket.id,
      dedupeKey: `${dedupe}-${i}`,
      payload: {
        text: t(r.locale, kind === 'warn' ? 'sla-warn' : 'sla-breach', {
          ref: ticketRef(ticket.number, r.locale),
          title: escapeHtml(ticket.title),
          target: t(r.locale, `sla-kind-${target.kind}`),
          deadline,
        }),
        parse_mode: 'HTML',
        ...panelKeyboard(ctx.publicUrl, `/tickets/${ticket.id}`, t(r.locale, 'sla-open-ticket')),
      },
    }));
    if (out.length) await tx.outbox(...out);
    // the card shows the SLA status: an edit, not a message (core/notify/staff.ts)
    await refreshCard(tx, ticket);
    ctx.log.warn({ ticket: ticket.id, target: target.id, kind }, kind === 'warn' ? 'SLA at risk' : 'SLA breached');
    return 'done';
  });
}

async function recipients(em: import('typeorm').EntityManager, ticket: Ticket, kind: 'warn' | 'breach', locale: Locale) {
  const out: { chatId: number; threadId: number | null; locale: Locale }[] = [];
  // the ticket's own chat (a team may have several; none for a team with "no staff chat")
  const chat = await staffChatOf(em, ticket);
  const chatTarget = chat ? { chatId: chat.chatId, threadId: chat.layout === 'forum' && ticket.forumThreadId ? -1 : null, locale } : null;
  if (kind === 'warn') {
    const assignee = ticket.assigneeId ? await em.findOneBy(StaffAccount, { id: ticket.assigneeId }) : null;
    if (assignee?.telegramId) out.push({ chatId: assignee.telegramId, threadId: null, locale: assignee.locale });
    else if (chatTarget) out.push(chatTarget);
    return out;
  }
  if (chatTarget) out.push(chatTarget);
  if (ticket.teamId) {
    const sups = await em.findBy(TeamMember, { teamId: ticket.teamId, supervisor: true, active: true });
    for (const s of sups) {
      const acc = await em.findOneBy(StaffAccount, { id: s.staffId, active: true });
      if (acc?.telegramId) out.push({ chatId: acc.telegramId, threadId: null, locale: acc.locale });
    }
  }
  return out;
}

/** anything due that no job handled (lost jobs, a flushed Redis) */
export async function sweepSla(ctx: CoreContext): Promise<number> {
  const now = ctx.clock.now();
  const repo = ctx.ds.getRepository(SlaTarget);
  const base = { reachedAt: IsNull(), breached: false, cancelled: false, paused: false };
  let n = 0;
  const fire = async (kind: 'warn' | 'breach', id: number) => {
    try {
      if ((await fireSla(ctx, kind, id, null)) === 'done') n++;
    } catch (err) {
      ctx.log.error({ target: id, kind, err: (err as Error).message }, 'SLA sweep could not act on a target');
    }
  };
  for (const t of await repo.find({ where: { ...base, deadline: LessThanOrEqual(now) }, order: { deadline: 'ASC' }, take: 500 })) await fire('breach', t.id);
  for (const t of await repo.find({ where: { ...base, warnedAt: IsNull(), warnAt: LessThanOrEqual(now) }, order: { warnAt: 'ASC' }, take: 500 }))
    await fire('warn', t.id);
  return n;
}

export function startSlaWorker(
  ctx: CoreContext,
  connection: ConnectionOptions,
  prefix: string,
  log: Logger,
  opts: { lockDurationMs?: number; stalledIntervalMs?: number } = {},
): Worker {
  const worker = new Worker(
    SLA_QUEUE,
    async (job: Job, token?: string) => {
      if (job.name === 'sweep') return { fired: await sweepSla(ctx) };
      const { targetId, deadlineMs } = payload.parse(job.data);
      const result = await fireSla(ctx, job.name === 'warn' ? 'warn' : 'breach', targetId, deadlineMs);
      if (typeof result === 'object') {
        // fired before its instant (clocks of two machines): the same job, at the instant
        await job.moveToDelayed(Date.now() + Math.max(1, result.early), token);
        throw new DelayedError();
      }
      return { result };
    },
    { connection, prefix, concurrency: 8, lockDuration: opts.lockDurationMs ?? 30_000, stalledInterval: opts.stalledIntervalMs ?? 30_000 },
  );
  worker.on('failed', (job, err) => log.error({ job: job?.id, err: err.message }, 'SLA job failed'));
  worker.on('error', (err) => log.warn({ err: err.message }, 'SLA worker error'));
  return worker;
}
