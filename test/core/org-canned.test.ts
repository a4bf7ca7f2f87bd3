import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Team, TeamMember } from '../../core/entities/org.ts';
import type { StaffAccount } from '../../core/entities/people.ts';
import { createCanned, deleteCanned, findCanned, listCanned, normalizeShortcut, setCannedActive, updateCanned } from '../../core/services/canned.ts';
import { ForbiddenError } from '../../core/services/errors.ts';
import { testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { auditRows, DATABASES, fieldErrors, makeStaff } from './org-support.ts';

describe.each(DATABASES)('canned replies on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let admin: StaffAccount;
  let boss: StaffAccount;
  let agent: StaffAccount;
  let outsider: StaffAccount;
  let saffron: Team;
  let grape: Team;
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds);
    admin = await makeStaff(db.ds, 'admin');
    boss = await makeStaff(db.ds, 'supervisor');
    agent = await makeStaff(db.ds, 'agent');
    outsider = await makeStaff(db.ds, 'agent');
    const teams = db.ds.getRepository(Team);
    saffron = await teams.save(teams.create({ name: 'Saffron' }));
    grape = await teams.save(teams.create({ name: 'Grape' }));
    await db.ds.getRepository(TeamMember).save([
      { teamId: saffron.id, staffId: boss.id, supervisor: true },
      { teamId: saffron.id, staffId: agent.id },
      { teamId: grape.id, staffId: outsider.id },
    ]);
  });
  afterAll(async () => db?.close());

  it('normalises shortcuts (case, Arabic letters, a leading slash, spaces)', () => {
    expect(normalizeShortcut('/Hello ')).toBe('hello');
    expect(normalizeShortcut('سلام_كتبي')).toBe('سلام_کتبی');
    expect(normalizeShortcut('مدارک صادرات')).toBe('مدارکصادرات');
  });

  it('admins create global and team replies; supervisors only for their teams; audited', async () => {
    await createCanned(ctx, admin.id, { shortcut: 'salam', title: 'سلام و خوشامد', body: 'سلام، وقت بخیر. درخواست شما دریافت شد و در حال بررسی است.' });
    await createCanned(ctx, boss.id, {
      shortcut: 'madarek',
      title: 'مدارک صادرات زعفران',
      body: 'برای صادرات زعفران گواهی بهداشت و کارت بازرگانی لازم است.',
      teamId: saffron.id,
    });
    await createCanned(ctx, admin.id, { shortcut: 'angoor', title: 'کشمش', body: 'راهنمای خشک کردن انگور.', teamId: grape.id });
    await expect(createCanned(ctx, boss.id, { shortcut: 'x', title: 'x', body: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createCanned(ctx, boss.id, { shortcut: 'x', title: 'x', body: 'x', teamId: grape.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createCanned(ctx, agent.id, { shortcut: 'x', title: 'x', body: 'x', teamId: saffron.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await fieldErrors(createCanned(ctx, admin.id, { shortcut: 'SALAM', title: 'x', body: 'x' }))).toEqual({ shortcut: 'duplicate' });
    expect(await fieldErrors(createCanned(ctx, admin.id, { shortcut: 'a!b', title: '', body: '' }))).toEqual({
      shortcut: 'invalid_code',
      title: 'required',
      body: 'required',
    });
    expect((await listCanned(ctx)).map((c) => c.shortcut)).toEqual(['angoor', 'madarek', 'salam']);
    expect((await auditRows(db.ds, { entity: 'canned_reply', action: 'create' })).map((a) => a.staffId)).toEqual([admin.id, boss.id, admin.id]);
  });

  it('finds by exact shortcut first, then prefix, then words of the title or body (Arabic letters fold)', async () => {
    await createCanned(ctx, admin.id, { shortcut: 'salam2', title: 'سلام دوم', body: 'متن دوم' });
    expect((await findCanned(ctx, agent, '/r salam')).map((c) => c.shortcut)).toEqual(['salam', 'salam2']);
    expect((await findCanned(ctx, agent, 'SAL')).map((c) => c.shortcut)).toEqual(['salam', 'salam2']);
    expect((await findCanned(ctx, agent, 'زعفران گواهي')).map((c) => c.shortcut)).toEqual(['madarek']);
    expect((await findCanned(ctx, agent, 'كارت بازرگانی')).map((c) => c.shortcut)).toEqual(['madarek']);
    // team scoping: the grape reply is not offered to the saffron agent, and vice versa
    expect((await findCanned(ctx, agent, 'angoor')).map((c) => c.shortcut)).toEqual([]);
    expect((await findCanned(ctx, outsider, 'madarek')).map((c) => c.shortcut)).toEqual([]);
    expect((await findCanned(ctx, outsider, '')).map((c) => c.shortcut)).toEqual(['angoor', 'salam', 'salam2']);
    expect((await findCanned(ctx, admin, '')).length).toBe(4);
    expect(await findCanned(ctx, agent, 'nothing matches this')).toEqual([]);
  });

  it('edits, deactivates and deletes; inactive replies are not found', async () => {
    const [salam2] = await findCanned(ctx, agent, 'salam2');
    await updateCanned(ctx, admin.id, salam2!.id, { title: 'سلام ۲', shortcut: 'hi' });
    expect((await findCanned(ctx, agent, 'hi')).map((c) => c.title)).toEqual(['سلام ۲']);
    const [madarek] = await findCanned(ctx, agent, 'madarek');
    await expect(updateCanned(ctx, boss.id, madarek!.id, { teamId: grape.id })).rejects.toBeInstanceOf(ForbiddenError);
    await setCannedActive(ctx, boss.id, madarek!.id, false);
    expect(await findCanned(ctx, agent, 'madarek')).toEqual([]);
    await deleteCanned(ctx, admin.id, salam2!.id);
    expect((await listCanned(ctx)).map((c) => c.shortcut)).toEqual(['angoor', 'madarek', 'salam']);
    expect((await auditRows(db.ds, { entity: 'canned_reply' })).map((a) => a.action).slice(-3)).toEqual(['update', 'update', 'delete']);
  });
});
