/**
 * Long polling confirms updates to Telegram with the next getUpdates (offset = last + 1), and the runner asks
 * for the next batch while the last one is still being handled: a process killed then lost every update it
 * had fetched but not finished (the resilience suite counted 30 of 120 requester messages). The journal
 * writes each fetched batch to the database (KvEntry rows `upd:<update_id>`) before the next getUpdates can
 * confirm it, deletes a row once its update was handled, and at start hands the rows left by a killed process
 * back to the bot first, in update_id order. An update that was handled but not yet deleted when the process
 * died is handed again: a requester message is then refused by the database (uq_messages_inbound), and a
 * conversation whose row was written for it drops it (bot/conversations/storage.ts); one handled only in
 * part is taken again, its conversation recalling what it had already sent instead of sending it twice
 * (bot/conversations/sent.ts, which asks `isRepeat`, core/infra/repeats.ts). Telegram repeating an update we journaled is dropped
 * by update_id (bot/middleware/dedupe.ts).
 *
 * The rows of handled updates are deleted together, one statement for those handled within DONE_WAIT_MS (or
 * DONE_BATCH of them): a delete per update was one of the costliest statements of a follow-up under load
 * (test/bench/inbound.bench.ts). A process killed inside that window hands those few updates again, with
 * the outcomes above.
 */
import { markRepeat } from '../core/infra/repeats.ts';
import type { DataSource } from 'typeorm';
import type { Update } from 'grammy/types';
import type { Clock } from '../core/context.ts';
import type { Channel } from '../core/entities/enums.ts';
import { kvDelete, kvDeleteMany, kvInsertNew, kvWithPrefix } from '../core/services/kv.ts';

const TELEGRAM_PREFIX = 'upd:';
/** rows older than this are purged by housekeeping (expiresAt): an update a day old is no longer worth replaying */
const KEEP_MS = 86_400_000;
const DONE_WAIT_MS = 20;
const DONE_BATCH = 200;

export interface UpdateJournal {
  /** the updates a previous process fetched and did not finish, oldest first */
  pending(): Promise<Update[]>;
  /** `jsons`: the updates already serialized (the inbound queue's), in the same order */
  save(updates: Update[], jsons?: string[]): Promise<void>;
  /** resolves once the update's row is deleted (with the others handled about then) */
  done(updateId: number): Promise<void>;
}

/** `channel`: another bot's journal (its update ids are its own) keeps its rows under `<channel>:upd:` */
export function updateJournal(ds: DataSource, clock: Clock, channel: Channel = 'telegram'): UpdateJournal {
  const PREFIX = channel === 'telegram' ? TELEGRAM_PREFIX : `${channel}:${TELEGRAM_PREFIX}`;
  interface Batch {
    keys: string[];
    deleted: Promise<void>;
    fire(): void;
  }
  let batch: Batch | null = null;
  const newBatch = (): Batch => {
    const b = { keys: [] as string[] } as Batch;
    let fired = false;
    b.deleted = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => b.fire(), DONE_WAIT_MS);
      b.fire = () => {
        if (fired) return;
        fired = true;
        clearTimeout(timer);
        if (batch === b) batch = null;
        kvDeleteMany(ds, b.keys).then(() => resolve(), reject);
      };
    });
    return b;
  };
  return {
    async pending() {
      const rows = await kvWithPrefix(ds, PREFIX);
      const updates: Update[] = [];
      for (const r of rows) {
        try {
          updates.push(JSON.parse(r.value) as Update);
        } catch {
          await kvDelete(ds, r.key); // unreadable: nothing to replay
        }
      }
      for (const u of updates) markRepeat(u); // a conversation knows its handling may repeat an earlier one
      return updates.sort((a, b) => a.update_id - b.update_id);
    },
    async save(updates, jsons) {
      if (!updates.length) return;
      const now = clock.now();
      await kvInsertNew(
        ds,
        updates.map((u, i) => ({
          key: `${PREFIX}${u.update_id}`,
          value: jsons?.[i] ?? JSON.stringify(u),
          updatedAt: now,
          expiresAt: new Date(now.getTime() + KEEP_MS),
        })),
      );
    },
    done(updateId) {
      const b = (batch ??= newBatch());
      b.keys.push(`${PREFIX}${updateId}`);
      if (b.keys.length >= DONE_BATCH) b.fire();
      return b.deleted;
    },
  };
}
