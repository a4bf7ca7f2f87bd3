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
 */
import type { ConversationData, ConversationStorage, VersionedState } from '@grammyjs/conversations';
import { KvEntry } from '../../core/entities/system.ts';
import type { BotContext, BotDeps } from '../context.ts';
import { cachedSettings } from '../middleware/settings-cache.ts';

/** bump when a conversation's steps change in a way old replay logs cannot follow */
export const CONVERSATION_VERSION = 1;
const DAY_MS = 86_400_000;
const ABSENT_CAP = 100_000;

export const conversationKey = (chatId: number) => `conv:${chatId}`;

type Stored = VersionedState<ConversationData>;

export function conversationStorage(deps: BotDeps): ConversationStorage<BotContext, ConversationData> {
  const repo = () => deps.core.ds.getRepository(KvEntry);
  const keyOf = (ctx: BotContext) => (ctx.chat ? conversationKey(ctx.chat.id) : undefined);
  const absent = new Set<string>();
  absentSets.add(absent);
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
        const row = await repo().findOne({ where: { key } });
        if (!row) {
          markAbsent(key);
          return undefined;
        }
        let state: Stored;
        try {
          state = JSON.parse(row.value) as Stored;
        } catch {
          await repo().delete({ key });
          markAbsent(key);
          return undefined;
        }
        const { intakeTimeoutMinutes } = await cachedSettings(deps);
        const now = deps.core.clock.now().getTime();
        if (now - row.updatedAt.getTime() > intakeTimeoutMinutes * 60_000) {
          await repo().delete({ key });
          markAbsent(key);
          ctx.expiredConversations = Object.keys(state.state ?? {});
          return undefined;
        }
        return state;
      },
      async write(ctx, state) {
        const key = keyOf(ctx);
        if (!key) return;
        absent.delete(key);
        const { intakeTimeoutMinutes } = await cachedSettings(deps);
        const now = deps.core.clock.now();
        await repo().save(
          repo().create({
            key,
            value: JSON.stringify(state),
            updatedAt: now,
            expiresAt: new Date(now.getTime() + intakeTimeoutMinutes * 60_000 + DAY_MS),
          }),
        );
      },
      async delete(ctx) {
        const key = keyOf(ctx);
        if (!key) return;
        await repo().delete({ key });
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
export const forgetAbsent = (chatId: number): void => {
  for (const s of absentSets) s.delete(conversationKey(chatId));
};
