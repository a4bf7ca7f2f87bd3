/**
 * Runs system-child.ts as a real process (SIGKILL-able), collects its JSON log lines, and waits for
 * "child ready" with the web port it listens on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface RunningSystem {
  child: ChildProcess;
  port: number;
  base: string;
  /** parsed log lines (non-JSON lines as { msg }) */
  logs(): { level?: number; msg?: string; [k: string]: unknown }[];
  alive(): boolean;
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; whether it had to be forced */
  stop(graceMs?: number): Promise<{ forced: boolean; ms: number }>;
}

export async function launchSystem(env: Record<string, string>, withinMs = 60_000): Promise<RunningSystem> {
  const clean: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'TEST_LOG_LEVEL']) if (process.env[k]) clean[k] = process.env[k]!;
  const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'test/resilience/support/system-child.ts'], {
    cwd: ROOT,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  let port = 0;
  const ready = new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the system did not start within ${withinMs} ms:\n${lines.slice(-20).join('\n')}`)), withinMs);
    const collect = (chunk: Buffer) => {
      buf += chunk.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        if (l.includes('"child ready"')) {
          port = JSON.parse(l).port;
          clearTimeout(timer);
          done();
        }
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the system exited with ${code} before it was ready:\n${lines.slice(-20).join('\n')}`));
    });
  });
  await ready;
  const exited = new Promise<number | null>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    logs: () =>
      lines.map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return { msg: l };
        }
      }),
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async stop(graceMs = 15_000) {
      const start = Date.now();
      if (child.exitCode !== null || child.signalCode !== null) return { forced: false, ms: 0 };
      child.kill('SIGTERM');
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        child.kill('SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
      return { forced, ms: Date.now() - start };
    },
  };
}
