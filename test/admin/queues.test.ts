/**
 * /admin/queues (bull-board over BullMQ queues on the test Redis): admins only, for the page, its static files
 * and its API; bull-board's API calls carry no CSRF token, so a state-changing one must come from this site
 * (Origin or Sec-Fetch-Site) — a foreign one is refused and the queue stays as it was; the CSP there allows
 * inline styles for its UI, never inline scripts.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('queues on %s', (dialect) => {
  let db: TestDatabase;
  let queue: Queue;
  let prefix: string;
  let app: ReturnType<typeof createApp>;
  let b: Basics;
  const clients: Record<'admin' | 'supervisor' | 'agent', PanelClient> = {} as never;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const ctx = testContext(db.ds, new TestClock(new Date('2026-12-05T06:30:00Z')));
    prefix = uniquePrefix('panelq');
    queue = new Queue('outbox', { connection: testRedisOptions(), prefix });
    await queue.add('drain', { chatId: 1 }, { delay: 60_000 });
    app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log, queues: () => [queue] }) });
    b = await seedBasics(db.ds);
    for (const [role, staff] of [
      ['admin', b.admin],
      ['supervisor', b.supervisor],
      ['agent', b.agentA1],
    ] as const) {
      const client = new PanelClient(app);
      client.cookies.set(SESSION_COOKIE, await createSession(ctx, staff.id, { ip: '', userAgent: 'test' }));
      clients[role] = client;
    }
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    if (prefix) await clearPrefix(prefix);
    await db?.close();
  });

  const put = (client: PanelClient, path: string, headers: Record<string, string>) =>
    app.request(path, { method: 'PUT', headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers } });

  describe('/admin/queues', () => {
    it('admins get the dashboard and its API; supervisors and agents get 403; no session goes to the login', async () => {
      const page = await clients.admin.get('/admin/queues');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Helpdesk queues');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const api = await clients.admin.get('/admin/queues/api/queues');
      expect(api.status).toBe(200);
      const body = (await api.json()) as { queues: { name: string; counts: Record<string, number> }[] };
      expect(body.queues.map((q) => q.name)).toEqual(['outbox']);
      expect(body.queues[0]!.counts.delayed).toBe(1);
      for (const role of ['supervisor', 'agent'] as const) {
        expect((await clients[role].get('/admin/queues')).status).toBe(403);
        expect((await clients[role].get('/admin/queues/api/queues')).status).toBe(403);
        expect((await put(clients[role], '/admin/queues/api/queues/outbox/pause', { 'sec-fetch-site': 'same-origin' })).status).toBe(403);
      }
      expect(await queue.isPaused()).toBe(false);
      expect((await new PanelClient(app).get('/admin/queues')).status).toBe(303);
    });

    it("a state-changing API call must come from this site: a foreign or unmarked one is refused, the admin's own works", async () => {
      expect((await put(clients.admin, '/admin/queues/api/queues/outbox/pause', { origin: 'https://evil.example' })).status).toBe(403);
      expect((await put(clients.admin, '/admin/queues/api/queues/outbox/pause', {})).status).toBe(403);
      expect((await put(clients.admin, '/admin/queues/api/queues/outbox/pause', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect(await queue.isPaused()).toBe(false);
      const ok = await put(clients.admin, '/admin/queues/api/queues/outbox/pause', { 'sec-fetch-site': 'same-origin' });
      expect(ok.status).toBe(200);
      expect(await queue.isPaused()).toBe(true);
      expect((await put(clients.admin, '/admin/queues/api/queues/outbox/resume', { origin: 'http://localhost' })).status).toBe(200);
      expect(await queue.isPaused()).toBe(false);
    });
  });
});
