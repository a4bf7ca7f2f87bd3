/**
 * The environment, validated once at start. A wrong or missing variable stops the process with a
 * message that names each one (ConfigError); nothing else in the code reads process.env.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalUrl = (protocols: RegExp, hint: string) => z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(protocols, hint).optional());

export const envSchema = z
  .object({
    DATABASE_URL: optionalUrl(/^(mariadb|mysql):\/\/.+/, 'must start with mariadb:// or mysql://'),
    SQLITE_PATH: z.string().default('./data/helpdesk.sqlite'),
    DATA_DIR: z.string().default('./data'),
    REDIS_URL: optionalUrl(/^(redis|rediss|unix|redis-sentinel):\/\/.+/, 'must start with redis://, rediss://, unix:// or redis-sentinel://'),
    // `{hd}`: a hash tag, so every key of the installation is in one Redis Cluster slot (BullMQ's scripts need it)
    REDIS_PREFIX: z
      .string()
      .regex(/^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/, 'letters, digits, _ and - only, optionally in braces ({hd})')
      .default('hd'),
    BOT_TOKEN: optionalUrl(/^\d+:[A-Za-z0-9_-]{20,}$/, 'looks like 123456:ABC… (from @BotFather)'),
    TELEGRAM_API_ROOT: z.string().url('must be a URL such as https://api.telegram.org').default('https://api.telegram.org'),
    /** a second bot on Bale (issue 20): its token from Bale's BotFather, its Bot API root */
    BALE_BOT_TOKEN: optionalUrl(/^\d+:[A-Za-z0-9_-]{20,}$/, 'looks like 123456789:ABC… (from @botfather in Bale)'),
    /** Bale publishes no limits: messages a second overall and per chat (conservative defaults) */
    BALE_RATE_PER_SECOND: z.coerce.number({ message: 'must be a number' }).positive().max(1000).default(10),
    BALE_RATE_PER_CHAT_PER_SECOND: z.coerce.number({ message: 'must be a number' }).positive().max(100).default(1),
    BALE_API_ROOT: z.string().url('must be a URL such as https://tapi.bale.ai').default('https://tapi.bale.ai'),
    /** BOT_MODE=webhook: Bale's webhook address (default: WEBHOOK_URL with /telegram/webhook → /bale/webhook); WEBHOOK_SECRET is appended as a path segment */
    BALE_WEBHOOK_URL: optionalUrl(/^https?:\/\/.+/, 'must be an http(s) URL'),
    BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
    WEBHOOK_URL: optionalUrl(/^https?:\/\/.+/, 'must be an http(s) URL'),
    WEBHOOK_SECRET: optionalUrl(/^[A-Za-z0-9_-]{1,256}$/, '1–256 characters A-Z a-z 0-9 _ -'),
    PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: optionalUrl(/^https?:\/\/.+/, 'must be an http(s) URL'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TZ: z.string().default('Asia/Tehran').refine(isTimeZone, 'must be an IANA time zone such as Asia/Tehran'),
    DEFAULT_LOCALE: z.enum(['fa', 'en']).default('fa'),
    SECRET_KEY: optionalString,
    ROLES: z.string().default('web,bot,worker'),
    /** off by default: see trust-proxy.ts */
    TRUST_PROXY: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE === 'webhook') {
      if (!env.WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'is required when BOT_MODE=webhook' });
      if (!env.WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required when BOT_MODE=webhook' });
    }
    try {
      parseTrustProxy(env.TRUST_PROXY);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['TRUST_PROXY'], message: (err as Error).message });
    }
    for (const role of env.ROLES.split(',')) {
      if (!ROLE_NAMES.includes(role.trim() as Role)) ctx.addIssue({ code: 'custom', path: ['ROLES'], message: `unknown role "${role}" (web, bot, worker)` });
    }
  });

export const ROLE_NAMES = ['web', 'bot', 'worker'] as const;
export type Role = (typeof ROLE_NAMES)[number];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  roles: Role[];
  publicUrl: string;
  database: { kind: 'mariadb'; url: string } | { kind: 'sqlite'; path: string };
  /** whether and how far X-Forwarded-For is believed (TRUST_PROXY) */
  trustProxy: TrustProxy;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates `env` (process.env by default, after an optional ./.env file). */
export function loadConfig(env: Record<string, string | undefined> = readEnv()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.join('.') || '(environment)';
        return `${name}${shownValue(name, env[name])}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    ...e,
    roles: [...new Set(e.ROLES.split(',').map((r) => r.trim() as Role))],
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    database: e.DATABASE_URL ? { kind: 'mariadb', url: e.DATABASE_URL } : { kind: 'sqlite', path: resolve(e.SQLITE_PATH) },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
  };
}

/** variables whose value is a secret: a config error names them and says what is wrong, never shows them */
export const SECRET_VARIABLES = new Set(['BOT_TOKEN', 'WEBHOOK_SECRET', 'SECRET_KEY']);

/**
 * How a wrong value is quoted in a config error: not at all for a secret (its length only, to help find a
 * stray space or a truncated paste); a URL's user and password replaced by *** (a database or Redis
 * password); anything that looks like a token or `user:password@` inside another value hidden too.
 */
export function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (SECRET_VARIABLES.has(name) || /TOKEN|SECRET|PASSWORD|KEY/i.test(name)) return ` (value hidden, ${value.length} characters)`;
  // a user and password: everything between the scheme and the last @ (a password may hold / or @ of its own)
  let shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, (_all, scheme: string | undefined) => `${scheme ?? ''}***@`);
  shown = shown.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '***');
  if (shown.length > 200) shown = `${shown.slice(0, 200)}…`;
  return ` = "${shown}"`;
}

function readEnv(): Record<string, string | undefined> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
