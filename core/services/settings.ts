/**
 * Typed settings in the `settings` table (one row per key, JSON value), merged over the defaults.
 *
 * - `getSettings` is cheap: an in-process cache per data source, dropped at once when this process
 *   updates settings and reloaded after SETTINGS_CACHE_MS otherwise (another process's change is seen then).
 *   `version` counts updates (stored, so every process agrees on it).
 * - `updateSettings` validates a patch with zod (field errors as a ValidationError), writes the changed keys and
 *   one audit row, all in one transaction.
 * - The bot token set in the panel is stored only encrypted (AES-256-GCM, key derived with HKDF-SHA256 from
 *   the secret key); `getSettings` says only whether one is stored, `getBotToken` decrypts it.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { LOCALES, type Locale } from '../entities/enums.ts';
import { Setting } from '../entities/system.ts';
import { CONTENT_RULE_MODES, type ContentRuleMode } from '../text/content-rule.ts';
import { transact, type Tx } from '../tx.ts';
import { auditBy } from './audit.ts';
import { ValidationError } from './errors.ts';
import { managerOf, parseInput, requireAdmin, whoOf, type ReadSource, type Who } from './org-common.ts';

export const AGENT_NAME_MODES = ['agent', 'team'] as const;
export type AgentNameMode = (typeof AGENT_NAME_MODES)[number];
export const BOT_MODES = ['polling', 'webhook'] as const;
/** who must use a second factor (core/services/second-factor.ts): nobody, admins, or all staff */
export const SECOND_FACTOR_MODES = ['none', 'admins', 'staff'] as const;
export type SecondFactorMode = (typeof SECOND_FACTOR_MODES)[number];
export type BotMode = (typeof BOT_MODES)[number];

/** what admins may change (all optional in a patch) */
export const settingsSchema = z.object({
  /** the content rule of DOMAIN.md: allow, ask the user to rewrite (default), or cancel the ticket */
  contentRule: z.enum(CONTENT_RULE_MODES),
  maxOpenTicketsPerRequester: z.number().int().min(1).max(100),
  /** requesters see the agent's display name, or the team's alias */
  agentNameMode: z.enum(AGENT_NAME_MODES),
  /** agents see requesters' phone numbers masked */
  maskRequesterPhone: z.boolean(),
  /** an unfinished conversation in the bot is dropped after this many idle minutes */
  intakeTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** messages a requester may send a minute */
  requesterRatePerMinute: z.number().int().min(1).max(600),
  /** how the bot takes updates; null = from the environment (BOT_MODE) */
  botMode: z.enum(BOT_MODES).nullable(),
  /** the bot's @username, as getMe told the panel (display only) */
  botUsername: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{3,64}$/, { message: 'invalid' })
    .nullable(),
  /** the language of people who chose none */
  defaultLocale: z.enum(LOCALES),
  /** tickets closed a day, the default target of "my performance" */
  dailyGoalDefault: z.number().int().min(0).max(1000),
  /** the target share of ratings 4–5 in "my performance", in percent */
  satisfiedGoalPct: z.number().int().min(0).max(100),
  /** the target share of closed tickets without a failed SLA target, in percent */
  slaSuccessGoalPct: z.number().int().min(0).max(100),
  /** a ticket is "at risk" this many minutes before an SLA deadline */
  slaAtRiskMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** a second factor is required for nobody, admins, or all staff (each can turn it on anyway) */
  secondFactorRequired: z.enum(SECOND_FACTOR_MODES),
  /** supervisors are told when a staff chat's delay passes this many minutes (jobs/chat-delays.ts) */
  chatDelayAlertMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});

export type SettingsValues = z.infer<typeof settingsSchema>;
export type SettingsPatch = Partial<SettingsValues>;

export interface Settings extends SettingsValues {
  /** a bot token is stored (encrypted) in the settings */
  botTokenStored: boolean;
  /** number of updates so far (0 for a fresh install) */
  version: number;
}

export const DEFAULT_SETTINGS: Readonly<SettingsValues> = Object.freeze({
  contentRule: 'rewrite' as ContentRuleMode,
  maxOpenTicketsPerRequester: 5,
  agentNameMode: 'agent' as AgentNameMode,
  maskRequesterPhone: true,
  intakeTimeoutMinutes: 60,
  requesterRatePerMinute: 20,
  botMode: null,
  botUsername: null,
  defaultLocale: 'fa' as Locale,
  dailyGoalDefault: 10,
  satisfiedGoalPct: 80,
  slaSuccessGoalPct: 90,
  slaAtRiskMinutes: 30,
  secondFactorRequired: 'none' as SecondFactorMode,
  chatDelayAlertMinutes: 5,
});

const KEYS = Object.keys(settingsSchema.shape) as (keyof SettingsValues)[];
const BOT_TOKEN_KEY = 'botToken';
const VERSION_KEY = '_version';

// ---------------------------------------------------------------- cache

export let SETTINGS_CACHE_MS = 5_000;
/** tests may shorten or disable (0) the cache */
export function setSettingsCacheMs(ms: number): void {
  SETTINGS_CACHE_MS = ms;
}

const cache = new WeakMap<DataSource, { at: number; value: Promise<Settings> }>();

function invalidate(ds: DataSource): void {
  cache.delete(ds);
}

async function load(em: EntityManager): Promise<Settings> {
  const rows = await em.find(Setting);
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const values: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of KEYS) {
    if (!stored.has(key)) continue;
    // a stored value that no longer validates (an older release) falls back to the default
    const one = settingsSchema.shape[key].safeParse(stored.get(key));
    if (one.success) values[key] = one.data;
  }
  const version = Number(stored.get(VERSION_KEY) ?? 0);
  return {
    ...(values as SettingsValues),
    botTokenStored: typeof stored.get(BOT_TOKEN_KEY) === 'string',
    version: Number.isFinite(version) ? version : 0,
  };
}

/**
 * The settings with defaults filled in. Cached per data source for SETTINGS_CACHE_MS, except inside a
 * transaction (the manager of a running transaction reads the table itself).
 */
export async function getSettings(src: ReadSource): Promise<Settings> {
  const em = managerOf(src);
  if (em.queryRunner?.isTransactionActive) return load(em);
  const ds = em.connection;
  const hit = cache.get(ds);
  const now = Date.now();
  if (hit && now - hit.at < SETTINGS_CACHE_MS) return hit.value;
  const value = load(ds.manager);
  cache.set(ds, { at: now, value });
  value.catch(() => cache.delete(ds));
  return value;
}

async function writeKey(tx: Tx, key: string, value: unknown, staffId: number | null): Promise<void> {
  await tx.em.save(Setting, tx.em.create(Setting, { key, value, updatedAt: tx.now, updatedBy: staffId }));
}

async function bumpVersion(tx: Tx, staffId: number | null): Promise<number> {
  const row = await tx.em.findOne(Setting, { where: { key: VERSION_KEY } });
  const next = Number(row?.value ?? 0) + 1;
  await writeKey(tx, VERSION_KEY, next, staffId);
  return next;
}

/**
 * Validates and stores a patch (admins only); unknown keys are refused. Writes one audit row with the
 * changed keys before and after. Returns the new settings.
 */
export async function updateSettings(ctx: CoreContext, who: Who, patch: SettingsPatch): Promise<Settings> {
  const valid = parseInput(settingsSchema.partial().strict(), patch);
  const result = await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const { staffId } = whoOf(who);
    const current = await load(tx.em);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of Object.keys(valid) as (keyof SettingsValues)[]) {
      const value = valid[key];
      if (value === undefined || JSON.stringify(current[key]) === JSON.stringify(value)) continue;
      before[key] = current[key];
      after[key] = value;
      await writeKey(tx, key, value, staffId);
    }
    if (Object.keys(after).length === 0) return current;
    await bumpVersion(tx, staffId);
    await auditBy(tx, who, { action: 'update', entity: 'settings', entityId: null, before, after });
    return load(tx.em);
  });
  invalidate(ctx.ds);
  return result;
}

// ---------------------------------------------------------------- the bot token

const TOKEN_RE = /^\d+:[A-Za-z0-9_-]{20,}$/;

function deriveKey(secretKey: string): Buffer {
  if (!secretKey) throw new Error('a secret key is required to encrypt or decrypt the bot token');
  return Buffer.from(hkdfSync('sha256', secretKey, 'helpdesk-settings', 'bot-token:v1', 32));
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url parts) */
export function encryptSecret(plain: string, secretKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secretKey), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** the inverse of encryptSecret; throws when the key is wrong or the text was altered */
export function decryptSecret(sealed: string, secretKey: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown encrypted value format');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secretKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('cannot decrypt the stored bot token: the secret key (SECRET_KEY or DATA_DIR/secret.key) changed');
  }
}

/**
 * Stores the bot token encrypted (admins only), or removes it with null. The audit row says only that it
 * was set or removed, never the token.
 */
export async function setBotToken(ctx: CoreContext, who: Who, token: string | null, secretKey: string): Promise<void> {
  const clean = token === null ? null : token.trim();
  if (clean !== null && !TOKEN_RE.test(clean)) throw new ValidationError({ botToken: 'invalid_token' });
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const { staffId } = whoOf(who);
    const existing = await tx.em.findOne(Setting, { where: { key: BOT_TOKEN_KEY } });
    if (clean === null) {
      if (!existing) return;
      await tx.em.delete(Setting, { key: BOT_TOKEN_KEY });
    } else {
      await writeKey(tx, BOT_TOKEN_KEY, encryptSecret(clean, secretKey), staffId);
    }
    await bumpVersion(tx, staffId);
    await auditBy(tx, who, {
      action: clean === null ? 'remove_bot_token' : 'set_bot_token',
      entity: 'settings',
      entityId: BOT_TOKEN_KEY,
      before: { botTokenStored: !!existing },
      after: { botTokenStored: clean !== null },
    });
  });
  invalidate(ctx.ds);
}

/** the stored bot token in clear, or null when none is stored */
export async function getBotToken(src: ReadSource, secretKey: string): Promise<string | null> {
  const row = await managerOf(src).findOne(Setting, { where: { key: BOT_TOKEN_KEY } });
  if (!row || typeof row.value !== 'string') return null;
  return decryptSecret(row.value, secretKey);
}
