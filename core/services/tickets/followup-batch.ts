/**
 * Group commit for the commonest write of the inbound path: a requester's plain follow-up on his own ticket
 * that stays new or open (issue 18). Follow-ups that several chats send at about the same time are written in
 * ONE transaction, a few statements for the whole batch instead of about ten per message:
 *   the tickets locked (one SELECT … FOR UPDATE, in id order), the messages (one INSERT … RETURNING), the
 *   tickets' lastActivityAt / version (one UPDATE), the events (one INSERT … RETURNING), the notifications as
 *   for a single message (core/notify), one commit. Beside it, on other connections of the pool, the plain reads
 *   the single path makes inside its transaction without a lock: the followers of all the tickets and each
 *   distinct staff chat (core/notify/batch-memo.ts) and the requesters' blocked flags, one statement each, in plain
 *   SQL (core/db/rows-sql.ts).
 * A batch starts at once when none is running; what arrives meanwhile waits for the next one, so a quiet
 * system writes each message alone with no added delay and a busy one writes them in groups.
 *
 * The rules are those of requesterInTx (messages.ts), checked on the locked rows; anything else takes the
 * single path after the batch commits, which gives its own answer and error: a ticket not his, merged, on his
 * other channel (the single path moves it to the one he wrote from),
 * answered / resolved / closed (a change of state), cancelled or finished; a blocked requester; a reply to a
 * message, an album item, content the single path would refuse. A batch refused as a whole (a repeated
 * Telegram message hits uq_messages_inbound, the duplicate check left to the unique key) is rolled back and
 * each of its messages takes the single path, which finds the first copy and answers as before.
 *
 * Order: a chat's next follow-up is submitted only after its previous one resolved (one chat's updates are
 * handled one at a time), so one chat never has two messages in a batch; two messages for one ticket (a
 * person on two channels) go into different batches, in the order they came.
 */
import type { Attachment, Channel } from '../../entities/enums.ts';
import { Ticket, TicketEvent, TicketMessage } from '../../entities/ticket.ts';
import type { CoreContext } from '../../context.ts';
import { Requester } from '../../entities/people.ts';
import { isMariaDb } from '../../db/data-source.ts';
import * as notify from '../../notify/index.ts';
import { followersOfTickets, prefetchStaffChats, useFollowers } from '../../notify/batch-memo.ts';
import { albumOf } from '../../notify/media.ts';
import { searchKey } from '../../text/index.ts';
import { transact } from '../../tx.ts';
import type { Actor, RequesterActor } from '../actor.ts';
import { cleanAttachments, cleanText, isDuplicateKeyError } from './messages-util.ts';
import { columnSql, insertReturning, selectEntities, tableOf } from '../../db/rows-sql.ts';

export interface BatchInput {
  text?: string | null;
  attachments?: Attachment[];
  /** the messenger he wrote from (telegram when not given) */
  channel?: Channel;
  chatId?: number | null;
  messageId?: number | null;
  replyToMessageId?: number | null;
}

export interface BatchResult {
  ticket: Ticket;
  message: TicketMessage;
  duplicate: boolean;
  reopened?: boolean;
}

interface Item {
  actor: RequesterActor;
  ticketId: number;
  channel: Channel;
  chatId: number;
  messageId: number;
  text: string;
  attachments: Attachment[];
  /** the single path (its own transaction), for what the batch does not take */
  single: () => Promise<BatchResult>;
  resolve: (r: BatchResult) => void;
  reject: (err: unknown) => void;
}

/** messages in one transaction at most (the consumer drains up to 128 chats at once: jobs/inbound/consumer.ts) */
export const MAX_BATCH = 128;
/**
 * batches of one process in flight at once. One: while it runs, the next fills with the chats that arrive, so a
 * busy process writes fewer, larger batches (about 0.3 statements per message against 0.85 with four in flight;
 * each statement costs this process a socket write and a parse, the writes about 60 µs each on the virtual
 * machines measured), and more of its time goes to the messages (test/bench/inbound.bench.ts). A batch waits for a
 * ticket another transaction holds as a single follow-up would, and the next batch waits for it.
 */
const IN_FLIGHT = 1;

class Batcher {
  private queue: Item[] = [];
  private running = 0;
  /** tickets of the batches in flight: a second message for one of them waits for the next batch */
  private busy = new Set<number>();
  private scheduled = false;

  constructor(private ctx: CoreContext) {}

  submit(item: Item): void {
    this.queue.push(item);
    this.schedule();
  }

  private schedule() {
    if (this.scheduled || this.running >= IN_FLIGHT || !this.queue.length) return;
    this.scheduled = true;
    // the rest of this turn's submissions join the batch
    setImmediate(() => {
      this.scheduled = false;
      this.next();
    });
  }

  private next() {
    while (this.running < IN_FLIGHT && this.queue.length) {
      const batch: Item[] = [];
      const rest: Item[] = [];
      const taken = new Set<number>();
      for (const item of this.queue) {
        if (batch.length < MAX_BATCH && !taken.has(item.ticketId) && !this.busy.has(item.ticketId)) {
          batch.push(item);
          taken.add(item.ticketId);
        } else rest.push(item);
      }
      if (!batch.length) return;
      this.queue = rest;
      this.running++;
      for (const id of taken) this.busy.add(id);
      void this.run(batch).finally(() => {
        this.running--;
        for (const id of taken) this.busy.delete(id);
        this.schedule();
      });
    }
  }

  private async run(batch: Item[]): Promise<void> {
    let written: { item: Item; result: BatchResult }[];
    let leftOver: Item[];
    try {
      ({ written, leftOver } = await writeBatch(this.ctx, batch));
    } catch (err) {
      // refused as a whole (a repeated message, a deadlock retried out): each one alone, as before the batching
      if (!isDuplicateKeyError(err))
        this.ctx.log.warn({ err: (err as Error).message, messages: batch.length }, 'a batch of follow-ups failed; writing them one by one');
      written = [];
      leftOver = batch;
    }
    for (const { item, result } of written) item.resolve(result);
    await Promise.all(leftOver.map((item) => item.single().then(item.resolve, item.reject)));
  }
}

const batchers = new WeakMap<CoreContext, Batcher>();

/**
 * A follow-up the batch may take (else null: the caller takes the single path): a requester's message from his
 * chat, no reply to an earlier message, no album item, content the single path accepts.
 */
function batchable(actor: Actor, ticketId: number, input: BatchInput): Omit<Item, 'single' | 'resolve' | 'reject'> | null {
  if (actor.kind !== 'requester' || input.chatId == null || input.messageId == null || input.replyToMessageId != null) return null;
  if (albumOf(input.attachments)) return null;
  let text: string;
  let attachments: Attachment[];
  try {
    text = cleanText(input.text);
    attachments = cleanAttachments(input.attachments);
  } catch {
    return null;
  }
  if (!text && !attachments.length) return null;
  return { actor, ticketId, channel: input.channel ?? 'telegram', chatId: input.chatId, messageId: input.messageId, text, attachments };
}

/** the follow-up through the batch when it qualifies, else `single()` (its own transaction) */
export function batchedFollowUp(ctx: CoreContext, actor: Actor, ticketId: number, input: BatchInput, single: () => Promise<BatchResult>): Promise<BatchResult> {
  const base = batchable(actor, ticketId, input);
  if (!base) return single();
  let batcher = batchers.get(ctx);
  if (!batcher) batchers.set(ctx, (batcher = new Batcher(ctx)));
  const b = batcher;
  return new Promise<BatchResult>((resolve, reject) => b.submit({ ...base, single, resolve, reject }));
}

/** states a follow-up leaves as they are (no change of state: no SLA recomputation, no state notification) */
const STAYS = ['new', 'open'];

async function writeBatch(ctx: CoreContext, batch: Item[]): Promise<{ written: { item: Item; result: BatchResult }[]; leftOver: Item[] }> {
  const ids = batch.map((i) => i.ticketId);
  // plain reads on other connections of the pool, beside the transaction's first statements (not a round trip of it)
  const reads = ctx.ds.manager;
  const people = [...new Set(batch.map((i) => i.actor.requester.id))];
  const blockedRead = reads.query(
    `SELECT ${columnSql(reads, Requester, 'r', 'id')} AS id, ${columnSql(reads, Requester, 'r', 'blocked')} AS blocked FROM ${tableOf(reads, Requester)} r WHERE ${columnSql(reads, Requester, 'r', 'id')} IN (${people.map(() => '?').join(', ')})`,
    people,
  ) as Promise<{ id: number | string; blocked: unknown }[]>;
  const followersRead = followersOfTickets(reads, ids);
  blockedRead.catch(() => undefined);
  followersRead.catch(() => undefined);
  return transact(ctx, async (tx) => {
    // locked in id order (MariaDB; SQLite has one writer), read in plain SQL (core/db/rows-sql.ts)
    const tid = columnSql(tx.em, Ticket, 't', 'id');
    const tickets = (
      await selectEntities(
        tx.em,
        Ticket,
        't',
        `WHERE ${tid} IN (${ids.map(() => '?').join(', ')}) ORDER BY ${tid} ASC${isMariaDb(tx.em.connection) ? ' FOR UPDATE' : ''}`,
        ids,
      )
    ).map((r) => r.entity);
    const byId = new Map(tickets.map((t) => [t.id, t]));
    // 0/1 from both dialects (a tinyint on MariaDB, an integer on SQLite)
    const blocked = new Map((await blockedRead).map((p) => [Number(p.id), Number(p.blocked) !== 0]));
    const take: { item: Item; ticket: Ticket }[] = [];
    const leftOver: Item[] = [];
    for (const item of batch) {
      const ticket = byId.get(item.ticketId);
      const ok =
        ticket &&
        ticket.requesterId === item.actor.requester.id &&
        ticket.mergedIntoId === null &&
        // a linked requester writing on his other channel moves the ticket there: the single path does that
        ticket.channel === item.channel &&
        STAYS.includes(ticket.state) &&
        blocked.get(item.actor.requester.id) === false;
      if (ok) take.push({ item, ticket });
      else leftOver.push(item);
    }
    if (!take.length) return { written: [], leftOver };
    prefetchStaffChats(
      tx,
      take.map((t) => t.ticket),
      reads,
    );
    const now = tx.now;
    const rows = take.map(({ item, ticket }) => ({
      ticketId: ticket.id,
      kind: 'message' as const,
      direction: 'in' as const,
      authorKind: 'requester' as const,
      requesterId: item.actor.requester.id,
      staffId: null,
      text: item.text || null,
      textKey: item.text ? searchKey(item.text) : null,
      attachments: item.attachments,
      via: 'telegram' as const,
      channel: item.channel,
      requesterChatId: item.chatId,
      requesterMessageId: item.messageId,
      replyToId: null,
      editedAt: null,
      undeliveredAt: null,
      previousTexts: [] as string[],
      createdAt: now,
    }));
    const inserted = await insertReturning(tx.em, TicketMessage, rows, ['id', 'channel', 'requesterChatId', 'requesterMessageId']);
    const idOf = new Map(inserted.map((r) => [`${r.channel}:${r.requesterChatId}:${r.requesterMessageId}`, r.id]));
    const messages = rows.map((r) => {
      const id = idOf.get(`${r.channel}:${r.requesterChatId}:${r.requesterMessageId}`);
      if (id === undefined) throw new Error('a batched message was not returned by its insert');
      return tx.em.create(TicketMessage, { ...r, id });
    });
    // the rows are locked (SQLite: one writer), so the version cannot have moved since they were read
    const ticketIds = take.map((t) => t.ticket.id);
    const meta = tx.em.connection.getMetadata(Ticket);
    const driver = tx.em.connection.driver;
    const col = (p: string) => driver.escape(meta.findColumnWithPropertyName(p)!.databaseName);
    const at = driver.preparePersistentValue(now, meta.findColumnWithPropertyName('updatedAt')!);
    const res = await tx.em.queryRunner!.query(
      `UPDATE ${tableOf(tx.em, Ticket)} SET ${col('lastActivityAt')} = ?, ${col('updatedAt')} = ?, ${col('version')} = ${col('version')} + 1 WHERE ${col('id')} IN (${ticketIds.map(() => '?').join(', ')})`,
      [at, at, ...ticketIds],
      true,
    );
    if (res.affected !== undefined && res.affected !== ticketIds.length) throw new Error('a batched ticket changed under its lock');
    // one 'message' event each, as applyAction writes it for this action (no change but the quiet fields)
    await insertReturning(
      tx.em,
      TicketEvent,
      take.map(({ item, ticket }, i) => ({
        ticketId: ticket.id,
        actorKind: 'requester' as const,
        actorId: item.actor.requester.id,
        kind: 'message',
        action: 'requester_message',
        before: {},
        after: { messageId: messages[i]!.id },
        note: null,
        createdAt: now,
      })),
      ['id'],
    );
    for (const { ticket } of take) {
      Object.assign(ticket, { lastActivityAt: now, updatedAt: now, version: ticket.version + 1 });
      tx.changedTickets.add(ticket.id);
    }
    useFollowers(tx, await followersRead);
    for (let i = 0; i < take.length; i++) await notify.requesterMessageAdded(tx, take[i]!.ticket, messages[i]!);
    return {
      written: take.map(({ item, ticket }, i) => ({ item, result: { ticket, message: messages[i]!, duplicate: false, reopened: false } })),
      leftOver,
    };
  });
}
