/**
 * Taking updates: long polling through @grammyjs/runner, or a webhook on the web server (secret checked).
 * If Telegram cannot be reached at start, the bot keeps trying in the background; the panel and the
 * workers run meanwhile.
 */
import { createConcurrentSink, createRunner, createSource, createUpdateFetcher, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../core/infra/logger.ts';
import { publishCommands } from './commands.ts';
import type { BotContext } from './context.ts';
import type { UpdateJournal } from './update-journal.ts';

export const ALLOWED_UPDATES = [
  'message', 'edited_message', 'callback_query', 'inline_query', 'my_chat_member', 'chat_member',
] as const;

export interface BotHandle {
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function startBot(
  bot: Bot<BotContext>,
  opts: {
    mode: 'polling' | 'webhook'; webhookUrl?: string; webhookSecret?: string; log: Logger; journal?: UpdateJournal;
    /** a bot of another channel: its command menu is published if the messenger takes it, else skipped */
    commandsOptional?: boolean;
  },
): BotHandle {
  let runner: RunnerHandle | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const ready = new Promise<void>((resolveReady) => {
    const attempt = async (n: number) => {
      if (stopped) return resolveReady();
      try {
        await bot.init();
        if (opts.commandsOptional) await publishCommands(bot.api).catch((err: Error) => opts.log.warn({ err: err.message }, 'the command menu was not taken'));
        else await publishCommands(bot.api);
        if (opts.mode === 'webhook') {
          await bot.api.setWebhook(opts.webhookUrl!, { secret_token: opts.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
          opts.log.info({ bot: bot.botInfo.username, url: opts.webhookUrl }, 'bot connected (webhook)');
        } else {
          await bot.api.deleteWebhook();
          runner = await poll(bot, opts.log, opts.journal);
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

/**
 * @grammyjs/runner's run(), with the journal between Telegram and the bot (bot/update-journal.ts): a fetched
 * batch is written before the next getUpdates confirms it, an update's row goes once it was handled, and the
 * rows a killed process left are handed to the bot before anything new.
 */
async function poll(bot: Bot<BotContext>, log: Logger, journal?: UpdateJournal): Promise<RunnerHandle> {
  const fetchUpdates = createUpdateFetcher(bot, { fetch: { allowed_updates: [...ALLOWED_UPDATES] } });
  const replay = journal ? await journal.pending() : [];
  if (replay.length) log.warn({ updates: replay.length }, 'handing the bot the updates a stopped process had not finished');
  const source = createSource<Update>({
    async supply(batchSize, signal) {
      if (replay.length) return replay.splice(0, Math.max(1, batchSize));
      const updates = await fetchUpdates(batchSize, signal);
      if (journal && updates.length) {
        // written before the next getUpdates confirms them; if the database refuses, they are handled anyway
        await journal.save(updates).catch((err: Error) => log.error({ err: err.message, updates: updates.length }, 'could not journal updates'));
      }
      return updates;
    },
  });
  const sink = createConcurrentSink<Update>(
    {
      consume: async (update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          await journal?.done(update.update_id).catch((err: Error) => log.warn({ err: err.message, update: update.update_id }, 'could not clear a journaled update'));
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error as BotError<BotContext>);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'bot error handler failed');
      }
    },
  );
  const runner = createRunner(source, sink);
  runner.start();
  return runner;
}
