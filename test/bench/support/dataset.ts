/**
 * The one large data set of a benchmark run (the panel's pages at one million tickets): a MariaDB database
 * made by the bench (test/support/db.ts; the migrations build the schema), seeded once on the server
 * (seed-org.ts, seed-sql.ts), its report summary built by the core's rebuildReportSummary, dropped at the end.
 * BENCH_TICKETS (default 1,000,000), BENCH_MESSAGES (default 5 per ticket) size it; BENCH_KEEP=1 keeps the
 * database and prints its name; BENCH_DB=<name> times such a database again without seeding.
 * For the run the server's InnoDB buffer pool is raised to BENCH_BUFFER_POOL (default 2 GiB) — a server
 * holding a million tickets would be configured so — and given back its old size at the end.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { openDatabase } from '../../../core/db/data-source.ts';
import { rebuildReportSummary } from '../../../core/services/reports/summary/maintain.ts';
import { createMariaDb, MARIADB_BASE } from '../../support/db.ts';
import { raiseBufferPool, type BufferPool } from './buffer-pool.ts';
import { testContext, TestClock } from '../../support/context.ts';
import { seedOrg, type Org } from './seed-org.ts';
import { seedEvents, seedMessages, seedRatings, seedRequesters, seedShowcase, seedTargets, seedTickets, type Written } from './seed-sql.ts';

export interface DatasetMeta {
  written: Written;
  teams: number;
  agents: number;
  subjects: number;
  staff: Org['staff'];
  /** seconds per load step (requesters, tickets, …) */
  steps: Record<string, number>;
  /** the messages loaded alongside the events, targets, ratings and summary (not BENCH_SERIAL) */
  parallel: boolean;
  /** wall clock from the empty database to the data set with its summary */
  readySeconds: number;
  summarySeconds: number;
  summaryDailyRows: number;
}

export interface Dataset {
  ds: DataSource;
  name: string;
  /** seeded by an earlier run (BENCH_DB) */
  reused: boolean;
  meta: DatasetMeta;
  /** the buffer pool during the run and before it (bytes) */
  bufferPool: Omit<BufferPool, 'restore'>;
  close(): Promise<void>;
}

const META_TABLE = 'bench_dataset';
const SHOWCASE_EXTRA = 200;
/** issue 8 names ten million messages for a million tickets; half fit issue 9's budget (panel.bench.ts notes why) */
const MESSAGES_PER_TICKET = 5;
const log = (s: string) => process.stdout.write(`  ${s}\n`);

async function step<T>(steps: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  steps[name] = (performance.now() - t0) / 1000;
  log(`${name}: ${steps[name]!.toFixed(1)} s${typeof out === 'number' ? ` (${out.toLocaleString('en-US')} rows)` : ''}`);
  return out;
}

/** a connection of its own for a load: the session settings hold for it alone */
async function loader(ds: DataSource): Promise<QueryRunner> {
  const q = ds.createQueryRunner();
  // no checks during the load (the data is made consistent); the tickets' derived levels materialised in memory;
  // READ COMMITTED: an INSERT … SELECT FROM tickets then takes no shared lock on each of the million tickets read
  await q.query(`SET SESSION unique_checks = 0, foreign_key_checks = 0, optimizer_switch = 'derived_merge=off',
    tmp_table_size = ${2 ** 30}, max_heap_table_size = ${2 ** 30}, tx_isolation = 'READ-COMMITTED'`);
  return q;
}

/**
 * Two connections, so both CPUs work: the events load on one while the targets and ratings load on the other;
 * then the messages (the largest table, which no report reads) load on the second while the report summary is
 * built from the rest. BENCH_SERIAL=1 loads the messages first and times the summary alone.
 */
async function seed(ds: DataSource, now: Date): Promise<DatasetMeta> {
  const tickets = Number(process.env.BENCH_TICKETS ?? 1_000_000);
  const messages = Number(process.env.BENCH_MESSAGES ?? tickets * MESSAGES_PER_TICKET);
  const requesterCount = Math.max(100, Math.min(5000, Math.round(tickets / 20)));
  const parallel = !process.env.BENCH_SERIAL;
  const steps: Record<string, number> = {};
  const t0 = performance.now();
  const org = await step(steps, 'organisation', () => seedOrg(ds));
  const q = await loader(ds);
  const q2 = await loader(ds);
  let written: Written;
  let summarySeconds = 0;
  try {
    const requesters = await step(steps, 'requesters', () => seedRequesters(q, org, now, requesterCount));
    const [{ first }] = (await q.query("SELECT MIN(requesterId) AS first FROM requester_channels WHERE channel = 'telegram' AND userId > 8000000000")) as {
      first: unknown;
    }[];
    const firstRequester = Number(first);
    const n = await step(steps, 'tickets', () => seedTickets(q, org, now, tickets, firstRequester, requesterCount));
    await q.query('ANALYZE TABLE requesters, tickets');
    const [events, [targets, ratings]] = await Promise.all([
      step(steps, 'events', () => seedEvents(q)),
      (async () => [await step(steps, 'sla targets', () => seedTargets(q2, now, org.policyId)), await step(steps, 'ratings', () => seedRatings(q2, now))])(),
    ]);
    await q.query('ANALYZE TABLE ticket_events, sla_targets, ratings');
    const loadMessages = async () => {
      const m = await step(steps, 'messages', () => seedMessages(q2, now, messages / tickets, firstRequester));
      const showcase = await seedShowcase(q2, now, org.staff.agent, firstRequester, SHOWCASE_EXTRA);
      await q2.query('ANALYZE TABLE ticket_messages');
      return { m: m + SHOWCASE_EXTRA, showcase };
    };
    const messagesLoaded = parallel ? loadMessages() : undefined;
    messagesLoaded?.catch(() => {}); // awaited below; an early failure must not be an unhandled rejection meanwhile
    const loaded = parallel ? undefined : await loadMessages();

    log(`building the report summary (rebuildReportSummary)${parallel ? ' while the messages load' : ''}`);
    const t1 = performance.now();
    await rebuildReportSummary(testContext(ds, new TestClock(now)), 5000);
    await ds.query('ANALYZE TABLE report_daily, report_ticket_facts');
    summarySeconds = (performance.now() - t1) / 1000;
    log(`summary: ${summarySeconds.toFixed(1)} s`);
    const { m, showcase } = loaded ?? (await messagesLoaded!);
    written = { requesters, tickets: n, events, targets: targets!, ratings: ratings!, messages: m, showcase };
  } finally {
    await q.release();
    await q2.release();
  }
  const readySeconds = (performance.now() - t0) / 1000;
  const [{ n: daily }] = (await ds.query('SELECT COUNT(*) AS n FROM report_daily')) as { n: unknown }[];
  log(`data set ready in ${readySeconds.toFixed(1)} s (${Number(daily).toLocaleString('en-US')} report_daily rows)`);
  return {
    written,
    teams: org.teams.length,
    agents: org.agents.flat().length,
    subjects: org.subjects.length,
    staff: org.staff,
    steps,
    parallel,
    readySeconds,
    summarySeconds,
    summaryDailyRows: Number(daily),
  };
}

/** the data set of this run: seeded now, or the database BENCH_DB names */
export async function openDataset(now: Date): Promise<Dataset> {
  const pool = await raiseBufferPool(Number(process.env.BENCH_BUFFER_POOL ?? 2 * 2 ** 30));
  let ds: DataSource | undefined;
  let drop: (() => Promise<void>) | undefined;
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  const cleanup = async () => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    if (process.env.BENCH_KEEP || !drop) await ds?.destroy();
    else await drop();
    await pool.restore();
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const reuse = process.env.BENCH_DB;
    if (reuse) {
      ({ ds } = await openDatabase({ kind: 'mariadb', url: `${MARIADB_BASE}/${reuse}` }, { migrate: false }));
      const [row] = (await ds.query(`SELECT meta FROM ${META_TABLE}`)) as { meta: string }[];
      const meta = JSON.parse(row!.meta) as DatasetMeta;
      log(`reusing ${reuse} (seeded by an earlier run)`);
      return { ds, name: reuse, reused: true, meta, bufferPool: pool, close: cleanup };
    }
    const db = await createMariaDb();
    ds = db.ds;
    drop = db.close;
    const name = db.url!.split('/').pop()!;
    log(`database ${name}; innodb_buffer_pool_size ${pool.during / 2 ** 20} MiB${pool.owner ? ` (raised from ${pool.before / 2 ** 20} MiB)` : ''}`);
    const meta = await seed(ds, now);
    await ds.query(`CREATE TABLE ${META_TABLE} (meta LONGTEXT NOT NULL)`);
    await ds.query(`INSERT INTO ${META_TABLE} (meta) VALUES (?)`, [JSON.stringify(meta)]);
    if (process.env.BENCH_KEEP) log(`kept the database: BENCH_DB=${name} times it again`);
    return { ds, name, reused: false, meta, bufferPool: pool, close: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
