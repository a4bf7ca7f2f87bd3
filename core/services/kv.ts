/**
 * Key/value rows (KvEntry) the front ends keep between updates: the bot's conversation state (`conv:<chatId>`)
 * and what a conversation sent (`snt:<chatId>`), the update journal (`upd:<update_id>`), small stashes
 * (`pending:…`, `held:…`). Typed statements only: the callers decide the keys, the timeouts and what the
 * values mean. Each function is one statement (save: TypeORM's read then write; kvGetTogether: one for the keys
 * of one event-loop turn), as the callers' comments count them — the conversation read is the one statement of
 * an update in a conversation, and the journal's deletes are batched by its caller.
 */
import { In, type DataSource } from 'typeorm';
import { KvEntry } from '../entities/system.ts';
import { managerOf, type ReadSource } from './org-common.ts';
import { deleteWhereIn, insertIgnore } from '../db/rows-sql.ts';
import { coalesced, perOwner } from '../read/coalesce.ts';

const repo = (src: ReadSource) => managerOf(src).getRepository(KvEntry);

export interface KvRow {
  key: string;
  value: string;
  updatedAt: Date;
  expiresAt: Date | null;
}

/** the row of a key, expired or not (null when there is none) */
export function kvGet(src: ReadSource, key: string): Promise<KvRow | null> {
  return repo(src).findOne({ where: { key } });
}

/** the rows of these keys, in one statement (absent keys are missing from the result) */
export function kvGetMany(src: ReadSource, keys: string[]): Promise<KvRow[]> {
  return repo(src).find({ where: { key: In(keys) } });
}

/** a group of keys asked together, as one coalescer key (keys never hold a line break) */
const SEP = '\n';
const together = perOwner((ds: DataSource) =>
  coalesced<string, Map<string, KvRow>>(
    async (groups) => {
      const rows = new Map((await kvGetMany(ds, [...new Set(groups.flatMap((g) => g.split(SEP)))])).map((r) => [r.key, r] as const));
      // every group gets the rows of its keys (one statement read them all: they are consistent with each other)
      return new Map(groups.map((g) => [g, new Map(g.split(SEP).flatMap((k) => (rows.has(k) ? [[k, rows.get(k)!] as const] : [])))] as const));
    },
    new Map(),
    100,
  ),
);

/**
 * The rows of these keys (absent keys missing from the map), read together with the other groups asked for in
 * the same turn of the event loop: one statement for them all (core/read/coalesce.ts), and one group's keys always
 * in the same statement. For reads outside a transaction that many chats make at about the same time: the
 * conversation state of each chat a bot process takes for the first time.
 */
export function kvGetTogether(ds: DataSource, keys: string[]): Promise<Map<string, KvRow>> {
  return together(ds).load(keys.join(SEP));
}

/** writes a row (TypeORM's save: reads the key, then inserts or updates) */
export async function kvSave(src: ReadSource, row: KvRow): Promise<void> {
  const r = repo(src);
  await r.save(r.create(row));
}

/** writes a row in one statement (insert, or update on the key) */
export async function kvUpsert(src: ReadSource, row: KvRow): Promise<void> {
  await repo(src).upsert(row, ['key']);
}

/** inserts rows, leaving alone the keys that exist already (one statement) */
export async function kvInsertNew(src: ReadSource, rows: KvRow[]): Promise<void> {
  // plain SQL: the update journal writes a hundred rows at a time on the inbound path (rows-sql.ts)
  await insertIgnore(managerOf(src), KvEntry, rows);
}

/** the rows whose key starts with this prefix */
export function kvWithPrefix(src: ReadSource, prefix: string): Promise<KvRow[]> {
  return repo(src)
    .createQueryBuilder('k')
    .where('k.key LIKE :p', { p: `${prefix}%` })
    .getMany();
}

/** deletes one key */
export async function kvDelete(src: ReadSource, key: string): Promise<void> {
  await repo(src).delete({ key });
}

/** deletes these keys in one statement */
export async function kvDeleteMany(src: ReadSource, keys: string[]): Promise<void> {
  await deleteWhereIn(managerOf(src), KvEntry, 'key', keys);
}
