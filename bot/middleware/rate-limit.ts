/**
 * A per-user rate limit for the private chat (settings.requesterRatePerMinute, a sliding minute on the
 * core clock). Over the limit the update is not handled and the user gets one polite answer per
 * minute, not one per message. An album (several updates with one media_group_id) counts once. The counters live in this process: one bot process takes the updates
 * (long polling, or the webhook behind one web process per bot).
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { cachedSettings } from './settings-cache.ts';

const WINDOW_MS = 60_000;

interface Bucket {
  hits: number[];
  warnedAt: number;
  /** the album (media_group_id) last counted: its other items are the same message to the user */
  album?: string;
}

export function rateLimit(deps: BotDeps): MiddlewareFn<BotContext> {
  const buckets = new Map<number, Bucket>();
  let lastSweep = 0;
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    // messages count; button presses (bounded by what the bot offers) and edits do not
    if (!userId || ctx.chat?.type !== 'private' || !ctx.message) return next();
    const { requesterRatePerMinute: limit } = await cachedSettings(deps);
    if (!limit || limit <= 0) return next();
    const now = deps.core.clock.now().getTime();
    if (now - lastSweep > WINDOW_MS) {
      lastSweep = now;
      for (const [id, b] of buckets) if (!b.hits.some((h) => now - h < WINDOW_MS)) buckets.delete(id);
    }
    const b = buckets.get(userId) ?? { hits: [], warnedAt: 0 };
    buckets.set(userId, b);
    b.hits = b.hits.filter((h) => now - h < WINDOW_MS);
    const album = ctx.message.media_group_id;
    if (album && album === b.album) return next(); // an album counts once, so none of its items is dropped
    if (b.hits.length >= limit) {
      ctx.log.info({ limit }, 'rate limited');
      if (now - b.warnedAt >= WINDOW_MS) {
        b.warnedAt = now;
        await ctx.reply(ctx.t('rate-limited'), { parse_mode: 'HTML' });
      }
      return;
    }
    b.hits.push(now);
    b.album = album;
    await next();
  };
}
