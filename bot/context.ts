/**
 * The context every bot handler sees: grammY's, plus the core services, a per-update logger, the user's
 * language, and the conversations plugin's controls (ConversationFlavor). Inside a conversation the
 * context is the smaller `ConvContext`: the conversation plugins give it the deps and a logger only; the
 * language travels as a conversation argument so replays stay deterministic.
 */
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { CoreContext } from '../core/context.ts';
import type { Channel, Locale } from '../core/entities/enums.ts';
import type { Translate } from '../core/i18n/index.ts';
import type { LimitStore } from '../core/infra/limits.ts';
import type { Logger } from '../core/infra/logger.ts';

/** the requester behind a private chat, as the bot needs it (JSON-safe; bot/features/shared/me.ts reads it) */
export interface Me {
  id: number;
  /** his user id on this bot's channel (his private chat) */
  telegramId: number;
  channel: Channel;
  fullName: string;
  phone: string | null;
  memberTypeId: number | null;
  locale: Locale | null;
  registered: boolean;
  /** a staff-type member: may send requests to a colleague */
  staff: boolean;
  blocked: boolean;
  reachable: boolean;
}

export interface BotDeps {
  core: CoreContext;
  log: Logger;
  /** the system's Redis and key prefix, so the per-user message limit holds across bot processes */
  limits?: LimitStore;
  /** the messenger this bot serves (core/channels.ts); telegram when not given */
  channel?: Channel;
}

export const channelOf = (deps: Pick<BotDeps, 'channel'>): Channel => deps.channel ?? 'telegram';

/** a kv key of this bot's chats: Telegram's as they always were, another channel's prefixed by its name (ids may repeat across channels) */
export const scopedKey = (deps: Pick<BotDeps, 'channel'>, key: string): string => channelKey(channelOf(deps), key);
export const channelKey = (channel: Channel, key: string): string => (channel === 'telegram' ? key : `${channel}:${key}`);

export interface BotFlavor {
  deps: BotDeps;
  /** a child logger carrying the update id */
  log: Logger;
  locale: Locale;
  t: Translate;
  /** the requester behind a private chat (null when unknown or not a private chat) */
  requester: Me | null;
  /** set when an abandoned conversation of this chat was cleared while reading its state */
  expiredConversations?: string[];
}

export type BaseContext = Context & BotFlavor;
export type BotContext = ConversationFlavor<BaseContext>;

/** The context objects a conversation creates on each replay (see bot/conversations/plugins.ts). */
export interface ConvFlavor {
  deps: BotDeps;
  log: Logger;
}
export type ConvContext = Context & ConvFlavor;
