/**
 * The error boundary: every failed update is logged with its id, and the user gets a polite answer
 * (that the system is briefly unavailable when the database or Redis is down). Nothing is rethrown,
 * so one bad update never stops the bot.
 */
import { BotError, GrammyError, HttpError } from 'grammy';
import { translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/infra/logger.ts';
import type { BotContext } from '../context.ts';

const UNAVAILABLE = /ECONNREFUSED|ETIMEDOUT|PROTOCOL_CONNECTION_LOST|ER_CON_COUNT|Connection is closed|SQLITE_BUSY|database is locked|Pool is closed|ENOTCONN/;

export function errorBoundary(log: Logger) {
  return async (err: BotError<BotContext>) => {
    const ctx = err.ctx;
    const cause = err.error;
    const l = ctx.log ?? log.child({ update: ctx.update.update_id });
    if (cause instanceof GrammyError) l.error({ method: cause.method, code: cause.error_code, description: cause.description }, 'Telegram refused a call');
    else if (cause instanceof HttpError) l.error({ err: cause.error }, 'could not reach Telegram');
    else l.error({ err: cause }, 'update failed');
    const t = ctx.t ?? translator(ctx.deps?.core.defaultLocale ?? 'fa');
    const text = t(UNAVAILABLE.test(String((cause as Error)?.message ?? cause)) ? 'error-unavailable' : 'error-generic');
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else if (ctx.chat?.type === 'private') await ctx.reply(text);
    } catch (e) {
      l.warn({ err: e }, 'could not tell the user about the failure');
    }
  };
}
