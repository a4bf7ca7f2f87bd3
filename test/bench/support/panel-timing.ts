/**
 * Timing the panel's pages as the server sees them: requests through the app factory (createApp + createPanel,
 * no HTTP socket), logged in with a real session cookie per role, each request's SQL statements counted on the
 * query runners. A page is fetched once to warm up, then RUNS times; the figure is the 95th percentile
 * (nearest rank) of those runs. Fewer runs (at least MIN_RUNS) for a page whose median is over its goal
 * already (its p95 is too: more runs would not change the verdict) or whose RUNS runs would take over
 * BUDGET_MS; the note says so.
 */
import type { DataSource } from 'typeorm';
import { createApp } from '../../../admin/app.ts';
import { createSession } from '../../../admin/auth.ts';
import { createPanel } from '../../../admin/panel.ts';
import { SESSION_COOKIE } from '../../../admin/security.ts';
import { testContext, TestClock } from '../../support/context.ts';

export const RUNS = 20;
const BUDGET_MS = Number(process.env.BENCH_PAGE_BUDGET_MS ?? 6000);
const MIN_RUNS = 5;

export type Role = 'admin' | 'supervisor' | 'agent';

export interface PageTiming {
  p95: number;
  median: number;
  runs: number;
  /** SQL statements of the last run */
  queries: number;
  /** the Server-Timing header of the last run (the report pages time their queries) */
  serverTiming: string | null;
  /** the two slowest SQL statements of the last run (ms, the statement's start) */
  slowest: { ms: number; sql: string }[];
  html: string;
}

/** counts every SQL statement sent through the data source's query runners, with its time */
function countQueries(ds: DataSource): { reset(): void; readonly n: number; readonly log: { ms: number; sql: string }[] } {
  const runner = ds.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: (...a: unknown[]) => Promise<unknown> };
  void runner.release();
  const original = proto.query;
  const state = { log: [] as { ms: number; sql: string }[] };
  proto.query = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      state.log.push({ ms: performance.now() - started, sql: String(args[0]) });
    }
  };
  return {
    reset: () => (state.log = []),
    get n() {
      return state.log.length;
    },
    get log() {
      return state.log;
    },
  };
}

export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)]!;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export interface Panel {
  /** `goalMs`: the page's goal, for stopping early once its median is over it */
  time(role: Role, path: string, goalMs?: number): Promise<PageTiming>;
}

export async function openPanel(ds: DataSource, now: Date, staff: Record<Role, number>): Promise<Panel> {
  const ctx = testContext(ds, new TestClock(now));
  const app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) });
  const counter = countQueries(ds);
  const cookie = async (id: number) => `${SESSION_COOKIE}=${await createSession(ctx, id, { ip: '127.0.0.1', userAgent: 'bench' })}`;
  const cookies: Record<Role, string> = { admin: await cookie(staff.admin), supervisor: await cookie(staff.supervisor), agent: await cookie(staff.agent) };

  const get = async (role: Role, path: string) => {
    const res = await app.request(path, { headers: { cookie: cookies[role] } });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${role} ${path}: ${res.status} ${html.slice(0, 200)}`);
    return { html, serverTiming: res.headers.get('server-timing') };
  };

  return {
    async time(role, path, goalMs = Infinity) {
      let last = await get(role, path);
      const runs: number[] = [];
      const started = performance.now();
      const more = () => runs.length < MIN_RUNS || (median(runs) < goalMs && performance.now() - started + median(runs) < BUDGET_MS);
      while (runs.length < RUNS && more()) {
        counter.reset();
        const s = performance.now();
        last = await get(role, path);
        runs.push(performance.now() - s);
      }
      if (process.env.BENCH_SQL)
        console.log(
          role,
          path,
          counter.log.map((q) => `${q.ms.toFixed(1)} ms ${q.sql.slice(0, 200)}`),
        );
      const slowest = [...counter.log]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 2)
        .map((q) => ({ ms: q.ms, sql: q.sql.replace(/\s+/g, ' ').slice(0, 150) }));
      return { p95: p95(runs), median: median(runs), runs: runs.length, queries: counter.n, serverTiming: last.serverTiming, slowest, html: last.html };
    },
  };
}
