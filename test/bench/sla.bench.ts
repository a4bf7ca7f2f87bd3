/**
 * SLA timers at scale (issue 9): 100,000 open tickets with a running first-response target each (MariaDB,
 * inserted with multi-row INSERTs, deadlines spread over the next days), then:
 * - the time SlaTimers.reconcile takes to schedule them all (a warning and a breach job per target, as after a
 *   restart or a Redis flush — the same path a ticket change takes, in pages of 500);
 * - the Redis memory they use: INFO used_memory before and after (the machine's Redis is shared, so also the
 *   exact sum of MEMORY USAGE over the keys of this run's private prefix);
 * - breach notification lag: a sample of targets whose deadlines fall due during the run (spread over 10 s),
 *   scheduled the same way while the 200,000 other jobs wait; the lag is breachedAt (the transaction that marks
 *   the breach and writes the team chat's and the supervisor's outbox rows) minus the deadline. Goal: under 2 s.
 * SLA_BENCH_TICKETS and SLA_BENCH_SAMPLE change the sizes.
 */
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { MoreThanOrEqual, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { systemClock } from '../../core/context.ts';
import { OutboxMessage, SlaPolicy, SlaTarget, StaffAccount, StaffChat, TeamMember, Ticket } from '../../core/entities/index.ts';
import { sqlTime } from '../../core/services/reports/sql.ts';
import { SlaTimers, startSlaWorker } from '../../jobs/sla/timers.ts';
import { createMariaDb } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { seedBasics } from '../support/fixtures.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';
import type { BenchResult } from './run.ts';

export const title = 'SLA timers at scale';
export const notes = [
  'Each running target has two delayed BullMQ jobs (warning, breach; the job id carries the deadline) and a small set',
  '`<prefix>:sla:jobs:<targetId>` naming them, so a moved deadline can remove the old ones. The lag is measured to the',
  'breach transaction (target marked breached, outbox rows for the team chat and the supervisor written); sending',
  "those rows to Telegram is the outbox's work (see the outbox section). The machine's MariaDB and Redis are shared",
  'with other runs going on at the same time, so times are pessimistic.',
].join('\n');

async function insertRows(ds: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const marks = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await ds.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${marks}`, chunk.flat());
  }
}

const usedMemory = async (r: Redis) => Number((await r.info('memory')).match(/used_memory:(\d+)/)?.[1] ?? 0);

async function prefixMemory(r: Redis, prefix: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000);
    cursor = next;
    if (!batch.length) continue;
    const p = r.pipeline();
    for (const k of batch) p.memory('USAGE', k, 'SAMPLES', '0');
    for (const [, v] of (await p.exec()) ?? []) bytes += Number(v ?? 0);
    keys += batch.length;
  } while (cursor !== '0');
  return { keys, bytes };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

export async function bench(): Promise<BenchResult[]> {
  const N = Number(process.env.SLA_BENCH_TICKETS ?? 100_000);
  const SAMPLE = Number(process.env.SLA_BENCH_SAMPLE ?? 200);
  const db = await createMariaDb();
  const ds = db.ds;
  const prefix = uniquePrefix('slabench');
  const connection = { ...testRedisOptions(), maxRetriesPerRequest: null };
  const redis = new Redis(connection);
  const ctx = testContext(ds, systemClock);
  const timers = new SlaTimers(connection, prefix, redis, ctx.log, systemClock);
  let worker: ReturnType<typeof startSlaWorker> | null = null;
  try {
    const b = await seedBasics(ds);
    const policy = await ds.getRepository(SlaPolicy).save({
      name: 'P',
      teamId: null,
      subjectId: null,
      minPriority: null,
      firstResponseMinutes: 60,
      resolutionMinutes: null,
      ceilingMinutes: null,
      calendarId: null,
      sortOrder: 0,
      active: true,
    });
    await ds.getRepository(StaffChat).insert({ chatId: -100777, title: 'A desk', layout: 'plain', teamId: b.teamA.id, status: 'active' });
    await ds.getRepository(StaffAccount).update({ id: b.supervisor.id }, { telegramId: 9_200_001 });
    if (!(await ds.getRepository(TeamMember).existsBy({ teamId: b.teamA.id, staffId: b.supervisor.id, supervisor: true })))
      throw new Error('the fixtures changed: no supervisor of team A');

    const table = (e: EntityTarget<ObjectLiteral>) => ds.getMetadata(e).tableName;
    const addTickets = async (from: number, count: number, deadline: (i: number) => Date, warn: boolean) => {
      const now = Date.now();
      const tickets: unknown[][] = [];
      const targets: unknown[][] = [];
      for (let i = from; i < from + count; i++) {
        const created = new Date(now - 60_000);
        tickets.push([
          i,
          i,
          'open',
          'normal',
          '[]',
          0,
          b.requester.id,
          b.valueChain.id,
          b.department.id,
          b.subjectA.id,
          b.teamA.id,
          b.agentA1.id,
          policy.id,
          'مهلت پاسخ',
          'مهلت پاسخ',
          0,
          sqlTime(created),
          sqlTime(created),
          sqlTime(created),
          0,
        ]);
        const d = deadline(i - from);
        targets.push([i, 'first_response', policy.id, 60, sqlTime(d), warn ? sqlTime(new Date(d.getTime() - 15 * 60_000)) : null, 0, 0, 0, sqlTime(created)]);
      }
      await insertRows(
        ds,
        table(Ticket),
        [
          'id',
          'number',
          'state',
          'priority',
          'tags',
          'internal',
          'requesterId',
          'valueChainId',
          'departmentId',
          'subjectId',
          'teamId',
          'assigneeId',
          'slaPolicyId',
          'title',
          'titleKey',
          'reopenCount',
          'createdAt',
          'updatedAt',
          'lastActivityAt',
          'version',
        ],
        tickets,
      );
      await insertRows(
        ds,
        table(SlaTarget),
        ['ticketId', 'kind', 'policyId', 'minutes', 'deadline', 'warnAt', 'breached', 'paused', 'cancelled', 'updatedAt'],
        targets,
      );
    };
    // the background: deadlines from 1 hour to 3 days ahead
    const base = Date.now();
    await addTickets(1_000_000, N, (i) => new Date(base + 3_600_000 + Math.floor((i * 2_591_000_000) / N / 12)), true);

    const before = await usedMemory(redis);
    const t0 = performance.now();
    const scheduled = await timers.reconcile(ds);
    const scheduleMs = performance.now() - t0;
    const after = await usedMemory(redis);
    const own = await prefixMemory(redis, prefix);
    const [delayed, sets] = [await timers.queue.getDelayedCount(), own.keys];

    // the sample: deadlines 5 to 15 s from now, scheduled while the others wait
    worker = startSlaWorker(ctx, connection, prefix, ctx.log);
    await worker.waitUntilReady();
    const sampleStart = Date.now() + 5000;
    await addTickets(2_000_000, SAMPLE, (i) => new Date(sampleStart + Math.floor((i * 10_000) / SAMPLE)), false);
    const sample = await ds.getRepository(SlaTarget).find({ where: { ticketId: MoreThanOrEqual(2_000_000) } });
    await timers.changed(sample.map((t) => ({ ticketId: t.ticketId, targetId: t.id, kind: t.kind, deadline: t.deadline, warnAt: null, running: true })));
    const waitUntil = sampleStart + 10_000 + 30_000;
    let fired: SlaTarget[] = [];
    while (Date.now() < waitUntil) {
      fired = await ds.getRepository(SlaTarget).find({ where: { ticketId: MoreThanOrEqual(2_000_000), breached: true } });
      if (fired.length === SAMPLE) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const lags = fired.map((t) => t.breachedAt!.getTime() - t.deadline!.getTime());
    const early = lags.filter((l) => l < 0).length;
    const notes = (await ds.query(`SELECT COUNT(*) AS n FROM \`${table(OutboxMessage)}\` WHERE \`dedupeKey\` LIKE 'sla-breach-%'`)) as { n: unknown }[];
    const mb = (x: number) => Math.round((x / 2 ** 20) * 10) / 10;
    return [
      {
        name: `targets scheduled (a warning and a breach job each)`,
        value: scheduled,
        unit: 'targets',
        note: `${delayed.toLocaleString('en-US')} delayed jobs, ${sets.toLocaleString('en-US')} keys under the prefix`,
      },
      {
        name: 'time to schedule them all (SlaTimers.reconcile)',
        value: scheduleMs / 1000,
        unit: 's',
        note: `${Math.round(scheduled / (scheduleMs / 1000)).toLocaleString('en-US')} targets/s`,
      },
      {
        name: 'Redis memory: INFO used_memory after − before',
        value: mb(after - before),
        unit: 'MiB',
        note: "the machine's Redis is shared with other runs: indicative",
      },
      {
        name: "Redis memory: MEMORY USAGE of this run's keys",
        value: mb(own.bytes),
        unit: 'MiB',
        note: `${Math.round(own.bytes / Math.max(1, scheduled))} bytes per target`,
      },
      {
        name: `breaches notified of ${SAMPLE} due during the run`,
        value: fired.length,
        unit: 'targets',
        goal: `${SAMPLE}`,
        met: fired.length === SAMPLE,
        note: `${Number(notes[0]?.n ?? 0)} outbox rows (team chat and supervisor)`,
      },
      { name: 'breach lag after the deadline, p50', value: pct(lags, 50), unit: 'ms', goal: '< 2000 ms', met: pct(lags, 50) < 2000 },
      { name: 'breach lag after the deadline, p99', value: pct(lags, 99), unit: 'ms', goal: '< 2000 ms', met: pct(lags, 99) < 2000 },
      {
        name: 'breach lag after the deadline, max',
        value: Math.max(...lags),
        unit: 'ms',
        goal: '< 2000 ms',
        met: Math.max(...lags) < 2000,
        note: early ? `${early} fired before the deadline` : 'none before the deadline',
      },
    ];
  } finally {
    await worker?.close();
    await timers.close();
    redis.disconnect();
    await clearPrefix(prefix);
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await bench());
