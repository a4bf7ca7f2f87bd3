/**
 * Staff accounts of the panel (admin, supervisor, agent): create / invite, edit, passwords (argon2id),
 * (de)activate, team memberships, the Telegram link. Admins manage accounts; everyone may change his own
 * display name, locale and password. The last active admin can be neither demoted nor deactivated.
 * Every change is audited (never a password or its hash).
 */
import { In, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { LOCALES, STAFF_ROLES, type StaffRole } from '../entities/enums.ts';
import { Team, TeamMember } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { transact, type Tx } from '../tx.ts';
import { auditBy } from './audit.ts';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts';
import { actingStaff, changed, managerOf, nameSchema, parseInput, requireAdmin, snapshot, type ReadSource, type Who } from './org-common.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { upsertMembership } from './teams.ts';

const SECRET_FIELDS = ['passwordHash', 'failedLogins', 'lockedUntil', 'lastLoginAt', 'updatedAt'] as const;
const staffSnapshot = (s: StaffAccount) => snapshot(s, SECRET_FIELDS);

// ---------------------------------------------------------------- reads

export interface StaffQuery {
  activeOnly?: boolean;
  role?: StaffRole;
  /** members of this team */
  teamId?: number;
}

export async function listStaff(src: ReadSource, q: StaffQuery = {}): Promise<StaffAccount[]> {
  const em = managerOf(src);
  const where: FindOptionsWhere<StaffAccount> = {};
  if (q.activeOnly) where.active = true;
  if (q.role) where.role = q.role;
  if (q.teamId !== undefined) {
    const ids = (await em.find(TeamMember, { where: { teamId: q.teamId } })).map((m) => m.staffId);
    if (!ids.length) return [];
    where.id = In(ids);
  }
  return em.find(StaffAccount, { where, order: { displayName: 'ASC', id: 'ASC' } });
}

export const getStaff = (src: ReadSource, id: number) => managerOf(src).findOne(StaffAccount, { where: { id } });
export const findStaffByUsername = (src: ReadSource, username: string) =>
  managerOf(src).findOne(StaffAccount, { where: { username: username.trim().toLowerCase() } });
export const findStaffByTelegramId = (src: ReadSource, telegramId: number) => managerOf(src).findOne(StaffAccount, { where: { telegramId } });
export const countStaff = (src: ReadSource) => managerOf(src).count(StaffAccount);
/** the accounts of these ids (any that exist), in one query */
export const staffByIds = (src: ReadSource, ids: number[]) =>
  ids.length ? managerOf(src).find(StaffAccount, { where: { id: In(ids) } }) : Promise.resolve([]);

// ---------------------------------------------------------------- validation

export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,31}$/;
const usernameSchema = z.string().trim().toLowerCase().regex(USERNAME_RE, { message: 'invalid_username' });
const passwordSchema = z.string().superRefine((p, c) => {
  const problem = passwordProblem(p);
  if (problem) c.addIssue({ code: 'custom', message: problem });
});

const membershipSchema = z
  .object({
    teamId: z.number().int().positive(),
    supervisor: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict();

const staffInput = z
  .object({
    username: usernameSchema,
    displayName: nameSchema(200),
    role: z.enum(STAFF_ROLES),
    locale: z.enum(LOCALES).optional(),
    /** optional: an account without a password cannot log in until one is set */
    password: passwordSchema.optional(),
    dailyGoal: z.number().int().min(0).max(1000).nullable().optional(),
    teams: z.array(membershipSchema).max(100).optional(),
  })
  .strict();
export type StaffInput = z.input<typeof staffInput>;

const staffPatch = staffInput.omit({ password: true, teams: true }).partial().strict();
export type StaffPatch = z.input<typeof staffPatch>;

/** fields an account may change on itself */
const SELF_FIELDS = new Set(['displayName', 'locale', 'dailyGoal']);

async function assertUniqueUsername(em: EntityManager, username: string, selfId?: number): Promise<void> {
  const other = await em.findOne(StaffAccount, { where: { username } });
  if (other && other.id !== selfId) throw new ValidationError({ username: 'duplicate' });
}

async function assertNotLastAdmin(em: EntityManager, staff: StaffAccount, field: string): Promise<void> {
  if (staff.role !== 'admin' || !staff.active) return;
  const others = await em.count(StaffAccount, { where: { role: 'admin', active: true, id: Not(staff.id) } });
  if (others === 0) throw new ValidationError({ [field]: 'last_admin' });
}

// ---------------------------------------------------------------- writes

/** creates an account (admins only), with an optional first password and team memberships */
export async function createStaff(ctx: CoreContext, who: Who, input: StaffInput): Promise<StaffAccount> {
  const v = parseInput(staffInput, input);
  const passwordHash = v.password ? await hashPassword(v.password) : null;
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await assertUniqueUsername(tx.em, v.username);
    const row = await tx.em.save(
      StaffAccount,
      tx.em.create(StaffAccount, {
        username: v.username,
        displayName: v.displayName,
        role: v.role,
        locale: v.locale ?? 'fa',
        passwordHash,
        active: true,
        telegramId: null,
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: null,
        dailyGoal: v.dailyGoal ?? null,
      }),
    );
    await auditBy(tx, who, { action: 'create', entity: 'staff', entityId: row.id, after: { ...staffSnapshot(row), passwordSet: !!passwordHash } });
    if (v.teams?.length) await applyTeams(tx, who, row, v.teams);
    return row;
  });
}

/** edits an account: admins any field; an account itself its display name, locale and daily goal */
export async function updateStaff(ctx: CoreContext, who: Who, id: number, patch: StaffPatch): Promise<StaffAccount> {
  const v = parseInput(staffPatch, patch);
  return transact(ctx, async (tx) => {
    const actor = await actingStaff(tx.em, who);
    const row = await tx.em.findOne(StaffAccount, { where: { id } });
    if (!row) throw new NotFoundError('staff', id);
    const self = actor?.id === id;
    if (actor && actor.role !== 'admin') {
      if (!self) throw new ForbiddenError('admins only');
      const other = Object.keys(v).find((k) => !SELF_FIELDS.has(k));
      if (other) throw new ForbiddenError(`only admins change ${other}`);
    }
    if (v.username !== undefined) await assertUniqueUsername(tx.em, v.username, id);
    if (v.role !== undefined && v.role !== 'admin') await assertNotLastAdmin(tx.em, row, 'role');
    const before = staffSnapshot(row);
    Object.assign(row, v);
    const saved = await tx.em.save(StaffAccount, row);
    if (v.role === 'agent') {
      // an agent supervises no team
      const flagged = await tx.em.find(TeamMember, { where: { staffId: id, supervisor: true } });
      for (const m of flagged) await upsertMembership(tx, who, saved, m.teamId, { supervisor: false });
    }
    const diff = changed(before, staffSnapshot(saved));
    if (Object.keys(diff.after).length) await auditBy(tx, who, { action: 'update', entity: 'staff', entityId: id, ...diff });
    return saved;
  });
}

/** sets a password (admins for anyone, an account for itself); unlocks a locked account */
export async function setStaffPassword(ctx: CoreContext, who: Who, id: number, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError({ password: problem });
  const passwordHash = await hashPassword(password);
  await transact(ctx, async (tx) => {
    const actor = await actingStaff(tx.em, who);
    if (actor && actor.role !== 'admin' && actor.id !== id) throw new ForbiddenError('admins only');
    const r = await tx.em.update(StaffAccount, { id }, { passwordHash, failedLogins: 0, lockedUntil: null });
    if (!r.affected) throw new NotFoundError('staff', id);
    await auditBy(tx, who, { action: 'set_password', entity: 'staff', entityId: id, before: null, after: null });
  });
}

/** the panel's "change my password": the current password must match (field errors: currentPassword, password) */
export async function changeOwnPassword(ctx: CoreContext, staffId: number, current: string, next: string, ip = ''): Promise<void> {
  const staff = await managerOf(ctx).findOne(StaffAccount, { where: { id: staffId } });
  if (!staff || !staff.active) throw new NotFoundError('staff', staffId);
  if (!(await verifyPassword(staff.passwordHash, current))) throw new ValidationError({ currentPassword: 'invalid' });
  await setStaffPassword(ctx, { staffId, ip }, staffId, next);
}

/** deactivating keeps the account and its history; it can no longer log in nor get tickets */
export async function setStaffActive(ctx: CoreContext, who: Who, id: number, active: boolean): Promise<StaffAccount> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(StaffAccount, { where: { id } });
    if (!row) throw new NotFoundError('staff', id);
    if (row.active === active) return row;
    if (!active) await assertNotLastAdmin(tx.em, row, 'active');
    await tx.em.update(StaffAccount, { id }, { active });
    await auditBy(tx, who, { action: active ? 'activate' : 'deactivate', entity: 'staff', entityId: id, before: { active: row.active }, after: { active } });
    row.active = active;
    return row;
  });
}

export interface StaffTeamInput {
  teamId: number;
  supervisor?: boolean;
  active?: boolean;
}

async function applyTeams(tx: Tx, who: Who, staff: StaffAccount, wanted: StaffTeamInput[]): Promise<void> {
  const ids = wanted.map((w) => w.teamId);
  if (new Set(ids).size !== ids.length) throw new ValidationError({ teams: 'duplicate' });
  const found = ids.length ? await tx.em.find(Team, { where: { id: In(ids) } }) : [];
  if (found.length !== ids.length) throw new ValidationError({ teams: 'not_found' });
  const current = await tx.em.find(TeamMember, { where: { staffId: staff.id } });
  for (const m of current) {
    if (ids.includes(m.teamId)) continue;
    await tx.em.delete(TeamMember, { id: m.id });
    await auditBy(tx, who, {
      action: 'remove_member',
      entity: 'team',
      entityId: m.teamId,
      before: { staffId: staff.id, supervisor: m.supervisor, active: m.active },
      after: null,
    });
  }
  for (const w of wanted) {
    await upsertMembership(tx, who, staff, w.teamId, { supervisor: w.supervisor ?? false, active: w.active ?? true });
  }
}

/** replaces the account's memberships with this list (admins only) */
export async function setStaffTeams(ctx: CoreContext, who: Who, staffId: number, teams: StaffTeamInput[]): Promise<TeamMember[]> {
  const v = parseInput(z.array(membershipSchema).max(100), teams, 'teams');
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const staff = await tx.em.findOne(StaffAccount, { where: { id: staffId } });
    if (!staff) throw new NotFoundError('staff', staffId);
    await applyTeams(tx, who, staff, v);
    return tx.em.find(TeamMember, { where: { staffId } });
  });
}

/** removes the Telegram link of an account (admins, or the account itself) */
export async function unlinkTelegram(ctx: CoreContext, who: Who, staffId: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const actor = await actingStaff(tx.em, who);
    if (actor && actor.role !== 'admin' && actor.id !== staffId) throw new ForbiddenError('admins only');
    const row = await tx.em.findOne(StaffAccount, { where: { id: staffId } });
    if (!row) throw new NotFoundError('staff', staffId);
    if (row.telegramId === null) return;
    await tx.em.update(StaffAccount, { id: staffId }, { telegramId: null });
    await auditBy(tx, who, {
      action: 'unlink_telegram',
      entity: 'staff',
      entityId: staffId,
      before: { telegramId: row.telegramId },
      after: { telegramId: null },
    });
  });
}
