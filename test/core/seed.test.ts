import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ENTITIES } from '../../core/entities/index.ts';
import { Department, Subject, Team, TeamMember, ValueChain } from '../../core/entities/org.ts';
import { MemberType, StaffAccount } from '../../core/entities/people.ts';
import { Calendar, CalendarException, SlaPolicy } from '../../core/entities/sla.ts';
import { AuditEntry, Setting } from '../../core/entities/system.ts';
import { ensureBaseData } from '../../core/seed/base.ts';
import { DEMO_ACCOUNTS } from '../../core/seed/data.ts';
import { seedDemo } from '../../core/seed/demo.ts';
import { findCanned } from '../../core/services/canned.ts';
import { getSubjectRoute, listDepartments, listSubjects, listValueChains } from '../../core/services/catalogue.ts';
import { verifyPassword } from '../../core/services/passwords.ts';
import { getSettings } from '../../core/services/settings.ts';
import { membersOfTeam } from '../../core/services/teams.ts';
import { testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { DATABASES, inChildProcesses } from './org-support.ts';

const execFileAsync = promisify(execFile);

/** row counts of every table except the settings and audit log */
async function counts(ds: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of ENTITIES) if (e !== AuditEntry && e !== Setting) out[e.name] = await ds.getRepository(e).count();
  return out;
}

describe.each(DATABASES)('seeds on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds);
  });
  afterAll(async () => db?.close());

  it('base data on an empty database: the four value chains, member types, the Tehran calendar, the default policy; no accounts', async () => {
    const r = await ensureBaseData(ctx);
    expect(r.created.length).toBe(7);
    expect((await listValueChains(ctx)).map((v) => [v.code, v.nameFa])).toEqual([
      ['medicinal', 'گیاهان دارویی و معطر'],
      ['grape', 'انگور'],
      ['saffron', 'زعفران'],
      ['damask_rose', 'گل محمدی'],
    ]);
    // a usable catalogue: every chain leads to a subject the bot can offer
    for (const vc of await listValueChains(ctx)) {
      const [dept] = await listDepartments(ctx, vc.id);
      const [subject] = await listSubjects(ctx, dept!.id);
      expect(await getSubjectRoute(ctx, subject!.id)).toMatchObject({ priority: 'normal', teamId: null });
    }
    const types = await db.ds.getRepository(MemberType).find({ order: { sortOrder: 'ASC' } });
    expect(types.map((t) => t.code)).toEqual(
      expect.arrayContaining(['farmer', 'trader', 'lawyer', 'expert', 'family_counsellor', 'arbitrator', 'trainee', 'staff']),
    );
    expect(types.filter((t) => t.isStaff).map((t) => t.code)).toEqual(['staff']);
    const [cal] = await db.ds.getRepository(Calendar).find();
    expect(cal).toMatchObject({ isDefault: true, timeZone: 'Asia/Tehran' });
    expect(cal!.weekly[6]).toEqual([{ start: '08:00', end: '16:00' }]);
    expect(cal!.weekly[4]).toEqual([{ start: '08:00', end: '13:00' }]);
    expect(cal!.weekly[5] ?? []).toEqual([]);
    const [policy] = await db.ds.getRepository(SlaPolicy).find();
    expect(policy).toMatchObject({ firstResponseMinutes: 60, ceilingMinutes: 1440, calendarId: cal!.id, teamId: null, subjectId: null, active: true });
    expect(policy!.resolutionMinutes).toBeGreaterThan(0);
    expect(await db.ds.getRepository(StaffAccount).count()).toBe(0);
    expect(await db.ds.getRepository(AuditEntry).countBy({ action: 'seed' })).toBeGreaterThan(0);
  });

  it('base data is idempotent and leaves filled tables alone', async () => {
    const before = await counts(db.ds);
    expect((await ensureBaseData(ctx)).created).toEqual([]);
    expect(await counts(db.ds)).toEqual(before);
  });

  it('the demo adds departments, subjects, teams, accounts, canned replies and holidays', async () => {
    const first = await seedDemo(ctx);
    expect(first.created.length).toBeGreaterThan(40);
    expect(first.logins.map((l) => [l.username, l.password])).toEqual(DEMO_ACCOUNTS.map((a) => [a.username, a.password]));
    const admin = await db.ds.getRepository(StaffAccount).findOneByOrFail({ username: 'admin' });
    expect(admin.role).toBe('admin');
    expect(await verifyPassword(admin.passwordHash, DEMO_ACCOUNTS[0]!.password)).toBe(true);
    const teams = await db.ds.getRepository(Team).find({ order: { id: 'ASC' } });
    expect(teams.length).toBe(2);
    for (const team of teams) {
      const members = await membersOfTeam(ctx, team.id, { activeOnly: true });
      expect(members.filter((m) => m.supervisor).map((m) => m.staff.username)).toEqual(['supervisor']);
      expect(members.filter((m) => m.staff.role === 'agent').length).toBe(2);
    }
    const saffron = (await listValueChains(ctx)).find((v) => v.code === 'saffron')!;
    const depts = await listDepartments(ctx, saffron.id);
    expect(depts.map((d) => d.code)).toEqual(['extension', 'trade', 'legal', 'counselling', 'general']);
    const trade = depts.find((d) => d.code === 'trade')!;
    const subjects = await listSubjects(ctx, trade.id);
    expect(subjects.map((s) => s.code)).toContain('export');
    const route = await getSubjectRoute(ctx, subjects.find((s) => s.code === 'export')!.id);
    expect(route?.teamId).toBe(trade.teamId);
    expect(route?.teamId).not.toBeNull();
    const agent = await db.ds.getRepository(StaffAccount).findOneByOrFail({ username: 'hossein' });
    expect((await findCanned(ctx, agent, 'docs')).map((c) => c.shortcut)).toEqual(['docs']);
    expect(await findCanned(ctx, agent, 'courses')).toEqual([]); // the other team's reply
    expect(await db.ds.getRepository(CalendarException).countBy({ date: '2026-03-21', kind: 'holiday' })).toBe(1);
    expect(await db.ds.getRepository(SlaPolicy).count()).toBe(2);
    expect((await getSettings(ctx)).contentRule).toBe('rewrite');
  });

  it('a second demo run creates nothing and keeps the passwords', async () => {
    const before = await counts(db.ds);
    const auditBefore = await db.ds.getRepository(AuditEntry).count();
    await db.ds.getRepository(StaffAccount).update({ username: 'ali' }, { displayName: 'علی رضایی (ویرایش شده)' });
    const second = await seedDemo(ctx);
    expect(second.created).toEqual([]);
    expect(second.logins.every((l) => l.password === null)).toBe(true);
    expect(await counts(db.ds)).toEqual(before);
    expect(await db.ds.getRepository(AuditEntry).count()).toBe(auditBefore);
    expect((await db.ds.getRepository(StaffAccount).findOneByOrFail({ username: 'ali' })).displayName).toBe('علی رضایی (ویرایش شده)');
    expect(await db.ds.getRepository(Department).count()).toBe(before.Department);
    expect(await db.ds.getRepository(Subject).count()).toBe(before.Subject);
    expect(await db.ds.getRepository(TeamMember).count()).toBe(before.TeamMember);
    expect(await db.ds.getRepository(ValueChain).count()).toBe(4);
  });
});

describe.each(DATABASES)('concurrent starts on %s', (_name, make) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await make();
  });
  afterAll(async () => db?.close());

  it('two processes starting on an empty database write the base data once', async () => {
    const outcomes = await inChildProcesses(db, 3, { op: 'base' });
    expect(outcomes.sort()).toEqual(['created:0', 'created:0', 'created:7']);
    expect(await db.ds.getRepository(ValueChain).count()).toBe(4);
    expect(await db.ds.getRepository(Calendar).count()).toBe(1);
    expect(await db.ds.getRepository(SlaPolicy).count()).toBe(1);
    expect(await db.ds.getRepository(MemberType).count()).toBe(10);
  }, 60_000);
});

describe('npm run seed:demo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hd-seed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the configured SQLite file, prints the logins, and a second run creates nothing', async () => {
    const env = {
      ...process.env,
      SQLITE_PATH: join(dir, 'demo.sqlite'),
      DATA_DIR: dir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'https://desk.example.ir',
    };
    const run = () => execFileAsync(process.execPath, ['--import', 'tsx', 'core/seed/demo-cli.ts'], { env, cwd: process.cwd(), timeout: 120_000 });
    const first = await run();
    expect(first.stdout).toMatch(/created \d+ item\(s\)/);
    expect(first.stdout).toContain('value chain saffron (زعفران)');
    expect(first.stdout).toMatch(/admin\s+admin\s+admin-demo-1405/);
    // the panel's address is where the panel is (the inbox), not /admin
    expect(first.stdout).toContain('demo logins (panel: https://desk.example.ir/tickets, sign in at https://desk.example.ir/login):');
    expect(first.stdout).not.toContain('/admin');
    const second = await run();
    expect(second.stdout).toContain('nothing to create');
    expect(second.stdout).toMatch(/admin\s+admin\s+\(existing account: password unchanged\)/);
    expect(second.stdout).not.toContain('admin-demo-1405');
  }, 120_000);
});
