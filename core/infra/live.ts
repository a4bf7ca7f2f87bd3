/**
 * The live signal of the panel: "ticket N changed" and "who views ticket N", across processes through Redis.
 * - publish: after a transaction commits (ctx.onTicketChange, every role: web, bot, worker) one Lua call for
 *   all the tickets of the commit (a batch of follow-ups is one call, not one per ticket) appends each change to
 *   a capped stream `<prefix>live:log` (about LOG_LENGTH entries) and PUBLISHes its stream id on `<prefix>live`;
 *   the order of the log is the order of the messages.
 * - subscribe: each web process holds one subscriber connection and fans the messages out to its open
 *   event streams (admin/live/routes.ts); a stream that reconnects with Last-Event-ID reads what it missed
 *   from the log (`since`).
 * - presence: a sorted set per ticket, member "<staffId>:<connection>", score = until when (ms); an open
 *   ticket page refreshes its entry every PRESENCE_REFRESH_MS, an entry not refreshed for PRESENCE_TTL_MS
 *   is ignored (and removed on the next read); the key itself expires too.
 * - typing: a sorted set per ticket, member = staff id, score = until when (ms, TYPING_TTL_MS after the last
 *   signal); each signal PUBLISHes a `typing` event for the ticket (id "0-0": not in the log — it is gone in
 *   seconds, replaying it would be wrong, and it must not push ticket changes out of the capped log).
 * Permissions are not checked here: the event carries only a ticket id, and the reader checks visibility.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';
import type { RedisEndpoint } from './redis.ts';

export type LiveKind = 'ticket' | 'presence' | 'typing';
export interface LiveEvent {
  /** the stream id in the log ("<ms>-<seq>"): the SSE id */
  id: string;
  ticketId: number;
  kind: LiveKind;
}
export type LiveListener = (e: LiveEvent) => void;

export const LOG_LENGTH = 5000;
export const PRESENCE_TTL_MS = 30_000;
export const PRESENCE_REFRESH_MS = 10_000;
/** a typing signal counts this long; the composer repeats it at most every TYPING_THROTTLE_MS while keys are pressed */
export const TYPING_TTL_MS = 6_000;
export const TYPING_THROTTLE_MS = 2_500;

/** every ticket of one commit in one call: ARGV = max length, kind, ticket ids…; one log entry and one message each */
const PUBLISH = `
local id
for i = 3, #ARGV do
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 't', ARGV[i], 'k', ARGV[2])
  redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[i] .. ' ' .. ARGV[2])
end
return id`;

/** a < b for stream ids */
export function streamIdBefore(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
}

export const isStreamId = (s: string) => /^\d{1,15}-\d{1,9}$/.test(s);

export interface LiveBus {
  /** after commit: tickets that changed (never throws; a failure is logged) */
  publish(ticketIds: number[], kind?: LiveKind): Promise<void>;
  /** live events of every ticket while the listener is registered; returns the unsubscribe function */
  subscribe(fn: LiveListener): () => void;
  /** events logged after `afterId` (oldest first, at most `max`); [] when afterId is older than the log */
  since(afterId: string, max?: number): Promise<LiveEvent[]>;
  /** the newest id in the log ("0-0" when empty) */
  lastId(): Promise<string>;
  /** registers (or refreshes) one viewer connection of a ticket; returns the member to pass to leave() */
  view(ticketId: number, staffId: number, member?: string): Promise<string>;
  leave(ticketId: number, member: string): Promise<void>;
  /** ids of the staff who have the ticket open now */
  viewers(ticketId: number): Promise<number[]>;
  /** the staff member is typing on the ticket's page (kept TYPING_TTL_MS); publishes a `typing` event (id "0-0", not logged) */
  typing(ticketId: number, staffId: number): Promise<void>;
  /** ids of the staff typing on the ticket now */
  typists(ticketId: number): Promise<number[]>;
  close(): Promise<void>;
}

export function createLiveBus(opts: { redis: RedisEndpoint; prefix: string; log: Logger; now?: () => number }): LiveBus {
  const now = opts.now ?? Date.now;
  const logKey = `${opts.prefix}live:log`;
  const channel = `${opts.prefix}live`;
  const viewersKey = (id: number) => `${opts.prefix}live:viewers:${id}`;
  const typingKey = (id: number) => `${opts.prefix}live:typing:${id}`;
  const cmd = new Redis({ ...opts.redis.options, lazyConnect: false }) as Redis & {
    livePublish(log: string, channel: string, max: string, kind: string, ...ticketIds: string[]): Promise<string>;
  };
  cmd.defineCommand('livePublish', { numberOfKeys: 2, lua: PUBLISH });
  let sub: Redis | undefined;
  const listeners = new Set<LiveListener>();
  cmd.on('error', (err) => opts.log.debug({ err: err.message }, 'live: redis'));

  const parse = (id: string, fields: string[]): LiveEvent => {
    const f: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
    return { id, ticketId: Number(f.t), kind: (f.k as LiveKind) ?? 'ticket' };
  };

  const ensureSub = () => {
    if (sub) return;
    sub = new Redis({ ...opts.redis.options });
    sub.on('error', (err) => opts.log.debug({ err: err.message }, 'live: redis subscriber'));
    sub.subscribe(channel).catch((err) => opts.log.warn({ err }, 'live: could not subscribe'));
    sub.on('message', (_ch: string, msg: string) => {
      const [id, t, k] = msg.split(' ');
      if (!id || !t) return;
      const e: LiveEvent = { id, ticketId: Number(t), kind: (k as LiveKind) ?? 'ticket' };
      for (const fn of listeners) {
        try {
          fn(e);
        } catch (err) {
          opts.log.warn({ err }, 'live: listener failed');
        }
      }
    });
  };

  return {
    async publish(ticketIds, kind = 'ticket') {
      if (!ticketIds.length) return;
      try {
        await cmd.livePublish(logKey, channel, String(LOG_LENGTH), kind, ...ticketIds.map(String));
      } catch (err) {
        opts.log.warn({ err, ticketIds }, 'live: could not publish ticket changes');
      }
    },
    subscribe(fn) {
      ensureSub();
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    async since(afterId, max = 1000) {
      if (!isStreamId(afterId)) return [];
      const rows = (await cmd.xrange(logKey, `(${afterId}`, '+', 'COUNT', max)) as [string, string[]][];
      return rows.map(([id, fields]) => parse(id, fields));
    },
    async lastId() {
      const rows = (await cmd.xrevrange(logKey, '+', '-', 'COUNT', 1)) as [string, string[]][];
      return rows[0]?.[0] ?? '0-0';
    },
    async view(ticketId, staffId, member = `${staffId}:${randomBytes(6).toString('hex')}`) {
      const key = viewersKey(ticketId);
      await cmd
        .multi()
        .zadd(key, now() + PRESENCE_TTL_MS, member)
        .pexpire(key, PRESENCE_TTL_MS * 2)
        .exec();
      return member;
    },
    async leave(ticketId, member) {
      await cmd.zrem(viewersKey(ticketId), member);
    },
    async viewers(ticketId) {
      const key = viewersKey(ticketId);
      const t = now();
      await cmd.zremrangebyscore(key, '-inf', t);
      const members = await cmd.zrangebyscore(key, t, '+inf');
      return [...new Set(members.map((m) => Number(m.split(':')[0])))].filter(Number.isFinite);
    },
    async typing(ticketId, staffId) {
      const key = typingKey(ticketId);
      await cmd
        .multi()
        .zadd(key, now() + TYPING_TTL_MS, String(staffId))
        .pexpire(key, TYPING_TTL_MS * 2)
        .publish(channel, `0-0 ${ticketId} typing`)
        .exec();
    },
    async typists(ticketId) {
      const key = typingKey(ticketId);
      const t = now();
      await cmd.zremrangebyscore(key, '-inf', t);
      return (await cmd.zrangebyscore(key, t, '+inf')).map(Number).filter(Number.isFinite);
    },
    async close() {
      listeners.clear();
      await sub?.quit().catch(() => sub?.disconnect());
      await cmd.quit().catch(() => cmd.disconnect());
    },
  };
}
