import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat, TeamMember } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { Calendar } from '../../core/entities/sla.ts';
import { ForbiddenError, NotFoundError } from '../../core/services/errors.ts';
import { verifyPassword } from '../../core/services/passwords.ts';
import {
  changeOwnPassword,
  countStaff,
  createStaff,
  findStaffByUsername,
  listStaff,
  setStaffActive,
  setStaffPassword,
  setStaffTeams,
  unlinkTelegram,
  updateStaff,
} from '../../core/services/staff.ts';
import {
  addTeamMember,
  createTeam,
  findStaffChatByChatId,
  listStaffChats,
  listTeams,
  membersOfTeam,
  removeTeamMember,
  setStaffChatLayout,
  setStaffChatStatus,
  setTeamActive,
  teamsOfStaff,
  unbindStaffChat,
  updateTeam,
  updateTeamMember,
} from '../../core/services/teams.ts';
import { testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { auditRows, DATABASES, fieldErrors, makeStaff } from './org-support.ts';

describe.each(DATABASES)('staff and teams on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let root: StaffAccount;
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds);
    root = await makeStaff(db.ds, 'admin');
  });
  afterAll(async () => db?.close());

  let sara: StaffAccount;
  let reza: StaffAccount;
  let boss: StaffAccount;

  it('creates accounts with hashed passwords; the audit row has neither password nor hash', async () => {
    sara = await createStaff(ctx, root.id, { username: 'Sara.K', displayName: 'سارا کریمی', role: 'agent', password: 'correct horse battery' });
    expect(sara.username).toBe('sara.k');
    expect(sara.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(sara.passwordHash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(sara.passwordHash, 'wrong horse battery')).toBe(false);
    reza = await createStaff(ctx, root.id, { username: 'reza', displayName: 'رضا', role: 'agent' });
    expect(reza.passwordHash).toBeNull();
    boss = await createStaff(ctx, root.id, { username: 'boss', displayName: 'مدیر تیم', role: 'supervisor', password: 'supervisor-pass-1' });
    const rows = await auditRows(db.ds, { entity: 'staff', action: 'create' });
    expect(rows.length).toBe(3);
    expect(JSON.stringify(rows)).not.toMatch(/argon2|correct horse/);
    expect(rows[0]!.after).toMatchObject({ username: 'sara.k', role: 'agent', passwordSet: true });
    expect(await countStaff(ctx)).toBe(4);
    expect((await findStaffByUsername(ctx, ' SARA.k '))?.id).toBe(sara.id);
  });

  it('validates usernames, names, roles and passwords by field', async () => {
    expect(await fieldErrors(createStaff(ctx, root.id, { username: 'x', displayName: '', role: 'boss' as never, password: 'short' }))).toEqual({
      username: 'invalid_username',
      displayName: 'required',
      role: 'invalid',
      password: 'too_short',
    });
    expect(await fieldErrors(createStaff(ctx, root.id, { username: 'sara.k', displayName: 'x', role: 'agent', password: 'aaaaaaaaaaaa' }))).toEqual({
      password: 'weak_password',
    });
    expect(await fieldErrors(createStaff(ctx, root.id, { username: 'SARA.K', displayName: 'x', role: 'agent' }))).toEqual({ username: 'duplicate' });
    await expect(createStaff(ctx, sara.id, { username: 'eve', displayName: 'x', role: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('an account edits its own name and locale but not its role; admins edit all', async () => {
    const me = await updateStaff(ctx, sara.id, sara.id, { displayName: 'سارا کریمی‌پور', locale: 'en' });
    expect(me.displayName).toBe('سارا کریمی‌پور');
    await expect(updateStaff(ctx, sara.id, sara.id, { role: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateStaff(ctx, sara.id, reza.id, { displayName: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await updateStaff(ctx, root.id, reza.id, { role: 'supervisor' })).role).toBe('supervisor');
    const last = (await auditRows(db.ds, { entity: 'staff', action: 'update' })).at(-1)!;
    expect(last).toMatchObject({ entityId: String(reza.id), before: { role: 'agent' }, after: { role: 'supervisor' } });
  });

  it('passwords: admins set any, an account its own (with the current one), locks are cleared', async () => {
    await db.ds.getRepository(StaffAccount).update({ id: reza.id }, { failedLogins: 5, lockedUntil: new Date('2030-01-01') });
    await setStaffPassword(ctx, root.id, reza.id, 'reza-new-password');
    const r = await db.ds.getRepository(StaffAccount).findOneByOrFail({ id: reza.id });
    expect(await verifyPassword(r.passwordHash, 'reza-new-password')).toBe(true);
    expect(r.failedLogins).toBe(0);
    expect(r.lockedUntil).toBeNull();
    await expect(setStaffPassword(ctx, sara.id, reza.id, 'sara-sets-reza')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await fieldErrors(changeOwnPassword(ctx, sara.id, 'not my password', 'another-good-one'))).toEqual({ currentPassword: 'invalid' });
    expect(await fieldErrors(changeOwnPassword(ctx, sara.id, 'correct horse battery', 'short'))).toEqual({ password: 'too_short' });
    await changeOwnPassword(ctx, sara.id, 'correct horse battery', 'another-good-one');
    const s = await db.ds.getRepository(StaffAccount).findOneByOrFail({ id: sara.id });
    expect(await verifyPassword(s.passwordHash, 'another-good-one')).toBe(true);
    expect((await auditRows(db.ds, { action: 'set_password' })).map((a) => [a.staffId, a.entityId])).toEqual([
      [root.id, String(reza.id)],
      [sara.id, String(sara.id)],
    ]);
  });

  let desk: Awaited<ReturnType<typeof createTeam>>;
  let legal: Awaited<ReturnType<typeof createTeam>>;

  it('teams: create with defaults, validation by field, unique name', async () => {
    const cal = await db.ds.getRepository(Calendar).save({ name: 'Tehran', weekly: {}, timeZone: 'Asia/Tehran' });
    desk = await createTeam(ctx, root.id, { name: 'میز زعفران', calendarId: cal.id, assignmentMode: 'balanced' });
    expect(desk).toMatchObject({
      visibility: 'all',
      assignmentMode: 'balanced',
      autoCloseDays: 7,
      autoCloseStates: ['answered', 'resolved'],
      customerCloseAllowed: false,
      slaWarningMinutes: 15,
      active: true,
    });
    legal = await createTeam(ctx, root.id, { name: 'حقوقی', visibility: 'invited', alias: 'کارشناس حقوقی' });
    expect(await fieldErrors(createTeam(ctx, root.id, { name: 'حقوقی' }))).toEqual({ name: 'duplicate' });
    expect(await fieldErrors(createTeam(ctx, root.id, { name: '', autoCloseDays: 0, autoCloseStates: ['closed' as never], calendarId: 999 }))).toEqual({
      name: 'required',
      autoCloseDays: 'out_of_range',
      'autoCloseStates.0': 'invalid',
    });
    expect(await fieldErrors(createTeam(ctx, root.id, { name: 'x', calendarId: 999 }))).toEqual({ calendarId: 'not_found' });
    await expect(createTeam(ctx, boss.id, { name: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listTeams(ctx)).map((t) => t.name).sort()).toEqual(['حقوقی', 'میز زعفران'].sort());
  });

  it('memberships: the supervisor flag needs a supervisor role; supervisors manage their own team only', async () => {
    await addTeamMember(ctx, root.id, desk.id, sara.id);
    expect(await fieldErrors(addTeamMember(ctx, root.id, desk.id, sara.id, { supervisor: true }))).toEqual({ supervisor: 'role' });
    await addTeamMember(ctx, root.id, desk.id, boss.id, { supervisor: true });
    // the supervisor changes his team's settings and members, not its name, nor supervisor flags, nor other teams
    expect((await updateTeam(ctx, boss.id, desk.id, { autoCloseDays: 3, customerCloseAllowed: true })).autoCloseDays).toBe(3);
    await expect(updateTeam(ctx, boss.id, desk.id, { name: 'renamed' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateTeam(ctx, boss.id, legal.id, { autoCloseDays: 3 })).rejects.toBeInstanceOf(ForbiddenError);
    await addTeamMember(ctx, boss.id, desk.id, reza.id);
    await expect(updateTeamMember(ctx, boss.id, desk.id, reza.id, { supervisor: true })).rejects.toBeInstanceOf(ForbiddenError);
    await updateTeamMember(ctx, boss.id, desk.id, reza.id, { active: false });
    await expect(addTeamMember(ctx, sara.id, desk.id, reza.id)).rejects.toBeInstanceOf(ForbiddenError);

    // sorted by display name: رضا, سارا…, مدیر…
    expect((await membersOfTeam(ctx, desk.id)).map((m) => [m.staff.username, m.supervisor, m.active])).toEqual([
      ['reza', false, false],
      ['sara.k', false, true],
      ['boss', true, true],
    ]);
    const active = await membersOfTeam(ctx, desk.id, { activeOnly: true });
    expect(active.map((m) => m.staff.username).sort()).toEqual(['boss', 'sara.k']);
    expect((await teamsOfStaff(ctx, boss.id)).map((t) => [t.team.id, t.supervisor])).toEqual([[desk.id, true]]);
    const adds = await auditRows(db.ds, { entity: 'team', action: 'add_member' });
    expect(adds.map((a) => (a.after as { staffId: number }).staffId)).toEqual([sara.id, boss.id, reza.id]);
  });

  it('setStaffTeams replaces memberships; demoting to agent clears supervisor flags', async () => {
    await setStaffTeams(ctx, root.id, sara.id, [{ teamId: legal.id }]);
    expect((await teamsOfStaff(ctx, sara.id)).map((t) => t.team.id)).toEqual([legal.id]);
    expect(await fieldErrors(setStaffTeams(ctx, root.id, sara.id, [{ teamId: 999 }]))).toEqual({ teams: 'not_found' });
    expect(await fieldErrors(setStaffTeams(ctx, root.id, sara.id, [{ teamId: 'x' as never }]))).toEqual({ 'teams.0.teamId': 'invalid' });
    await setStaffTeams(ctx, root.id, boss.id, [
      { teamId: desk.id, supervisor: true },
      { teamId: legal.id, supervisor: true },
    ]);
    await updateStaff(ctx, root.id, boss.id, { role: 'agent' });
    expect((await teamsOfStaff(ctx, boss.id)).map((t) => t.supervisor)).toEqual([false, false]);
    await expect(updateTeam(ctx, boss.id, desk.id, { autoCloseDays: 4 })).rejects.toBeInstanceOf(ForbiddenError);
    await removeTeamMember(ctx, root.id, desk.id, boss.id);
    expect(await db.ds.getRepository(TeamMember).existsBy({ teamId: desk.id, staffId: boss.id })).toBe(false);
    expect((await auditRows(db.ds, { action: 'remove_member' })).length).toBeGreaterThanOrEqual(2);
  });

  it('deactivation: the last active admin stays; deactivated accounts leave automatic assignment', async () => {
    expect(await fieldErrors(setStaffActive(ctx, root.id, root.id, false))).toEqual({ active: 'last_admin' });
    expect(await fieldErrors(updateStaff(ctx, root.id, root.id, { role: 'agent' }))).toEqual({ role: 'last_admin' });
    await setStaffActive(ctx, root.id, sara.id, false);
    expect((await membersOfTeam(ctx, legal.id, { activeOnly: true })).map((m) => m.staff.id)).not.toContain(sara.id);
    expect((await listStaff(ctx, { activeOnly: true })).map((s) => s.id)).not.toContain(sara.id);
    // a deactivated account can no longer act
    await expect(updateStaff(ctx, sara.id, sara.id, { displayName: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await setStaffActive(ctx, root.id, sara.id, true);
    await setTeamActive(ctx, root.id, legal.id, false);
    expect((await listTeams(ctx, { activeOnly: true })).map((t) => t.id)).toEqual([desk.id]);
    expect((await auditRows(db.ds, { entity: 'team', action: 'deactivate' })).length).toBe(1);
  });

  it('staff chats: layout, status from the bot, unbind; audited', async () => {
    const chat = await db.ds.getRepository(StaffChat).save({ chatId: -1001234567890, title: 'Saffron agents', teamId: desk.id, layout: 'forum' });
    expect((await listStaffChats(ctx, { teamId: desk.id })).map((c) => c.chatId)).toEqual([-1001234567890]);
    expect((await setStaffChatLayout(ctx, root.id, chat.id, 'plain')).layout).toBe('plain');
    await expect(setStaffChatLayout(ctx, reza.id, chat.id, 'forum')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await fieldErrors(setStaffChatLayout(ctx, root.id, chat.id, 'grid' as never))).toEqual({ layout: 'invalid' });
    const changed = await setStaffChatStatus(ctx, -1001234567890, 'not_admin', 'Saffron agents 2');
    expect(changed).toMatchObject({ status: 'not_admin', title: 'Saffron agents 2' });
    expect((await findStaffChatByChatId(ctx, -1001234567890))?.statusChangedAt).toBeInstanceOf(Date);
    expect(await setStaffChatStatus(ctx, -42, 'bot_removed')).toBeNull();
    await unbindStaffChat(ctx, root.id, chat.id);
    expect(await listStaffChats(ctx, { boundOnly: true })).toEqual([]);
    expect((await auditRows(db.ds, { entity: 'staff_chat' })).map((a) => a.action)).toEqual(['update', 'status', 'unbind']);
  });

  it('Telegram link can be removed by an admin or the account itself', async () => {
    await db.ds.getRepository(StaffAccount).update({ id: reza.id }, { telegramId: 5_000_000_001 });
    await expect(unlinkTelegram(ctx, sara.id, reza.id)).rejects.toBeInstanceOf(ForbiddenError);
    await unlinkTelegram(ctx, reza.id, reza.id);
    expect((await db.ds.getRepository(StaffAccount).findOneByOrFail({ id: reza.id })).telegramId).toBeNull();
  });
});
