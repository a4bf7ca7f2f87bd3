/**
 * Conversation state in the database (KvEntry rows `conv:<chatId>`), so a restart resumes every
 * conversation at the step it had reached.
 *
 * Abandoned conversations are cleared by a check at the next update of that chat: when the row was
 * last written more than `settings.intakeTimeoutMinutes` ago, it is deleted and the names of the cleared
 * conversations are put on `ctx.expiredConversations` (the guard tells the user in a short message).
 * Each row also carries `expiresAt` (timeout + one day) so the housekeeping purge removes rows of users
 * who never come back.
 *
 * Most updates come from chats in no conversation, and asking the database each time was one statement of
 * every follow-up: the process remembers the chats it knows have no row (it read none, or deleted it) and
 * asks again once it writes one. Only the process that takes the updates writes these rows (long polling,
 * or the one web process behind the webhook, as the rate limit assumes too); a new process starts knowing
 * nothing. The memory is capped at ABSENT_CAP chats.
 *
 * A restart must not cost the user a step. The row names the update it was written for (`upd`): it is written
 * once everything downstream of the conversations has handled that update, so the same update handed again
 * (the journal after a kill between this write and the journal's delete, or Telegram repeating it) was handled
 * in full — it is dropped (`handledBefore`, index.ts) instead of being taken as the answer to the next step.
 * Telegram's update ids grow by one per update and jump only after a week without any; a row is never
 * older than a day (the timeout above), so a smaller id on it is always a repetition. The messages the
 * conversation sent while handling an update are kept beside the row (sent.ts) and read with it.
 */
import type { ConversationData, ConversationStorage, VersionedState } from '@grammyjs/conversations';
import type { Channel } from '../../core/entities/enums.ts';
import { kvDelete, kvDeleteMany, kvGetTogether, kvSave } from '../../core/services/kv.ts';
import { channelKey, scopedKey, type BotContext, type BotDeps } from '../context.ts';
import { cachedSettings } from '../middleware/settings-cache.ts';
import { noteSentRow, sentKey } from './sent.ts';

/** bump when a conversation's steps change in a way old replay logs cannot follow (2: every send is recalled and recorded, sent.ts) */
export const CONVERSATION_VERSION = 2;
const DAY_MS = 86_400_000;
const ABSENT_CAP = 100_000;

export const conversationKey = (chatId: number) => `conv:${chatId}`;

type Stored = VersionedState<ConversationData> & { upd?: number };

/** the contexts whose update the conversation's row says was handled already */
const repeated = new WeakSet<object>();
export const handledBefore = (ctx: BotContext): boolean => repeated.has(ctx);

export function conversationStorage(deps: BotDeps): ConversationStorage<BotContext, ConversationData> {
  const ds = deps.core.ds;
  const keyOf = (ctx: BotContext) => (ctx.chat ? scopedKey(deps, conversationKey(ctx.chat.id)) : undefined);
  const absent = new Set<string>();
  absentSets.add(absent);
  absentOf.set(deps, absent);
  const markAbsent = (key: string) => {
    if (absent.size >= ABSENT_CAP) absent.clear();
    absent.add(key);
  };
  return {
    type: 'context',
    version: CONVERSATION_VERSION,
    adapter: {
      async read(ctx) {
        const key = keyOf(ctx);
        if (!key || absent.has(key)) return undefined;
        // with the other chats' reads of this turn, one statement (a burst from many new chats: one each before)
        const sentRowKey = scopedKey(deps, sentKey(ctx.chat!.id));
        const rows = await kvGetTogether(ds, [key, sentRowKey]);
        noteSentRow(ctx, rows.get(sentRowKey)?.value);
        const row = rows.get(key);
        if (!row) {
          markAbsent(key);
          return undefined;
        }
        let state: Stored;
        try {
          state = JSON.parse(row.value) as Stored;
        } catch {
          await kvDelete(ds, key);
          markAbsent(key);
          return undefined;
        }
        const { intakeTimeoutMinutes } = await cachedSettings(deps);
        const now = deps.core.clock.now().getTime();
        if (now - row.updatedAt.getTime() > intakeTimeoutMinutes * 60_000) {
          await kvDeleteMany(ds, [key, scopedKey(deps, sentKey(ctx.chat!.id))]);
          markAbsent(key);
          ctx.expiredConversations = Object.keys(state.state ?? {});
          return undefined;
        }
        if (typeof state.upd === 'number' && ctx.update.update_id <= state.upd) repeated.add(ctx);
        const { upd: _upd, ...versioned } = state;
        return versioned;
      },
      async write(ctx, state) {
        const key = keyOf(ctx);
        if (!key) return;
        absent.delete(key);
        const { intakeTimeoutMinutes } = await cachedSettings(deps);
        const now = deps.core.clock.now();
        await kvSave(ds, {
          key,
          value: JSON.stringify({ ...state, upd: ctx.update.update_id }),
          updatedAt: now,
          expiresAt: new Date(now.getTime() + intakeTimeoutMinutes * 60_000 + DAY_MS),
        });
      },
      async delete(ctx) {
        const key = keyOf(ctx);
        if (!key) return;
        await kvDeleteMany(ds, [key, scopedKey(deps, sentKey(ctx.chat!.id))]);
        markAbsent(key);
      },
    },
  };
}

/**
 * Every process-local memory of chats with no conversation row. With several bot processes a chat's updates
 * may be handled by another process in between (jobs/inbound/): the one that takes the chat back forgets what
 * it remembered of it (bot/ingest), so a conversation another process started is read, not missed.
 */
const absentSets = new Set<Set<string>>();
/** each bot's storage's set (a test process runs several bots, whose chats share ids) */
const absentOf = new WeakMap<BotDeps, Set<string>>();
/**
 * This process knows the chat has no conversation: its storage read found no row since this process last
 * handled the chat (forgetAbsent clears that when another process handled it since). The conversations plugin
 * would then read nothing and pass the update on, so a caller may skip it (bot/features/index.ts).
 */
export const knownWithoutConversation = (deps: BotDeps, chatId: number): boolean => absentOf.get(deps)?.has(scopedKey(deps, conversationKey(chatId))) ?? false;

/** `channel`: the messenger of the chat (a Bale chat's key is scoped by its channel, bot/context.ts) */
export const forgetAbsent = (chatId: number, channel: Channel = 'telegram'): void => {
  for (const s of absentSets) s.delete(channelKey(channel, conversationKey(chatId)));
};
