/**
 * Taking updates: long polling through @grammyjs/runner, or a webhook on the web server (secret checked).
 * If Telegram cannot be reached at start, the bot keeps trying in the background; the panel and the
 * workers run meanwhile.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Logger } from '../core/infra/logger.ts';
import { publishCommands } from './commands.ts';
import type { BotContext } from './context.ts';

export const ALLOWED_UPDATES = [
  'message', 'edited_message', 'callback_query', 'inline_query', 'my_chat_member', 'chat_member',
] as const;

export interface BotHandle {
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function startBot(
  bot: Bot<BotContext>,
  opts: { mode: 'polling' | 'webhook'; webhookUrl?: string; webhookSecret?: string; log: Logger },
): BotHandle {
  let runner: RunnerHandle | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const ready = new Promise<void>((resolveReady) => {
    const attempt = async (n: number) => {
      if (stopped) return resolveReady();
      try {
        await bot.init();
        await publishCommands(bot.api);
        if (opts.mode === 'webhook') {
          await bot.api.setWebhook(opts.webhookUrl!, { secret_token: opts.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
          opts.log.info({ bot: bot.botInfo.username, url: opts.webhookUrl }, 'bot connected (webhook)');
        } else {
          await bot.api.deleteWebhook();
          runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
          opts.log.info({ bot: bot.botInfo.username }, 'bot connected (long polling)');
        }
        resolveReady();
      } catch (err) {
        const wait = Math.min(60, 2 ** Math.min(n, 6));
        opts.log.error({ err: (err as Error).message, retryInSeconds: wait }, 'could not connect the bot to Telegram; retrying');
        timer = setTimeout(() => void attempt(n + 1), wait * 1000);
      }
    };
    void attempt(0);
  });

  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (runner?.isRunning()) await runner.stop();
    },
  };
}
