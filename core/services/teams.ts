/**
 * Teams (DOMAIN.md "Assignment and teams", "Auto-close"): settings, memberships with the supervisor flag,
 * and the staff chats (Telegram groups) bound to a team or department.
 *
 * Admins manage everything; a supervisor of a team may change that team's working settings and its
 * members (not the supervisor flags, the team's name or its active flag). Every change is audited.
 */
import { In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { ASSIGNMENT_MODES, CHAT_LAYOUTS, STAFF_CHAT_STATUSES, TEAM_VISIBILITY, type ChatLayout, type StaffChatStatus } from '../entities/enums.ts';
import { StaffChat, Team, TeamMember } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { Calendar } from '../entities/sla.ts';
import { transact, type Tx } from '../tx.ts';
import { auditBy } from './audit.ts';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts';
import {
  actingStaff,
  changed,
  managerOf,
  nameSchema,
  optionalId,
  optionalText,
  parseInput,
  requireAdmin,
  requireTeamManager,
  snapshot,
  type ReadSource,
  type Who,
} from './org-common.ts';

// ---------------------------------------------------------------- reads

export async function listTeams(src: ReadSource, opts: { activeOnly?: boolean } = {}): Promise<Team[]> {
  return managerOf(src).find(Team, { where: opts.activeOnly ? { active: true } : {}, order: { name: 'ASC', id: 'ASC' } });
}

export const getTeam = (src: ReadSource, id: number) => managerOf(src).findOne(Team, { where: { id } });

export interface TeamOfStaff {
  team: Team;
  supervisor: boolean;
  /** takes part in automatic assignment */
  active: boolean;
}

/** the teams an account is a member of (inactive teams included; check team.active) */
export async function teamsOfStaff(src: ReadSource, staffId: number): Promise<TeamOfStaff[]> {
  const em = managerOf(src);
  const memberships = await em.find(TeamMember, { where: { staffId } });
  if (!memberships.length) return [];
  const teams = new Map((await em.find(Team, { where: { id: In(memberships.map((m) => m.teamId)) } })).map((t) => [t.id, t]));
  return memberships
    .filter((m) => teams.has(m.teamId))
    .map((m) => ({ team: teams.get(m.teamId)!, supervisor: m.supervisor, active: m.active }))
    .sort((a, b) => a.team.name.localeCompare(b.team.name) || a.team.id - b.team.id);
}

export interface TeamMemberView {
  staff: StaffAccount;
  supervisor: boolean;
  active: boolean;
}

/** the members of a team; `activeOnly`: active memberships of active accounts (who may get tickets) */
export async function membersOfTeam(src: ReadSource, teamId: number, opts: { activeOnly?: boolean } = {}): Promise<TeamMemberView[]> {
  const em = managerOf(src);
  const where: FindOptionsWhere<TeamMember> = { teamId };
  if (opts.activeOnly) where.active = true;
  const memberships = await em.find(TeamMember, { where });
  if (!memberships.length) return [];
  const staffWhere: FindOptionsWhere<StaffAccount> = { id: In(memberships.map((m) => m.staffId)) };
  if (opts.activeOnly) staffWhere.active = true;
  const staff = new Map((await em.find(StaffAccount, { where: staffWhere })).map((s) => [s.id, s]));
  return memberships
    .filter((m) => staff.has(m.staffId))
    .map((m) => ({ staff: staff.get(m.staffId)!, supervisor: m.supervisor, active: m.active }))
    .sort((a, b) => a.staff.displayName.localeCompare(b.staff.displayName) || a.staff.id - b.staff.id);
}

// ---------------------------------------------------------------- teams

const teamInput = z
  .object({
    name: nameSchema(120),
    alias: optionalText(120).optional(),
    visibility: z.enum(TEAM_VISIBILITY).optional(),
    assignmentMode: z.enum(ASSIGNMENT_MODES).optional(),
    calendarId: optionalId.optional(),
    autoCloseEnabled: z.boolean().optional(),
    autoCloseDays: z.number().int().min(1).max(365).optional(),
    autoCloseStates: z
      .array(z.enum(['answered', 'resolved']))
      .min(1)
      .max(2)
      .optional(),
    finishAfterDays: z.number().int().min(1).max(3650).optional(),
    customerCloseAllowed: z.boolean().optional(),
    /** "no staff chat": tickets stay in the panel only, agents are told privately (core/notify/panel-only.ts) */
    noStaffChat: z.boolean().optional(),
    slaWarningMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type TeamInput = z.input<typeof teamInput>;

/** what a supervisor may not change on his own team */
const ADMIN_ONLY_TEAM_FIELDS = ['name', 'active'] as const;

async function assertCalendar(em: EntityManager, calendarId: number | null | undefined): Promise<void> {
  if (calendarId != null && !(await em.existsBy(Calendar, { id: calendarId }))) throw new ValidationError({ calendarId: 'not_found' });
}

async function assertUniqueTeamName(em: EntityManager, name: string, selfId?: number): Promise<void> {
  const other = await em.findOne(Team, { where: { name } });
  if (other && other.id !== selfId) throw new ValidationError({ name: 'duplicate' });
}

export async function createTeam(ctx: CoreContext, who: Who, input: TeamInput): Promise<Team> {
  const v = parseInput(teamInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    await assertCalendar(tx.em, v.calendarId);
    await assertUniqueTeamName(tx.em, v.name);
    const row = await tx.em.save(
      Team,
      tx.em.create(Team, {
        visibility: 'all',
        assignmentMode: 'manual',
        autoCloseEnabled: true,
        autoCloseDays: 7,
        autoCloseStates: ['answered', 'resolved'],
        finishAfterDays: 30,
        customerCloseAllowed: false,
        noStaffChat: false,
        slaWarningMinutes: 15,
        active: true,
        lastAssignedStaffId: null,
        ...v,
        alias: v.alias ?? null,
        calendarId: v.calendarId ?? null,
      }),
    );
    await auditBy(tx, who, { action: 'create', entity: 'team', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

export async function updateTeam(ctx: CoreContext, who: Who, id: number, patch: Partial<TeamInput>): Promise<Team> {
  const v = parseInput(teamInput.partial(), patch);
  return transact(ctx, async (tx) => {
    const staff = await requireTeamManager(tx.em, who, id);
    const row = await tx.em.findOne(Team, { where: { id } });
    if (!row) throw new NotFoundError('team', id);
    if (staff && staff.role !== 'admin') {
      for (const f of ADMIN_ONLY_TEAM_FIELDS) if (v[f] !== undefined && v[f] !== row[f]) throw new ForbiddenError(`only admins change a team's ${f}`);
    }
    await assertCalendar(tx.em, v.calendarId);
    if (v.name !== undefined) await assertUniqueTeamName(tx.em, v.name, id);
    const before = snapshot(row);
    Object.assign(row, v);
    const saved = await tx.em.save(Team, row);
    const diff = changed(before, snapshot(saved));
    if (Object.keys(diff.after).length) await auditBy(tx, who, { action: 'update', entity: 'team', entityId: id, ...diff });
    return saved;
  });
}

/** teams are never deleted (tickets keep their team); an inactive team takes no new tickets */
export async function setTeamActive(ctx: CoreContext, who: Who, id: number, active: boolean): Promise<Team> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(Team, { where: { id } });
    if (!row) throw new NotFoundError('team', id);
    if (row.active === active) return row;
    await tx.em.update(Team, { id }, { active });
    await auditBy(tx, who, { action: active ? 'activate' : 'deactivate', entity: 'team', entityId: id, before: { active: row.active }, after: { active } });
    row.active = active;
    return row;
  });
}

// ---------------------------------------------------------------- memberships

export interface MembershipInput {
  supervisor?: boolean;
  active?: boolean;
}

/** the supervisor flag needs an account whose role is supervisor or admin */
export function assertSupervisorRole(staff: StaffAccount, supervisor: boolean): void {
  if (supervisor && staff.role === 'agent') throw new ValidationError({ supervisor: 'role' });
}

async function loadMemberPair(em: EntityManager, teamId: number, staffId: number): Promise<{ team: Team; staff: StaffAccount }> {
  const team = await em.findOne(Team, { where: { id: teamId } });
  if (!team) throw new NotFoundError('team', teamId);
  const staff = await em.findOne(StaffAccount, { where: { id: staffId } });
  if (!staff) throw new ValidationError({ staffId: 'not_found' });
  return { team, staff };
}

async function assertMayGrantSupervisor(em: EntityManager, who: Who, supervisor: boolean | undefined): Promise<void> {
  if (supervisor === undefined) return;
  const actor = await actingStaff(em, who);
  if (actor && actor.role !== 'admin') throw new ForbiddenError('only admins change the supervisor flag');
}

/** adds a member, or updates the membership if he is one already */
export async function addTeamMember(ctx: CoreContext, who: Who, teamId: number, staffId: number, input: MembershipInput = {}): Promise<TeamMember> {
  return transact(ctx, async (tx) => {
    await requireTeamManager(tx.em, who, teamId);
    await assertMayGrantSupervisor(tx.em, who, input.supervisor);
    const { staff } = await loadMemberPair(tx.em, teamId, staffId);
    return upsertMembership(tx, who, staff, teamId, input);
  });
}

export async function upsertMembership(tx: Tx, who: Who, staff: StaffAccount, teamId: number, input: MembershipInput): Promise<TeamMember> {
  const existing = await tx.em.findOne(TeamMember, { where: { teamId, staffId: staff.id } });
  const supervisor = input.supervisor ?? existing?.supervisor ?? false;
  assertSupervisorRole(staff, supervisor);
  const active = input.active ?? existing?.active ?? true;
  if (existing && existing.supervisor === supervisor && existing.active === active) return existing;
  const row = existing ?? tx.em.create(TeamMember, { teamId, staffId: staff.id });
  const before = existing ? { supervisor: existing.supervisor, active: existing.active } : null;
  Object.assign(row, { supervisor, active });
  const saved = await tx.em.save(TeamMember, row);
  await auditBy(tx, who, {
    action: existing ? 'update_member' : 'add_member',
    entity: 'team',
    entityId: teamId,
    before: before && { staffId: staff.id, ...before },
    after: { staffId: staff.id, supervisor, active },
  });
  return saved;
}

export async function updateTeamMember(ctx: CoreContext, who: Who, teamId: number, staffId: number, input: MembershipInput): Promise<TeamMember> {
  return transact(ctx, async (tx) => {
    await requireTeamManager(tx.em, who, teamId);
    await assertMayGrantSupervisor(tx.em, who, input.supervisor);
    const { staff } = await loadMemberPair(tx.em, teamId, staffId);
    if (!(await tx.em.existsBy(TeamMember, { teamId, staffId }))) throw new NotFoundError('team member', staffId);
    return upsertMembership(tx, who, staff, teamId, input);
  });
}

export async function removeTeamMember(ctx: CoreContext, who: Who, teamId: number, staffId: number): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireTeamManager(tx.em, who, teamId);
    const row = await tx.em.findOne(TeamMember, { where: { teamId, staffId } });
    if (!row) return;
    await assertMayGrantSupervisor(tx.em, who, row.supervisor ? false : undefined);
    await tx.em.delete(TeamMember, { id: row.id });
    await auditBy(tx, who, {
      action: 'remove_member',
      entity: 'team',
      entityId: teamId,
      before: { staffId, supervisor: row.supervisor, active: row.active },
      after: null,
    });
  });
}

// ---------------------------------------------------------------- staff chats

export interface StaffChatQuery {
  teamId?: number;
  departmentId?: number;
  status?: StaffChatStatus;
  /** only chats bound to a team or department (default false: all) */
  boundOnly?: boolean;
}

export async function listStaffChats(src: ReadSource, q: StaffChatQuery = {}): Promise<StaffChat[]> {
  const qb = managerOf(src).createQueryBuilder(StaffChat, 'c').orderBy('c.id', 'ASC');
  qb.where('1 = 1');
  if (q.teamId !== undefined) qb.andWhere('c.teamId = :teamId', { teamId: q.teamId });
  if (q.departmentId !== undefined) qb.andWhere('c.departmentId = :departmentId', { departmentId: q.departmentId });
  if (q.status) qb.andWhere('c.status = :status', { status: q.status });
  if (q.boundOnly) qb.andWhere('(c.teamId IS NOT NULL OR c.departmentId IS NOT NULL)');
  return qb.getMany();
}

export const getStaffChat = (src: ReadSource, id: number) => managerOf(src).findOne(StaffChat, { where: { id } });
export const findStaffChatByChatId = (src: ReadSource, chatId: number) => managerOf(src).findOne(StaffChat, { where: { chatId } });

export async function setStaffChatLayout(ctx: CoreContext, who: Who, id: number, layout: ChatLayout): Promise<StaffChat> {
  if (!CHAT_LAYOUTS.includes(layout)) throw new ValidationError({ layout: 'invalid' });
  return transact(ctx, async (tx) => {
    const chat = await tx.em.findOne(StaffChat, { where: { id } });
    if (!chat) throw new NotFoundError('staff chat', id);
    await requireTeamManager(tx.em, who, chat.teamId);
    if (chat.layout === layout) return chat;
    await tx.em.update(StaffChat, { id }, { layout });
    await auditBy(tx, who, { action: 'update', entity: 'staff_chat', entityId: id, before: { layout: chat.layout }, after: { layout } });
    chat.layout = layout;
    return chat;
  });
}

/**
 * The bot's view of a staff chat changed (my_chat_member): active, the bot is no longer an administrator, or
 * the bot was removed. Called by the bot (the system); audited only when the status changes.
 */
export async function setStaffChatStatus(ctx: CoreContext, chatId: number, status: StaffChatStatus, title?: string): Promise<StaffChat | null> {
  if (!STAFF_CHAT_STATUSES.includes(status)) throw new ValidationError({ status: 'invalid' });
  return transact(ctx, async (tx) => {
    const chat = await tx.em.findOne(StaffChat, { where: { chatId } });
    if (!chat) return null;
    const patch: Partial<StaffChat> = {};
    if (chat.status !== status) Object.assign(patch, { status, statusChangedAt: tx.now });
    if (title !== undefined && title.slice(0, 255) !== chat.title) patch.title = title.slice(0, 255);
    if (!Object.keys(patch).length) return chat;
    await tx.em.update(StaffChat, { id: chat.id }, patch);
    if (patch.status) {
      await auditBy(tx, null, { action: 'status', entity: 'staff_chat', entityId: chat.id, before: { status: chat.status }, after: { status } });
    }
    return Object.assign(chat, patch);
  });
}

/** unbinds a chat from its team and department (the row stays: tickets keep their topics and cards) */
export async function unbindStaffChat(ctx: CoreContext, who: Who, id: number): Promise<StaffChat> {
  return transact(ctx, async (tx) => {
    const chat = await tx.em.findOne(StaffChat, { where: { id } });
    if (!chat) throw new NotFoundError('staff chat', id);
    await requireTeamManager(tx.em, who, chat.teamId);
    if (chat.teamId === null && chat.departmentId === null) return chat;
    await tx.em.update(StaffChat, { id }, { teamId: null, departmentId: null });
    await auditBy(tx, who, {
      action: 'unbind',
      entity: 'staff_chat',
      entityId: id,
      before: { teamId: chat.teamId, departmentId: chat.departmentId },
      after: { teamId: null, departmentId: null },
    });
    return Object.assign(chat, { teamId: null, departmentId: null });
  });
}
