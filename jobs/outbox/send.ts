/**
 * Sending one outbox row to Telegram and recording what came back. Long texts and captions are split;
 * a thread of -1 means "the ticket's forum topic"; results become message links so replies route back.
 * Files are resolved per call (jobs/outbox/files.ts): a stored panel upload goes as multipart or as the
 * file_id Telegram gave it before; an album row is built from its message's attachments at send time.
 * Errors are classified here: wait (429), retry (5xx, network), repair (topic gone, group migrated),
 * or permanent (blocked, chat not found, other 400s).
 */
import { GrammyError, HttpError, type Api } from 'grammy';
import type { EntityManager } from 'typeorm';
import type { CoreContext } from '../../core/context.ts';
import { transact } from '../../core/tx.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { MessageLink, Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { splitCaption, splitMessage } from '../../core/text/html.ts';
import { degradationsOf, degrade, type Degradation } from './degrade.ts';
import { albumRowCalls, prepareFiles, StoredFileMissing, type PreparedFiles } from './files.ts';
import { capabilities, type Channel } from '../../core/channels.ts';

export type SendOutcome =
  | { kind: 'sent'; messageIds: number[]; result: Record<string, unknown> }
  | { kind: 'wait'; ms: number; reason: string }
  | { kind: 'defer'; ms: number }
  /** the worker's claim on the row was lost before the call (another worker has it now) */
  | { kind: 'lost' }
  | { kind: 'retry'; reason: string }
  | { kind: 'thread_missing'; reason: string }
  | { kind: 'migrated'; toChatId: number; reason: string }
  /** the bot may not write there (blocked by the user, removed from the group): the chat refuses */
  | { kind: 'blocked'; reason: string }
  /** the chat does not exist (any more) */
  | { kind: 'gone'; reason: string }
  /** this message is refused (bad request): the row fails, the chat goes on */
  | { kind: 'failed'; reason: string }
  /** an optional part was refused (degrade.ts): the row goes again with this payload */
  | { kind: 'degraded'; payload: Record<string, unknown>; degradation: Degradation; parts: number[] };

const CAPTIONED = new Set(['sendPhoto', 'sendDocument', 'sendVideo', 'sendAudio', 'sendAnimation', 'sendVoice', 'copyMessage']);

/** the calls one row becomes: a long text in several messages, a long caption as caption + messages */
export function expand(row: Pick<OutboxMessage, 'method' | 'payload'> & { channel?: Channel }): { method: string; payload: Record<string, unknown> }[] {
  const p = row.payload;
  if (row.method === 'sendMessage' && typeof p.text === 'string') {
    const html = p.parse_mode === 'HTML' ? p.text : null;
    const limit = capabilities(row.channel ?? 'telegram').textLimit;
    const parts = html !== null ? splitMessage(html, limit) : splitPlain(p.text, limit);
    if (parts.length <= 1) return [{ method: row.method, payload: p }];
    return parts.map((text, i) => ({
      method: 'sendMessage',
      payload: {
        ...p,
        text,
        ...(i > 0 ? { reply_parameters: undefined, reply_markup: i === parts.length - 1 ? p.reply_markup : undefined } : { reply_markup: undefined }),
      },
    }));
  }
  if (CAPTIONED.has(row.method) && typeof p.caption === 'string' && p.parse_mode === 'HTML') {
    const { caption, rest } = splitCaption(p.caption);
    if (!rest.length) return [{ method: row.method, payload: p }];
    return [{ method: row.method, payload: { ...p, caption } }, ...rest.map((text) => ({ method: 'sendMessage', payload: { text, parse_mode: 'HTML' } }))];
  }
  return [{ method: row.method, payload: p }];
}

function splitPlain(text: string, limit = 4096): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest) out.push(rest);
  return out;
}

export async function resolveThread(em: EntityManager, row: OutboxMessage): Promise<number | undefined> {
  if (row.threadId === null) return undefined;
  if (row.threadId !== -1) return row.threadId;
  if (!row.ticketId) return undefined;
  const t = await em.findOne(Ticket, { where: { id: row.ticketId }, select: { id: true, forumThreadId: true } });
  return t?.forumThreadId ?? undefined;
}

/** sends the row (continuing after parts already sent) and classifies the outcome */
export async function sendRow(
  api: Api,
  em: EntityManager,
  row: OutboxMessage,
  /** called right before each Telegram call (the rate limiter): 0 to go on, ms to come back later, < 0 to stop */
  beforeCall: (call: { method: string; payload: Record<string, unknown> }) => Promise<number> = async () => 0,
): Promise<SendOutcome> {
  const calls = (await albumRowCalls(em, row)) ?? expand(row);
  if (!calls.length) return { kind: 'failed', reason: 'the album has no files' };
  const done = ((row.result as { parts?: number[] } | null)?.parts ?? []).slice();
  let last: unknown = null;
  const thread = await resolveThread(em, row);
  if (row.threadId === -1 && thread === undefined && row.method !== 'createForumTopic') {
    return { kind: 'thread_missing', reason: 'the ticket has no forum topic yet' };
  }
  const card = await cardOf(em, row);
  /** the other messages of albums sent (linked too, so a reply to any item finds the ticket) */
  const albumIds: number[] = [];
  /** stored files that were gone (their captions went as text) */
  const missing: string[] = [];
  for (let i = done.length; i < calls.length; i++) {
    const call = calls[i]!;
    const payload: Record<string, unknown> = { ...call.payload, chat_id: row.chatId };
    // -1 stands for the ticket's card message (core/notify/staff.ts), known only once the card was sent
    if (payload.message_id === -1) {
      if (!card) return { kind: 'failed', reason: 'the ticket has no card message to edit' };
      payload.message_id = card;
    }
    const rp = payload.reply_parameters as { message_id?: number } | undefined;
    if (rp?.message_id === -1) payload.reply_parameters = card ? { ...rp, message_id: card } : undefined;
    if (thread !== undefined && row.method !== 'createForumTopic') payload.message_thread_id = thread;
    const defer = await beforeCall(call);
    if (defer < 0) return { kind: 'lost' };
    if (defer > 0) {
      if (done.length) await em.update(OutboxMessage, { id: row.id }, { result: { ...row.result, parts: done } });
      return { kind: 'defer', ms: defer };
    }
    let files: PreparedFiles;
    let method = call.method;
    try {
      // stored uploads become InputFiles (multipart) or the file_id Telegram gave them before
      files = await prepareFiles(em, row.ticketMessageId, payload);
    } catch (err) {
      if (!(err instanceof StoredFileMissing)) throw err;
      // the file is gone from the disk: its caption (the reply's text) still goes, as a message
      const caption = typeof payload.caption === 'string' && !Array.isArray(payload.media) ? payload.caption : '';
      if (!caption) return { kind: 'failed', reason: err.message };
      missing.push(err.message);
      const { caption: _c, parse_mode, chat_id, message_thread_id, reply_parameters, reply_markup } = payload;
      method = 'sendMessage';
      files = { payload: { chat_id, text: caption, parse_mode, message_thread_id, reply_parameters, reply_markup }, finish: async () => undefined };
    }
    try {
      last = await (api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>)[method]!(files.payload);
    } catch (err) {
      await files.finish(em, null);
      if (done.length) await em.update(OutboxMessage, { id: row.id }, { result: { ...row.result, parts: done } });
      const less = degrade(row.payload, err);
      return less ? { kind: 'degraded', ...less, parts: done } : classify(err);
    }
    await files.finish(em, last);
    done.push(messageIdOf(last));
    if (Array.isArray(last)) albumIds.push(...last.slice(1).map((m) => messageIdOf(m)));
    if (calls.length > 1 && i < calls.length - 1) await em.update(OutboxMessage, { id: row.id }, { result: { ...row.result, parts: done } });
  }
  const degraded = degradationsOf(row.result);
  const result = {
    parts: done,
    ...(degraded.length ? { degraded } : {}),
    ...(missing.length ? { missing } : {}),
    ...(last && typeof last === 'object' && !Array.isArray(last) ? pick(last as Record<string, unknown>) : {}),
  };
  return { kind: 'sent', messageIds: [...done, ...albumIds].filter((x) => x > 0), result };
}

async function cardOf(em: EntityManager, row: OutboxMessage): Promise<number | null> {
  const p = row.payload as { message_id?: number; reply_parameters?: { message_id?: number } };
  if (!row.ticketId || (p.message_id !== -1 && p.reply_parameters?.message_id !== -1)) return null;
  const t = await em.findOne(Ticket, { where: { id: row.ticketId }, select: { id: true, cardMessageId: true } });
  return t?.cardMessageId ?? null;
}

function messageIdOf(r: unknown): number {
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    if (typeof o.message_id === 'number') return o.message_id;
    if (Array.isArray(r) && r[0] && typeof r[0].message_id === 'number') return r[0].message_id;
  }
  return 0;
}

function pick(o: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const k of ['message_id', 'message_thread_id', 'name']) if (k in o) out[k] = o[k];
  return out;
}

export function classify(err: unknown): SendOutcome {
  if (err instanceof GrammyError) {
    const d = err.description;
    const reason = `${err.error_code} ${d}`;
    if (err.error_code === 429) return { kind: 'wait', ms: Math.ceil((err.parameters.retry_after ?? 1) * 1000), reason };
    if (err.parameters.migrate_to_chat_id) return { kind: 'migrated', toChatId: err.parameters.migrate_to_chat_id, reason };
    if (err.error_code >= 500) return { kind: 'retry', reason };
    if (/message thread not found|TOPIC_ID_INVALID|TOPIC_DELETED|thread not found/i.test(d)) return { kind: 'thread_missing', reason };
    if (/message is not modified|TOPIC_NOT_MODIFIED/i.test(d)) return { kind: 'sent', messageIds: [], result: { notModified: true } };
    if (err.error_code === 403) return { kind: 'blocked', reason };
    if (/chat not found|PEER_ID_INVALID|group chat was deactivated|user is deactivated/i.test(d)) return { kind: 'gone', reason };
    return { kind: 'failed', reason };
  }
  if (err instanceof HttpError) return { kind: 'retry', reason: `network: ${String((err.error as Error)?.message ?? err.message)}` };
  return { kind: 'retry', reason: String((err as Error)?.message ?? err) };
}

/**
 * After a send, in one transaction: the row sent with its result (unless another worker recorded it
 * first), message links for routing replies, the topic or card of the ticket, the delivered answer's id.
 */
export async function recordSent(ctx: CoreContext, row: OutboxMessage, outcome: Extract<SendOutcome, { kind: 'sent' }>, now: Date): Promise<void> {
  await transact(ctx, async (tx) => {
    const em = tx.em;
    const res = await em
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ status: 'sent', sentAt: now, result: outcome.result as never, lastError: null, nextAttemptAt: null })
      .where("id = :id AND status IN ('sending', 'pending')", { id: row.id })
      .execute();
    if (!res.affected || !row.ticketId) return;
    if (row.method === 'createForumTopic' && typeof outcome.result.message_thread_id === 'number') {
      await em.update(Ticket, { id: row.ticketId }, { forumThreadId: outcome.result.message_thread_id });
      return;
    }
    if (row.purpose === 'card' && outcome.messageIds[0]) await em.update(Ticket, { id: row.ticketId }, { cardMessageId: outcome.messageIds[0] });
    if (row.method.startsWith('edit') || row.method.includes('Topic') || row.method === 'deleteMessage') return;
    const side = sideOf(row);
    for (const messageId of outcome.messageIds) {
      if (await em.existsBy(MessageLink, { channel: row.channel ?? 'telegram', chatId: row.chatId, messageId })) continue;
      await em.insert(MessageLink, {
        channel: row.channel ?? 'telegram',
        chatId: row.chatId,
        messageId,
        ticketId: row.ticketId,
        ticketMessageId: row.ticketMessageId,
        side,
        createdAt: now,
      });
    }
    if (row.ticketMessageId && side === 'requester' && outcome.messageIds[0]) {
      await em.update(
        TicketMessage,
        { id: row.ticketMessageId, direction: 'out' },
        { requesterMessageId: outcome.messageIds[0], requesterChatId: row.chatId, channel: row.channel ?? 'telegram' },
      );
    }
  });
}

/** private chats are the requester's side, except direct messages to staff (dm, notify_staff); groups are staff chats */
const STAFF_PRIVATE_PURPOSES = new Set(['dm', 'notify_staff']);
export const sideOf = (row: Pick<OutboxMessage, 'chatId' | 'purpose'>): 'requester' | 'staff' =>
  row.chatId > 0 && !STAFF_PRIVATE_PURPOSES.has(row.purpose) ? 'requester' : 'staff';
