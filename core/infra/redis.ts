/**
 * Redis without ceremony: REDIS_URL if given; else a Redis already answering on 127.0.0.1:6379;
 * else a private redis-server started as a child (unix socket, AOF under DATA_DIR/redis) and stopped
 * on shutdown; else a clear message saying how to get Redis. Always a real Redis.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';

export interface RedisEndpoint {
  /** options for every new ioredis connection (BullMQ workers add maxRetriesPerRequest: null) */
  options: RedisOptions;
  description: string;
  stop(): Promise<void>;
}

export class RedisUnavailableError extends Error {}

export async function resolveRedis(opts: {
  url?: string;
  dataDir: string;
  log: Logger;
  /** where a local Redis is looked for (tests use a closed port) */
  localPort?: number;
}): Promise<RedisEndpoint> {
  if (opts.url) return { options: optionsFromUrl(opts.url), description: redact(opts.url), stop: async () => {} };
  const port = opts.localPort ?? 6379;
  if (await answers('127.0.0.1', port)) {
    return { options: { host: '127.0.0.1', port }, description: `redis://127.0.0.1:${port}`, stop: async () => {} };
  }
  if (!hasRedisServer()) {
    throw new RedisUnavailableError(
      'Redis is needed and none was found: set REDIS_URL (e.g. redis://127.0.0.1:6379), start one on ' +
        '127.0.0.1:6379, or install redis-server (Debian/Ubuntu: apt-get install redis-server) so the helpdesk can start its own.',
    );
  }
  return startPrivateRedis(resolve(opts.dataDir, 'redis'), opts.log);
}

export function optionsFromUrl(url: string): RedisOptions {
  if (url.startsWith('unix://')) return { path: url.slice('unix://'.length) };
  if (url.startsWith('redis-sentinel://')) return sentinelOptions(url);
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * `redis-sentinel://[user:password@]host1:26379,host2:26379/<master name>[/<db>]`: ioredis asks the sentinels
 * for the master and follows a failover; the password is the master's (and the sentinels' if they have one).
 */
function sentinelOptions(url: string): RedisOptions {
  const m = /^redis-sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/]+)\/([^/]+)(?:\/(\d+))?\/?$/.exec(url);
  if (!m) throw new Error('REDIS_URL: expected redis-sentinel://[user:password@]host:port,host:port/<master name>[/<db>]');
  const [, user, pass, hosts, name, db] = m;
  const password = pass ? decodeURIComponent(pass) : undefined;
  return {
    sentinels: hosts!.split(',').map((h) => {
      const [host, port] = h.split(':');
      return { host: host!, port: Number(port || 26379) };
    }),
    name: decodeURIComponent(name!),
    username: user ? decodeURIComponent(user) : undefined,
    password,
    sentinelPassword: password,
    db: db ? Number(db) : undefined,
  };
}

function redact(url: string) {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createConnection({ host, port });
    const end = (ok: boolean) => {
      s.destroy();
      done(ok);
    };
    s.setTimeout(500, () => end(false));
    s.once('connect', () => end(true));
    s.once('error', () => end(false));
  });
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function startPrivateRedis(dir: string, log: Logger): Promise<RedisEndpoint> {
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'redis.sock');
  if (existsSync(socket)) rmSync(socket);
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new RedisUnavailableError(`the private redis-server exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new RedisUnavailableError('the private redis-server did not start within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  log.info({ socket }, 'started a private redis-server (data with AOF under %s)', dir);
  return {
    options: { path: socket },
    description: `private redis-server at ${socket}`,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export function connectRedis(endpoint: RedisEndpoint, extra: RedisOptions = {}): Redis {
  return new Redis({ ...endpoint.options, lazyConnect: false, ...extra });
}
