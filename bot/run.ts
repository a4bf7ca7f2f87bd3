/**
 * The `bot` role: connects the bot to Telegram and handles the updates of the inbound queue
 * (jobs/inbound/): with long polling, the one process holding the polling lease takes them from Telegram
 * (bot/ingest/poller.ts); with a webhook, any `web` process does (bot/ingest/webhook.ts). Either way every
 * bot process handles them, one chat's updates in order and one at a time across processes.
 * If Telegram cannot be reached at start, the bot keeps trying in the background; the panel and the
 * workers run meanwhile.
 */
import type { Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../core/infra/logger.ts';
import { startInboundConsumer, type InboundConsumer, type InboundConsumerDeps } from '../jobs/inbound/consumer.ts';
import { publishCommands } from './commands.ts';
import type { BotContext } from './context.ts';
import { startPoller, type Poller } from './ingest/poller.ts';

export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query', 'my_chat_member', 'chat_member'] as const;

export interface BotHandle {
  ready: Promise<void>;
  /** this process holds the long-polling lease now */
  polling(): boolean;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  mode: 'polling' | 'webhook';
  webhookUrl?: string;
  webhookSecret?: string;
  log: Logger;
  /** the inbound queue's consumer, without the handler (this function hands the updates to the bot) */
  consumer: Omit<InboundConsumerDeps, 'handle'>;
  /** the long-polling lease (default 6 s) */
  pollLeaseMs?: number;
  /** a bot of another channel: its command menu is published if the messenger takes it, else skipped */
  commandsOptional?: boolean;
}

export function startBot(bot: Bot<BotContext>, opts: StartBotOptions): BotHandle {
  let consumer: InboundConsumer | undefined;
  let poller: Poller | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const handle = async (update: Update) => {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      try {
        await bot.errorHandler(error as BotError<BotContext>);
      } catch (err) {
        opts.log.error({ err: (err as Error).message }, 'bot error handler failed');
      }
    }
  };

  const ready = new Promise<void>((resolveReady) => {
    const attempt = async (n: number) => {
      if (stopped) return resolveReady();
      try {
        await bot.init();
        if (opts.commandsOptional) await publishCommands(bot.api).catch((err: Error) => opts.log.warn({ err: err.message }, 'the command menu was not taken'));
        else await publishCommands(bot.api);
        if (opts.mode === 'webhook') {
          await bot.api.setWebhook(opts.webhookUrl!, { secret_token: opts.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
        } else {
          await bot.api.deleteWebhook();
        }
        if (stopped) return resolveReady();
        consumer = await startInboundConsumer({ ...opts.consumer, handle });
        if (opts.mode === 'polling') {
          // while Redis is down the poller's bot handles what it takes itself, in order (jobs/inbound/queue.ts)
          opts.consumer.queue.handleLocally = async (updates) => {
            for (const u of updates) await handle(u);
          };
          poller = startPoller({
            api: bot.api,
            redis: opts.consumer.redis,
            prefix: opts.consumer.prefix,
            instance: opts.consumer.instance,
            log: opts.log,
            allowedUpdates: ALLOWED_UPDATES,
            accept: (updates) => opts.consumer.queue.accept(updates),
            leaseMs: opts.pollLeaseMs,
          });
        }
        opts.log.info(
          { bot: bot.botInfo.username, mode: opts.mode, url: opts.webhookUrl },
          `bot connected (${opts.mode === 'webhook' ? 'webhook' : 'long polling'})`,
        );
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
    polling: () => poller?.polling() ?? false,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      // intake first (the lease goes to another process), then the chats in hand are given back
      await poller?.stop();
      opts.consumer.queue.handleLocally = null;
      await consumer?.close();
    },
  };
}
