/**
 * The composition root. `npm start` runs the three roles in one process; `--role web|bot|worker`
 * (repeatable, or ROLES=web,worker) runs some of them, so a deployment can scale web and workers apart.
 *
 *   web     Hono: admin panel, Telegram webhook, /healthz, /readyz, /metrics
 *   bot     handles Telegram's updates from the inbound queue; with long polling one bot process (the lease
 *           holder) takes them from Telegram, with BOT_MODE=webhook every web process receives them
 *   worker  BullMQ workers: outbox delivery, SLA timers, auto-close, self-repair
 */
import 'reflect-metadata';
// before any module builds grammY composers or declares filters (bot/grammy-chain.ts, bot/grammy-branch.ts)
import './bot/grammy-chain.ts';
import './bot/grammy-branch.ts';
import { pathToFileURL } from 'node:url';
import { hostname } from 'node:os';
import type { Bot } from 'grammy';
import { createApp } from './admin/app.ts';
import { startWebServer, type WebServer } from './admin/server.ts';
import { createPanel } from './admin/panel.ts';
import { createBot } from './bot/create-bot.ts';
import type { BotContext } from './bot/context.ts';
import { updateJournal } from './bot/update-journal.ts';
import { forgetAbsent } from './bot/conversations/storage.ts';
import { laneOf } from './bot/ingest/lane.ts';
import { webhookIngest } from './bot/ingest/webhook.ts';
import { startBot, type BotHandle, type StartBotOptions } from './bot/run.ts';
import type { Channel } from './core/entities/enums.ts';
import { ConfigError, loadConfig, ROLE_NAMES, type Config, type Role } from './core/config/schema.ts';
import { systemClock, type Clock, type CoreContext } from './core/context.ts';
import { openDatabase } from './core/db/data-source.ts';
import { createLogger, type Logger } from './core/infra/logger.ts';
import { createLiveBus } from './core/infra/live.ts';
import { connectRedis, resolveRedis, RedisUnavailableError } from './core/infra/redis.ts';
import { loadSecretKey } from './core/infra/secret.ts';
import { ensureBaseData } from './core/seed/base.ts';
import { ensureSetupCode } from './core/services/codes.ts';
import { registerStaffNotifier } from './core/notify/staff.ts';
import { createJobsClient, startWorkers, type JobsDeps, type Workers } from './jobs/index.ts';
import { InboundQueue } from './jobs/inbound/queue.ts';
import { claimSqliteForBot } from './core/db/sqlite-owner.ts';

export interface System {
  config: Config;
  core: CoreContext;
  web?: WebServer;
  bot?: Bot<BotContext>;
  /** the Bale bot (BALE_BOT_TOKEN), the same code on another channel */
  bale?: Bot<BotContext>;
  /** ready once every bot is connected; stops them all */
  botHandle?: BotHandle;
  /** stops everything in order: intake first, then the web, workers, Redis, the database */
  stop(): Promise<void>;
}

export interface StartOptions {
  roles?: Role[];
  log?: Logger;
  clock?: Clock;
  /** job settings (tests scale Telegram's limits, sweep faster, shorten leases) */
  jobs?: Partial<Omit<JobsDeps, 'core' | 'log' | 'redis' | 'prefix' | 'telegram'>>;
  /** the inbound queue and the polling lease (tests shorten them; the job locks come from `jobs`) */
  inbound?: { pollLeaseMs?: number; sweepEveryMs?: number; recoverEveryMs?: number; concurrency?: number };
}

export async function startSystem(config: Config, opts: StartOptions = {}): Promise<System> {
  const roles = new Set(opts.roles ?? config.roles);
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        log.warn({ err }, 'error while stopping');
      }
    }
  };

  try {
    const secretKey = loadSecretKey(config.SECRET_KEY, config.DATA_DIR);
    const { ds, ran } = await openDatabase(config.database);
    cleanups.push(() => ds.destroy());
    log.info(
      { database: config.database.kind, migrations: ran },
      ran.length ? `database schema migrated (${ran.length} migration(s))` : 'database schema is up to date',
    );

    const redisEndpoint = await resolveRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, log });
    cleanups.push(() => redisEndpoint.stop());
    // the commands of one turn of the event loop go out as one pipeline: the inbound queue's scripts and the rate
    // limits of many chats at once are one socket write (issue 18; about 8 % less CPU per message in the bench)
    const redis = connectRedis(redisEndpoint, { enableAutoPipelining: true });
    cleanups.push(async () => void (await redis.quit().catch(() => redis.disconnect())));
    log.info({ redis: redisEndpoint.description }, 'redis connected');

    // the panel's live view: every role publishes the tickets a transaction changed (core/infra/live.ts)
    const live = createLiveBus({ redis: redisEndpoint, prefix: config.REDIS_PREFIX, log });
    cleanups.push(() => live.close());
    let jobs: ReturnType<typeof createJobsClient> | undefined;
    const core: CoreContext = {
      ds,
      clock: opts.clock ?? systemClock,
      log,
      timeZone: config.TZ,
      defaultLocale: config.DEFAULT_LOCALE,
      publicUrl: config.publicUrl,
      onOutbox: (ids) => jobs?.outboxWritten(ids),
      onSlaChange: (changes) => jobs?.slaChanged(changes),
      onTicketChange: (ids) => void live.publish(ids),
    };

    registerStaffNotifier(); // staff chats get topics, cards and relays of every ticket change
    // a fresh install gets the four value chains, the default calendar and SLA policy, member types
    const base = await ensureBaseData(core);
    if (base.created.length) log.info({ created: base.created }, 'base data created');
    const setupCode = await ensureSetupCode(core);
    if (setupCode)
      log.warn({ url: `${config.publicUrl}/setup/${setupCode}` }, `no staff account yet: create the first admin at ${config.publicUrl}/setup/${setupCode}`);

    const token = config.BOT_TOKEN;
    const bot = token
      ? createBot({ token, apiRoot: config.TELEGRAM_API_ROOT, deps: { core, log, limits: { redis, prefix: config.REDIS_PREFIX } } })
      : undefined;
    if (!bot) log.warn('no bot connected: BOT_TOKEN is not set — the panel and the workers run, Telegram is off');
    // Bale (issue 20): one more bot through the same features and conversations, its payloads fitted to the channel
    const bale = config.BALE_BOT_TOKEN
      ? createBot({
          token: config.BALE_BOT_TOKEN,
          apiRoot: config.BALE_API_ROOT,
          deps: { core, log: log.child({ channel: 'bale' }), channel: 'bale', limits: { redis, prefix: config.REDIS_PREFIX } },
        })
      : undefined;

    const jobDeps: JobsDeps = {
      core,
      log,
      redis: redisEndpoint,
      prefix: config.REDIS_PREFIX,
      telegram: token ? { token, apiRoot: config.TELEGRAM_API_ROOT } : null,
      bale: config.BALE_BOT_TOKEN
        ? {
            token: config.BALE_BOT_TOKEN,
            apiRoot: config.BALE_API_ROOT,
            rate: { globalPerSecond: config.BALE_RATE_PER_SECOND, privatePerSecond: config.BALE_RATE_PER_CHAT_PER_SECOND },
          }
        : null,
      ...opts.jobs,
    };
    jobs = createJobsClient(jobDeps);
    cleanups.push(() => jobs!.close());

    let workers: Workers | undefined;
    if (roles.has('worker')) {
      workers = await startWorkers(jobDeps, jobs);
      cleanups.push(() => workers!.close());
      log.info('workers started');
    }

    // updates enter through the inbound queue (jobs/inbound/): a webhook on any web process or the one poller
    // record them, every bot process handles them, one chat at a time and in order
    const takesUpdates = roles.has('bot') || (roles.has('web') && config.BOT_MODE === 'webhook');
    const instance = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    if (takesUpdates && (bot || bale) && roles.has('bot') && config.database.kind === 'sqlite') cleanups.push(claimSqliteForBot(config.database.path));
    // each bot has a queue of its own: Bale's under `<prefix>:bale` (its lanes, polling lease, handled ids and
    // BullMQ queue) and its journal rows under `bale:upd:`, as its chat and update ids are unrelated to Telegram's
    const inboundOf = (channel: Channel): InboundQueue => {
      const q = new InboundQueue({
        connection: { ...redisEndpoint.options, maxRetriesPerRequest: null },
        prefix: inboundPrefix(config, channel),
        redis,
        journal: updateJournal(ds, core.clock, channel),
        log: channel === 'telegram' ? log : log.child({ channel }),
        keyOf: laneOf,
      });
      cleanups.push(() => q.close());
      return q;
    };
    const inbound = takesUpdates && bot ? inboundOf('telegram') : undefined;
    const baleInbound = takesUpdates && bale ? inboundOf('bale') : undefined;

    let web: WebServer | undefined;
    if (roles.has('web')) {
      const app = createApp({
        core,
        log,
        readiness: {
          database: async () => (await ds.query('SELECT 1'), true),
          redis: async () => (await redis.ping()) === 'PONG',
        },
        webhook:
          inbound && config.BOT_MODE === 'webhook'
            ? webhookIngest({ secret: config.WEBHOOK_SECRET!, accept: (updates) => inbound!.accept(updates) })
            : undefined,
        // Bale's secret is the last segment of its path (Bale is not assumed to send Telegram's header)
        baleWebhook:
          baleInbound && config.BOT_MODE === 'webhook'
            ? {
                handle: webhookIngest({
                  secret: config.WEBHOOK_SECRET!,
                  secretOf: (c) => c.req.param('secret'),
                  accept: (updates) => baleInbound.accept(updates),
                }),
              }
            : undefined,
        panel: createPanel({
          core,
          log,
          limits: { redis, prefix: config.REDIS_PREFIX },
          trustProxy: config.trustProxy,
          dataDir: config.DATA_DIR,
          secretKey,
          telegram: { token: token ?? null, apiRoot: config.TELEGRAM_API_ROOT },
          bale: config.BALE_BOT_TOKEN ? { token: config.BALE_BOT_TOKEN, apiRoot: config.BALE_API_ROOT } : undefined,
          queues: () => [...jobs!.queues(), ...[inbound, baleInbound].flatMap((q) => (q ? [q.queue] : []))],
          live,
        }),
        metrics: () => jobs!.metrics(),
      });
      web = await startWebServer(app, { port: config.PORT, host: config.HOST });
      cleanups.push(() => web!.close());
      log.info({ url: config.publicUrl, port: web.port }, 'web server listening');
      if ((inbound || baleInbound) && !roles.has('bot')) log.info("webhook updates are recorded here and handled by the bot role's processes");
    }

    const consumerOf = (channel: Channel, queue: InboundQueue): StartBotOptions['consumer'] => ({
      connection: { ...redisEndpoint.options, maxRetriesPerRequest: null },
      prefix: inboundPrefix(config, channel),
      redis,
      queue,
      log: channel === 'telegram' ? log : log.child({ channel }),
      instance,
      movedHere: (lane) => {
        const chatId = Number(lane);
        if (Number.isSafeInteger(chatId)) forgetAbsent(chatId, channel);
      },
      concurrency: opts.inbound?.concurrency,
      lockDurationMs: opts.jobs?.lockDurationMs,
      stalledIntervalMs: opts.jobs?.stalledIntervalMs,
      sweepEveryMs: opts.inbound?.sweepEveryMs,
      recoverEveryMs: opts.inbound?.recoverEveryMs,
    });
    let botHandle: BotHandle | undefined;
    if (bot && inbound && roles.has('bot')) {
      botHandle = startBot(bot, {
        mode: config.BOT_MODE,
        webhookUrl: config.WEBHOOK_URL,
        webhookSecret: config.WEBHOOK_SECRET,
        log,
        pollLeaseMs: opts.inbound?.pollLeaseMs,
        consumer: consumerOf('telegram', inbound),
      });
      cleanups.push(() => botHandle!.stop());
    }
    if (bale && baleInbound && roles.has('bot')) {
      const baleHandle = startBot(bale, {
        mode: config.BOT_MODE,
        webhookUrl: config.BOT_MODE === 'webhook' ? baleWebhookUrl(config) : undefined,
        log: log.child({ channel: 'bale' }),
        pollLeaseMs: opts.inbound?.pollLeaseMs,
        consumer: consumerOf('bale', baleInbound),
        commandsOptional: true,
      });
      cleanups.push(() => baleHandle.stop());
      const telegramHandle = botHandle;
      botHandle = {
        ready: Promise.all([telegramHandle?.ready, baleHandle.ready]).then(() => undefined),
        polling: () => !!telegramHandle?.polling() || baleHandle.polling(),
        stop: async () => void (await Promise.all([telegramHandle?.stop(), baleHandle.stop()])),
      };
    }
    void secretKey;

    return { config, core, web, bot, bale, botHandle, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** the Redis prefix of a bot's inbound queue: Telegram's the system's, another channel's below it */
const inboundPrefix = (config: Config, channel: Channel): string => (channel === 'telegram' ? config.REDIS_PREFIX : `${config.REDIS_PREFIX}:${channel}`);

/** Bale's webhook: BALE_WEBHOOK_URL, or WEBHOOK_URL with /telegram/webhook → /bale/webhook; the secret as the last segment */
function baleWebhookUrl(config: Config): string {
  const base = config.BALE_WEBHOOK_URL ?? config.WEBHOOK_URL!.replace(/\/telegram\/webhook\/?$/, '/bale/webhook');
  return `${base.replace(/\/+$/, '')}/${config.WEBHOOK_SECRET}`;
}

function parseRoles(argv: string[]): Role[] | undefined {
  const roles: Role[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === '--role' ? argv[++i] : a.startsWith('--role=') ? a.slice(7) : undefined;
    if (value === undefined) continue;
    for (const r of value.split(',')) {
      if (!ROLE_NAMES.includes(r as Role)) throw new ConfigError([`--role "${r}": unknown role (web, bot, worker)`]);
      roles.push(r as Role);
    }
  }
  return roles.length ? roles : undefined;
}

async function cli(): Promise<void> {
  let config: Config;
  let roles: Role[] | undefined;
  try {
    config = loadConfig();
    roles = parseRoles(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  let system: System;
  try {
    system = await startSystem(config, { roles, log });
  } catch (err) {
    if (err instanceof RedisUnavailableError) log.fatal(err.message);
    else log.fatal({ err }, 'could not start');
    process.exit(1);
  }
  log.info({ roles: roles ?? config.roles }, 'helpdesk started');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 9 s; exiting');
      process.exit(1);
    }, 9000);
    force.unref();
    system.stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void cli();
