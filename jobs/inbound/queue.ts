/**
 * Telegram updates between the process that takes them (a webhook request on any `web` process, or the one
 * long-polling `bot` process) and the `bot` processes that handle them: any number of each, one chat's
 * updates handled strictly in update_id order and never two at once.
 *
 * accept() records a batch durably first (the update journal, `kv_store` rows `upd:<id>`, in the database:
 * the truth if Redis is lost; while the database is down Redis alone) and then in Redis, atomically per update (one Lua script): the update's JSON
 * in a hash, its id in the chat's sorted set (ordered by update_id), the chat in the set of chats with work.
 * An id handled already (the `done` set, kept a day) or pending already is not added again, so a webhook
 * call Telegram repeats, or a batch a new poller gets again because the old one never confirmed it, is
 * handled once. Then, when the chat had no work before (the script tells), the chat's drain job is added to
 * the BullMQ queue `inbound` with the fixed id `chat-<key>` (a chat with work has its job already: no add per
 * update); while it waits or runs, adding it again is a no-op, so one chat has at most one job, and
 * BullMQ's job lock (renewed while the job runs) is the lease — a killed process's job is taken over by
 * another process after lockDuration (the `stalled` check), which handles the update the killed one had in
 * hand again: a requester message is refused by the database the second time (uq_messages_inbound), a
 * conversation knows the handling repeats (`isRepeat` in core/infra/repeats.ts, the restart-safe prompts of bot/conversations).
 *
 * A drain handles the head of its chat until the chat is empty, one script per update (the removal of the
 * one handled, the "chat is empty" answer and the next head are one call), and waits briefly for more before
 * it finishes; an update accepted after that starts a new job (or, when its add met the finishing job, the
 * `completed` handler queues it); the sweeper re-queues every chat with work anyway (a process killed between
 * the script and the add leaves its chat in the set without a job: found within sweepEveryMs).
 * A process stopping hands its running chats back at once (the job moved to delayed with no delay).
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/infra/logger.ts';

export const INBOUND_QUEUE = 'inbound';
/** handled update ids are remembered this long (a repeat later than that is new to us) */
export const DONE_KEEP_MS = 86_400_000;

/** BullMQ ids may not contain ':' nor be integers */
export const chatJobId = (chat: string) => `chat-${chat}`;

/** the subset of the update journal this module needs (bot/update-journal.ts) */
export interface Journal {
  pending(): Promise<Update[]>;
  /** `jsons`: the updates already serialized, in the same order */
  save(updates: Update[], jsons?: string[]): Promise<void>;
  done(updateId: number): Promise<void>;
}

/**
 * 0: handled already; 1: pending already; 2: added to a chat that has work (its job exists: no add needed);
 * 3: added, and the chat had none (its job must be added)
 */
const ACCEPT = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[3], ARGV[1], ARGV[1])
  if redis.call('SADD', KEYS[4], ARGV[3]) == 1 then return 3 end
  return 2
end
return 1`;

/**
 * the head of a chat: id, JSON, how many times its handling started before; the chat's last handler (swapped for
 * ARGV[1]). An empty chat leaves the set of chats with work, so the next update accepted for it adds its job.
 */
const HEAD = `
local prev = false
if ARGV[2] == '1' then
  prev = redis.call('GET', KEYS[4])
  redis.call('SET', KEYS[4], ARGV[1], 'EX', 86400)
end
local ids = redis.call('ZRANGE', KEYS[1], 0, 0)
if #ids == 0 then
  redis.call('SREM', KEYS[5], ARGV[3])
  return {false, false, 0, prev}
end
local json = redis.call('HGET', KEYS[2], ids[1])
if not json then
  redis.call('ZREM', KEYS[1], ids[1])
  return {ids[1], false, 0, prev}
end
local tries = redis.call('HINCRBY', KEYS[3], ids[1], 1)
return {ids[1], json, tries - 1, prev}`;

/** the update handled (gone from the chat, remembered as done; the chat out of the set when empty), then the chat's next head, in one call (one round trip per update while a chat has work) */
const NEXT = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
local ids = redis.call('ZRANGE', KEYS[1], 0, 0)
if #ids == 0 then
  redis.call('SREM', KEYS[5], ARGV[3])
  return {false, false, 0}
end
local json = redis.call('HGET', KEYS[2], ids[1])
if not json then
  redis.call('ZREM', KEYS[1], ids[1])
  return {ids[1], false, 0}
end
local tries = redis.call('HINCRBY', KEYS[3], ids[1], 1)
return {ids[1], json, tries - 1}`;

type Scripted = Redis & {
  inAccept(data: string, done: string, chat: string, chats: string, id: string, json: string, key: string): Promise<number>;
  inHead(
    chat: string,
    data: string,
    tries: string,
    owner: string,
    chats: string,
    instance: string,
    first: string,
    key: string,
  ): Promise<[string | null, string | null, number, string | null]>;
  inNext(
    chat: string,
    data: string,
    tries: string,
    done: string,
    chats: string,
    id: string,
    now: string,
    key: string,
  ): Promise<[string | null, string | null, number]>;
};

export function scripted(redis: Redis): Scripted {
  const r = redis as Scripted;
  if (typeof r.inAccept !== 'function') {
    redis.defineCommand('inAccept', { numberOfKeys: 4, lua: ACCEPT });
    redis.defineCommand('inHead', { numberOfKeys: 5, lua: HEAD });
    redis.defineCommand('inNext', { numberOfKeys: 5, lua: NEXT });
  }
  return r;
}

export class InboundKeys {
  constructor(readonly prefix: string) {}
  get data() {
    return `${this.prefix}:in:data`;
  }
  get done() {
    return `${this.prefix}:in:done`;
  }
  get chats() {
    return `${this.prefix}:in:chats`;
  }
  get tries() {
    return `${this.prefix}:in:tries`;
  }
  chat(key: string) {
    return `${this.prefix}:in:c:${key}`;
  }
  owner(key: string) {
    return `${this.prefix}:in:own:${key}`;
  }
}

export interface InboundQueueDeps {
  connection: ConnectionOptions;
  prefix: string;
  redis: Redis;
  journal: Journal;
  log: Logger;
  /** the lane of an update: its chat (or its sender when it has no chat) */
  keyOf(update: Update): string;
}

export class InboundQueue {
  readonly queue: Queue;
  readonly keys: InboundKeys;
  private redis: Scripted;

  constructor(private d: InboundQueueDeps) {
    this.keys = new InboundKeys(d.prefix);
    this.redis = scripted(d.redis);
    // removed when done: a kept job would make every later add with its id a no-op
    this.queue = new Queue(INBOUND_QUEUE, { connection: d.connection, prefix: d.prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
    this.queue.on('error', (err) => d.log.warn({ err: err.message }, 'inbound queue: redis error'));
  }

  /**
   * While Redis cannot be reached, the poller's own bot handles what it takes, in order, one update at a time
   * (set by bot/run.ts in long-polling mode): the journal holds them, no other process can poll meanwhile (the
   * lease is in Redis), and the bot's answers wait in the outbox until Redis is back. Without it (a web process
   * taking webhook calls) an update that cannot reach Redis is refused, and Telegram sends it again.
   */
  handleLocally: ((updates: Update[]) => Promise<void>) | null = null;
  private offline = false;

  /**
   * Records the updates (database, then Redis) and queues their chats. Resolves once they are safe: a webhook
   * answers 200 then, a poller confirms them to Telegram with its next getUpdates.
   */
  async accept(updates: Update[], opts: { journaled?: boolean } = {}): Promise<{ added: number; repeated: number }> {
    if (!updates.length) return { added: 0, repeated: 0 };
    // serialized once, for the journal and for Redis
    const jsons = updates.map((u) => JSON.stringify(u));
    if (!opts.journaled) {
      // if the database refuses, Redis alone holds them and they are handled anyway (the bot tells the user
      // the service is briefly unavailable), as with one process before
      await this.d.journal
        .save(updates, jsons)
        .catch((err: Error) => this.d.log.error({ err: err.message, updates: updates.length }, 'could not journal updates'));
    }
    const k = this.keys;
    const lanes = updates.map((u) => this.d.keyOf(u));
    const local = async (err: unknown) => {
      if (!this.handleLocally || opts.journaled) throw err;
      if (!this.offline) this.d.log.warn({ err: (err as Error).message }, 'Redis cannot be reached: the poller handles the updates it takes itself, in order');
      this.offline = true;
      await this.handleLocally(updates);
      for (const u of updates) this.journalDone(u.update_id);
      return { added: updates.length, repeated: 0 };
    };
    // a connection that is not ready would hold the commands through its retries (many seconds)
    if (this.d.redis.status !== 'ready' && this.handleLocally && !opts.journaled) return local(new Error(`redis ${this.d.redis.status}`));
    const pipe = this.redis.pipeline() as unknown as Scripted & { exec(): Promise<[Error | null, unknown][] | null> };
    updates.forEach((u, i) => void pipe.inAccept(k.data, k.done, k.chat(lanes[i]!), k.chats, String(u.update_id), jsons[i]!, lanes[i]!));
    let results: [Error | null, unknown][];
    try {
      results = (await pipe.exec()) ?? [];
      const failed = results.find(([err]) => err);
      if (failed) throw failed[0];
    } catch (err) {
      return local(err);
    }
    if (this.offline) this.d.log.info('Redis is back: updates go through the inbound queue again');
    this.offline = false;
    let added = 0;
    let repeated = 0;
    const kick = new Set<string>();
    results.forEach(([err, res], i) => {
      if (err) throw err;
      if (res === 0) {
        // handled already: its journal row may be a leftover of a process killed before deleting it
        repeated++;
        this.d.journal.done(updates[i]!.update_id).catch(() => undefined);
        return;
      }
      if (res === 1) repeated++;
      else added++;
      // a chat that had work has its job (waiting, running or lingering, which sees this update; a job that
      // finished meanwhile re-queues its chat, consumer.ts): only a chat that had none needs an add. A pending
      // id sent again is kicked anyway (its job may be the one a killed process lost).
      if (res !== 2) kick.add(lanes[i]!);
    });
    if (kick.size) await this.queue.addBulk([...kick].map((lane) => ({ name: 'chat', data: { lane }, opts: { jobId: chatJobId(lane) } })));
    return { added, repeated };
  }

  /** the chat has updates: make sure its drain job exists (a no-op while it waits or runs) */
  async kick(lane: string): Promise<void> {
    await this.queue.add('chat', { lane }, { jobId: chatJobId(lane) });
  }

  /** every chat with updates queued again (a job lost with a killed process between two steps); returns how many */
  async sweep(): Promise<number> {
    const lanes = await this.d.redis.smembers(this.keys.chats);
    for (const lane of lanes) await this.kick(lane);
    // the handled ids older than a day are forgotten
    await this.d.redis.zremrangebyscore(this.keys.done, '-inf', String(Date.now() - DONE_KEEP_MS));
    return lanes.length;
  }

  /**
   * The journal's updates Redis does not know (Redis lost its data, or a process died between the two
   * writes of accept()): recorded in Redis again; the ones handled already only lose their journal row.
   */
  async recover(): Promise<{ added: number; repeated: number }> {
    const pending = await this.d.journal.pending();
    const res = await this.accept(pending, { journaled: true });
    if (res.added) this.d.log.warn({ updates: res.added }, 'queued the journaled updates Redis did not hold');
    return res;
  }

  /** the update's journal row can go (deleted with the others handled about then) */
  journalDone(updateId: number): void {
    this.d.journal.done(updateId).catch((err: Error) => this.d.log.warn({ err: err.message, update: updateId }, 'could not clear a journaled update'));
  }

  close() {
    return this.queue.close();
  }
}
