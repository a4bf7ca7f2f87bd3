/** Gives each update its logger, the core services, and the user's language (the stored choice wins over Telegram's). */
import type { MiddlewareFn } from 'grammy';
import { Requester } from '../../core/entities/people.ts';
import type { Locale } from '../../core/entities/enums.ts';
import { translator } from '../../core/i18n/index.ts';
import type { BotContext, BotDeps } from '../context.ts';

export function contextMiddleware(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.log = deps.log.child({ update: ctx.update.update_id, chat: ctx.chat?.id, from: ctx.from?.id });
    ctx.locale = await resolveLocale(ctx, deps);
    ctx.t = translator(ctx.locale);
    const started = performance.now();
    await next();
    ctx.log.debug({ ms: Math.round(performance.now() - started) }, 'update handled');
  };
}

async function resolveLocale(ctx: BotContext, deps: BotDeps): Promise<Locale> {
  const fromTelegram: Locale | undefined = ctx.from?.language_code?.startsWith('en') ? 'en' : undefined;
  if (ctx.from && ctx.chat?.type === 'private') {
    const stored = await deps.core.ds.getRepository(Requester).findOne({
      where: { telegramId: ctx.from.id },
      select: { id: true, locale: true },
    });
    if (stored?.locale) return stored.locale;
  }
  return fromTelegram ?? deps.core.defaultLocale;
}
