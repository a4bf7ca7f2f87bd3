/**
 * One-time codes: first-run setup (create the first admin), linking a staff account to a Telegram user,
 * binding a Telegram group to a team or department. A code is 10 characters from an unambiguous alphabet
 * (no 0/O, 1/I/L), shown once and stored only as its SHA-256. Consuming is single-use even under concurrent
 * consumers: a conditional UPDATE … WHERE usedAt IS NULL whose affected-row count decides the winner, in
 * the same transaction as what the code does (a failure there rolls the consumption back too).
 */
import { createHash, randomInt } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import type { CoreContext } from '../context.ts';
import { CHAT_LAYOUTS, type ChatLayout } from '../entities/enums.ts';
import { Department, StaffChat, Team } from '../entities/org.ts';
import { OneTimeCode, StaffAccount } from '../entities/people.ts';
import { toAsciiDigits } from '../text/normalize.ts';
import { transact, type Tx } from '../tx.ts';
import { auditBy } from './audit.ts';
import { InvalidCodeError, NotFoundError, ValidationError } from './errors.ts';
import { requireAdmin, requireTeamManager, type Who } from './org-common.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { USERNAME_RE } from './staff.ts';

export type CodeKind = OneTimeCode['kind'];

export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 10;

export const CODE_TTL_MINUTES: Record<CodeKind, number> = {
  setup: 24 * 60,
  telegram_link: 30,
  chat_bind: 30,
};

export interface CodeTarget {
  staffId?: number | null;
  teamId?: number | null;
  departmentId?: number | null;
  layout?: ChatLayout | null;
}

/** the form a typed or pasted code is compared in: upper case, ASCII digits, no spaces or dashes */
export function normalizeCode(input: string): string {
  return toAsciiDigits(input)
    .toUpperCase()
    .replace(/[\s\-_.\u200C-\u200F]/g, '');
}

export const hashCode = (code: string) => createHash('sha256').update(normalizeCode(code)).digest('hex');

function randomCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** writes a new code in the transaction and returns it in clear (the only time it exists in clear) */
export async function issueCodeIn(tx: Tx, kind: CodeKind, target: CodeTarget, ttlMinutes: number): Promise<string> {
  if (!(ttlMinutes > 0)) throw new ValidationError({ ttlMinutes: 'out_of_range' });
  const code = randomCode();
  await tx.em.insert(OneTimeCode, {
    kind,
    codeHash: hashCode(code),
    staffId: target.staffId ?? null,
    teamId: target.teamId ?? null,
    departmentId: target.departmentId ?? null,
    layout: target.layout ?? null,
    expiresAt: new Date(tx.now.getTime() + ttlMinutes * 60_000),
    usedAt: null,
  });
  return code;
}

/** issues a code (no authorisation check: callers that act for a person use the wrappers below) */
export function issueCode(ctx: CoreContext, kind: CodeKind, target: CodeTarget = {}, ttlMinutes = CODE_TTL_MINUTES[kind]): Promise<string> {
  return transact(ctx, (tx) => issueCodeIn(tx, kind, target, ttlMinutes));
}

/**
 * Marks the code used in the transaction and returns its row; InvalidCodeError('unknown' | 'expired' | 'used')
 * otherwise. Of two concurrent consumers exactly one gets the row.
 */
export async function consumeCodeIn(tx: Tx, kind: CodeKind, code: string): Promise<OneTimeCode> {
  const codeHash = hashCode(code);
  const result = await tx.em
    .createQueryBuilder()
    .update(OneTimeCode)
    .set({ usedAt: tx.now })
    .where('codeHash = :codeHash AND kind = :kind AND usedAt IS NULL AND expiresAt > :now', { codeHash, kind, now: tx.now })
    .execute();
  const row = await tx.em.findOne(OneTimeCode, { where: { codeHash, kind } });
  if (!row) throw new InvalidCodeError('unknown');
  if (result.affected === 1) return row;
  throw new InvalidCodeError(row.usedAt ? 'used' : 'expired');
}

export function consumeCode(ctx: CoreContext, kind: CodeKind, code: string): Promise<OneTimeCode> {
  return transact(ctx, (tx) => consumeCodeIn(tx, kind, code));
}

// ---------------------------------------------------------------- Telegram link

/** a code the account's owner sends to the bot (/link CODE) to link his Telegram account (admins, or himself) */
export async function issueTelegramLinkCode(ctx: CoreContext, who: Who, staffId: number): Promise<string> {
  return transact(ctx, async (tx) => {
    const staff = await tx.em.findOne(StaffAccount, { where: { id: staffId } });
    if (!staff) throw new NotFoundError('staff', staffId);
    const actorId = typeof who === 'number' ? who : (who?.staffId ?? null);
    if (actorId !== staffId) await requireAdmin(tx.em, who);
    const code = await issueCodeIn(tx, 'telegram_link', { staffId }, CODE_TTL_MINUTES.telegram_link);
    await auditBy(tx, who, { action: 'issue_link_code', entity: 'staff', entityId: staffId });
    return code;
  });
}

/** the bot received a link code from a Telegram user: the account gets his Telegram id (one account per user) */
export async function linkTelegram(ctx: CoreContext, code: string, telegramId: number): Promise<StaffAccount> {
  return transact(ctx, async (tx) => {
    const row = await consumeCodeIn(tx, 'telegram_link', code);
    const staff = row.staffId === null ? null : await tx.em.findOne(StaffAccount, { where: { id: row.staffId } });
    if (!staff || !staff.active) throw new NotFoundError('staff', row.staffId ?? undefined);
    const other = await tx.em.findOne(StaffAccount, { where: { telegramId } });
    if (other && other.id !== staff.id) throw new ValidationError({ telegramId: 'already_linked' });
    if (staff.telegramId !== telegramId) {
      await tx.em.update(StaffAccount, { id: staff.id }, { telegramId });
      await auditBy(tx, staff.id, {
        action: 'link_telegram',
        entity: 'staff',
        entityId: staff.id,
        before: { telegramId: staff.telegramId },
        after: { telegramId },
      });
      staff.telegramId = telegramId;
    }
    return staff;
  });
}

// ---------------------------------------------------------------- staff chat binding

async function assertBindTarget(em: EntityManager, target: CodeTarget): Promise<void> {
  if ((target.teamId == null) === (target.departmentId == null)) throw new ValidationError({ teamId: 'required' });
  if (target.teamId != null && !(await em.existsBy(Team, { id: target.teamId }))) throw new ValidationError({ teamId: 'not_found' });
  if (target.departmentId != null && !(await em.existsBy(Department, { id: target.departmentId }))) {
    throw new ValidationError({ departmentId: 'not_found' });
  }
  if (target.layout != null && !CHAT_LAYOUTS.includes(target.layout)) throw new ValidationError({ layout: 'invalid' });
}

/**
 * A code to send in a Telegram group (/bind CODE) that binds it to a team or a department (exactly one),
 * with a layout (forum topics per ticket, or plain cards; null = forum if the group has topics). Admins, or
 * supervisors of the team.
 */
export async function issueChatBindCode(
  ctx: CoreContext,
  who: Who,
  target: { teamId?: number | null; departmentId?: number | null; layout?: ChatLayout | null },
): Promise<string> {
  return transact(ctx, async (tx) => {
    const actor = await requireTeamManager(tx.em, who, target.teamId ?? null);
    await assertBindTarget(tx.em, target);
    const code = await issueCodeIn(tx, 'chat_bind', { ...target, staffId: actor?.id ?? null }, CODE_TTL_MINUTES.chat_bind);
    await auditBy(tx, who, { action: 'issue_bind_code', entity: 'staff_chat', entityId: null, after: { ...target } });
    return code;
  });
}

export interface ChatInfo {
  chatId: number;
  title: string;
  /** the group has topics enabled */
  isForum: boolean;
}

/**
 * The bot received a bind code in a group: creates or rebinds the StaffChat of this chat for the code's team or
 * department. A forum layout needs a group with topics (ValidationError { layout: 'not_forum' }; the code
 * stays usable, so the admin can enable topics and send it again).
 */
export async function bindChat(ctx: CoreContext, code: string, chat: ChatInfo): Promise<StaffChat> {
  return transact(ctx, async (tx) => {
    const row = await consumeCodeIn(tx, 'chat_bind', code);
    const layout: ChatLayout = (row.layout as ChatLayout | null) ?? (chat.isForum ? 'forum' : 'plain');
    if (layout === 'forum' && !chat.isForum) throw new ValidationError({ layout: 'not_forum' });
    const existing = await tx.em.findOne(StaffChat, { where: { chatId: chat.chatId } });
    const before = existing && { teamId: existing.teamId, departmentId: existing.departmentId, layout: existing.layout, status: existing.status };
    const staffChat = existing ?? tx.em.create(StaffChat, { chatId: chat.chatId });
    Object.assign(staffChat, {
      title: chat.title.slice(0, 255),
      layout,
      teamId: row.teamId,
      departmentId: row.departmentId,
      status: 'active',
      boundByStaffId: row.staffId,
      statusChangedAt: tx.now,
    });
    const saved = await tx.em.save(StaffChat, staffChat);
    await auditBy(tx, row.staffId, {
      action: 'bind',
      entity: 'staff_chat',
      entityId: saved.id,
      before,
      after: { chatId: chat.chatId, teamId: row.teamId, departmentId: row.departmentId, layout, status: 'active' },
    });
    return saved;
  });
}

// ---------------------------------------------------------------- first-run setup

/**
 * At every start: when no staff account exists, a fresh setup code for the first-admin link (older unused
 * setup codes are retired); null once an account exists.
 */
export async function ensureSetupCode(ctx: CoreContext, ttlMinutes = CODE_TTL_MINUTES.setup): Promise<string | null> {
  return transact(ctx, async (tx) => {
    if ((await tx.em.count(StaffAccount)) > 0) return null;
    await tx.em.update(OneTimeCode, { kind: 'setup', usedAt: IsNull() }, { usedAt: tx.now });
    return issueCodeIn(tx, 'setup', {}, ttlMinutes);
  });
}

/**
 * What a first-run setup link leads to, read without using it up: `valid` (the form), `unknown` (no such code:
 * mistyped or cut short), `expired`, `replaced` (used, or retired by a newer link printed at a later start)
 * or `done` (an account exists: nothing to set up).
 */
export type SetupLinkState = 'valid' | 'unknown' | 'expired' | 'replaced' | 'done';

export async function setupLinkState(ctx: CoreContext, code: string): Promise<SetupLinkState> {
  const em = ctx.ds.manager;
  if ((await em.count(StaffAccount)) > 0) return 'done';
  const row = await em.findOne(OneTimeCode, { where: { codeHash: hashCode(code), kind: 'setup' } });
  if (!row) return 'unknown';
  if (row.usedAt) return 'replaced';
  if (row.expiresAt.getTime() <= ctx.clock.now().getTime()) return 'expired';
  return 'valid';
}

export interface FirstAdminInput {
  username: string;
  displayName: string;
  password: string;
}

/**
 * The setup page: consumes the setup code and creates the first admin. Refused (InvalidCodeError 'used')
 * once any account exists, even with a valid code.
 */
export async function completeSetup(ctx: CoreContext, code: string, input: FirstAdminInput): Promise<StaffAccount> {
  const username = input.username.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const fields: Record<string, string> = {};
  if (!USERNAME_RE.test(username)) fields.username = 'invalid_username';
  if (!displayName) fields.displayName = 'required';
  else if (displayName.length > 200) fields.displayName = 'too_long';
  const problem = passwordProblem(input.password);
  if (problem) fields.password = problem;
  if (Object.keys(fields).length) throw new ValidationError(fields);
  const passwordHash = await hashPassword(input.password);
  return transact(ctx, async (tx) => {
    await consumeCodeIn(tx, 'setup', code);
    if ((await tx.em.count(StaffAccount)) > 0) throw new InvalidCodeError('used');
    const staff = await tx.em.save(
      StaffAccount,
      tx.em.create(StaffAccount, {
        username,
        displayName,
        passwordHash,
        role: 'admin',
        active: true,
        telegramId: null,
        locale: ctx.defaultLocale,
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: null,
        dailyGoal: null,
      }),
    );
    await auditBy(tx, staff.id, { action: 'setup', entity: 'staff', entityId: staff.id, after: { username, displayName, role: 'admin' } });
    return staff;
  });
}
