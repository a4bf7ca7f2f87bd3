/**
 * Reports at scale (MariaDB): seeds N tickets (default 200,000; REPORTS_BENCH_TICKETS to change) over a
 * year with multi-row INSERTs — 'created' and state events, two SLA targets each, a rating on a third —
 * then times every dashboard and report (best of 3 runs after a warm-up) against the 500 ms goal.
 */
import { pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';
import { Rating, SlaPolicy, SlaTarget, StaffAccount, Ticket, TicketEvent } from '../../core/entities/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import {
  agentsReport, breakdownReport, myDashboard, ratingsReport, slaReport, teamCards, volumeReport, type ReportFilters,
} from '../../core/services/reports/index.ts';
import { sqlTime } from '../../core/services/reports/sql.ts';
import { createMariaDb } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics } from '../support/fixtures.ts';
import type { BenchResult } from './run.ts';

const GOAL_MS = 500;

async function insertRows(ds: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const marks = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await ds.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${marks}`, chunk.flat());
  }
}

export async function bench(): Promise<BenchResult[]> {
  const N = Number(process.env.REPORTS_BENCH_TICKETS ?? 200_000);
  const db = await createMariaDb();
  const ds = db.ds;
  try {
    const b = await seedBasics(ds);
    const policy = await ds.getRepository(SlaPolicy).save({
      name: 'P', teamId: null, subjectId: null, minPriority: null, firstResponseMinutes: 60, resolutionMinutes: 2400,
      ceilingMinutes: 1440, calendarId: null, sortOrder: 0, active: true,
    });
    const now = new Date('2026-12-09T11:30:00Z');
    const yearMs = 365 * 86_400_000;
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const agents = [b.agentA1.id, b.agentA2.id, b.agentB1.id, b.supervisor.id];
    const teams = [b.teamA.id, b.teamB.id];
    const states = ['new', 'open', 'answered', 'resolved', 'closed', 'closed', 'closed', 'closed', 'finished', 'cancelled'] as const;
    const t0 = performance.now();
    const tickets: unknown[][] = [];
    const events: unknown[][] = [];
    const targets: unknown[][] = [];
    const ratings: unknown[][] = [];
    const firstId = 1_000_000;
    for (let i = 0; i < N; i++) {
      const id = firstId + i;
      const created = new Date(now.getTime() - Math.floor(rnd() * yearMs));
      // the most recent tickets are mostly still active
      const recent = now.getTime() - created.getTime() < 3 * 86_400_000;
      const state = recent && rnd() < 0.7 ? states[Math.floor(rnd() * 4)]! : states[Math.floor(rnd() * states.length)]!;
      const fr = state === 'new' ? null : new Date(created.getTime() + Math.floor(rnd() * 8 * 3_600_000));
      const answered = fr;
      const closed = ['closed', 'finished', 'cancelled'].includes(state) ? new Date((fr ?? created).getTime() + Math.floor(rnd() * 4 * 86_400_000)) : null;
      const team = teams[i % 2]!;
      const assignee = state === 'new' ? null : agents[Math.floor(rnd() * agents.length)]!;
      const updated = closed ?? answered ?? created;
      tickets.push([
        id, id, state, rnd() < 0.1 ? 'urgent' : rnd() < 0.2 ? 'high' : 'normal', '[]', 0, b.requester.id, b.valueChain.id, b.department.id,
        b.subjectA.id, team, assignee, policy.id, 'bench', 'bench', rnd() < 0.05 ? 1 : 0, sqlTime(created), sqlTime(updated), sqlTime(updated),
        fr ? sqlTime(fr) : null, closed ? sqlTime(closed) : null, 0,
      ]);
      events.push([id, 'system', 'created', JSON.stringify({ state: 'new' }), sqlTime(created)]);
      if (answered && state !== 'open') events.push([id, 'staff', 'state', JSON.stringify({ state: 'answered' }), sqlTime(answered)]);
      if (state !== 'new' && state !== 'answered') events.push([id, 'staff', 'state', JSON.stringify({ state: state === 'finished' ? 'closed' : state }), sqlTime(closed ?? updated)]);
      const frBreached = fr ? fr.getTime() - created.getTime() > 3 * 3_600_000 : now.getTime() - created.getTime() > 86_400_000;
      targets.push([id, 'first_response', policy.id, 60, sqlTime(new Date(created.getTime() + 3_600_000)), fr ? sqlTime(fr) : null, frBreached ? 1 : 0, 0, 0, sqlTime(now)]);
      targets.push([id, 'resolution', policy.id, 2400, sqlTime(new Date(created.getTime() + 5 * 86_400_000)), closed && state !== 'cancelled' ? sqlTime(closed) : null, rnd() < 0.1 ? 1 : 0, state === 'answered' || state === 'resolved' ? 1 : 0, state === 'cancelled' ? 1 : 0, sqlTime(now)]);
      if (closed && state !== 'cancelled' && rnd() < 0.33) {
        ratings.push([id, b.requester.id, assignee, team, 1 + Math.floor(rnd() * 5), rnd() < 0.3 ? 'خوب بود، ممنون' : null, sqlTime(new Date(closed.getTime() + 60_000))]);
      }
    }
    const table = (e: Function) => ds.getMetadata(e).tableName;
    await insertRows(ds, table(Ticket), [
      'id', 'number', 'state', 'priority', 'tags', 'internal', 'requesterId', 'valueChainId', 'departmentId', 'subjectId', 'teamId', 'assigneeId',
      'slaPolicyId', 'title', 'titleKey', 'reopenCount', 'createdAt', 'updatedAt', 'lastActivityAt', 'firstResponseAt', 'closedAt', 'version',
    ], tickets);
    await insertRows(ds, table(TicketEvent), ['ticketId', 'actorKind', 'kind', 'after', 'createdAt'], events);
    await insertRows(ds, table(SlaTarget), ['ticketId', 'kind', 'policyId', 'minutes', 'deadline', 'reachedAt', 'breached', 'paused', 'cancelled', 'updatedAt'], targets);
    await insertRows(ds, table(Rating), ['ticketId', 'requesterId', 'assigneeId', 'teamId', 'score', 'comment', 'createdAt'], ratings);
    await ds.query('ANALYZE TABLE tickets, ticket_events, sla_targets, ratings');
    const seedSeconds = (performance.now() - t0) / 1000;

    const ctx = testContext(ds, new TestClock(now));
    const admin = staffActor(b.admin);
    const sup = staffActor(b.supervisor);
    const agent = staffActor((await ds.getRepository(StaffAccount).findOneByOrFail({ id: b.agentA1.id })));
    const month: ReportFilters = { from: new Date(now.getTime() - 30 * 86_400_000), to: now };
    const year: ReportFilters = { from: new Date(now.getTime() - yearMs), to: now };
    const time = async (name: string, fn: () => Promise<unknown>, note = ''): Promise<BenchResult> => {
      await fn();
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const s = performance.now();
        await fn();
        best = Math.min(best, performance.now() - s);
      }
      return { name, value: best, unit: 'ms', goal: `< ${GOAL_MS} ms`, met: best < GOAL_MS, note };
    };
    const results: BenchResult[] = [
      { name: `seed ${N.toLocaleString('en-US')} tickets, ${events.length.toLocaleString('en-US')} events, ${targets.length.toLocaleString('en-US')} targets, ${ratings.length.toLocaleString('en-US')} ratings`, value: seedSeconds, unit: 's' },
      await time('myDashboard (agent)', () => myDashboard(ctx, agent, now)),
      await time('teamCards (admin, 2 teams)', () => teamCards(ctx, admin, now)),
      await time('volumeReport 30 days by day (admin)', () => volumeReport(ctx, admin, month, 'day')),
      await time('volumeReport 365 days by month (admin)', () => volumeReport(ctx, admin, year, 'month')),
      await time('breakdownReport 30 days (admin)', () => breakdownReport(ctx, admin, month)),
      await time('slaReport 30 days (admin)', () => slaReport(ctx, admin, month), 'includes working-minute median/p90 over the cohort'),
      await time('agentsReport 30 days (supervisor, team A)', () => agentsReport(ctx, sup, month)),
      await time('ratingsReport 30 days (admin)', () => ratingsReport(ctx, admin, month, 'week')),
      await time('slaReport 365 days (admin)', () => slaReport(ctx, admin, year), 'the whole year: every ticket through the calendar'),
    ];
    return results;
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await bench());
