/**
 * The organisation of the benchmark data set, written with the entities (a few hundred rows): the test
 * fixtures' basics (the Tehran calendar, teams A and B, admin, supervisor of A, agents a1 a2 in A and b1 in
 * B, the saffron value chain), 6 more teams (8 in all; 3–6 invited like A and B, 7–8 open to every agent),
 * agents up to 5 per team (40 assignable agents, each a member of his team), a catalogue of 4 value chains ×
 * 2 departments × 3 subjects (24 subjects) and one SLA policy (first response 60, resolution 2,400 working
 * minutes). The tickets and everything under them are written by SQL on the server (seed-sql.ts).
 */
import type { DataSource } from 'typeorm';
import { Department, SlaPolicy, StaffAccount, Subject, Team, TeamMember, ValueChain } from '../../../core/entities/index.ts';
import { seedBasics } from '../../support/fixtures.ts';

export interface Org {
  teams: number[];
  /** agents[i]: the 5 agents of teams[i], the ones tickets are assigned to */
  agents: number[][];
  subjects: { id: number; departmentId: number; valueChainId: number }[];
  policyId: number;
  memberTypes: { farmer: number; staff: number };
  staff: { admin: number; supervisor: number; agent: number };
}

const CHAINS: [string, string][] = [
  ['زعفران', 'saffron'],
  ['پسته', 'pistachio'],
  ['خرما', 'date'],
  ['برنج', 'rice'],
];
const DEPARTMENTS: [string, string][] = [
  ['دفتر', 'office'],
  ['کارگروه', 'board'],
];
const SUBJECTS: [string, string][] = [
  ['کاشت و داشت', 'cultivation'],
  ['آفات و بیماری‌ها', 'pests'],
  ['صادرات و فروش', 'export'],
];

export async function seedOrg(ds: DataSource): Promise<Org> {
  const b = await seedBasics(ds);
  const teamRepo = ds.getRepository(Team);
  const teams = [b.teamA.id, b.teamB.id];
  for (let i = 3; i <= 8; i++) {
    const { id: _id, createdAt: _createdAt, ...settings } = b.teamB;
    const tm = await teamRepo.save({ ...settings, name: `تیم ${i}`, alias: `تیم پاسخ‌گویی ${i}`, visibility: i <= 6 ? 'invited' : 'all' } as Partial<Team>);
    teams.push(tm.id);
  }
  const agents: number[][] = [[b.agentA1.id, b.agentA2.id], [b.agentB1.id], [], [], [], [], [], []];
  let n = 0;
  for (let t = 0; t < teams.length; t++) {
    while (agents[t]!.length < 5) {
      const s = await ds
        .getRepository(StaffAccount)
        .save({ username: `bench_${n}`, displayName: `کارشناس ${n + 1}`, role: 'agent' as const, active: true, locale: 'fa' as const });
      await ds.getRepository(TeamMember).save({ teamId: teams[t]!, staffId: s.id, supervisor: false, active: true });
      agents[t]!.push(s.id);
      n++;
    }
  }

  const subjects: Org['subjects'] = [];
  for (let c = 0; c < CHAINS.length; c++) {
    const [chainFa, chainEn] = CHAINS[c]!;
    const chain =
      c === 0 ? b.valueChain : await ds.getRepository(ValueChain).save({ code: `${chainEn}_bench`, nameFa: chainFa, nameEn: chainEn, sortOrder: c });
    for (let d = 0; d < DEPARTMENTS.length; d++) {
      const [deptFa, deptEn] = DEPARTMENTS[d]!;
      const dept =
        c === 0 && d === 0
          ? b.department
          : await ds.getRepository(Department).save({
              valueChainId: chain.id,
              code: deptEn,
              nameFa: `${deptFa} ${chainFa}`,
              nameEn: `${chainEn} ${deptEn}`,
              teamId: teams[(c * 2 + d) % teams.length]!,
              sortOrder: d,
            });
      for (let s = 0; s < SUBJECTS.length; s++) {
        const [subjFa, subjEn] = SUBJECTS[s]!;
        const existing = c === 0 && d === 0 ? [b.subjectA, b.subjectB][s] : undefined;
        const subject =
          existing ??
          (await ds
            .getRepository(Subject)
            .save({ departmentId: dept.id, code: subjEn, nameFa: subjFa, nameEn: subjEn, teamId: null, defaultPriority: 'normal' as const, sortOrder: s }));
        subjects.push({ id: subject.id, departmentId: dept.id, valueChainId: chain.id });
      }
    }
  }
  const policy = await ds.getRepository(SlaPolicy).save({
    name: 'پیش‌فرض',
    teamId: null,
    subjectId: null,
    minPriority: null,
    firstResponseMinutes: 60,
    resolutionMinutes: 2400,
    ceilingMinutes: 1440,
    calendarId: null,
    sortOrder: 0,
    active: true,
  });
  return {
    teams,
    agents,
    subjects,
    policyId: policy.id,
    memberTypes: { farmer: b.farmer.id, staff: b.employee.id },
    staff: { admin: b.admin.id, supervisor: b.supervisor.id, agent: b.agentA1.id },
  };
}
