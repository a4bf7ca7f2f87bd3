/**
 * The world of the scale tests: one MariaDB database, one Redis prefix, the fake Telegram, an organisation
 * (test/support/fixtures.ts) with `n` registered requesters, and helpdesk processes started apart — each a
 * real child (test/resilience/support/system-child.ts, SIGKILL-able) with the roles it is given. A small
 * round-robin HTTP proxy stands where a load balancer would: the fake Telegram delivers webhook updates
 * to it and it hands them to the web processes in turn (a dead one answers 502; Telegram sends again).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { systemClock, type CoreContext } from '../../core/context.ts';
import { Requester } from '../../core/entities/people.ts';
import { createLogger } from '../../core/infra/logger.ts';
import { searchKey } from '../../core/text/index.ts';
import { FakeTelegram, type FakeUser } from '../fake-telegram/index.ts';
import { launchSystem, type RunningSystem } from '../resilience/support/process.ts';
import { createMariaDb, type TestDatabase } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, TEST_REDIS_URL, testRedisOptions, uniquePrefix } from '../support/redis.ts';
import { saveRequester } from '../support/requesters.ts';

export const BOT_TOKEN = '123456:SCALEOUTxxxxxxxxxxxxxxxxxxxxxxxxx';
export const SECRET = 'scale-webhook-secret';

export interface ScaleWorld {
  fake: FakeTelegram;
  db: TestDatabase;
  b: Basics;
  prefix: string;
  redis: Redis;
  /** the core as a panel process would have it (no jobs client: the workers' sweeps pick its outbox rows up) */
  core: CoreContext;
  people: { user: FakeUser; requester: Requester }[];
  /** a child process with these roles (and variables) */
  launch(roles: string, env?: Record<string, string>): Promise<RunningSystem>;
  /** the round-robin proxy in front of the web processes (webhook mode) */
  proxy: RoundRobin;
  close(): Promise<void>;
}

export async function scaleWorld(opts: { requesters: number }): Promise<ScaleWorld> {
  const fake = await new FakeTelegram().start();
  const db = await createMariaDb();
  const b = await seedBasics(db.ds);
  const people: ScaleWorld['people'] = [];
  for (let i = 0; i < opts.requesters; i++) {
    const telegramId = 700_000_000 + i;
    const name = `متقاضی ${i}`;
    const requester = await saveRequester(db.ds.manager, {
      telegramId,
      fullName: name,
      nameKey: searchKey(name),
      phone: `+98913${String(1000000 + i).slice(-7)}`,
      memberTypeId: b.farmer.id,
      locale: 'fa',
      reachable: true,
      blocked: false,
      registeredAt: new Date(),
    });
    people.push({ user: fake.user({ id: telegramId, first_name: name, language_code: 'fa' }), requester });
  }
  const prefix = uniquePrefix('sc');
  const redis = new Redis(testRedisOptions());
  const proxy = await roundRobin();
  const dataDir = `/tmp/hd-test-${prefix}`;
  const children: RunningSystem[] = [];
  const base = {
    DATABASE_URL: db.url!,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    BOT_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    SECRET_KEY: 'scale-secret-0123456789abcdef0123456789',
    // test knobs of system-child.ts: a killed process's jobs are taken over after 3 s, sweeps every second
    RES_LOCK_MS: '3000',
    RES_STALLED_MS: '1000',
    RES_LEASE_MS: '3000',
    RES_SWEEP_MS: '1000',
    RES_SLA_SWEEP_MS: '2000',
    RES_FLUSH_CHECK_MS: '1000',
  };
  const core: CoreContext = {
    ds: db.ds,
    clock: systemClock,
    log: createLogger('silent'),
    timeZone: 'Asia/Tehran',
    defaultLocale: 'fa',
    publicUrl: 'http://localhost:3000',
    onOutbox: () => undefined,
    onSlaChange: () => undefined,
  };
  return {
    fake,
    db,
    b,
    prefix,
    redis,
    core,
    people,
    proxy,
    async launch(roles, env = {}) {
      const child = await launchSystem({ ...base, ROLES: roles, ...env });
      children.push(child);
      return child;
    },
    async close() {
      await Promise.all(children.map((c) => c.stop(10_000).catch(() => undefined)));
      await proxy.close();
      await fake.stop();
      redis.disconnect();
      await clearPrefix(prefix);
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RoundRobin {
  url: string;
  upstreams: string[];
  /** requests answered by each upstream, and 502s for the dead ones */
  counts: Map<string, number>;
  /** how long each answered request took, ms (the web process recording the update) */
  latencies: number[];
  close(): Promise<void>;
}

/** forwards each request to the next upstream in turn; an upstream that does not answer gives 502 and is dropped */
export async function roundRobin(): Promise<RoundRobin> {
  let next = 0;
  const rr: RoundRobin = { url: '', upstreams: [], counts: new Map(), latencies: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = rr.upstreams[next++ % Math.max(1, rr.upstreams.length)];
      if (!target) return void res.writeHead(502).end();
      const url = new URL(req.url ?? '/', target);
      const at = performance.now();
      const out = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
        const key = `${target} ${up.statusCode}`;
        rr.counts.set(key, (rr.counts.get(key) ?? 0) + 1);
        up.once('end', () => rr.latencies.push(performance.now() - at));
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => {
        // a passive health check, as a load balancer does: an upstream that refuses a connection is dropped
        rr.upstreams = rr.upstreams.filter((u) => u !== target);
        const key = `${target} 502`;
        rr.counts.set(key, (rr.counts.get(key) ?? 0) + 1);
        if (!res.headersSent) res.writeHead(502).end();
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  rr.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rr.close = () => new Promise<void>((r) => server.close(() => r()));
  return rr;
}

export async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50)); // the poll interval of a wait on a condition
  }
}

/** the pid in a process's instance name (`host-pid-random`, main.ts) */
export const pidOf = (instance: string | null) => (instance ? Number(instance.split('-').at(-2)) : NaN);
