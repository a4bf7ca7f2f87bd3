/**
 * Draining one chat's outbox: strictly in id order, one drainer per chat at a time (a lock in Redis
 * with a lease, so a killed worker's chat is taken over), through the shared rate limiter. A row that
 * must wait (429, back-off) holds back the later rows of its chat; a permanent failure does not.
 * A row is marked sent right after Telegram accepts it and is never sent again.
 */
import type { Api } from 'grammy';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../core/infra/logger.ts';
import { StaffChat } from '../../core/entities/org.ts';
import { Requester } from '../../core/entities/people.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import type { Clock } from '../../core/context.ts';
import type { TelegramLimiter } from './limiter.ts';
import { recordSent, sendRow } from './send.ts';
import { followMigration } from '../../core/services/chat-migration.ts';

export interface DrainDeps {
  ds: DataSource;
  redis: Redis;
  prefix: string;
  api: Api;
  limiter: TelegramLimiter;
  log: Logger;
  clock: Clock;
  /** asks for a later drain of this chat (delayed job) */
  schedule(chatId: number, delayMs: number): Promise<void>;
  maxAttempts?: number;
  /** longest wait done in place; longer waits become a delayed job */
  maxInlineWaitMs?: number;
}

// longer than the longest wait done in place (maxInlineWaitMs, 10 s) plus a send
const LEASE_MS = 15_000;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export const dirtyKey = (prefix: string, chatId: number) => `${prefix}:outbox:dirty:${chatId}`;
const lockKey = (prefix: string, chatId: number) => `${prefix}:outbox:lock:${chatId}`;

export function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, attempts - 1)) * (0.8 + Math.random() * 0.4);
}

/** drains a chat; returns false when another worker holds it (that worker sees the dirty flag) */
export async function drainChat(d: DrainDeps, chatId: number): Promise<boolean> {
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const lock = lockKey(d.prefix, chatId);
  if ((await d.redis.set(lock, token, 'PX', LEASE_MS, 'NX')) !== 'OK') return false;
  try {
    for (;;) {
      await d.redis.del(dirtyKey(d.prefix, chatId));
      const result = await drainOnce(d, chatId, async () => void (await d.redis.eval(EXTEND, 1, lock, token, LEASE_MS)));
      if (result !== 'empty') return true;
      // rows written while we drained set the flag; look again before letting go
      if (!(await d.redis.exists(dirtyKey(d.prefix, chatId)))) return true;
    }
  } finally {
    await d.redis.eval(RELEASE, 1, lock, token);
    // a writer that set the flag after our last look has queued a job, which takes the lock now free
  }
}

type DrainResult = 'empty' | 'deferred' | 'moved';

async function drainOnce(d: DrainDeps, chatId: number, keepAlive: () => Promise<void>): Promise<DrainResult> {
  const maxAttempts = d.maxAttempts ?? 8;
  const maxInline = d.maxInlineWaitMs ?? 10_000;
  const repo = d.ds.getRepository(OutboxMessage);
  let afterId = 0;
  fetch: for (;;) {
    const rows = await repo
      .createQueryBuilder('o')
      .where('o.chatId = :chatId AND o.status = :s AND o.id > :afterId', { chatId, s: 'pending', afterId })
      .orderBy('o.id', 'ASC')
      .limit(50)
      .getMany();
    if (!rows.length) return 'empty';
    for (const row of rows) {
      afterId = row.id;
      const now = d.clock.now();
      if (row.nextAttemptAt && row.nextAttemptAt > now) {
        const wait = row.nextAttemptAt.getTime() - now.getTime();
        if (wait > maxInline) {
          await d.schedule(chatId, wait);
          return 'deferred';
        }
        await sleep(wait);
      }
      await keepAlive();
      // re-read: another worker may have sent it while our lease was lost
      const fresh = await repo.findOneBy({ id: row.id });
      if (!fresh || fresh.status !== 'pending') continue;
      // the rate limiter is asked right before each call to Telegram, so reserved slots are used at once
      const outcome = await sendRow(d.api, d.ds.manager, fresh, async () => {
        for (;;) {
          const wait = await d.limiter.reserve(chatId);
          if (wait <= 0) return 0;
          if (wait > maxInline) return wait;
          await sleep(wait);
        }
      });
      const at = d.clock.now();
      switch (outcome.kind) {
        case 'defer':
          await d.schedule(chatId, outcome.ms);
          return 'deferred';
        case 'sent':
          await recordSent(d.ds.manager, fresh, outcome, at);
          break;
        case 'wait':
          await d.limiter.penalise(chatId, outcome.ms);
          await repo.update({ id: row.id }, { nextAttemptAt: new Date(at.getTime() + outcome.ms), lastError: outcome.reason });
          d.log.warn({ chatId, outbox: row.id, retryAfterMs: outcome.ms }, 'Telegram asked to wait');
          afterId = row.id - 1; // the same row again, first
          if (outcome.ms > maxInline) {
            await d.schedule(chatId, outcome.ms);
            return 'deferred';
          }
          await sleep(outcome.ms);
          continue fetch; // the same row again, before any later one
        case 'retry': {
          const attempts = fresh.attempts + 1;
          if (attempts >= maxAttempts) {
            await fail(d, fresh, `gave up after ${attempts} attempts: ${outcome.reason}`, attempts);
            break;
          }
          const delay = backoffMs(attempts);
          await repo.update({ id: row.id }, { attempts, nextAttemptAt: new Date(at.getTime() + delay), lastError: outcome.reason });
          d.log.warn({ chatId, outbox: row.id, attempts, delayMs: Math.round(delay), reason: outcome.reason }, 'delivery failed; backing off');
          await d.schedule(chatId, delay);
          return 'deferred';
        }
        case 'blocked':
          await fail(d, fresh, outcome.reason, fresh.attempts + 1);
          if (chatId > 0) await d.ds.getRepository(Requester).update({ telegramId: chatId }, { reachable: false });
          else await d.ds.getRepository(StaffChat).update({ chatId }, { status: 'bot_removed', statusChangedAt: at });
          break;
        case 'failed':
          await fail(d, fresh, outcome.reason, fresh.attempts + 1);
          break;
        case 'thread_missing': {
          const ok = await recreateTopic(d, fresh);
          if (!ok) {
            await fail(d, fresh, outcome.reason, fresh.attempts + 1);
            break;
          }
          afterId = row.id - 1; // resend into the new topic, before any later row
          continue fetch;
        }
        case 'migrated':
          await followMigration(d, chatId, outcome.toChatId);
          await d.schedule(outcome.toChatId, 0);
          return 'moved';
      }
    }
  }
}

async function fail(d: DrainDeps, row: OutboxMessage, reason: string, attempts: number) {
  await d.ds.getRepository(OutboxMessage).update({ id: row.id }, { status: 'failed', lastError: reason.slice(0, 2000), attempts, nextAttemptAt: null });
  d.log.error({ chatId: row.chatId, outbox: row.id, ticket: row.ticketId, reason }, 'delivery failed for good');
}

/** a deleted forum topic: a new topic for the ticket, stored on it, and the message resent there */
async function recreateTopic(d: DrainDeps, row: OutboxMessage): Promise<boolean> {
  if (!row.ticketId) return false;
  const ticket = await d.ds.getRepository(Ticket).findOneBy({ id: row.ticketId });
  if (!ticket) return false;
  const name = `#${ticket.number} · ${ticket.title}`.slice(0, 128);
  try {
    const topic = await d.api.createForumTopic(row.chatId, name);
    await d.ds.getRepository(Ticket).update({ id: ticket.id }, { forumThreadId: topic.message_thread_id });
    if (row.threadId !== -1) await d.ds.getRepository(OutboxMessage).update({ id: row.id }, { threadId: -1 });
    d.log.info({ ticket: ticket.id, thread: topic.message_thread_id }, 'forum topic recreated');
    return true;
  } catch (err) {
    d.log.error({ err: (err as Error).message, ticket: ticket.id }, 'could not recreate the forum topic');
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
