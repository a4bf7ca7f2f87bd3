/**
 * One unit of work: a database transaction that may write outbox rows. After it commits, the outbox
 * hook learns the new row ids, and the SLA hook the SLA targets that changed (jobs/ reschedule their timers).
 * Deadlocks and lock time-outs (MariaDB) and SQLITE_BUSY are retried.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { CoreContext } from './context.ts';
import type { Locale } from './entities/enums.ts';
import { OutboxMessage } from './entities/system.ts';
import type { SlaTargetChange } from './sla/service.ts';
import type { Channel } from './entities/enums.ts';

export interface OutboxDraft {
  /** the bot that sends it (core/channels.ts); telegram unless the requester is on another channel */
  channel?: Channel;
  chatId: number;
  threadId?: number | null;
  method: string;
  payload: Record<string, unknown>;
  purpose: string;
  ticketId?: number | null;
  ticketMessageId?: number | null;
  /** a notification with a dedupe key is written at most once, ever */
  dedupeKey?: string | null;
  /** not sent before this time (an album waiting for its other updates) */
  notBefore?: Date | null;
}

export class Tx {
  readonly outboxIds: number[] = [];
  /** work that runs once at the end of the transaction, just before the commit, in the order first asked */
  private readonly finalHooks = new Map<string, () => Promise<void>>();
  /** SLA target changes (results of recomputeSla) collected in this transaction; ctx.onSlaChange gets them after commit */
  readonly slaChanges: SlaTargetChange[] = [];
  /** tickets this transaction changed (every ticket event marks its ticket); ctx.onTicketChange gets them after commit */
  readonly changedTickets = new Set<number>();
  constructor(
    readonly em: EntityManager,
    readonly now: Date,
    /** the locale of texts for people who chose none (ctx.defaultLocale) */
    readonly defaultLocale: Locale = 'fa',
    /** the panel's address, for links in notifications (ctx.publicUrl) */
    readonly publicUrl: string = '',
  ) {}

  /**
   * Runs `fn` once, at the end of this transaction (a later call with the same key is ignored): for work
   * that several steps of one change ask for, such as the report summary of the tickets it touched — done
   * once, late, it locks shared rows for the shortest time and in one order.
   */
  atEnd(key: string, fn: () => Promise<void>): void {
    if (!this.finalHooks.has(key)) this.finalHooks.set(key, fn);
  }

  /** runs the end-of-transaction work (transact calls it; hooks added meanwhile run too) */
  async runFinalHooks(): Promise<void> {
    const done = new Set<string>();
    for (;;) {
      const next = [...this.finalHooks].find(([k]) => !done.has(k));
      if (!next) return;
      done.add(next[0]);
      await next[1]();
    }
  }

  /** Writes outbox rows in this transaction; a row whose dedupeKey exists already is skipped. */
  async outbox(...drafts: OutboxDraft[]): Promise<number[]> {
    const ids: number[] = [];
    for (const d of drafts) {
      if (d.dedupeKey && (await this.em.existsBy(OutboxMessage, { dedupeKey: d.dedupeKey }))) continue;
      const row = this.em.create(OutboxMessage, {
        channel: d.channel ?? 'telegram',
        chatId: d.chatId,
        threadId: d.threadId ?? null,
        method: d.method,
        payload: d.payload,
        purpose: d.purpose,
        ticketId: d.ticketId ?? null,
        ticketMessageId: d.ticketMessageId ?? null,
        dedupeKey: d.dedupeKey ?? null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: d.notBefore ?? null,
        lastError: null,
        result: null,
        sentAt: null,
        createdAt: this.now,
      });
      await this.em.save(OutboxMessage, row);
      ids.push(row.id);
    }
    this.outboxIds.push(...ids);
    return ids;
  }
}

const RETRYABLE = /ER_LOCK_DEADLOCK|ER_LOCK_WAIT_TIMEOUT|Deadlock found|SQLITE_BUSY|database is locked/;

/** the data source whose transaction the current async context runs in (kept on SQLite only: oneAtATime reads it) */
const running = new AsyncLocalStorage<DataSource>();

/**
 * `fn` marked as running in a transaction of `ds` — on SQLite, the one dialect that asks. Entering an
 * AsyncLocalStorage turns on Node's promise hooks for the whole process, which cost about a tenth of the CPU of
 * a busy bot process (issue 18); MariaDB's transactions never need the mark.
 */
function marked<T>(ds: DataSource, fn: () => T): T {
  return ds.options.type === 'better-sqlite3' ? running.run(ds, fn) : fn();
}
const sqliteQueues = new WeakMap<DataSource, Promise<void>>();

/**
 * TypeORM's SQLite drivers share ONE connection per data source, so two transactions at once would collide
 * ("cannot start a transaction within a transaction"): on SQLite the transactions of a process take turns.
 * A transact() called inside another one is not queued (it would wait for itself).
 */
async function oneAtATime<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const type = ds.options.type;
  if (type !== 'better-sqlite3' || running.getStore() === ds) return fn();
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  sqliteQueues.set(
    ds,
    previous.then(() => mine),
  );
  await previous;
  try {
    return await fn();
  } finally {
    release();
  }
}

/**
 * A plain TypeORM transaction that takes its turn with transact()'s on SQLite (one connection per data
 * source: a second BEGIN beside a running transaction fails with "cannot start a transaction within a
 * transaction"). For code that needs an EntityManager in a transaction but no Tx (reads in one snapshot,
 * the chat-migration rewrite, test fixtures).
 */
export function inTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return oneAtATime(ds, () => ds.transaction((em) => marked(ds, () => fn(em))));
}

export async function transact<T>(ctx: CoreContext, fn: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    let tx: Tx | undefined;
    try {
      const result = await oneAtATime(ctx.ds, () =>
        ctx.ds.transaction((em) =>
          marked(ctx.ds, async () => {
            tx = new Tx(em, ctx.clock.now(), ctx.defaultLocale, ctx.publicUrl);
            const result = await fn(tx);
            await tx.runFinalHooks();
            return result;
          }),
        ),
      );
      if (tx && tx.outboxIds.length) ctx.onOutbox(tx.outboxIds);
      if (tx && tx.slaChanges.length) ctx.onSlaChange?.(tx.slaChanges);
      if (tx && tx.changedTickets.size) ctx.onTicketChange?.([...tx.changedTickets]);
      return result;
    } catch (err) {
      const text = `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`;
      if (i >= attempts || !RETRYABLE.test(text)) throw err;
      await new Promise((r) => setTimeout(r, 20 * i + Math.random() * 30));
    }
  }
}
