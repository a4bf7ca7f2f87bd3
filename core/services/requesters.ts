/**
 * Requesters: the citizens and members who write to the bot. The bot keeps a requester per messenger account
 * (`upsertFromTelegram` at first contact; the account is a `requester_channels` row, and a second channel is
 * linked to the same person only as core/services/requester-channels.ts says), registers them (phone from the contact button, full name,
 * member type — DOMAIN.md: the system must know who you are), and tracks whether they can be reached.
 * Admins and supervisors block and unblock (audited) and list them (keyset-paginated search).
 */
import { Brackets, In, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { LOCALES, type Channel, type Locale } from '../entities/enums.ts';
import { MemberType, Requester, RequesterChannel } from '../entities/people.ts';
import { normalizePersian, searchKey, toAsciiDigits } from '../text/normalize.ts';
import { normalizeIranPhone, phoneSearchVariants } from '../text/phone.ts';
import { redeliverMissed } from '../notify/undelivered.ts';
import { transact, type Tx } from '../tx.ts';
import { accountOf } from './requester-channels.ts';
import { auditBy } from './audit.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { managerOf, parseInput, requireSupervisorOrAdmin, type ReadSource, type Who } from './org-common.ts';

/** the requester of a user id on a channel (core/channels.ts); ids of different channels are unrelated */
export async function findByTelegramId(src: ReadSource, telegramId: number, channel: Channel = 'telegram'): Promise<Requester | null> {
  const account = await accountOf(src, channel, telegramId);
  return account ? managerOf(src).findOne(Requester, { where: { id: account.requesterId } }) : null;
}

export function getRequester(src: ReadSource, id: number): Promise<Requester | null> {
  return managerOf(src).findOne(Requester, { where: { id } });
}

/** the full names of these requesters by id, in one query */
export async function requesterNames(src: ReadSource, ids: number[]): Promise<Map<number, string>> {
  const rows = await managerOf(src).find(Requester, { where: { id: In([...new Set(ids)].concat([-1])) } });
  return new Map(rows.map((r) => [r.id, r.fullName]));
}

/** registered = has a phone and a registration time (and may open tickets unless blocked) */
export const isRegistered = (r: Requester) => r.registeredAt !== null && !!r.phone;

export interface TelegramProfile {
  /** the messenger; telegram when not given */
  channel?: Channel;
  telegramId: number;
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  languageCode?: string | null;
}

const isDuplicate = (err: unknown) =>
  /ER_DUP_ENTRY|UNIQUE constraint failed|SQLITE_CONSTRAINT/.test(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);

const telegramName = (p: TelegramProfile) => normalizePersian([p.firstName, p.lastName].filter(Boolean).join(' '), { singleLine: true }).trim().slice(0, 200);

/**
 * The requester of a Telegram user, created on first contact. Keeps the username current; the name from
 * Telegram is only a placeholder until registration (a registered name is never overwritten). A user who
 * writes to the bot is reachable again. Safe under concurrent first updates (unique on channel + user id).
 */
export async function upsertFromTelegram(ctx: CoreContext, profile: TelegramProfile): Promise<Requester> {
  const username = profile.username ? profile.username.slice(0, 64) : null;
  const channel = profile.channel ?? 'telegram';
  const attempt = () =>
    transact(ctx, async (tx) => {
      const account = await tx.em.findOne(RequesterChannel, { where: { channel, userId: profile.telegramId } });
      if (!account) {
        const fullName = telegramName(profile);
        const created = await tx.em.save(Requester, tx.em.create(Requester, newRequester(fullName)));
        await tx.em.insert(RequesterChannel, {
          requesterId: created.id,
          channel,
          userId: profile.telegramId,
          chatId: profile.telegramId,
          username,
          reachable: true,
          linkedAt: null,
        });
        return created;
      }
      const existing = await tx.em.findOneOrFail(Requester, { where: { id: account.requesterId } });
      const seen: Partial<RequesterChannel> = {};
      if (account.username !== username) seen.username = username;
      if (!account.reachable) seen.reachable = true;
      if (Object.keys(seen).length) await tx.em.update(RequesterChannel, { id: account.id }, seen);
      if (seen.reachable) await redeliverMissed(tx, account.chatId, channel, existing.locale);
      if (!existing.registeredAt) {
        const fullName = telegramName(profile);
        if (fullName && fullName !== existing.fullName) {
          const patch = { fullName, nameKey: searchKey(fullName).slice(0, 200) };
          await tx.em.update(Requester, { id: existing.id }, patch);
          Object.assign(existing, patch);
        }
      }
      return existing;
    });
  try {
    return await attempt();
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    return attempt(); // a concurrent update created the row first
  }
}

const newRequester = (fullName: string): Partial<Requester> => ({
  phone: null,
  fullName,
  nameKey: searchKey(fullName).slice(0, 200),
  memberTypeId: null,
  locale: null,
  blocked: false,
  registeredAt: null,
});

/** the requester behind this channel's account (null when the user never wrote) */
async function requesterOfAccount(tx: Tx, channel: Channel, telegramId: number): Promise<Requester | null> {
  const account = await tx.em.findOne(RequesterChannel, { where: { channel, userId: telegramId } });
  return account ? tx.em.findOne(Requester, { where: { id: account.requesterId } }) : null;
}

const fullNameSchema = z
  .string()
  .transform((s) => normalizePersian(s, { singleLine: true }).replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(2, { message: 'too_short' }).max(200));
const phoneSchema = z.string().transform((s, c) => {
  const p = normalizeIranPhone(s);
  if (!p) c.addIssue({ code: 'custom', message: 'invalid_phone' });
  return p ?? '';
});

const registrationSchema = z
  .object({
    phone: phoneSchema,
    fullName: fullNameSchema,
    memberTypeId: z.number().int().positive(),
    locale: z.enum(LOCALES).nullable().optional(),
  })
  .strict();
export type RegistrationInput = z.input<typeof registrationSchema>;

async function assertMemberType(em: EntityManager, id: number): Promise<void> {
  if (!(await em.existsBy(MemberType, { id, active: true }))) throw new ValidationError({ memberTypeId: 'not_found' });
}

/**
 * Registers (or re-registers) the Telegram user: the phone must be an Iranian mobile number in any usual
 * form (stored as +989XXXXXXXXX), the full name at least two letters, the member type an active one.
 */
export async function register(ctx: CoreContext, telegramId: number, input: RegistrationInput, channel: Channel = 'telegram'): Promise<Requester> {
  const v = parseInput(registrationSchema, input);
  return transact(ctx, async (tx) => {
    await assertMemberType(tx.em, v.memberTypeId);
    let row = await requesterOfAccount(tx, channel, telegramId);
    if (!row) {
      row = await tx.em.save(Requester, tx.em.create(Requester, newRequester('')));
      await tx.em.insert(RequesterChannel, {
        requesterId: row.id,
        channel,
        userId: telegramId,
        chatId: telegramId,
        username: null,
        reachable: true,
        linkedAt: null,
      });
    }
    Object.assign(row, {
      phone: v.phone,
      fullName: v.fullName,
      nameKey: searchKey(v.fullName).slice(0, 200),
      memberTypeId: v.memberTypeId,
      registeredAt: row.registeredAt ?? tx.now,
    });
    if (v.locale !== undefined) row.locale = v.locale;
    return tx.em.save(Requester, row);
  });
}

const profileSchema = registrationSchema.partial().strict();
export type ProfilePatch = z.input<typeof profileSchema>;

/** changes a registered requester's phone, name, member type or locale (each validated as in `register`) */
export async function updateProfile(ctx: CoreContext, telegramId: number, patch: ProfilePatch, channel: Channel = 'telegram'): Promise<Requester> {
  const v = parseInput(profileSchema, patch);
  return transact(ctx, async (tx) => {
    const row = await requesterOfAccount(tx, channel, telegramId);
    if (!row) throw new NotFoundError('requester', telegramId);
    if (v.memberTypeId !== undefined) await assertMemberType(tx.em, v.memberTypeId);
    if (v.phone !== undefined) row.phone = v.phone;
    if (v.fullName !== undefined) Object.assign(row, { fullName: v.fullName, nameKey: searchKey(v.fullName).slice(0, 200) });
    if (v.memberTypeId !== undefined) row.memberTypeId = v.memberTypeId;
    if (v.locale !== undefined) row.locale = v.locale;
    return tx.em.save(Requester, row);
  });
}

export async function setLocale(ctx: CoreContext, telegramId: number, locale: Locale | null, channel: Channel = 'telegram'): Promise<void> {
  if (locale !== null && !LOCALES.includes(locale)) throw new ValidationError({ locale: 'invalid' });
  await transact(ctx, async (tx) => {
    const row = await requesterOfAccount(tx, channel, telegramId);
    if (!row) throw new NotFoundError('requester', telegramId);
    await tx.em.update(Requester, { id: row.id }, { locale });
  });
}

/**
 * false after the user blocked the bot (my_chat_member, or a 403 from Telegram); true when he writes again
 * or unblocks it — then what he missed meanwhile is delivered (core/notify/undelivered.ts)
 */
export async function setReachable(ctx: CoreContext, telegramId: number, reachable: boolean, channel: Channel = 'telegram'): Promise<void> {
  await transact(ctx, async (tx) => {
    // reachability is the account's: a citizen who blocked the bot on Bale may still be reached on Telegram
    const res = await tx.em.update(RequesterChannel, { channel, userId: telegramId, reachable: !reachable }, { reachable });
    if (!reachable || !res.affected) return;
    const row = await requesterOfAccount(tx, channel, telegramId);
    await redeliverMissed(tx, telegramId, channel, row?.locale ?? null);
  });
}

async function setBlocked(ctx: CoreContext, who: Who, requesterId: number, blocked: boolean): Promise<Requester> {
  return transact(ctx, async (tx) => {
    await requireSupervisorOrAdmin(tx.em, who);
    const row = await tx.em.findOne(Requester, { where: { id: requesterId } });
    if (!row) throw new NotFoundError('requester', requesterId);
    if (row.blocked === blocked) return row;
    await tx.em.update(Requester, { id: row.id }, { blocked });
    await auditBy(tx, who, {
      action: blocked ? 'block' : 'unblock',
      entity: 'requester',
      entityId: row.id,
      before: { blocked: row.blocked },
      after: { blocked },
    });
    row.blocked = blocked;
    return row;
  });
}

/** the bot then ignores the user politely (admins and supervisors; audited) */
export const blockRequester = (ctx: CoreContext, who: Who, requesterId: number) => setBlocked(ctx, who, requesterId, true);
export const unblockRequester = (ctx: CoreContext, who: Who, requesterId: number) => setBlocked(ctx, who, requesterId, false);

export interface RequesterQuery {
  /** a phone in any form (or a part of one), words of the name, @username, or a Telegram id */
  query?: string;
  blocked?: boolean;
  registered?: boolean;
  memberTypeId?: number;
  /** the last id of the previous page */
  cursor?: number | null;
  limit?: number;
}

/** LIKE patterns escape with '!' (the same on MariaDB and SQLite) */
const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/** newest first, keyset on id (fast on large tables); `nextCursor` is null on the last page */
export async function listRequesters(src: ReadSource, q: RequesterQuery = {}): Promise<{ items: Requester[]; nextCursor: number | null }> {
  const em = managerOf(src);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const qb = em
    .createQueryBuilder(Requester, 'r')
    .orderBy('r.id', 'DESC')
    .take(limit + 1);
  qb.where('1 = 1');
  if (q.cursor) qb.andWhere('r.id < :cursor', { cursor: q.cursor });
  if (q.blocked !== undefined) qb.andWhere('r.blocked = :blocked', { blocked: q.blocked });
  if (q.registered !== undefined) qb.andWhere(q.registered ? 'r.registeredAt IS NOT NULL' : 'r.registeredAt IS NULL');
  if (q.memberTypeId !== undefined) qb.andWhere('r.memberTypeId = :mt', { mt: q.memberTypeId });
  const text = (q.query ?? '').trim();
  if (text) {
    qb.andWhere(
      new Brackets((w) => {
        const phones = phoneSearchVariants(text);
        phones.forEach((p, i) => w.orWhere(`r.phone LIKE :ph${i}`, { [`ph${i}`]: `%${p}%` }));
        const ascii = toAsciiDigits(text);
        // a user id or a username of any of his accounts
        if (/^\d{5,}$/.test(ascii)) w.orWhere('r.id IN (SELECT c.requesterId FROM requester_channels c WHERE c.userId = :tid)', { tid: Number(ascii) });
        if (/^@?[A-Za-z0-9_]{3,}$/.test(text))
          w.orWhere("r.id IN (SELECT c.requesterId FROM requester_channels c WHERE c.username LIKE :un ESCAPE '!')", {
            un: `${escapeLike(text.replace(/^@/, ''))}%`,
          });
        const key = searchKey(text);
        if (key) {
          w.orWhere(
            new Brackets((n) => {
              for (const [i, word] of key.split(' ').entries()) n.andWhere(`r.nameKey LIKE :nk${i} ESCAPE '!'`, { [`nk${i}`]: `%${escapeLike(word)}%` });
            }),
          );
        }
      }),
    );
  }
  const rows = await qb.getMany();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
