/**
 * A private redis-server for the scenarios that stop or flush Redis: a free TCP port, no persistence
 * (so a stop and start loses every key, as a crashed Redis without AOF would). The machine's shared
 * Redis (6379) is never stopped or flushed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../support/ports.ts';

export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** FLUSHALL on this server */
  flush(): Promise<void>;
  /** a short-lived client */
  client(): Redis;
  close(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-res-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const client = () => {
    const c = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    c.on('error', () => undefined); // a refused connect is reported by connect() itself
    return c;
  };
  const ping = async () => {
    const c = client();
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  };
  const r: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    client,
    async start() {
      if (child && child.exitCode === null) return;
      const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      child = c;
      const deadline = Date.now() + 10_000;
      while (!(await ping())) {
        if (c.exitCode !== null) throw new Error(`redis-server exited with ${c.exitCode}`);
        if (Date.now() > deadline) throw new Error('the private redis-server did not answer within 10 s');
        await new Promise((res) => setTimeout(res, 50));
      }
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((done) => {
        c.once('exit', () => done());
        c.kill('SIGTERM');
        setTimeout(() => c.exitCode === null && c.kill('SIGKILL'), 5000).unref();
      });
      child = null;
    },
    async flush() {
      const c = client();
      await c.connect();
      try {
        await c.flushall();
      } finally {
        c.disconnect();
      }
    },
    async close() {
      await r.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await r.start();
  return r;
}
