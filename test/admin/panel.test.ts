/**
 * Route tests of the admin panel through createApp(...).request() on a MariaDB test database:
 * first-run setup, login and lockout, sessions, CSRF, the inbox (tabs, keyset pages, escaping), the ticket
 * page and its actions through the core (a reply writes an outbox row), and another team's ticket → 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { In } from 'typeorm';
import { createApp } from '../../admin/app.ts';
import { announceSetup, createPanel } from '../../admin/panel.ts';
import { OutboxMessage, Requester, StaffAccount, StaffSession, Ticket, TicketMessage } from '../../core/entities/index.ts';
import { t } from '../../core/i18n/index.ts';
import { listSubjects } from '../../core/services/catalogue.ts';
import { issueCode } from '../../core/services/codes.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('panel on %s', (dialect) => {
  const PASSWORD = 'correct horse battery';

  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let clock: TestClock;
  let app: ReturnType<typeof createApp>;
  const logLines: string[] = [];
  let b: Basics;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    clock = new TestClock(new Date('2026-12-05T06:30:00Z'));
    ctx = testContext(db.ds, clock);
    const log = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) });
    ctx.log = log;
    app = createApp({ core: ctx, log, readiness: {}, panel: createPanel({ core: ctx, log }) });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  async function login(username: string, password = PASSWORD): Promise<{ client: PanelClient; res: Response }> {
    const client = new PanelClient(app);
    const { csrf } = await client.page('/login');
    const res = await client.post('/login', { _csrf: csrf, username, password });
    return { client, res };
  }

  describe('admin panel', () => {
    let adminClient: PanelClient;

    it('first run: the log prints a one-time setup link that creates the first admin and logs him in', async () => {
      const anon = new PanelClient(app);
      expect((await anon.get('/tickets')).headers.get('location')).toBe('/login');
      // a link with a wrong, an expired or a replaced code: a page that says so, no form
      const refused = async (path: string, status: number, key: string) => {
        const res = await new PanelClient(app).get(path);
        const html = await res.text();
        expect(res.status, path).toBe(status);
        expect(html).toContain(t('fa', 'admin-setup-refused-title'));
        expect(html).toContain(t('fa', key));
        expect(html).toContain('role="alert"');
        expect(html).not.toContain('id="displayName"');
        expect(html).not.toContain('<form method="post" action="/setup/');
      };
      await refused('/setup/WRONGCODE2', 404, 'admin-setup-unknown');
      const short = await issueCode(ctx, 'setup', {}, 1);
      clock.advance(2 * 60_000);
      await refused(`/setup/${short}`, 410, 'admin-setup-expired');
      clock.set(new Date('2026-12-05T06:30:00Z'));
      const stale = await announceSetup({ core: ctx, log: ctx.log });
      const code = await announceSetup({ core: ctx, log: ctx.log });
      await refused(`/setup/${stale}`, 410, 'admin-setup-replaced');
      expect(code).toBeTruthy();
      expect(logLines.join('\n')).toContain(`http://localhost:3000/setup/${code}`);

      const { res, csrf } = await anon.page(`/setup/${code}`);
      expect(res.status).toBe(200);
      expect(csrf).not.toBe('');
      const bad = await anon.post(`/setup/${code}`, { _csrf: csrf, username: 'boss', displayName: 'مدیر', password: 'short' });
      expect(bad.status).toBe(400);
      const ok = await anon.post(`/setup/${code}`, { _csrf: csrf, username: 'boss', displayName: 'مدیر کل', password: PASSWORD });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/tickets');
      const cookie = ok.headers.getSetCookie().find((l) => l.startsWith('hd_session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const inbox = await anon.get('/tickets');
      expect(inbox.status).toBe(200);
      expect(await inbox.text()).toContain('dir="rtl"');
      // the session is stored hashed: the cookie value is not a row id
      const value = cookie.split(';')[0]!.split('=')[1]!;
      expect(await db.ds.getRepository(StaffSession).countBy({ id: value })).toBe(0);
      expect(await db.ds.getRepository(StaffSession).count()).toBe(1);
      adminClient = anon;

      // the code is single use, and no second setup once an account exists
      const again = new PanelClient(app);
      const used = await again.page(`/setup/${code}`);
      expect(used.html).not.toContain('id="displayName"'); // no form on a used link
      expect(used.res.status).toBe(410);
      expect(used.html).toContain(t('fa', 'admin-setup-done'));
      await refused(`/setup/${stale}`, 410, 'admin-setup-done');
      const p2 = await again.page('/login');
      const r2 = await again.post(`/setup/${code}`, { _csrf: p2.csrf, username: 'evil', displayName: 'x', password: PASSWORD });
      expect(r2.status).toBe(410);
      expect(await r2.text()).toContain(t('fa', 'admin-setup-done'));
      expect(await db.ds.getRepository(StaffAccount).count()).toBe(1);
      expect(await announceSetup({ core: ctx, log: ctx.log })).toBeNull();
    });

    it('secure headers: a CSP without inline scripts, no framing; assets served locally', async () => {
      const res = await adminClient.get('/tickets');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toContain('http://'); // no CDN
      const htmx = await adminClient.get('/assets/htmx.js');
      expect(htmx.status).toBe(200);
      expect((await htmx.text()).length).toBeGreaterThan(10_000);
      const font = await adminClient.get('/assets/vazirmatn.woff2');
      expect(font.headers.get('content-type')).toBe('font/woff2');
    });

    it('POST without a valid CSRF token is refused (403), with the token it works', async () => {
      const noToken = await adminClient.post('/logout', {});
      expect(noToken.status).toBe(403);
      const wrong = await adminClient.post('/logout', { _csrf: 'x'.repeat(43) });
      expect(wrong.status).toBe(403);
      const loginNoToken = await new PanelClient(app).post('/login', { username: 'boss', password: PASSWORD });
      expect(loginNoToken.status).toBe(403);
      const { csrf } = await adminClient.page('/tickets');
      const foreign = await adminClient.post('/logout', { _csrf: csrf }, { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect((await adminClient.get('/tickets')).status).toBe(200);
    });

    describe('with an organisation', () => {
      let ticketA: Ticket;
      let ticketB: Ticket;
      let agent: PanelClient;

      beforeAll(async () => {
        b = await seedBasics(db.ds);
        const hash = await hashPassword(PASSWORD);
        await db.ds
          .getRepository(StaffAccount)
          .update({ id: In([b.admin.id, b.supervisor.id, b.agentA1.id, b.agentA2.id, b.agentB1.id]) }, { passwordHash: hash });
        await db.ds.getRepository(Requester).update({ id: b.requester.id }, { fullName: '<img src=x onerror=alert(1)>مریم' });
        ticketA = await makeTicket(db.ds, b, { title: '<script>alert("xss")</script> سفارش زعفران', state: 'open', assigneeId: b.agentA1.id });
        ticketB = await makeTicket(db.ds, b, { title: 'export ticket of team B', teamId: b.teamB.id, subjectId: b.subjectB.id });
        const r = await login(b.agentA1.username);
        expect(r.res.status).toBe(303);
        agent = r.client;
      }, 60_000);

      it('the inbox shows the agent his tickets with user text escaped (stored XSS inert)', async () => {
        const res = await agent.get('/tickets?tab=mine');
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(html).toContain(`href="/tickets/${ticketA.id}"`);
        expect(html).not.toContain('<script>alert');
        expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
        expect(html).not.toContain('<img src=x');
        expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
        expect(html).not.toContain(`href="/tickets/${ticketB.id}"`);
        expect(html).toContain('id="inbox-live" hx-get="/tickets?tab=mine" hx-trigger="every 30s, live-inbox from:body"'); // refreshed by htmx
        // all tab: team B's ticket is not visible to an agent of team A
        const all = await (await agent.get('/tickets?tab=all&state=any')).text();
        expect(all).not.toContain(`href="/tickets/${ticketB.id}"`);
      });

      it("another team's ticket by id is 404, for reading and for acting", async () => {
        expect((await agent.get(`/tickets/${ticketB.id}`)).status).toBe(404);
        const { csrf } = await agent.page('/tickets');
        const before = await db.ds.getRepository(TicketMessage).countBy({ ticketId: ticketB.id });
        const res = await agent.post(`/tickets/${ticketB.id}/reply`, { _csrf: csrf, text: 'sneaky' });
        expect(res.status).toBe(404);
        expect(await db.ds.getRepository(TicketMessage).countBy({ ticketId: ticketB.id })).toBe(before);
        expect((await agent.get('/tickets/999999999')).status).toBe(404);
        expect((await agent.get('/tickets/abc')).status).toBe(404);
        // the admin sees it
        expect((await adminClient.get(`/tickets/${ticketB.id}`)).status).toBe(200);
      });

      it('the ticket page escapes the title and the requester name; a reply goes to the requester through the outbox', async () => {
        const page = await agent.page(`/tickets/${ticketA.id}`);
        expect(page.res.status).toBe(200);
        expect(page.html).not.toContain('<script>alert');
        expect(page.html).not.toContain('<img src=x');
        expect(page.html).toContain('dir="auto"');
        const outboxBefore = await db.ds.getRepository(OutboxMessage).countBy({ ticketId: ticketA.id });
        const res = await agent.post(`/tickets/${ticketA.id}/reply`, { _csrf: page.csrf, text: 'سلام، <b>پاسخ</b> شما' });
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe(`/tickets/${ticketA.id}?ok=1`);
        const reply = await db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: ticketA.id, kind: 'message', direction: 'out' });
        expect(reply.via).toBe('panel');
        expect(reply.staffId).toBe(b.agentA1.id);
        const rows = await db.ds.getRepository(OutboxMessage).findBy({ ticketId: ticketA.id });
        expect(rows.length).toBeGreaterThan(outboxBefore);
        const toRequester = rows.filter((r) => r.chatId === b.requester.telegramId);
        expect(toRequester.length).toBeGreaterThan(0);
        expect(JSON.stringify(toRequester.map((r) => r.payload))).toContain('پاسخ');
        expect(ctx.outboxSeen.length).toBeGreaterThan(0);
        const after = await agent.page(`/tickets/${ticketA.id}`);
        expect(after.html).toContain('سلام، &lt;b&gt;پاسخ&lt;/b&gt; شما');
        expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: ticketA.id })).state).toBe('answered');
      });

      it('notes, priority, resolve, close and reopen go through the core; illegal moves come back as an error', async () => {
        const { csrf } = await agent.page(`/tickets/${ticketA.id}`);
        expect((await agent.post(`/tickets/${ticketA.id}/note`, { _csrf: csrf, text: 'internal only' })).status).toBe(303);
        expect(await db.ds.getRepository(TicketMessage).countBy({ ticketId: ticketA.id, kind: 'note' })).toBe(1);
        await agent.post(`/tickets/${ticketA.id}/priority`, { _csrf: csrf, priority: 'urgent' });
        expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: ticketA.id })).priority).toBe('urgent');
        await agent.post(`/tickets/${ticketA.id}/resolve`, { _csrf: csrf });
        expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: ticketA.id })).state).toBe('resolved');
        const reopenEarly = await agent.post(`/tickets/${ticketA.id}/reopen`, { _csrf: csrf });
        expect(reopenEarly.status).toBe(400);
        expect(await reopenEarly.text()).toContain('role="alert"');
        await agent.post(`/tickets/${ticketA.id}/close`, { _csrf: csrf, reason: 'done' });
        const closed = await db.ds.getRepository(Ticket).findOneByOrFail({ id: ticketA.id });
        expect(closed.state).toBe('closed');
        expect(closed.closeReason).toBe('done');
        await agent.post(`/tickets/${ticketA.id}/reopen`, { _csrf: csrf });
        expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: ticketA.id })).state).toBe('open');
      });

      it('assign to me from the unassigned tab', async () => {
        const t2 = await makeTicket(db.ds, b, { title: 'unassigned one' });
        const list = await (await agent.get('/tickets?tab=unassigned')).text();
        expect(list).toContain(`href="/tickets/${t2.id}"`);
        const { csrf } = await agent.page(`/tickets/${t2.id}`);
        await agent.post(`/tickets/${t2.id}/assign-me`, { _csrf: csrf });
        const row = await db.ds.getRepository(Ticket).findOneByOrFail({ id: t2.id });
        expect(row.assigneeId).toBe(b.agentA1.id);
        expect(row.state).toBe('open');
      });

      it('keyset pages: every ticket once, in (updatedAt, id) order, across pages', async () => {
        const made: number[] = [];
        for (let i = 0; i < 30; i++) {
          const at = new Date(Date.UTC(2026, 11, 1, 8, Math.floor(i / 3))); // equal updatedAt in threes
          made.push((await makeTicket(db.ds, b, { title: `bulk ${i}`, at, teamId: b.teamA.id })).id);
        }
        const seen: number[] = [];
        let url: string | null = '/tickets?tab=teams&state=any';
        let pages = 0;
        while (url && pages < 10) {
          const html = await (await agent.get(url)).text();
          seen.push(...[...html.matchAll(/<td><a href="\/tickets\/(\d+)">/g)].map((m) => Number(m[1])));
          const next = /href="([^"]+)" rel="next"/.exec(html);
          url = next ? next[1]!.replace(/&amp;/g, '&') : null;
          pages++;
        }
        expect(pages).toBeGreaterThanOrEqual(2);
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of made) expect(seen).toContain(id);
        const rows = await db.ds.getRepository(Ticket).findBy({});
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (let i = 1; i < seen.length; i++) {
          const a = byId.get(seen[i - 1]!)!;
          const c = byId.get(seen[i]!)!;
          expect(a.updatedAt.getTime() > c.updatedAt.getTime() || (a.updatedAt.getTime() === c.updatedAt.getTime() && a.id > c.id)).toBe(true);
        }
      });

      it('search finds by title through core search, only among visible tickets', async () => {
        const html = await (await agent.get('/tickets?q=' + encodeURIComponent('زعفران'))).text();
        expect(html).toContain(`href="/tickets/${ticketA.id}"`);
        const none = await (await agent.get('/tickets?q=export')).text();
        expect(none).not.toContain(`href="/tickets/${ticketB.id}"`);
        // the tabs' counts, loaded after the page: a search page's mark no tab as the current one
        const countsUrl = (page: string) => /id="tabs"[^>]*hx-get="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
        expect(countsUrl(html)).toBe('/tickets/counts?tab=mine&search=1');
        expect(await (await agent.get(countsUrl(html)!)).text()).not.toContain('aria-current="page"');
        const inbox = await (await agent.get('/tickets?tab=mine')).text();
        expect(countsUrl(inbox)).toBe('/tickets/counts?tab=mine');
        expect(await (await agent.get(countsUrl(inbox)!)).text()).toContain('aria-current="page"');
      });

      it('subjects: an admin adds and edits one (names escaped, the bot list has it at once); agents get 403', async () => {
        const { html, csrf } = await adminClient.page(`/config/catalogue/vc/${b.valueChain.id}`);
        expect(html).toContain(b.subjectA.nameFa);
        const bad = await adminClient.post('/config/subjects', {
          _csrf: csrf,
          departmentId: String(b.department.id),
          code: 'BAD CODE!',
          nameFa: '',
          nameEn: 'x',
        });
        expect(bad.status).toBe(400);
        expect(await bad.text()).toContain('role="alert"');
        const xss = '<svg onload=alert(1)>گلاب';
        const ok = await adminClient.post('/config/subjects', {
          _csrf: csrf,
          departmentId: String(b.department.id),
          code: 'rosewater',
          nameFa: xss,
          nameEn: 'Rose water',
          teamId: String(b.teamB.id),
          defaultPriority: 'high',
          active: 'on',
        });
        expect(ok.status).toBe(303);
        const subjects = await listSubjects(db.ds, b.department.id); // active only: what the bot offers
        const added = subjects.find((x) => x.code === 'rosewater')!;
        expect(added).toMatchObject({ nameFa: xss, teamId: b.teamB.id, defaultPriority: 'high', active: true });
        const after = await (await adminClient.get(`/config/catalogue/vc/${b.valueChain.id}`)).text();
        expect(after).not.toContain('<svg onload');
        expect(after).toContain('&lt;svg onload=alert(1)&gt;گلاب');
        const edit = await adminClient.post(`/config/subjects/${added.id}`, {
          _csrf: csrf,
          code: 'rosewater',
          nameFa: 'گلاب',
          nameEn: 'Rose water',
          teamId: '',
          defaultPriority: 'normal',
        });
        expect(edit.status).toBe(303);
        const edited = (await listSubjects(db.ds, b.department.id, { activeOnly: false })).find((x) => x.id === added.id)!;
        expect(edited).toMatchObject({ nameFa: 'گلاب', teamId: null, defaultPriority: 'normal', active: false });
        expect((await listSubjects(db.ds, b.department.id, { activeOnly: true })).some((x) => x.id === added.id)).toBe(false);

        expect((await agent.get('/config/catalogue')).status).toBe(403);
        const agentCsrf = (await agent.page('/tickets')).csrf;
        const sneaky = await agent.post(`/config/subjects/${added.id}`, { _csrf: agentCsrf, code: 'rosewater', nameFa: 'x', nameEn: 'x', active: 'on' });
        expect(sneaky.status).toBe(403);
        expect((await listSubjects(db.ds, b.department.id, { activeOnly: false })).find((x) => x.id === added.id)!.nameFa).toBe('گلاب');
      });

      it('login: wrong passwords lock the account for a while; logout ends the session', async () => {
        const name = b.agentA2.username;
        for (let i = 0; i < 4; i++) expect((await login(name, 'wrong password!')).res.status).toBe(401);
        expect((await login(name, 'wrong password!')).res.status).toBe(423);
        expect((await login(name)).res.status).toBe(423); // even the right password while locked
        clock.advance(16 * 60_000);
        const ok = await login(name);
        expect(ok.res.status).toBe(303);
        const { csrf } = await ok.client.page('/tickets');
        expect((await ok.client.post('/logout', { _csrf: csrf })).status).toBe(303);
        expect((await ok.client.get('/tickets')).status).toBe(303);
        expect((await login('nobody-here')).res.status).toBe(401);
      });
    });
  });
});
