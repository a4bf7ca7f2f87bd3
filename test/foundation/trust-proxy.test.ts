/**
 * TRUST_PROXY over real sockets (the whole system, the panel on a port, clients on 127.0.0.1): unset, a
 * client that changes X-Forwarded-For on every try is still one address to the login throttle, and its
 * session stores the socket's address, not the forged one; with the proxy trusted the header names the
 * client — for the throttle (another forwarded address is another client) and for the session.
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffAccount, StaffSession } from '../../core/entities/people.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { PanelClient } from '../admin/client.ts';
import { FakeTelegram } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { freePort } from '../support/ports.ts';
import { startTestSystem, type SystemHarness } from '../support/system.ts';

const PASSWORD = 'a-long-enough-password-1';
const MAX_FAILURES = 20; // the throttle's default: 20 failed logins from one address in 15 minutes

/** a PanelClient over HTTP (a real socket, so the server sees 127.0.0.1 as the peer) */
function httpClient(base: string): PanelClient {
  const transport = { request: (path: string, init: RequestInit) => fetch(`${base}${path}`, { ...init, redirect: 'manual' }) };
  return new PanelClient(transport as unknown as Hono);
}

async function tryLogin(base: string, username: string, password: string, forwardedFor?: string): Promise<{ res: Response; client: PanelClient }> {
  const client = httpClient(base);
  const { csrf } = await client.page('/login');
  const res = await client.post('/login', { _csrf: csrf, username, password }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});
  await res.arrayBuffer();
  return { res, client };
}

describe.each(DIALECTS)('TRUST_PROXY and the login throttle, on %s', (dialect) => {
  let fake: FakeTelegram;
  const harnesses: SystemHarness[] = [];
  beforeAll(async () => {
    fake = await new FakeTelegram().start();
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    await fake?.stop();
  });

  const start = async (env: Record<string, string>) => {
    const port = await freePort();
    const h = await startTestSystem({
      apiRoot: fake.apiRoot,
      database: dialect,
      env: { PORT: String(port), ...env },
      prepare: async (db) => {
        await db.ds.getRepository(StaffAccount).save(
          db.ds.getRepository(StaffAccount).create({
            username: 'proxied',
            displayName: 'پشت پراکسی',
            role: 'admin',
            locale: 'fa',
            passwordHash: await hashPassword(PASSWORD),
            active: true,
            telegramId: null,
            failedLogins: 0,
            lockedUntil: null,
            lastLoginAt: null,
            dailyGoal: null,
          }),
        );
      },
    });
    harnesses.push(h);
    return { h, base: `http://127.0.0.1:${h.system.web!.port}` };
  };

  it("unset: a changing X-Forwarded-For does not reset the throttle, and the session keeps the socket's address", { timeout: 90_000 }, async () => {
    const { h, base } = await start({});
    const ok = await tryLogin(base, 'proxied', PASSWORD, '203.0.113.77');
    expect(ok.res.status).toBe(303);
    const sessions = await h.db.ds.getRepository(StaffSession).find();
    expect(sessions.map((s) => s.ip)).toEqual(['127.0.0.1']);
    for (let i = 1; i <= MAX_FAILURES; i++) {
      const { res } = await tryLogin(base, 'nobody', 'wrong-password', `198.51.100.${i}`);
      expect(res.status).toBe(401);
    }
    // a new forged address on every try changes nothing: the 21st try from this socket is throttled
    const { res } = await tryLogin(base, 'nobody', 'wrong-password', '198.51.100.250');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // and so is the right password from this address, until the window has passed
    expect((await tryLogin(base, 'proxied', PASSWORD, '192.0.2.1')).res.status).toBe(429);
  });

  it('TRUST_PROXY=loopback (the proxy on this host): the forwarded address is the client, for the throttle and the session', { timeout: 90_000 }, async () => {
    const { h, base } = await start({ TRUST_PROXY: 'loopback' });
    for (let i = 1; i <= MAX_FAILURES; i++) expect((await tryLogin(base, 'nobody', 'wrong-password', '198.51.100.7')).res.status).toBe(401);
    expect((await tryLogin(base, 'nobody', 'wrong-password', '198.51.100.7')).res.status).toBe(429);
    // another client behind the same proxy is not throttled, and its session stores its own address
    const other = await tryLogin(base, 'proxied', PASSWORD, '10.9.8.7, 203.0.113.8');
    expect(other.res.status).toBe(303);
    const sessions = await h.db.ds.getRepository(StaffSession).find();
    expect(sessions.map((s) => s.ip)).toEqual(['203.0.113.8']);
  });
});
