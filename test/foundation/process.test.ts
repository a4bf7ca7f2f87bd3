/**
 * The process as an operator sees it: `node --import tsx main.ts` started with no variables on the
 * embedded SQLite default, on MariaDB (migrations once), with a bad variable, and stopped by SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createMariaDb, type TestDatabase } from '../support/db.ts';
import { freePort } from '../support/ports.ts';

const ROOT = resolve(import.meta.dirname, '../..');

interface Running {
  child: ChildProcess;
  lines: () => string[];
  exited: Promise<{ code: number | null; ms: number }>;
}

/** `npm start`'s command by default; `entry` ['dist/main.js'] runs the compiled build as the image does */
function launch(env: Record<string, string>, args: string[] = [], entry = ['--import', 'tsx', 'main.ts']): Running {
  const clean: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'LANG']) if (process.env[k]) clean[k] = process.env[k]!;
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let buf = '';
  const collect = (chunk: Buffer) => {
    buf += chunk.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    out.push(...parts);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let stopAt = 0;
  const exited = new Promise<{ code: number | null; ms: number }>((done) => child.once('exit', (code) => done({ code, ms: stopAt ? Date.now() - stopAt : 0 })));
  const origKill = child.kill.bind(child);
  child.kill = (sig?: NodeJS.Signals | number) => {
    stopAt = Date.now();
    return origKill(sig);
  };
  return { child, lines: () => (buf ? [...out, buf] : out), exited };
}

async function waitReady(port: number, within: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < within) {
    try {
      const [h, r] = await Promise.all([fetch(`http://127.0.0.1:${port}/healthz`), fetch(`http://127.0.0.1:${port}/readyz`)]);
      if (h.status === 200 && r.status === 200) return Date.now() - start;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100)); // the poll interval of a wait on a condition
  }
  throw new Error(`not ready within ${within} ms`);
}

const messages = (run: Running) =>
  run.lines().flatMap((l) => {
    try {
      return [JSON.parse(l).msg as string];
    } catch {
      return [l];
    }
  });

describe('the process', () => {
  const dirs: string[] = [];
  let maria: TestDatabase | undefined;
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await maria?.close();
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'hd-proc-'));
    dirs.push(d);
    return d;
  };

  it('starts on the SQLite default with no variables, says no bot is connected, and stops on SIGTERM with 0', async () => {
    const dir = tmp();
    const port = await freePort();
    // only the port and the data folder differ from a bare `npm start` (the test may not take 3000 or ./data)
    const run = launch({ PORT: String(port), DATA_DIR: dir, SQLITE_PATH: join(dir, 'helpdesk.sqlite') });
    const ms = await waitReady(port, 15_000);
    expect(ms).toBeLessThan(15_000);
    const noBot = messages(run).filter((m) => /no bot connected/i.test(m));
    expect(noBot).toHaveLength(1);
    run.child.kill('SIGTERM');
    const { code, ms: stopMs } = await run.exited;
    expect(code).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    expect(messages(run)).toContain('stopped cleanly');
  });

  it('migrates an empty MariaDB database once; the second start runs no migration', async () => {
    maria = await createMariaDb({ migrate: false });
    await maria.ds.destroy();
    for (const expected of [/schema migrated/, /schema is up to date/]) {
      const dir = tmp();
      const port = await freePort();
      const run = launch({ PORT: String(port), DATA_DIR: dir, DATABASE_URL: maria.url! });
      await waitReady(port, 15_000);
      expect(messages(run).some((m) => expected.test(m))).toBe(true);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    }
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ BOT_MODE: 'webhook' }, 'WEBHOOK_URL'],
    [{ TZ: 'Mars/Olympus' }, 'TZ'],
  ])('refuses to start with %o, naming %s, exit code ≠ 0', async (env, name) => {
    const run = launch({ ...env, DATA_DIR: tmp() });
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    expect(run.lines().join('\n')).toContain(name);
  });

  it('a config error names BOT_TOKEN and DATABASE_URL and what is wrong, and prints neither the token nor the password', async () => {
    const token = '123456:SuperSecretTokenPart';
    const password = 'hunter2-db-password';
    const run = launch({
      BOT_TOKEN: `${token} `,
      DATABASE_URL: `postgres://helpdesk:${password}@db.example:5432/helpdesk`,
      TRUST_PROXY: 'yes',
      DATA_DIR: tmp(),
    });
    expect((await run.exited).code).toBe(2);
    const out = run.lines().join('\n');
    expect(out).toMatch(/BOT_TOKEN \(value hidden, 28 characters\): looks like 123456:ABC/);
    expect(out).toContain('DATABASE_URL = "postgres://***@db.example:5432/helpdesk": must start with mariadb:// or mysql://');
    expect(out).toMatch(/TRUST_PROXY = "yes": trusting every sender/);
    for (const secret of [token, 'SuperSecret', password, 'hunter2']) expect(out).not.toContain(secret);
  });

  // two starts of the whole process: on a busy 2-core machine each may take most of the default 30 s
  it('logs JSON lines when stdout is a pipe, and pretty coloured lines, one per event, in a terminal', { timeout: 150_000 }, async () => {
    const dir = tmp();
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dir, SQLITE_PATH: join(dir, 'helpdesk.sqlite') };
    // a pipe (this test's): every line is a JSON object
    const piped = launch(env);
    try {
      await waitReady(port, 60_000);
      await fetch(`http://127.0.0.1:${port}/login`);
      await expect.poll(() => piped.lines().some((l) => l.includes('"path":"/login"')), { timeout: 15_000 }).toBe(true);
    } finally {
      piped.child.kill('SIGTERM');
    }
    expect((await piped.exited).code).toBe(0);
    expect(
      piped
        .lines()
        .filter((l) => l.trim())
        .every((l) => typeof JSON.parse(l) === 'object'),
    ).toBe(true);
    // a terminal: script(1) gives the process a pseudo-terminal as stdout
    const tty = spawn('script', ['-qfec', `${process.execPath} --import tsx main.ts`, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    tty.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const ttyExited = new Promise<number | null>((done) => tty.once('exit', (code) => done(code)));
    try {
      await waitReady(port, 60_000);
      await fetch(`http://127.0.0.1:${port}/login`);
      await expect.poll(() => /request\b.*\/login/.test(out), { timeout: 15_000 }).toBe(true);
    } finally {
      tty.kill('SIGTERM'); // script(1) passes it on to the helpdesk
      await ttyExited;
    }
    const lines = out.split(/\r?\n/).filter((l) => l.trim());
    const request = lines.find((l) => /request\b.*"path":"\/login"/.test(l))!;
    expect(request).toMatch(/\u001b\[3\dm/); // coloured
    expect(request).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] /); // a time first, not a JSON object
    expect(request).toContain('"status":200'); // the fields on the same line
    expect(lines.some((l) => l.includes('INFO') && l.includes('helpdesk started'))).toBe(true);
    expect(lines.some((l) => l.startsWith('{"level"'))).toBe(false);
  });

  it(
    'the compiled build (npm run build, then node dist/main.js as the image runs it) starts and finds its locales and assets',
    { timeout: 300_000 },
    async () => {
      await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT });
      const dir = tmp();
      const port = await freePort();
      const run = launch({ PORT: String(port), DATA_DIR: dir, SQLITE_PATH: join(dir, 'helpdesk.sqlite'), NODE_ENV: 'production' }, [], ['dist/main.js']);
      onTestFinished(() => void run.child.kill('SIGTERM')); // also when an expectation fails
      await waitReady(port, 60_000);
      expect(messages(run).some((m) => /schema migrated/.test(m))).toBe(true); // the migrations, from dist/
      const login = await fetch(`http://127.0.0.1:${port}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('ورود'); // the Fluent locales, from dist/
      const css = await fetch(`http://127.0.0.1:${port}/assets/panel.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toContain('text/css');
      expect((await fetch(`http://127.0.0.1:${port}/assets/panel-catalogue.css`)).status).toBe(200); // the catalogue's own stylesheet
      expect((await fetch(`http://127.0.0.1:${port}/assets/panel-ticket.css`)).status).toBe(200); // the ticket page's basics
      // the inbox's script and styles (admin/inbox-keys.js is copied beside admin/inbox.js, the compiled admin/inbox.ts)
      const keys = await fetch(`http://127.0.0.1:${port}/assets/inbox.js`);
      expect(await keys.text()).toContain('__helpdeskInbox');
      expect((await fetch(`http://127.0.0.1:${port}/assets/inbox.css`)).status).toBe(200);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    },
  );

  it('runs one role on request (--role worker serves no web port)', async () => {
    const dir = tmp();
    const port = await freePort();
    const run = launch({ PORT: String(port), DATA_DIR: dir, SQLITE_PATH: join(dir, 'helpdesk.sqlite') }, ['--role', 'worker']);
    const start = Date.now();
    while (!messages(run).includes('helpdesk started') && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 100)); // polls the condition
    expect(messages(run)).toContain('workers started');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });
});
