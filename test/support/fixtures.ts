/**
 * A small organisation for ticket tests, inserted directly with the entities (no services):
 * the default Tehran calendar; team A (invited, manual) and team B (invited, manual);
 * staff: admin, supervisor (supervisor member of A), agentA1 and agentA2 (members of A), agentB1 (member of B);
 * member types farmer and employee (a staff type); value chain saffron → department "saffron office"
 * (team A) → subjects "cultivation" (no team of its own: the department's team A, priority normal) and
 * "export" (team B, priority high); two registered requesters and one staff-type member.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  Calendar,
  Department,
  MemberType,
  StaffAccount,
  Subject,
  Team,
  TeamMember,
  Ticket,
  TicketEvent,
  TicketNumberSeq,
  ValueChain,
} from '../../core/entities/index.ts';
import type { Priority, StaffRole } from '../../core/entities/enums.ts';
import { searchKey } from '../../core/text/index.ts';
import { inTransaction } from '../../core/tx.ts';
import { saveRequester, type TestRequester } from './requesters.ts';

export interface Basics {
  calendar: Calendar;
  teamA: Team;
  teamB: Team;
  admin: StaffAccount;
  supervisor: StaffAccount;
  agentA1: StaffAccount;
  agentA2: StaffAccount;
  agentB1: StaffAccount;
  farmer: MemberType;
  employee: MemberType;
  valueChain: ValueChain;
  department: Department;
  subjectA: Subject;
  subjectB: Subject;
  requester: TestRequester;
  requester2: TestRequester;
  /** a registered requester of a staff member type (may address a colleague) */
  staffMember: TestRequester;
}

let seq = 0;

/** (in one transaction, which on SQLite takes its turn with the system's: see inTransaction) */
export function seedBasics(ds: DataSource): Promise<Basics> {
  return inTransaction(ds, (em) => seedBasicsWith(em));
}

async function seedBasicsWith(em: EntityManager): Promise<Basics> {
  const tag = `${Date.now().toString(36)}${(seq++).toString(36)}`;
  const calendar = await em.save(
    em.create(Calendar, {
      name: 'Tehran',
      timeZone: 'Asia/Tehran',
      isDefault: true,
      weekly: {
        6: [{ start: '08:00', end: '16:00' }],
        0: [{ start: '08:00', end: '16:00' }],
        1: [{ start: '08:00', end: '16:00' }],
        2: [{ start: '08:00', end: '16:00' }],
        3: [{ start: '08:00', end: '16:00' }],
        4: [{ start: '08:00', end: '13:00' }],
        5: [],
      },
    }),
  );
  const team = (name: string) =>
    em.save(
      em.create(Team, {
        name,
        alias: `${name} alias`,
        visibility: 'invited',
        assignmentMode: 'manual',
        calendarId: calendar.id,
        autoCloseStates: ['answered', 'resolved'],
        customerCloseAllowed: false,
        active: true,
      }),
    );
  const teamA = await team('Team A');
  const teamB = await team('Team B');
  const staff = (username: string, displayName: string, role: StaffRole) =>
    em.save(em.create(StaffAccount, { username: `${username}_${tag}`, displayName, role, active: true, locale: 'fa' }));
  const admin = await staff('admin', 'مدیر سامانه', 'admin');
  const supervisor = await staff('sup', 'ناظر تیم', 'supervisor');
  const agentA1 = await staff('a1', 'علی رضایی', 'agent');
  const agentA2 = await staff('a2', 'سارا احمدی', 'agent');
  const agentB1 = await staff('b1', 'حسن کریمی', 'agent');
  const member = (teamId: number, staffId: number, supervisorFlag = false) =>
    em.save(em.create(TeamMember, { teamId, staffId, supervisor: supervisorFlag, active: true }));
  await member(teamA.id, supervisor.id, true);
  await member(teamA.id, agentA1.id);
  await member(teamA.id, agentA2.id);
  await member(teamB.id, agentB1.id);
  const farmer = await em.save(em.create(MemberType, { code: `farmer_${tag}`, nameFa: 'کشاورز', nameEn: 'Farmer', isStaff: false }));
  const employee = await em.save(em.create(MemberType, { code: `staff_${tag}`, nameFa: 'کارمند', nameEn: 'Staff', isStaff: true }));
  const valueChain = await em.save(em.create(ValueChain, { code: `saffron_${tag}`, nameFa: 'زعفران', nameEn: 'Saffron' }));
  const department = await em.save(
    em.create(Department, { valueChainId: valueChain.id, code: 'office', nameFa: 'دفتر زعفران', nameEn: 'Saffron office', teamId: teamA.id }),
  );
  const subject = (code: string, nameFa: string, teamId: number | null, defaultPriority: Priority) =>
    em.save(em.create(Subject, { departmentId: department.id, code, nameFa, nameEn: code, teamId, defaultPriority }));
  const subjectA = await subject('cultivation', 'کاشت', null, 'normal');
  const subjectB = await subject('export', 'صادرات', teamB.id, 'high');
  const person = (telegramId: number, fullName: string, phone: string, memberTypeId: number) =>
    saveRequester(em, { telegramId, fullName, phone, memberTypeId, registeredAt: new Date('2026-12-01T08:00:00Z') });
  const base = 7_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const requester = await person(base + 1, 'مریم کاظمی', '+989121234567', farmer.id);
  const requester2 = await person(base + 2, 'رضا محمدی', '+989351112233', farmer.id);
  const staffMember = await person(base + 3, 'نرگس یاوری', '+989198887766', employee.id);
  return {
    calendar,
    teamA,
    teamB,
    admin,
    supervisor,
    agentA1,
    agentA2,
    agentB1,
    farmer,
    employee,
    valueChain,
    department,
    subjectA,
    subjectB,
    requester,
    requester2,
    staffMember,
  };
}

export interface TicketSeed {
  state?: import('../../core/entities/enums.ts').TicketState;
  assigneeId?: number | null;
  teamId?: number | null;
  requesterId?: number | null;
  priority?: Priority;
  internal?: boolean;
  createdByStaffId?: number | null;
  title?: string;
  subjectId?: number | null;
  at?: Date;
}

/**
 * A ticket put straight into a state (for tests of what happens next), with the events the SLA contract
 * expects: 'created' (state new) and, for any other state, one 'state' event to it.
 */
export function makeTicket(ds: DataSource, b: Basics, seed: TicketSeed = {}): Promise<Ticket> {
  return inTransaction(ds, (em) => makeTicketWith(em, b, seed));
}

async function makeTicketWith(em: EntityManager, b: Basics, seed: TicketSeed): Promise<Ticket> {
  const at = seed.at ?? new Date('2026-12-05T06:00:00Z');
  const state = seed.state ?? 'new';
  const { identifiers } = await em.insert(TicketNumberSeq, { used: true });
  const number = 1000 + Number(identifiers[0]!.id);
  const title = seed.title ?? 'درخواست آزمایشی';
  const ticket = await em.save(
    em.create(Ticket, {
      number,
      state,
      priority: seed.priority ?? 'normal',
      tags: [],
      internal: seed.internal ?? false,
      requesterId: seed.requesterId === undefined ? b.requester.id : seed.requesterId,
      valueChainId: b.valueChain.id,
      departmentId: b.department.id,
      subjectId: seed.subjectId === undefined ? b.subjectA.id : seed.subjectId,
      teamId: seed.teamId === undefined ? b.teamA.id : seed.teamId,
      assigneeId: seed.assigneeId ?? null,
      createdByStaffId: seed.createdByStaffId ?? null,
      title,
      titleKey: searchKey(title),
      createdAt: at,
      updatedAt: at,
      lastActivityAt: at,
      closedAt: ['closed', 'cancelled', 'finished'].includes(state) ? at : null,
      resolvedAt: state === 'resolved' ? at : null,
      finishedAt: state === 'finished' ? at : null,
      version: 0,
    }),
  );
  await em.save(
    em.create(TicketEvent, {
      ticketId: ticket.id,
      actorKind: 'system',
      actorId: null,
      kind: 'created',
      action: 'open',
      before: null,
      after: { state: 'new', priority: ticket.priority, teamId: ticket.teamId, subjectId: ticket.subjectId },
      note: null,
      createdAt: at,
    }),
  );
  if (state !== 'new') {
    await em.save(
      em.create(TicketEvent, {
        ticketId: ticket.id,
        actorKind: 'system',
        actorId: null,
        kind: 'state',
        action: null,
        before: { state: 'new' },
        after: { state },
        note: null,
        createdAt: at,
      }),
    );
  }
  return ticket;
}
