/**
 * The error boundary: every failed update is logged with its id, and the person who wrote gets a polite
 * answer — that the system is briefly unavailable when the database or Redis is down, else a generic
 * one. In a private chat as a message (or an alert for a button); in a staff group as a reply to the
 * agent's message in its topic, so an answer written during an outage is not silently dropped. Nothing
 * is rethrown, so one bad update never stops the bot.
 */
import { BotError, GrammyError, HttpError } from 'grammy';
import { translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/infra/logger.ts';
import type { BotContext } from '../context.ts';

const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|EPIPE|PROTOCOL_CONNECTION_LOST|PROTOCOL_SEQUENCE_TIMEOUT|ER_CON_COUNT|ER_SERVER_SHUTDOWN|Connection lost|Connection is closed|connect ETIMEDOUT|Pool is closed|SQLITE_BUSY|database is locked|ENOTCONN|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest/i;

/** the error and its causes (TypeORM's driverError, Error.cause), as text to match */
function describe(err: unknown, depth = 0): string {
  if (!err || depth > 4) return '';
  if (typeof err !== 'object') return String(err);
  const e = err as { message?: unknown; code?: unknown; errno?: unknown; driverError?: unknown; cause?: unknown };
  return [e.message, e.code, e.errno, describe(e.driverError, depth + 1), describe(e.cause, depth + 1)].filter(Boolean).join(' ');
}

export const isUnavailable = (err: unknown) => UNAVAILABLE.test(describe(err));

export function errorBoundary(log: Logger) {
  return async (err: BotError<BotContext>) => {
    const ctx = err.ctx;
    const cause = err.error;
    const l = ctx.log ?? log.child({ update: ctx.update.update_id });
    if (cause instanceof GrammyError) l.error({ method: cause.method, code: cause.error_code, description: cause.description }, 'Telegram refused a call');
    else if (cause instanceof HttpError) l.error({ err: cause.error }, 'could not reach Telegram');
    else l.error({ err: cause }, 'update failed');
    const t = ctx.t ?? translator(ctx.deps?.core.defaultLocale ?? 'fa');
    const text = t(isUnavailable(cause) ? 'error-unavailable' : 'error-generic');
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else if (ctx.chat?.type === 'private') await ctx.reply(text);
      else if (ctx.message && ctx.from && !ctx.from.is_bot && (ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup')) {
        await ctx.reply(text, {
          reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
          message_thread_id: ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined,
        });
      }
    } catch (e) {
      l.warn({ err: e }, 'could not tell the user about the failure');
    }
  };
}
