/**
 * The demo (`npm run seed:demo`): on top of the base data, realistic departments and subjects for the four
 * value chains, FAQ entries, two teams with a supervisor and agents (demo passwords), canned replies, an
 * urgent SLA policy and the fixed solar holidays of 1405. Idempotent: everything is looked up by its code,
 * name or username first, so a second run creates nothing (and never resets a password).
 * Writes through the organisation services (validated and audited as the system).
 */
import type { CoreContext } from '../context.ts';
import { FaqEntry, Team } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { CalendarException, SlaPolicy } from '../entities/sla.ts';
import { getDefaultCalendar, createSlaPolicy, importExceptions } from '../services/calendars.ts';
import { createCanned, listCanned } from '../services/canned.ts';
import { createDepartment, createFaq, createSubject, findDepartmentByCode, findSubjectByCode, findValueChainByCode } from '../services/catalogue.ts';
import { createStaff, findStaffByUsername } from '../services/staff.ts';
import { addTeamMember, createTeam, teamsOfStaff } from '../services/teams.ts';
import { ensureBaseData } from './base.ts';
import { DEMO_ACCOUNTS, DEMO_CANNED, DEMO_CATALOGUE, DEMO_HOLIDAYS_1405, DEMO_TEAMS } from './data.ts';

export interface DemoLogin {
  username: string;
  role: string;
  displayName: string;
  /** the demo password, or null when the account existed already (its password was left alone) */
  password: string | null;
}

export interface DemoSeedResult {
  created: string[];
  logins: DemoLogin[];
}

const SYSTEM = null;

export async function seedDemo(ctx: CoreContext): Promise<DemoSeedResult> {
  const em = ctx.ds.manager;
  const created: string[] = [...(await ensureBaseData(ctx)).created];
  const calendar = await getDefaultCalendar(em);

  // teams
  const teamIds = {} as Record<keyof typeof DEMO_TEAMS, number>;
  for (const [key, t] of Object.entries(DEMO_TEAMS) as [keyof typeof DEMO_TEAMS, (typeof DEMO_TEAMS)[keyof typeof DEMO_TEAMS]][]) {
    let team = await em.findOne(Team, { where: { name: t.name } });
    if (!team) {
      team = await createTeam(ctx, SYSTEM, { ...t, calendarId: calendar?.id ?? null });
      created.push(`team "${t.name}" (${t.assignmentMode}, visibility ${t.visibility})`);
    }
    teamIds[key] = team.id;
  }

  // accounts and memberships
  const logins: DemoLogin[] = [];
  for (const a of DEMO_ACCOUNTS) {
    let staff: StaffAccount | null = await findStaffByUsername(em, a.username);
    let password: string | null = null;
    if (!staff) {
      staff = await createStaff(ctx, SYSTEM, { username: a.username, displayName: a.displayName, role: a.role, password: a.password });
      password = a.password;
      created.push(`${a.role} ${a.username} (${a.displayName})`);
    }
    const current = new Set((await teamsOfStaff(em, staff.id)).map((m) => m.team.id));
    for (const m of a.teams) {
      if (current.has(teamIds[m.team])) continue;
      await addTeamMember(ctx, SYSTEM, teamIds[m.team], staff.id, { supervisor: !!m.supervisor });
      created.push(`${a.username} joins "${DEMO_TEAMS[m.team].name}"${m.supervisor ? ' as supervisor' : ''}`);
    }
    logins.push({ username: a.username, role: a.role, displayName: a.displayName, password });
  }

  // departments, subjects and FAQ entries
  for (const [chainCode, departments] of Object.entries(DEMO_CATALOGUE)) {
    const chain = await findValueChainByCode(em, chainCode);
    if (!chain) continue; // an admin changed the seeded codes: leave his catalogue alone
    for (const [i, d] of departments.entries()) {
      let dept = await findDepartmentByCode(em, chain.id, d.code);
      if (!dept) {
        // before the base data's general department (sort order 1000)
        dept = await createDepartment(ctx, SYSTEM, {
          valueChainId: chain.id,
          code: d.code,
          nameFa: d.nameFa,
          nameEn: d.nameEn,
          teamId: teamIds[d.team],
          sortOrder: (i + 1) * 10,
        });
        created.push(`department ${chainCode}/${d.code} (${d.nameFa})`);
      }
      for (const s of d.subjects) {
        let subject = await findSubjectByCode(em, dept.id, s.code);
        if (!subject) {
          subject = await createSubject(ctx, SYSTEM, {
            departmentId: dept.id,
            code: s.code,
            nameFa: s.nameFa,
            nameEn: s.nameEn,
            defaultPriority: s.priority ?? 'normal',
          });
          created.push(`subject ${chainCode}/${d.code}/${s.code} (${s.nameFa})`);
        }
        for (const f of s.faq ?? []) {
          if (await em.existsBy(FaqEntry, { subjectId: subject.id, questionFa: f.q })) continue;
          await createFaq(ctx, SYSTEM, { subjectId: subject.id, questionFa: f.q, answerFa: f.a });
          created.push(`FAQ for ${chainCode}/${d.code}/${s.code}: ${f.q}`);
        }
      }
    }
  }

  // canned replies
  const shortcuts = new Set((await listCanned(em)).map((c) => c.shortcut));
  for (const c of DEMO_CANNED) {
    if (shortcuts.has(c.shortcut)) continue;
    await createCanned(ctx, SYSTEM, { shortcut: c.shortcut, title: c.title, body: c.body, teamId: c.team ? teamIds[c.team] : null });
    created.push(`canned reply /${c.shortcut}${c.team ? ` (${DEMO_TEAMS[c.team].name})` : ''}`);
  }

  // an urgent policy beside the default one
  const urgentName = 'فوری: پاسخ در ۳۰ دقیقه کاری';
  if (!(await em.existsBy(SlaPolicy, { name: urgentName }))) {
    await createSlaPolicy(ctx, SYSTEM, {
      name: urgentName,
      minPriority: 'urgent',
      firstResponseMinutes: 30,
      resolutionMinutes: 8 * 60,
      ceilingMinutes: 4 * 60,
      calendarId: calendar?.id ?? null,
      sortOrder: 10,
    });
    created.push(`SLA policy "${urgentName}"`);
  }

  // the fixed solar holidays of 1405 in the default calendar
  if (calendar) {
    const before = await em.count(CalendarException, { where: { calendarId: calendar.id } });
    const r = await importExceptions(ctx, SYSTEM, calendar.id, DEMO_HOLIDAYS_1405);
    if (r.created) created.push(`${r.created} holidays of 1405 in "${calendar.name}" (had ${before})`);
  }

  return { created, logins };
}
