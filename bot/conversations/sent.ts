/**
 * What the conversations sent while handling an update, kept so that the same update handed to the bot again
 * after a crash does not send it a second time.
 *
 * A conversation's state is written once its update was handled (storage.ts). A process killed after a prompt
 * went out but before that write handed the update again at the next start (the update journal, or Telegram
 * repeating a webhook call): the conversation replayed from the older state, sent the prompt again, and the
 * press on the prompt the user had on his screen was "no longer available" — it was not the message the new
 * state knew. Now every message a conversation sends is recorded (KvEntry `snt:<chatId>`: the update being
 * handled and the ids sent for it, in order) as soon as Telegram returned its id, before anything else of the
 * step happens. When the same update comes again, the n-th send of its handling is the n-th recorded message:
 * nothing is sent, the conversation carries on with the message the user has. The row is read with the
 * conversation's own row (one statement) and removed with it.
 *
 * One window is left: killed after Telegram took a message and before its id was recorded (a round trip to the
 * database), the message is sent again — Telegram has no idempotent send, and no way to ask for a chat's
 * messages. Then the prompt is shown twice, but the press on either is taken: the handling is known to be a
 * repetition (the journal handed the update back, or its row names it) and the copy sent now accepts presses
 * on any message between the last one known before it and itself (`lostAfter`, kit.ts).
 *
 * The records are made by a transformer on the conversation's API (installed by index.ts), around the call the
 * conversation logs: the record and the recall are `conversation.external` steps, so a replay of the
 * conversation's log repeats neither.
 */
import type { Context, Transformer } from 'grammy';
import type { Message } from 'grammy/types';
import { kvUpsert } from '../../core/services/kv.ts';
import { scopedKey, type BotContext, type BotDeps } from '../context.ts';
import type { Conv } from './kit.ts';
import { isRepeat } from '../../core/infra/repeats.ts';

export const sentKey = (chatId: number) => `snt:${chatId}`;

/** the stored row: update id and the message ids sent while handling it */
export interface SentRow {
  u: number;
  ids: number[];
}

interface Handling {
  update: number;
  chatId: number;
  /** ids recorded for this update (by an earlier handling of it, then by this one) */
  ids: number[];
  /** the next send's ordinal in this handling */
  n: number;
  /** this handling repeats an earlier one that may have sent something */
  again: boolean;
  /** the newest message id known before this handling sent anything */
  floor: number;
}

/** keyed by the outer context object of the update being handled */
const handlings = new WeakMap<object, Handling>();

function handlingOf(ctx: Context): Handling {
  let h = handlings.get(ctx);
  if (!h) {
    const trigger = ctx.callbackQuery?.message?.message_id ?? ctx.msg?.message_id ?? 0;
    h = { update: ctx.update.update_id, chatId: ctx.chat!.id, ids: [], n: 0, again: isRepeat(ctx.update), floor: trigger };
    handlings.set(ctx, h);
  }
  return h;
}

/** storage.ts hands over the row it read with the conversation's: records of this very update mean a repetition */
export function noteSentRow(ctx: Context, value: string | undefined): void {
  if (!value || !ctx.chat) return;
  let row: SentRow;
  try {
    row = JSON.parse(value) as SentRow;
  } catch {
    return;
  }
  if (row.u !== ctx.update.update_id || !Array.isArray(row.ids)) return;
  const h = handlingOf(ctx);
  h.ids = row.ids.slice();
  h.again = true;
}

/** a message sent for this ordinal before, or what the next send must know */
export interface Recalled {
  n: number;
  /** already sent: its id */
  id?: number;
  /** maybe sent, id unknown: presses on messages after this id (and before the new one) belong to the new one */
  lostAfter?: number;
}

function recall(ctx: Context): Recalled {
  const h = handlingOf(ctx);
  const n = h.n++;
  if (n < h.ids.length) return { n, id: h.ids[n] };
  if (h.again && n === h.ids.length) return { n, lostAfter: Math.max(h.floor, ...h.ids) };
  return { n };
}

async function remember(deps: BotDeps, ctx: Context, n: number, id: number): Promise<void> {
  const h = handlingOf(ctx);
  h.ids[n] = id;
  const now = deps.core.clock.now();
  const row: SentRow = { u: h.update, ids: h.ids };
  try {
    await kvUpsert(deps.core.ds, {
      key: scopedKey(deps, sentKey(h.chatId)),
      value: JSON.stringify(row),
      updatedAt: now,
      expiresAt: new Date(now.getTime() + 2 * 86_400_000),
    });
  } catch (err) {
    // the message is out; only the protection against sending it twice is lost
    deps.log.warn({ err: (err as Error).message, chat: h.chatId }, 'could not record a sent message');
  }
}

/** a message returned by a recall: the conversation only reads its id */
export type SentMessage = Message.TextMessage & { lostAfter?: number };

/**
 * The transformer for a conversation's API: sendMessage goes through recall → send → record. Outside the
 * conversation's own logging of the call, so it runs again on every replay; the recall and the record are
 * logged steps (`external`), so on a replay they return what they returned the first time and touch nothing.
 */
export function sentOnce(deps: BotDeps, conversation: Conv): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== 'sendMessage') return prev(method, payload, signal);
    const r = await conversation.external((octx: BotContext) => recall(octx));
    if (r.id !== undefined) {
      const p = payload as { chat_id: number; text: string };
      const message = { message_id: r.id, date: 0, chat: { id: Number(p.chat_id), type: 'private', first_name: '' }, text: p.text };
      return { ok: true, result: message } as never;
    }
    const res = await prev(method, payload, signal);
    if (!res.ok) return res;
    const id = (res.result as unknown as Message).message_id;
    await conversation.external((octx: BotContext) => remember(deps, octx, r.n, id));
    return (r.lostAfter === undefined ? res : { ok: true, result: { ...(res.result as object), lostAfter: r.lostAfter } }) as never;
  };
}
