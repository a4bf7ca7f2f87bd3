/**
 * The bot: grammY with the Bot API root from the configuration (a local Bot API server, or the fake
 * in tests), auto-retry on 429/5xx, per-chat ordering, one composer per feature, an error boundary.
 */
// first: the composers and filters the feature modules below declare are built with the faster chain and branch
import './grammy-chain.ts';
import './grammy-branch.ts';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Composer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { apiRetry } from './api-retry.ts';
import { channelOf, type BotContext, type BotDeps } from './context.ts';
import { fitApiToChannel } from './channel-api.ts';
import { contextMiddleware } from './middleware/context.ts';
import { dedupeUpdates } from './middleware/dedupe.ts';
import { errorBoundary } from './middleware/errors.ts';
import { privateChat } from './features/index.ts';
import { staffFeature } from './staff/index.ts';

export interface CreateBotOptions {
  token: string;
  apiRoot: string;
  deps: BotDeps;
  /** skips getMe at start (tests) */
  botInfo?: UserFromGetMe;
  extraFeatures?: Composer<BotContext>[];
}

/** Updates of one chat are handled one after the other; different chats in parallel. */
export function chatKey(ctx: { chat?: { id: number }; from?: { id: number } }): string | undefined {
  // a malformed update (a chat without an id) must not throw here, before the error boundary can answer
  const id = ctx.chat?.id ?? ctx.from?.id;
  return id === undefined || id === null ? undefined : String(id);
}

export function createBot(opts: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(opts.token, { client: { apiRoot: opts.apiRoot }, botInfo: opts.botInfo });
  bot.api.config.use(apiRetry());
  fitApiToChannel(bot.api, channelOf(opts.deps));
  // the error boundary is middleware around everything, not only bot.catch: bot.catch is called by the
  // poller alone, so with a webhook a failed update was answered 500 (Telegram sends it again and again)
  // and the user was told nothing
  const guarded = bot.errorBoundary(errorBoundary(opts.deps.log));
  guarded.use(dedupeUpdates());
  guarded.use(sequentialize(chatKey));
  guarded.use(contextMiddleware(opts.deps));
  const pm = privateChat(opts.deps);
  // the commonest update, a plain follow-up, goes through the guard to the follow-ups at once (bot/features/index.ts)
  guarded.use(pm.lane);
  // staff groups and /link first: group messages never reach the requesters' features
  // the staff side stays on Telegram: another channel's bot serves private chats only
  if (channelOf(opts.deps) === 'telegram') guarded.use(staffFeature);
  for (const f of [...pm.features, ...(opts.extraFeatures ?? [])]) guarded.use(f);
  bot.catch(errorBoundary(opts.deps.log));
  return bot;
}
