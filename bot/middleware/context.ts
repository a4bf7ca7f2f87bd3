/**
 * Gives each update its logger, the core services, the user's language (the stored choice wins over
 * Telegram's) and, in a private chat, the requester as the core knows them (`ctx.requester`, null if unknown).
 */
import type { MiddlewareFn } from 'grammy';
import type { Locale } from '../../core/entities/enums.ts';
import { translator } from '../../core/i18n/index.ts';
import type { BotContext, BotDeps } from '../context.ts';
import { loadMe } from '../features/shared/me.ts';

export function contextMiddleware(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    // the update's logger is made when something logs (most updates log nothing): a pino child per update was
    // a measurable share of a follow-up's cost (test/bench/inbound.bench.ts)
    let log: BotContext['log'] | undefined;
    Object.defineProperty(ctx, 'log', {
      configurable: true,
      enumerable: true,
      get: () => (log ??= deps.log.child({ update: ctx.update.update_id, chat: ctx.chat?.id, from: ctx.from?.id })),
      set: (l: BotContext['log']) => void (log = l),
    });
    ctx.requester = ctx.from && ctx.chat?.type === 'private' ? await loadMe(deps, ctx.from.id) : null;
    ctx.locale = resolveLocale(ctx, deps);
    ctx.t = translator(ctx.locale);
    if (!deps.log.isLevelEnabled('debug')) return next();
    const started = performance.now();
    await next();
    ctx.log.debug({ ms: Math.round(performance.now() - started) }, 'update handled');
  };
}

function resolveLocale(ctx: BotContext, deps: BotDeps): Locale {
  if (ctx.requester?.locale) return ctx.requester.locale;
  const fromTelegram: Locale | undefined = ctx.from?.language_code?.startsWith('en') ? 'en' : undefined;
  return fromTelegram ?? deps.core.defaultLocale;
}
