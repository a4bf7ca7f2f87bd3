/**
 * The hand-built data set of the report tests (test/core/reports-figures.test.ts works the figures out by hand;
 * the panel's report routes and the browser test use them too). Calendar: Tehran, Sat–Wed 08:00–16:00, Thu 08:00–13:00;
 * "now" is Wed 2026-12-09 15:00 Tehran (1405/09/18); the range 1405/09/14 – 1405/09/18 is Sat → Wed.
 * Team A (agent A1, policy P: first response 60, resolution 2400 working minutes): T1 T2 T3 closed (T2
 * reopened once, T1 paused while waiting for the user), T4 urgent with a breached first response, T5 high
 * at risk, T6 unassigned, T8 closed today, T9 cancelled; team B: T7 (agent B1) closed, rated 1.
 */
import type { DataSource } from 'typeorm';
import { Rating, SlaPolicy, SlaTarget, StaffAccount, Ticket, TicketEvent, TicketNumberSeq } from '../../core/entities/index.ts';
import type { Priority, SlaKind, TicketState } from '../../core/entities/enums.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';

export const teh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+03:30`);
export const NOW = teh('2026-12-09 15:00');
/** the range of the data set as the report form takes it */
export const RANGE = { from: '1405/09/14', to: '1405/09/18' };

export interface ReportData {
  b: Basics;
  policy: SlaPolicy;
  T: Record<string, Ticket>;
}

export async function seedReportData(ds: DataSource): Promise<ReportData> {
  const b = await seedBasics(ds);
  const em = ds.manager;
  const T: Record<string, Ticket> = {};
  await ds.getRepository(StaffAccount).update({ id: b.agentA1.id }, { dailyGoal: 1 });
  b.agentA1.dailyGoal = 1;
  const policy = await ds.getRepository(SlaPolicy).save({
    name: 'P',
    teamId: b.teamA.id,
    subjectId: null,
    minPriority: null,
    firstResponseMinutes: 60,
    resolutionMinutes: 2400,
    ceilingMinutes: null,
    calendarId: null,
    sortOrder: 0,
    active: true,
  });

  async function ticket(
    name: string,
    o: { team?: number; assignee?: number | null; priority?: Priority; states: [string, TicketState][]; fr?: string; reopen?: number },
  ): Promise<Ticket> {
    const { identifiers } = await em.insert(TicketNumberSeq, { used: true });
    const last = o.states.at(-1)!;
    const stopped = ['closed', 'cancelled', 'finished'].includes(last[1]);
    const t = await em.save(
      em.create(Ticket, {
        number: 5000 + Number(identifiers[0]!.id),
        state: last[1],
        priority: o.priority ?? 'normal',
        tags: [],
        internal: false,
        requesterId: b.requester.id,
        valueChainId: b.valueChain.id,
        departmentId: b.department.id,
        subjectId: b.subjectA.id,
        teamId: o.team ?? b.teamA.id,
        assigneeId: o.assignee === undefined ? b.agentA1.id : o.assignee,
        createdByStaffId: null,
        slaPolicyId: o.team === undefined ? policy.id : null,
        title: `تیکت ${name}`,
        titleKey: name,
        reopenCount: o.reopen ?? 0,
        createdAt: teh(o.states[0]![0]),
        updatedAt: teh(last[0]),
        lastActivityAt: teh(last[0]),
        firstResponseAt: o.fr ? teh(o.fr) : null,
        closedAt: stopped ? teh(last[0]) : null,
        version: 0,
      }),
    );
    let prev: TicketState | null = null;
    for (const [at, s] of o.states) {
      await em.save(
        em.create(TicketEvent, {
          ticketId: t.id,
          actorKind: 'system',
          actorId: null,
          kind: prev === null ? 'created' : 'state',
          action: prev === 'closed' ? 'reopen' : null,
          before: prev === null ? null : { state: prev },
          after: { state: s },
          note: null,
          createdAt: teh(at),
        }),
      );
      prev = s;
    }
    T[name] = t;
    return t;
  }
  const target = (t: Ticket, kind: SlaKind, o: { deadline: string; reached?: string; breached?: boolean }) =>
    em.save(
      em.create(SlaTarget, {
        ticketId: t.id,
        kind,
        policyId: policy.id,
        minutes: kind === 'first_response' ? 60 : 2400,
        deadline: teh(o.deadline),
        warnAt: null,
        reachedAt: o.reached ? teh(o.reached) : null,
        breached: o.breached ?? false,
        breachedAt: o.breached ? teh(o.deadline) : null,
        paused: false,
        pausedMinutes: 0,
        cancelled: false,
        warnedAt: null,
        updatedAt: NOW,
      }),
    );
  const rate = (t: Ticket, score: number, at: string, comment: string | null = null) =>
    em.save(em.create(Rating, { ticketId: t.id, requesterId: b.requester.id, assigneeId: t.assigneeId, teamId: t.teamId, score, comment, createdAt: teh(at) }));

  const t1 = await ticket('T1', {
    states: [
      ['2026-12-05 08:00', 'new'],
      ['2026-12-05 09:00', 'answered'],
      ['2026-12-06 08:00', 'open'],
      ['2026-12-06 10:00', 'closed'],
    ],
    fr: '2026-12-05 09:00',
  });
  await target(t1, 'first_response', { deadline: '2026-12-05 09:00', reached: '2026-12-05 09:00' });
  await target(t1, 'resolution', { deadline: '2026-12-13 08:00', reached: '2026-12-06 10:00' });
  await rate(t1, 5, '2026-12-06 10:05', 'عالی بود، ممنون از "پشتیبانی"');
  const t2 = await ticket('T2', {
    reopen: 1,
    states: [
      ['2026-12-05 10:00', 'new'],
      ['2026-12-05 12:00', 'answered'],
      ['2026-12-05 13:00', 'closed'],
      ['2026-12-07 08:00', 'open'],
      ['2026-12-07 09:00', 'closed'],
    ],
    fr: '2026-12-05 12:00',
  });
  await target(t2, 'first_response', { deadline: '2026-12-05 11:00', reached: '2026-12-05 12:00', breached: true });
  await target(t2, 'resolution', { deadline: '2026-12-15 08:00', reached: '2026-12-07 09:00' });
  await rate(t2, 4, '2026-12-07 09:10');
  const t3 = await ticket('T3', {
    states: [
      ['2026-12-06 15:00', 'new'],
      ['2026-12-06 15:30', 'open'],
      ['2026-12-07 10:00', 'answered'],
      ['2026-12-07 11:00', 'open'],
      ['2026-12-07 14:00', 'closed'],
    ],
    fr: '2026-12-07 10:00',
  });
  await target(t3, 'first_response', { deadline: '2026-12-06 16:00', reached: '2026-12-07 10:00', breached: true });
  await target(t3, 'resolution', { deadline: '2026-12-14 15:00', reached: '2026-12-07 14:00' });
  await rate(t3, 2, '2026-12-07 14:30', 'دیر جواب دادند\nخیلی دیر');
  const t4 = await ticket('T4', {
    priority: 'urgent',
    states: [
      ['2026-12-08 08:00', 'new'],
      ['2026-12-08 08:10', 'open'],
    ],
  });
  await target(t4, 'first_response', { deadline: '2026-12-08 09:00', breached: true });
  await target(t4, 'resolution', { deadline: '2026-12-15 08:00' });
  const t5 = await ticket('T5', {
    priority: 'high',
    states: [
      ['2026-12-09 14:00', 'new'],
      ['2026-12-09 14:05', 'open'],
    ],
  });
  await target(t5, 'first_response', { deadline: '2026-12-09 15:20' });
  await target(t5, 'resolution', { deadline: '2026-12-16 14:00' });
  await ticket('T6', { assignee: null, states: [['2026-12-09 09:00', 'new']] });
  const t8 = await ticket('T8', {
    states: [
      ['2026-12-09 08:00', 'new'],
      ['2026-12-09 08:30', 'answered'],
      ['2026-12-09 12:00', 'closed'],
    ],
    fr: '2026-12-09 08:30',
  });
  await target(t8, 'first_response', { deadline: '2026-12-09 09:00', reached: '2026-12-09 08:30' });
  await target(t8, 'resolution', { deadline: '2026-12-16 08:00', reached: '2026-12-09 08:30' });
  await rate(t8, 5, '2026-12-09 12:10');
  await ticket('T9', {
    assignee: null,
    states: [
      ['2026-12-08 10:00', 'new'],
      ['2026-12-08 11:00', 'cancelled'],
    ],
  });
  const t7 = await ticket('T7', {
    team: b.teamB.id,
    assignee: b.agentB1.id,
    states: [
      ['2026-12-07 08:00', 'new'],
      ['2026-12-07 10:00', 'closed'],
    ],
    fr: '2026-12-07 09:00',
  });
  await rate(t7, 1, '2026-12-07 10:30', 'بد');
  return { b, policy, T };
}

export { parseCsv } from '../support/csv.ts';
