/**
 * A per-user rate limit for the private chat (settings.requesterRatePerMinute messages a minute). Over the
 * limit the update is not handled and the user gets one polite answer per minute, not one per message.
 * The counts live in Redis under the system's key prefix (core/infra/limits.ts: a window of one minute
 * from the user's first message in it), so every bot or webhook process shares one limit per user.
 * An album (several updates with one media_group_id) counts once.
 */
import type { MiddlewareFn } from 'grammy';
import { fixedWindow, take, type Limiter } from '../../core/infra/limits.ts';
import { scopedKey, type BotContext, type BotDeps } from '../context.ts';
import { cachedSettings } from './settings-cache.ts';

const WINDOW_SECONDS = 60;

export function rateLimit(deps: BotDeps): MiddlewareFn<BotContext> {
  // one limiter per configured limit (an admin may change it); all of them count on the same keys
  const limiters = new Map<number, Limiter>();
  const warnings = fixedWindow(deps.limits, 'message-warned', 1, WINDOW_SECONDS);
  const albumsSeen = fixedWindow(deps.limits, 'message-album', 1, WINDOW_SECONDS);
  return async (ctx, next) => {
    // a Bale user's id may equal a Telegram user's: each channel's users are counted apart
    const userId = ctx.from?.id === undefined ? undefined : scopedKey(deps, String(ctx.from.id));
    // messages count; button presses (bounded by what the bot offers) and edits do not
    if (!userId || ctx.chat?.type !== 'private' || !ctx.message) return next();
    const { requesterRatePerMinute: limit } = await cachedSettings(deps);
    if (!limit || limit <= 0) return next();
    const album = ctx.message.media_group_id;
    // an album counts once: only its first item (per user and album, across processes) takes from the limit
    if (album && !(await take(albumsSeen, `${userId}:${album}`))) return next();
    let limiter = limiters.get(limit);
    if (!limiter) limiters.set(limit, (limiter = fixedWindow(deps.limits, 'message', limit, WINDOW_SECONDS)));
    if (await take(limiter, userId)) return next();
    ctx.log.info({ limit }, 'rate limited');
    if (await take(warnings, userId)) await ctx.reply(ctx.t('rate-limited'), { parse_mode: 'HTML' });
  };
}
