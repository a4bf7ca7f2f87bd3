/**
 * Draining one chat's outbox: strictly in id order, through the shared rate limiter. Each row is claimed
 * in the database first (claim.ts), so two drainers of one chat (a stalled job taken over, a Redis that
 * lost its keys) never send the same row, nor a later row before an earlier one. A row that must wait
 * (429, back-off) holds back the later rows of its chat; a permanent failure does not. A row is recorded
 * as sent, with its message links, in one transaction right after Telegram accepts it.
 */
import type { Api } from 'grammy';
import type { Channel } from '../../core/entities/enums.ts';
import type { Redis } from 'ioredis';
import { In, MoreThan } from 'typeorm';
import { StaffChat } from '../../core/entities/org.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import type { Logger } from '../../core/infra/logger.ts';
import { currentCard } from '../../core/notify/staff.ts';
import { recordUndelivered, type UndeliveredWhy } from '../../core/notify/undelivered.ts';
import { transact } from '../../core/tx.ts';
import { followMigration } from '../../core/services/chat-migration.ts';
import { setReachable } from '../../core/services/requesters.ts';
import type { CoreContext } from '../../core/context.ts';
import { claim, heldByOther, renew, settle, type Claim } from './claim.ts';
import { costOf, type CallCost, type TelegramLimiter } from './limiter.ts';
import { degradationsOf } from './degrade.ts';
import { recordSent, sendRow, sideOf, type SendOutcome } from './send.ts';
import { face, skipUnchanged, unchangedCard } from './card.ts';

export interface DrainDeps {
  core: CoreContext;
  redis: Redis;
  prefix: string;
  api: Api;
  /** the bots of the other channels (core/channels.ts); a row goes through its channel's */
  apis?: Partial<Record<Channel, Api>>;
  limiter: TelegramLimiter;
  /** the other channels' pace (its own buckets); a channel without one shares Telegram's */
  limiters?: Partial<Record<Channel, TelegramLimiter>>;
  log: Logger;
  /** asks for a drain of another chat (a migrated group's new id) */
  kick(chatId: number): Promise<void>;
  /** a claim's lease: longer than the longest wait done in place plus one Telegram call */
  leaseMs: number;
  maxAttempts?: number;
  /** longest wait done in place; longer waits give the chat back (the job is delayed) */
  maxInlineWaitMs?: number;
  /** set when the worker stops: drains give their chats back at the next row, waits end at once */
  stop?: Stop;
}

/** a stop signal that also cuts short the waits of the drains */
export class Stop {
  stopped = false;
  private wake: () => void = () => undefined;
  private woken = new Promise<void>((r) => (this.wake = r));
  set(): void {
    this.stopped = true;
    this.wake();
  }
  sleep(ms: number): Promise<void> {
    return Promise.race([sleep(ms), this.woken]);
  }
}

/** what the job does next: nothing (the chat is drained), or come back after ms */
export type DrainResult = { kind: 'done' } | { kind: 'later'; ms: number };

export const dirtyKey = (prefix: string, chatId: number) => `${prefix}:outbox:dirty:${chatId}`;

export function backoffMs(attempts: number, capMs = 5 * 60_000): number {
  return Math.min(capMs, 1000 * 2 ** Math.max(0, attempts - 1)) * (0.8 + Math.random() * 0.4);
}

/**
 * Drains a chat. The dirty flag is cleared before each pass and looked at after it: a row committed
 * while we drained (its writer's job add was a no-op, our job being active) is seen before we stop.
 */
export async function drainChat(d: DrainDeps, chatId: number): Promise<DrainResult> {
  for (;;) {
    await d.redis.del(dirtyKey(d.prefix, chatId));
    const result = await drainPass(d, chatId);
    if (result.kind === 'later') return result;
    if (!(await d.redis.exists(dirtyKey(d.prefix, chatId)))) return result;
  }
}

const BATCH = 50;
/** how soon a chat whose only rows are card edits waiting out their window is looked at again */
const PARKED_POLL_MS = 250;

async function drainPass(d: DrainDeps, chatId: number): Promise<DrainResult> {
  const ds = d.core.ds;
  const clock = d.core.clock;
  const maxInline = Math.min(d.maxInlineWaitMs ?? 10_000, d.leaseMs / 2);
  const topicsRecreated = new Set<number>();
  /** the soonest a card edit waiting out its window (core/notify/staff.ts, CARD_EDIT_WINDOW_MS) may go */
  let parked: number | null = null;
  for (;;) {
    parked = null;
    const rows = await ds.getRepository(OutboxMessage).find({
      where: { chatId, status: In(['pending', 'sending']) },
      order: { id: 'ASC' },
      take: BATCH,
    });
    if (!rows.length) return { kind: 'done' };
    let again = false;
    let handled = 0;
    for (const row of rows) {
      if (d.stop?.stopped) return { kind: 'later', ms: 1 }; // the chat goes back to the queue for another worker
      const now = clock.now();
      if (heldByOther(row, now)) return { kind: 'later', ms: row.nextAttemptAt!.getTime() - now.getTime() + 50 };
      if (row.status === 'pending' && row.nextAttemptAt && row.nextAttemptAt > now) {
        const wait = row.nextAttemptAt.getTime() - now.getTime();
        // a card edit gathering changes of its ticket does not hold back the chat's messages
        if (row.purpose === 'card_edit') {
          parked = Math.min(parked ?? wait, wait);
          continue;
        }
        if (wait > maxInline || d.stop?.stopped) return { kind: 'later', ms: wait };
        await pause(d, wait);
        if (d.stop?.stopped) return { kind: 'later', ms: Math.max(1, row.nextAttemptAt.getTime() - clock.now().getTime()) };
      }
      // a row partly sent (a long text in parts) is read again: the parts done decide where to go on
      const fresh = row.result ? await ds.getRepository(OutboxMessage).findOneBy({ id: row.id }) : row;
      if (!fresh || fresh.status === 'sent' || fresh.status === 'failed' || fresh.status === 'cancelled') {
        again = true;
        break;
      }
      handled++;
      if (fresh.status === 'pending' && (await unchangedCard(ds.manager, fresh))) {
        await skipUnchanged(ds.manager, fresh, clock.now());
        continue;
      }
      const step = await deliver(d, chatId, fresh, maxInline, topicsRecreated);
      if (step === 'next') continue;
      if (step === 'reread') {
        again = true;
        break;
      }
      return step;
    }
    if (!again && (rows.length < BATCH || !handled)) {
      // the last batch is done; a row written meanwhile is found by the next pass (dirty flag)
      // a waiting card edit brings the chat back soon, not only when it is due: a message written meanwhile
      // would otherwise wait for it (adds to a delayed job are no-ops)
      return parked === null ? { kind: 'done' } : { kind: 'later', ms: Math.max(1, Math.min(parked, PARKED_POLL_MS)) };
    }
  }
}

type Step = 'next' | 'reread' | DrainResult;

async function deliver(d: DrainDeps, chatId: number, row: OutboxMessage, maxInline: number, topicsRecreated: Set<number>): Promise<Step> {
  const ds = d.core.ds;
  const clock = d.core.clock;
  // the limiter is asked right before each call to Telegram (a long text is several calls); the row is
  // claimed right after the first slot is granted (so a claim spans a call, not a wait: a killed worker
  // leaves few rows in doubt), and renewed when part of its lease has gone; a claim lost stops the call
  let c: Claim | null = null;
  const api = row.channel && row.channel !== 'telegram' ? d.apis?.[row.channel] : d.api;
  const limiter = (row.channel && row.channel !== 'telegram' ? d.limiters?.[row.channel] : undefined) ?? d.limiter;
  const noBot: SendOutcome = { kind: 'retry', reason: `no bot is connected for the channel ${row.channel}` };
  const outcome: SendOutcome = !api
    ? noBot
    : await sendRow(api, ds.manager, row, async (call) => {
        // messages take the group's (and overall) budget, an album one slot per item; edits and topic calls their own gentle one
        const cost: CallCost = costOf(call.method, call.payload);
        for (;;) {
          const wait = await limiter.reserve(chatId, cost);
          if (wait > maxInline) return wait;
          if (wait > 0) {
            if (d.stop?.stopped) return Math.max(1, wait); // give the chat back rather than wait through a shutdown
            await pause(d, wait);
            continue;
          }
          const now = clock.now();
          if (!c) {
            c = await claim(ds, row, chatId, now, d.leaseMs);
            return c ? 0 : -1;
          }
          if (now.getTime() - c.setAt > d.leaseMs / 3 && !(await renew(ds, c, now, d.leaseMs))) return -1;
          return 0;
        }
      });
  if (outcome.kind === 'lost') {
    d.log.debug({ chatId, outbox: row.id }, 'the row was claimed elsewhere; reading the chat again');
    return 'reread';
  }
  if (!c) {
    // no call was made (nothing to send yet, or a wait before the first call)
    if (outcome.kind === 'defer') return { kind: 'later', ms: outcome.ms };
    c = await claim(ds, row, chatId, clock.now(), d.leaseMs);
    if (!c) return 'reread';
  }
  const at = clock.now();
  switch (outcome.kind) {
    case 'sent':
      // what the card shows now, as sent (a pending card's payload may be rewritten until it goes)
      if (row.purpose === 'card' || row.purpose === 'card_edit') outcome.result.face = face(row.payload);
      await recordSent(d.core, row, outcome, at);
      return 'next';
    case 'defer':
      await settle(ds.manager, c, { status: 'pending', nextAttemptAt: null });
      return { kind: 'later', ms: outcome.ms };
    case 'wait': {
      // 429: nothing goes to this chat before retry_after, from any worker
      await limiter.penalise(chatId, outcome.ms);
      await settle(ds.manager, c, { status: 'pending', nextAttemptAt: new Date(at.getTime() + outcome.ms), lastError: outcome.reason });
      d.log.warn({ chatId, outbox: row.id, retryAfterMs: outcome.ms }, 'Telegram asked to wait');
      if (outcome.ms > maxInline) return { kind: 'later', ms: outcome.ms };
      await pause(d, outcome.ms);
      return 'reread';
    }
    case 'retry': {
      const attempts = row.attempts + 1;
      if (attempts >= (d.maxAttempts ?? 8)) {
        await fail(d, c, row, `gave up after ${attempts} attempts: ${outcome.reason}`, attempts);
        return 'next';
      }
      const delay = backoffMs(attempts);
      await settle(ds.manager, c, { status: 'pending', attempts, nextAttemptAt: new Date(at.getTime() + delay), lastError: outcome.reason });
      d.log.warn({ chatId, outbox: row.id, attempts, delayMs: Math.round(delay), reason: outcome.reason }, 'delivery failed; backing off');
      return { kind: 'later', ms: delay };
    }
    case 'blocked':
    case 'gone':
      await failChat(d, c, row, outcome.reason, at, outcome.kind === 'blocked' && !/deactivated/i.test(outcome.reason) ? 'blocked' : 'gone');
      return 'reread';
    case 'failed':
      await fail(d, c, row, outcome.reason, row.attempts + 1);
      return 'next';
    case 'degraded': {
      // sent again at once without the refused part; what was dropped stays on the row (result.degraded)
      const degraded = [...degradationsOf(row.result), outcome.degradation];
      await settle(ds.manager, c, {
        status: 'pending',
        nextAttemptAt: null,
        payload: outcome.payload,
        result: { ...row.result, parts: outcome.parts, degraded },
        lastError: outcome.degradation.reason,
      });
      d.log.warn(
        { chatId, outbox: row.id, dropped: outcome.degradation.part, reason: outcome.degradation.reason },
        'an optional part was refused; sending without it',
      );
      return 'reread';
    }
    case 'thread_missing': {
      const made = topicsRecreated.has(row.id) ? 'failed' : await recreateTopic(d, row, maxInline);
      if (made === 'failed') {
        await fail(d, c, row, outcome.reason, row.attempts + 1);
        return 'next';
      }
      if (made !== 'made') {
        await settle(ds.manager, c, { status: 'pending', nextAttemptAt: null });
        return { kind: 'later', ms: made.later };
      }
      topicsRecreated.add(row.id);
      // resend into the new topic, before any later row
      await settle(ds.manager, c, { status: 'pending', nextAttemptAt: null, threadId: row.threadId === null ? null : -1 });
      return 'reread';
    }
    case 'migrated': {
      // the row goes back to pending first, so the move takes it along with the chat's other rows
      await settle(ds.manager, c, { status: 'pending', nextAttemptAt: null, lastError: outcome.reason });
      await followMigration(d.core, chatId, outcome.toChatId);
      await d.kick(outcome.toChatId);
      return 'reread';
    }
  }
}

async function fail(d: DrainDeps, c: Claim, row: OutboxMessage, reason: string, attempts: number) {
  await settle(d.core.ds.manager, c, { status: 'failed', lastError: reason.slice(0, 2000), attempts, nextAttemptAt: null });
  d.log.error({ chatId: row.chatId, outbox: row.id, ticket: row.ticketId, reason }, 'delivery failed for good');
}

/**
 * The chat itself refuses (bot blocked, kicked, chat not found): this row and every row pending for the
 * chat fail with the reason (each would cost a call for the same answer); a requester is marked
 * unreachable (a message from them makes them reachable again), a staff chat loses its binding status.
 */
async function failChat(d: DrainDeps, c: Claim, row: OutboxMessage, reason: string, at: Date, why: UndeliveredWhy) {
  const ds = d.core.ds;
  // the chat's state first: whoever sees the rows failed also sees the requester unreachable (or the chat unbound)
  if (row.chatId > 0) await setReachable(d.core, row.chatId, false, row.channel ?? 'telegram');
  else await ds.getRepository(StaffChat).update({ chatId: row.chatId }, { status: 'bot_removed', statusChangedAt: at });
  await fail(d, c, row, reason, row.attempts + 1);
  const pending = await ds.getRepository(OutboxMessage).find({
    where: { channel: row.channel ?? 'telegram', chatId: row.chatId, status: 'pending', id: MoreThan(row.id) },
    select: { id: true },
    order: { id: 'ASC' },
  });
  const ids = pending.map((r) => r.id);
  const others = ids.length
    ? await ds
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ status: 'failed', lastError: `${reason} (not tried: the chat refused outbox #${row.id})`.slice(0, 2000), nextAttemptAt: null })
        .where("id IN (:...ids) AND status = 'pending'", { ids })
        .execute()
    : { affected: 0 };
  d.log.warn({ chatId: row.chatId, reason, alsoFailed: others.affected ?? 0 }, 'the chat refuses the bot');
  // the staff side is told where they work, and the panel marks the answers (core/notify/undelivered.ts)
  if (sideOf(row) === 'requester') await recordUndelivered(d.core, row.chatId, [row.id, ...ids], why);
}

/** a deleted forum topic: a new topic for the ticket (through the limiter), stored on it */
async function recreateTopic(d: DrainDeps, row: OutboxMessage, maxInline: number): Promise<'made' | 'failed' | { later: number }> {
  if (!row.ticketId || row.chatId > 0) return 'failed';
  const ticket = await d.core.ds.getRepository(Ticket).findOneBy({ id: row.ticketId });
  if (!ticket) return 'failed';
  const name = `#${ticket.number} · ${ticket.title}`.slice(0, 128);
  try {
    for (;;) {
      const wait = await d.limiter.reserve(row.chatId, costOf('createForumTopic'));
      if (wait <= 0) break;
      if (wait > maxInline) return { later: wait };
      await pause(d, wait);
    }
    const topic = await d.api.createForumTopic(row.chatId, name);
    await d.core.ds.getRepository(Ticket).update({ id: ticket.id }, { forumThreadId: topic.message_thread_id });
    d.log.info({ ticket: ticket.id, thread: topic.message_thread_id }, 'forum topic recreated');
    await cardAgain(d, row.chatId, ticket.id, topic.message_thread_id, maxInline);
    return 'made';
  } catch (err) {
    d.log.error({ err: (err as Error).message, ticket: ticket.id }, 'could not recreate the forum topic');
    return 'failed';
  }
}

/**
 * The card again, first in a recreated topic (header and buttons where agents look), stored as the
 * ticket's card so later edits reach it. A card that cannot be sent now is left to an outbox row.
 */
async function cardAgain(d: DrainDeps, chatId: number, ticketId: number, thread: number, maxInline: number): Promise<void> {
  const ticket = await d.core.ds.getRepository(Ticket).findOneBy({ id: ticketId });
  if (!ticket) return;
  // the ticket's first card not sent yet (the topic went before it did): that row is the card
  if (await d.core.ds.getRepository(OutboxMessage).existsBy({ chatId, ticketId, purpose: 'card', status: In(['pending', 'sending']) })) return;
  // in the form the card was sent in (a file with the card as caption stays one), so its edits still fit
  const card = await currentCard(d.core.ds.manager, ticket, chatId);
  const payload = card.payload;
  try {
    for (;;) {
      const wait = await d.limiter.reserve(chatId, costOf(card.method));
      if (wait <= 0) break;
      if (wait > maxInline) throw new Error('rate limited');
      await pause(d, wait);
    }
    const sent = await (d.api.raw as unknown as Record<string, (p: unknown) => Promise<{ message_id: number }>>)[card.method]!({
      ...payload,
      chat_id: chatId,
      message_thread_id: thread,
    });
    await d.core.ds.getRepository(Ticket).update({ id: ticketId }, { cardMessageId: sent.message_id });
  } catch (err) {
    d.log.warn({ err: (err as Error).message, ticket: ticketId }, 'the card of a recreated topic goes through the outbox');
    await transact(d.core, (tx) => tx.outbox({ chatId, threadId: -1, method: card.method, payload, purpose: 'card', ticketId }));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const pause = (d: DrainDeps, ms: number) => (d.stop ? d.stop.sleep(ms) : sleep(ms));
