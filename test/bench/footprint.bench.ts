/**
 * Footprint (issue 9, issue 16): the all-in-one process (web, bot, workers) started as an operator would, on a
 * fresh SQLite file in a temporary DATA_DIR, with a private Redis key prefix on the machine's Redis, in two
 * forms: `npm start` (node --import tsx main.ts: TypeScript compiled on start) and the Docker image's command
 * (node dist/main.js after `npm run build`, NODE_ENV=production). For each: the time from spawn to ready
 * (/healthz and /readyz both 200, polled every 50 ms), and the resident memory (VmRSS of the process, and of
 * any children) after 10 s idle. Goal: under 250 MB. Three starts of each, alternating; the tables give the
 * median and note each.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import type { BenchResult } from './run.ts';
import { freePort } from '../support/ports.ts';

export const title = 'Footprint';
export let notes = [
  '`npm start` compiles its TypeScript on start (tsx); the image runs the JavaScript `npm run build` wrote to dist/',
  '(built once before the runs, not timed). Both run the SQLite migrations of a new file; Redis is the',
  "machine's (REDIS_URL, a private REDIS_PREFIX), so no redis-server child is counted. No bot token: the bot role",
  'says no bot is connected and idles. RSS is VmRSS from /proc after 10 s without traffic, in MiB.',
].join('\n');
const ROOT = resolve(import.meta.dirname, '../..');
const IDLE_MS = 10_000;
const RUNS = Number(process.env.FOOTPRINT_RUNS ?? 3);

/** resident set of a process and its descendants, in bytes (Linux /proc) */
function rss(pid: number): { self: number; children: number } {
  const of = (p: number) => {
    try {
      return Number(readFileSync(`/proc/${p}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
  const kids = (p: number): number[] => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let children = 0;
  const stack = kids(pid);
  while (stack.length) {
    const c = stack.pop()!;
    children += of(c);
    stack.push(...kids(c));
  }
  return { self: of(pid), children };
}

interface Form {
  label: string;
  args: string[];
  env: Record<string, string>;
}

const FORMS: Form[] = [
  { label: '`npm start` (node --import tsx main.ts)', args: ['--import', 'tsx', 'main.ts'], env: {} },
  { label: "the image's command (node dist/main.js, NODE_ENV=production)", args: ['dist/main.js'], env: { NODE_ENV: 'production' } },
];

interface Run {
  readyMs: number;
  rss: number;
  children: number;
}

async function once(form: Form): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-footprint-'));
  const port = await freePort();
  const prefix = uniquePrefix('footprint');
  const clean: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'LANG']) if (process.env[k]) clean[k] = process.env[k]!;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, form.args, {
    cwd: ROOT,
    env: {
      ...clean,
      ...form.env,
      PORT: String(port),
      DATA_DIR: dir,
      SQLITE_PATH: join(dir, 'helpdesk.sqlite'),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    let readyMs = -1;
    while (performance.now() - started < 60_000 && child.exitCode === null) {
      try {
        const [h, r] = await Promise.all([fetch(`http://127.0.0.1:${port}/healthz`), fetch(`http://127.0.0.1:${port}/readyz`)]);
        if (h.status === 200 && r.status === 200) {
          readyMs = performance.now() - started;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (readyMs < 0) throw new Error(`not ready within 60 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const m = rss(child.pid!);
    return { readyMs, rss: m.self, children: m.children };
  } finally {
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
    rmSync(dir, { recursive: true, force: true });
    await clearPrefix(prefix);
  }
}

export async function bench(): Promise<BenchResult[]> {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const load = loadavg()[0]!;
  const runs = FORMS.map(() => [] as Run[]);
  // alternating, so both forms see the same machine
  for (let i = 0; i < RUNS; i++) for (const [f, form] of FORMS.entries()) runs[f]!.push(await once(form));
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mb = (x: number) => Math.round(x / 2 ** 20);
  // start times depend on what else the machine runs: the load is part of the figure
  notes += `\nLoad average when the runs began: ${load.toFixed(1)} on ${cpus().length} cores, ${loadavg()[0]!.toFixed(1)} when they ended.`;
  return FORMS.flatMap((form, f) => {
    const rs = runs[f]!;
    const rssMed = med(rs.map((r) => r.rss + r.children));
    return [
      {
        group: form.label,
        name: 'spawn to ready (/healthz and /readyz 200), fresh SQLite',
        value: med(rs.map((r) => r.readyMs)),
        unit: 'ms',
        note: `runs ${rs.map((r) => Math.round(r.readyMs)).join(' / ')} ms; ${f === 0 ? 'includes tsx compiling the TypeScript' : 'compiled JavaScript'} and the migrations of a new file`,
      },
      {
        group: form.label,
        name: `idle RSS ${IDLE_MS / 1000} s after ready (process and children)`,
        value: mb(rssMed),
        unit: 'MB',
        goal: '< 250 MB',
        met: mb(rssMed) < 250,
        note: `runs ${rs.map((r) => mb(r.rss + r.children)).join(' / ')} MB (MiB); children ${rs.map((r) => mb(r.children)).join(' / ')} MB`,
      },
    ];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await bench());
