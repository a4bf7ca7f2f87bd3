/**
 * Footprint (issue 9): `node --import tsx main.ts` all-in-one (web, bot, workers) started as an operator would,
 * on a fresh SQLite file in a temporary DATA_DIR, with a private Redis key prefix on the machine's Redis:
 * the time from spawn to ready (/healthz and /readyz both 200, polled every 50 ms), and the resident memory
 * (VmRSS of the process, and of any children) after 10 s idle. Goal: under 250 MB. Three starts; the table
 * gives the median and notes each.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import type { BenchResult } from './run.ts';
import { freePort } from '../support/ports.ts';

export const title = 'Footprint';
export const notes = [
  'The process compiles its TypeScript on start (tsx) and runs the SQLite migrations of a new file; Redis is the',
  'machine\'s (REDIS_URL, a private REDIS_PREFIX), so no redis-server child is counted. No bot token: the bot role',
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

async function once(): Promise<{ readyMs: number; rss: number; children: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-footprint-'));
  const port = await freePort();
  const prefix = uniquePrefix('footprint');
  const clean: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'LANG']) if (process.env[k]) clean[k] = process.env[k]!;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    cwd: ROOT,
    env: { ...clean, PORT: String(port), DATA_DIR: dir, SQLITE_PATH: join(dir, 'helpdesk.sqlite'), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' },
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
  const runs: { readyMs: number; rss: number; children: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mb = (x: number) => Math.round(x / 2 ** 20);
  const rssMed = med(runs.map((r) => r.rss + r.children));
  return [
    { name: 'spawn to ready (/healthz and /readyz 200), fresh SQLite', value: med(runs.map((r) => r.readyMs)), unit: 'ms', note: `runs ${runs.map((r) => Math.round(r.readyMs)).join(' / ')} ms; includes tsx compiling the TypeScript and the migrations of a new file` },
    { name: `idle RSS ${IDLE_MS / 1000} s after ready (process and children)`, value: mb(rssMed), unit: 'MB', goal: '< 250 MB', met: mb(rssMed) < 250, note: `runs ${runs.map((r) => mb(r.rss + r.children)).join(' / ')} MB (MiB); children ${runs.map((r) => mb(r.children)).join(' / ')} MB` },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await bench());
