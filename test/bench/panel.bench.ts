/**
 * The panel at scale (issues 6, 8, 9): one data set of BENCH_TICKETS tickets (default 1,000,000) and about
 * 5 messages each (BENCH_MESSAGES; the notes say why not 10), seeded once on the server (support/dataset.ts),
 * then every page a staff member opens all day timed through the app factory (support/panel-timing.ts): the
 * inbox's first and next page for each role
 * and tab, a page deep in the list, the ticket page of a ticket with 200+ messages, the dashboard of an agent
 * and of an admin, and every report page for 30 and 365 days. Goals: inbox under 100 ms and at most 10 SQL
 * queries a page (issue 6); dashboards and reports under 500 ms (issue 8).
 */
import { pathToFileURL } from 'node:url';
import { formatJalaliDate, toJalali } from '../../core/text/index.ts';
import { openDataset, type Dataset } from './support/dataset.ts';
import { openPanel, RUNS, type PageTiming, type Panel, type Role } from './support/panel-timing.ts';
import type { BenchResult } from './run.ts';

export const title = 'Panel pages at one million tickets';
export let notes = '';
/** the most SQL queries of a ticket page, for the notes */
let ticketQueries = 0;

const NOW = new Date('2026-12-09T11:30:00Z');
const TZ = 'Asia/Tehran';
const INBOX_MS = 100;
const INBOX_QUERIES = 10;
const REPORT_MS = 500;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

const runsNote = (t: PageTiming, goalMs = Infinity) =>
  `median ${t.median.toFixed(1)} ms, ${t.runs} runs${t.runs < RUNS ? ` (not ${RUNS}: ${t.median >= goalMs ? 'the median is over the goal already' : `each run takes ${fmt(t.median)} ms`})` : ''}`;

async function inbox(panel: Panel, ds: Dataset): Promise<BenchResult[]> {
  const group = 'Inbox (issue 6): < 100 ms and ≤ 10 SQL queries a page';
  const rows = (html: string) => (html.match(/<tr data-ticket=/g) ?? []).length;
  const next = (html: string) => /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null;
  const out: BenchResult[] = [];
  const page = (label: string, t: PageTiming): BenchResult[] => [
    {
      group,
      name: `${label} (${rows(t.html)} rows)`,
      value: t.p95,
      unit: 'ms p95',
      goal: `< ${INBOX_MS} ms`,
      met: t.p95 < INBOX_MS,
      note: runsNote(t, INBOX_MS),
    },
    { group, name: `${label}: SQL queries`, value: t.queries, unit: 'queries', goal: `≤ ${INBOX_QUERIES}`, met: t.queries <= INBOX_QUERIES },
  ];
  const scenarios: [Role, string, string][] = [
    ['agent', 'agent, tab mine', '/tickets?tab=mine'],
    ['agent', 'agent, tab my teams', '/tickets?tab=teams'],
    ['agent', 'agent, tab all (visible to him)', '/tickets?tab=all&state=any'],
    ['supervisor', 'supervisor, tab all, priority urgent', '/tickets?tab=all&priority=urgent'],
    ['admin', 'admin, tab all, any state', '/tickets?tab=all&state=any'],
    ['admin', 'admin, tab unassigned', '/tickets?tab=unassigned'],
    ['admin', 'admin, tab all, oldest first', '/tickets?tab=all&state=any&sort=created_asc'],
  ];
  for (const [role, label, path] of scenarios) {
    const first = await panel.time(role, path, INBOX_MS);
    out.push(...page(`${label}: first page`, first));
    const nextPath = next(first.html);
    if (nextPath) out.push(...page(`${label}: next page`, await panel.time(role, nextPath, INBOX_MS)));
    else out.push({ group, name: `${label}: no next page`, value: 0, unit: '' });
  }
  // issue 19: the SLA due soonest sort (it walks the SLA targets that count down in deadline order and tests
  // each one's ticket: core/read/inbox.ts dueIds) and the unread filter, each beside the same list by
  // last change timed in the same run. The agent has opened every ticket assigned to him (ticket_views), so
  // "mine, unread" reads all his active tickets and finds none: the filter's worst case.
  await ds.ds.query(`DELETE FROM ticket_views WHERE staffId = ?`, [ds.meta.staff.agent]); // a data set timed again (BENCH_DB)
  await ds.ds.query(`INSERT INTO ticket_views (staffId, ticketId, seenAt) SELECT assigneeId, id, ? FROM tickets WHERE assigneeId = ?`, [
    NOW,
    ds.meta.staff.agent,
  ]);
  const against: [Role, string, string, string][] = [
    ['agent', 'agent, tab all, SLA due soonest', '/tickets?tab=all&sort=due_asc', '/tickets?tab=all'],
    ['admin', 'admin, tab all, SLA due soonest', '/tickets?tab=all&sort=due_asc', '/tickets?tab=all'],
    ['supervisor', 'supervisor, tab my teams, SLA due soonest', '/tickets?tab=teams&sort=due_asc', '/tickets?tab=teams'],
    ['agent', 'agent, tab mine, unread only (all read)', '/tickets?tab=mine&unread=1', '/tickets?tab=mine'],
    ['agent', 'agent, tab all, unread only', '/tickets?tab=all&unread=1', '/tickets?tab=all'],
  ];
  for (const [role, label, path, basePath] of against) {
    const baseline = await panel.time(role, basePath, INBOX_MS);
    const first = await panel.time(role, path, INBOX_MS);
    const [timed, queries] = page(`${label}: first page`, first);
    timed!.note = `${timed!.note}; ${(first.p95 / baseline.p95).toFixed(2)}× the same list by last change (${baseline.p95.toFixed(1)} ms p95, this run)`;
    out.push(timed!, queries!);
    const nextPath = next(first.html);
    if (nextPath) out.push(...page(`${label}: next page`, await panel.time(role, nextPath, INBOX_MS)));
  }
  // a page deep in the list: the keyset costs the same at row 500,000 as at row 25
  const half = Math.floor(ds.meta.written.tickets / 2);
  const [deep] = (await ds.ds.query(`SELECT id, updatedAt FROM tickets ORDER BY updatedAt DESC, id DESC LIMIT 1 OFFSET ${half}`)) as {
    id: number;
    updatedAt: Date;
  }[];
  if (deep)
    out.push(
      ...page(
        `admin, tab all: the page at row ${fmt(half)} (keyset)`,
        await panel.time('admin', `/tickets?tab=all&state=any&after=${new Date(deep.updatedAt).getTime()}_${deep.id}`, INBOX_MS),
      ),
    );
  // the tab counts come separately (htmx, every 30 s): informative
  for (const [role, tab] of [
    ['agent', 'mine'],
    ['admin', 'all'],
  ] as const) {
    const t = await panel.time(role, `/tickets/counts?tab=${tab}`);
    out.push({
      group,
      name: `${role}, tab counts (6 tabs, capped at 1,000)`,
      value: t.p95,
      unit: 'ms p95',
      note: `${t.queries} queries; loaded after the page, not part of it; ${runsNote(t)}`,
    });
  }
  return out;
}

async function ticketPage(panel: Panel, ds: Dataset): Promise<BenchResult[]> {
  const group = 'Ticket page (no goal set by the issues: informative)';
  const { ticketId, messages } = ds.meta.written.showcase;
  const out: BenchResult[] = [];
  for (const role of ['agent', 'admin'] as const) {
    const t = await panel.time(role, `/tickets/${ticketId}`);
    ticketQueries = Math.max(ticketQueries, t.queries);
    out.push({
      group,
      name: `ticket with ${messages} messages, as ${role === 'agent' ? 'its assignee (agent)' : 'admin'}`,
      value: t.p95,
      unit: 'ms p95',
      note: `${t.queries} queries; ${runsNote(t)}`,
    });
  }
  return out;
}

async function reports(panel: Panel): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const goal = (group: string, name: string, t: PageTiming): BenchResult => ({
    group,
    name,
    value: t.p95,
    unit: 'ms p95',
    goal: `< ${REPORT_MS} ms`,
    met: t.p95 < REPORT_MS,
    note:
      `${t.queries} queries${t.serverTiming ? ` (${t.serverTiming.replaceAll(';dur=', ' ')} ms)` : ''}; ${runsNote(t, REPORT_MS)}` +
      (t.p95 >= REPORT_MS ? `; slowest SQL: ${t.slowest.map((q) => `${fmt(q.ms)} ms \`${q.sql.replaceAll('`', '').replaceAll('|', '/')}…\``).join(', ')}` : ''),
  });
  const dash = 'Dashboard (issue 8): < 500 ms';
  out.push(goal(dash, 'my dashboard, agent', await panel.time('agent', '/dashboard', REPORT_MS)));
  out.push(goal(dash, 'dashboard with the team cards, admin', await panel.time('admin', '/dashboard', REPORT_MS)));
  const group = 'Report pages (issue 8), admin: < 500 ms';
  const day = (back: number) => encodeURIComponent(formatJalaliDate(toJalali(new Date(NOW.getTime() - back * 86_400_000), TZ), 'en'));
  const range = (days: number) => `from=${day(days - 1)}&to=${day(0)}`;
  // as a user would ask: a month by day (ratings by week), a year by month
  const pages: [string, number, string][] = [
    ['volume', 30, 'day'],
    ['breakdown', 30, ''],
    ['sla', 30, ''],
    ['agents', 30, ''],
    ['ratings', 30, 'week'],
    ['volume', 365, 'month'],
    ['breakdown', 365, ''],
    ['sla', 365, ''],
    ['agents', 365, ''],
    ['ratings', 365, 'month'],
  ];
  for (const [tab, days, by] of pages) {
    const t = await panel.time('admin', `/reports/${tab}?${range(days)}${by ? `&by=${by}` : ''}`, REPORT_MS);
    out.push(goal(group, `${tab}, ${days} days${by ? ` by ${by}` : ''}`, t));
  }
  return out;
}

function dataRows(ds: Dataset): BenchResult[] {
  const group = 'Data set (seeded once on the server, then timed)';
  const w = ds.meta.written;
  const m = ds.meta;
  const steps = Object.entries(m.steps)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ');
  const earlier = ds.reused ? `; seeded by an earlier run (BENCH_DB=${ds.name}): the times are that run's` : '';
  const beside = m.parallel ? ', while the messages loaded beside it on the other CPU (BENCH_SERIAL=1 times it alone)' : ', alone (BENCH_SERIAL)';
  return [
    {
      group,
      name: `data set ready: ${fmt(w.tickets)} tickets, ${fmt(w.events)} events, ${fmt(w.targets)} SLA targets, ${fmt(w.ratings)} ratings, ${fmt(w.messages)} messages, ${fmt(w.requesters)} requesters, and the report summary`,
      value: m.readySeconds,
      unit: 's',
      note: `wall clock; load steps: ${steps}${earlier}`,
    },
    {
      group,
      name: `of which the report summary: rebuildReportSummary (${fmt(w.tickets)} facts, ${fmt(m.summaryDailyRows)} report_daily rows)`,
      value: m.summarySeconds,
      unit: 's',
      note: `core/services/reports/summary/maintain.ts, then ANALYZE${beside}${earlier}`,
    },
  ];
}

function describe(ds: Dataset, results: BenchResult[], totalSeconds: number, pageSeconds: number): string {
  const w = ds.meta.written;
  const missed = results.filter((r) => r.met === false);
  const mib = (b: number) => `${fmt(b / 2 ** 20)} MiB`;
  return [
    `**Data set.** One MariaDB database made by the run (test/bench/support/dataset.ts; the migrations build the schema), seeded once`,
    `on the server with \`INSERT … SELECT\` from the SEQUENCE engine (support/seed-sql.ts; each table one statement into an empty table, so`,
    `InnoDB loads it with one undo record and sorted index builds) and dropped at the end (BENCH_KEEP=1 keeps it, BENCH_DB=<name> times it`,
    `again). Every "random" column is an MD5 draw of the row number, so each run has the same data. Shape: ${ds.meta.teams} teams (A, B and 3–6 invited:`,
    `visible to their members; 7–8 open to every agent), ${ds.meta.agents} agents (5 a team), ${fmt(w.requesters)}`,
    `requesters (one in 20 of a staff member type), 4 value chains × 2 departments × 3 subjects, one SLA policy. ${fmt(w.tickets)} tickets`,
    `over the year before ${NOW.toISOString().slice(0, 16)} UTC: 70 % of the last 3 days' tickets active, 10 % of the rest of the month,`,
    `0.5 % of older ones (a few stay open for months); the others closed, finished 30 days after closing, or cancelled (a tenth);`,
    `priorities 5 % urgent, 15 % high, 5 % low; 3 % internal; 2 % opened in the panel by an agent; the team is the subject's department's`,
    `(9 in 10); the first response within 8 hours (most within the hour). Each ticket has its 'created' event and the 'state' events of its`,
    `moves (new → answered at the first response, a closing and a reopening for 4 % of the closed, the move to the present state), a`,
    `first-response and a resolution target, and 1–${Math.max(1, Math.round((2 * w.messages) / w.tickets - 1))} messages (${fmt(w.messages / w.tickets)} on average: BENCH_MESSAGES) from the requester`,
    `and the assignee by turns with realistic Persian text, one staff turn in 20 an internal note; a third of closed tickets are rated.`,
    `The ticket page is timed on the assignee's most recent open ticket, given ${w.showcase.messages} messages.`,
    '',
    `**Server setting.** innodb_buffer_pool_size was ${mib(ds.bufferPool.during)} for the run${ds.bufferPool.owner ? ` — raised by the bench from ${mib(ds.bufferPool.before)}` : ''}: the`,
    `bench raises MariaDB's buffer pool to 2 GiB (BENCH_BUFFER_POOL) with SET GLOBAL for the run, as a server holding a million tickets`,
    `would be configured, and gives the old size back at the end (after any other run using the raised pool has ended: shrinking it under`,
    `a load fails that load; support/buffer-pool.ts). Nothing else is changed; MariaDB and the 2 CPUs are shared with other runs, so times`,
    `are pessimistic.`,
    '',
    `**Timing.** Each page is requested through the app factory (createApp + createPanel) with a session cookie of its role: the whole`,
    `request — session, permissions, queries, HTML. One warm-up, then ${RUNS} runs; the figure is the 95th percentile. Fewer runs (at`,
    `least 5) when the median is over the goal already — the page misses, more runs would not change that — or when ${RUNS} runs would`,
    `take more than ${fmt(Number(process.env.BENCH_PAGE_BUDGET_MS ?? 6000) / 1000)} s; the note says which.`,
    `Queries: every SQL statement on the query runners during the last run; the pickers (teams, staff, catalogue) are cached for 5 s.`,
    `The report pages' Server-Timing (the time in the report's own queries) is in the notes.`,
    '',
    ds.reused
      ? `**Time.** This run timed a data set seeded earlier (BENCH_DB): ${fmt(pageSeconds)} s of pages; that run needed ${fmt(ds.meta.readySeconds)} s to the ready data set. Issue 9 gives`
      : `**Time.** The module took ${fmt(totalSeconds)} s here: ${fmt(ds.meta.readySeconds)} s to the ready data set, ${fmt(pageSeconds)} s of pages. Issue 9 gives`,
    `\`npm run bench\` and \`npm run test:resilience\` 20 minutes together and this module about 7 of them. The longest step is the`,
    `summary (core/services/reports/summary, rebuildReportSummary); the messages load on the second CPU while it runs, and slow it. Hence`,
    `the default of 5 messages a ticket (5,000,000 for a million), not issue 8's 10,000,000: with 10 million the module took 6 min 9 s,`,
    `7 min 3 s and 7 min 31 s in three runs (the summary 257–330 s), with 5 million 5 min 59 s (the summary 230 s), at load average`,
    `3–4 from other runs on the machine (once 9 min 25 s at load average 7). BENCH_MESSAGES=10000000 loads issue 8's count; it should fit`,
    `once the summary builds faster.`,
    '',
    missed.length
      ? `**Missed** (${missed.length}): ${missed.map((r) => `${r.name} ${fmt(r.value)} ${r.unit} (goal ${r.goal})`).join('; ')}. ` +
        `For the report pages the time is in the report's own queries (Server-Timing \`report\` and the slowest SQL statements of` +
        ` the last run in the note): the services of core/services/reports, for a range of a year over ${fmt(ds.meta.summaryDailyRows)} report_daily rows and ${fmt(w.tickets)} ticket facts.`
      : '**Missed:** none.',
    '',
    `The ticket page (no goal) makes ${ticketQueries} SQL queries (its actions are checked together: allowedActions reads the staff member's teams once).`,
  ].join('\n');
}

export async function bench(): Promise<BenchResult[]> {
  const started = performance.now();
  const ds = await openDataset(NOW);
  try {
    const pagesStarted = performance.now();
    const panel = await openPanel(ds.ds, NOW, ds.meta.staff);
    const results = [...dataRows(ds), ...(await inbox(panel, ds)), ...(await ticketPage(panel, ds)), ...(await reports(panel))];
    const end = performance.now();
    notes = describe(ds, results, (end - started) / 1000, (end - pagesStarted) / 1000);
    return results;
  } finally {
    await ds.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await bench());
