/**
 * Every page and every action of the panel for every role (admin, supervisor of team A, agent of team A,
 * agent of team B) through the app factory on MariaDB: who gets the page, who gets 403; every POST without
 * a valid CSRF proof is refused before it does anything; forms that fail come back with inline errors;
 * another team's ticket, note and attachment are 404 by direct id; stored XSS in a ticket text, a requester
 * name and a subject name is rendered inert on every page that shows them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { AuditEntry, CannedReply, FaqEntry, Requester, SlaPolicy, StaffAccount, StaffChat, Subject, Ticket, TicketMessage } from '../../core/entities/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { addNote, addRequesterMessage } from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('roles on %s', (dialect) => {
  type Role = 'admin' | 'supervisor' | 'agent' | 'agentB';
  const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'agentB'];

  const XSS_TEXT = '<script>alert("text")</script> زعفران';
  const XSS_NAME = '<img src=x onerror=alert(1)>مریم';
  const XSS_SUBJECT = '<svg onload=alert(2)>کاشت';

  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let app: ReturnType<typeof createApp>;
  let b: Basics;
  let dataDir: string;
  const clients = {} as Record<Role, PanelClient>;
  const tokens = {} as Record<Role, string>;
  let tA: Ticket;
  let tB: Ticket;
  let noteA: TicketMessage;
  let noteB: TicketMessage;
  let msgA: TicketMessage;
  const ids = {} as Record<'canned' | 'cannedB' | 'sla' | 'chat' | 'chatB' | 'faq' | 'spare' | 'spareCal', number>;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = testContext(db.ds, new TestClock(new Date('2026-12-05T06:30:00Z')));
    dataDir = mkdtempSync(join(tmpdir(), 'hd-panel-'));
    app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log, dataDir }) });
    b = await seedBasics(db.ds);
    await db.ds.getRepository(Requester).update({ id: b.requester.id }, { fullName: XSS_NAME });
    await db.ds.getRepository(Subject).update({ id: b.subjectA.id }, { nameFa: XSS_SUBJECT });
    const staffOf: Record<Role, StaffAccount> = { admin: b.admin, supervisor: b.supervisor, agent: b.agentA1, agentB: b.agentB1 };
    for (const role of ROLES) {
      const client = new PanelClient(app);
      client.cookies.set(SESSION_COOKIE, await createSession(ctx, staffOf[role].id, { ip: '', userAgent: 'test' }));
      clients[role] = client;
      tokens[role] = (await client.page('/account')).csrf;
      expect(tokens[role]).not.toBe('');
    }

    tA = await makeTicket(db.ds, b, { title: XSS_TEXT, state: 'open', assigneeId: b.agentA1.id, subjectId: b.subjectA.id });
    tB = await makeTicket(db.ds, b, {
      title: 'team B ticket',
      teamId: b.teamB.id,
      subjectId: b.subjectB.id,
      state: 'open',
      assigneeId: b.agentB1.id,
      requesterId: b.requester2.id,
    });
    await addRequesterMessage(ctx, requesterActor(b.requester), tA.id, {
      text: XSS_TEXT,
      attachments: [{ kind: 'document', fileId: 'TG-FILE-1', fileName: 'scan.pdf' }],
    });
    msgA = await db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: tA.id, direction: 'in' });
    const upload = (name: string, body: string) => {
      const dir = join(dataDir, 'uploads', '2026-12');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), body);
      return { kind: 'document' as const, localPath: join(dir, name), fileName: name, mimeType: 'text/plain', size: body.length };
    };
    await addNote(ctx, staffActor(b.agentA1), tA.id, { text: 'note of team A', attachments: [upload('a-note.txt', 'secret of team A')], via: 'panel' });
    await addNote(ctx, staffActor(b.agentB1), tB.id, { text: 'note of team B', attachments: [upload('b-note.txt', 'secret of team B')], via: 'panel' });
    noteA = await db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: tA.id, kind: 'note' });
    noteB = await db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: tB.id, kind: 'note' });

    const repo = <T extends object>(e: new () => T) => db.ds.getRepository<T>(e);
    ids.canned = (await repo(CannedReply).save({ shortcut: 'hello', title: 'سلام', body: 'سلام، خوش آمدید', teamId: b.teamA.id, active: true })).id;
    ids.cannedB = (await repo(CannedReply).save({ shortcut: 'bye', title: 'خداحافظ', body: 'خدانگهدار', teamId: b.teamB.id, active: true })).id;
    ids.sla = (
      await repo(SlaPolicy).save({
        name: 'spare',
        teamId: null,
        subjectId: null,
        minPriority: null,
        firstResponseMinutes: 60,
        resolutionMinutes: 600,
        ceilingMinutes: 1440,
        calendarId: null,
        sortOrder: 9,
        active: true,
      })
    ).id;
    ids.chat = (
      await repo(StaffChat).save({ chatId: -100111, title: 'A group', layout: 'plain', teamId: b.teamA.id, departmentId: null, status: 'active' })
    ).id;
    ids.chatB = (
      await repo(StaffChat).save({ chatId: -100222, title: 'B group', layout: 'plain', teamId: b.teamB.id, departmentId: null, status: 'active' })
    ).id;
    ids.faq = (
      await repo(FaqEntry).save({
        subjectId: b.subjectA.id,
        questionFa: 'پرسش',
        answerFa: 'پاسخ',
        questionEn: null,
        answerEn: null,
        sortOrder: 0,
        active: true,
      })
    ).id;
    ids.spare = (await repo(StaffAccount).save({ username: `spare_${Date.now()}`, displayName: 'یدکی', role: 'agent', active: true, locale: 'fa' })).id;
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  /** every page, and the roles that may open it (the others get 403) */
  const PAGES: [string, Role[]][] = [
    ['/tickets', ROLES],
    ['/tickets/counts', ROLES],
    ['/account', ROLES],
    ['/config', ['admin', 'supervisor']],
    ['/requesters', ['admin', 'supervisor']],
    ['/requesters/{requester}', ['admin', 'supervisor']],
    ['/audit', ['admin']],
    ['/config/catalogue', ['admin']],
    ['/config/catalogue/vc/{valueChain}', ['admin']],
    ['/config/teams', ['admin', 'supervisor']],
    ['/config/teams/{teamA}', ['admin', 'supervisor']],
    ['/config/chats', ['admin', 'supervisor']],
    ['/config/canned', ['admin', 'supervisor']],
    ['/config/staff', ['admin']],
    ['/config/staff/{agentA2}', ['admin']],
    ['/config/sla', ['admin']],
    ['/config/calendars', ['admin']],
    ['/config/calendars/{calendar}', ['admin']],
    ['/config/member-types', ['admin']],
    ['/config/settings', ['admin']],
    ['/config/bot', ['admin']],
    ['/admin/queues', ['admin']],
  ];

  /** every configuration action, the roles allowed, and for the others 403 */
  const ACTIONS: [string, Role[]][] = [
    ['/account', ROLES],
    ['/account/password', ROLES],
    ['/account/telegram-code', ROLES],
    ['/requesters/{requester2}/block', ['admin', 'supervisor']],
    ['/requesters/{requester2}/unblock', ['admin', 'supervisor']],
    ['/config/value-chains', ['admin']],
    ['/config/value-chains/{valueChain}', ['admin']],
    ['/config/departments', ['admin']],
    ['/config/departments/{department}', ['admin']],
    ['/config/subjects', ['admin']],
    ['/config/subjects/{subjectB}', ['admin']],
    ['/config/faq', ['admin']],
    ['/config/faq/{faq}', ['admin']],
    ['/config/faq/{faq}/delete', ['admin']],
    ['/config/catalogue/move', ['admin']],
    ['/config/catalogue/active', ['admin']],
    ['/config/teams', ['admin']],
    ['/config/teams/{teamA}', ['admin', 'supervisor']],
    ['/config/teams/{teamA}/members', ['admin', 'supervisor']],
    ['/config/teams/{teamA}/members/{agentA2}', ['admin', 'supervisor']],
    ['/config/teams/{teamA}/members/{agentA2}/remove', ['admin', 'supervisor']],
    ['/config/chats/code', ['admin', 'supervisor']],
    ['/config/chats/{chat}/layout', ['admin', 'supervisor']],
    ['/config/chats/{chat}/unbind', ['admin', 'supervisor']],
    ['/config/canned', ['admin', 'supervisor']],
    ['/config/canned/{canned}', ['admin', 'supervisor']],
    ['/config/canned/{canned}/delete', ['admin', 'supervisor']],
    ['/config/staff', ['admin']],
    ['/config/staff/{spare}', ['admin']],
    ['/config/staff/{spare}/password', ['admin']],
    ['/config/staff/{spare}/teams', ['admin']],
    ['/config/staff/{spare}/telegram-code', ['admin']],
    ['/config/staff/{spare}/unlink', ['admin']],
    ['/config/staff/{spare}/active', ['admin']],
    ['/config/sla', ['admin']],
    ['/config/sla/{sla}', ['admin']],
    ['/config/sla/{sla}/remove', ['admin']],
    ['/config/calendars', ['admin']],
    ['/config/calendars/{calendar}', ['admin']],
    ['/config/calendars/{calendar}/exceptions', ['admin']],
    ['/config/calendars/{calendar}/exceptions/1/remove', ['admin']],
    ['/config/calendars/{calendar}/import', ['admin']],
    ['/config/calendars/{calendar}/delete', ['admin']],
    ['/config/member-types', ['admin']],
    ['/config/member-types/{farmer}', ['admin']],
    ['/config/settings', ['admin']],
    ['/config/bot/token', ['admin']],
    ['/config/bot/token/remove', ['admin']],
    ['/config/bot/mode', ['admin']],
    ['/config/bot/test', ['admin']],
  ];

  /** the ticket actions (POST /tickets/:id/<action>) */
  const TICKET_ACTIONS = ['reply', 'note', 'assign-me', 'assign', 'transfer', 'priority', 'type', 'tags', 'resolve', 'close', 'cancel', 'reopen'];

  function fill(path: string): string {
    const v: Record<string, number> = {
      requester: b.requester.id,
      requester2: b.requester2.id,
      teamA: b.teamA.id,
      agentA2: b.agentA2.id,
      calendar: b.calendar.id,
      valueChain: b.valueChain.id,
      department: b.department.id,
      subjectB: b.subjectB.id,
      farmer: b.farmer.id,
      ...ids,
    };
    return path.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? `?${k}`));
  }

  describe('admin panel: roles, CSRF, direct ids, stored XSS', () => {
    it('every page: the roles that may open it get 200, the others 403', async () => {
      const wrong: string[] = [];
      for (const [raw, allowed] of PAGES) {
        for (const role of ROLES) {
          const res = await clients[role].get(fill(raw));
          const want = allowed.includes(role) ? (raw === '/admin/queues' ? 503 : 200) : 403; // no queues given to this panel: 503
          if (res.status !== want) wrong.push(`${role} GET ${raw}: ${res.status}, want ${want}`);
          await res.arrayBuffer();
        }
      }
      expect(wrong).toEqual([]);
      // nobody without a session: every page sends to the login
      for (const [raw] of PAGES) expect((await new PanelClient(app).get(fill(raw))).status, raw).toBe(303);
    });

    it('a supervisor manages his own team only: another team, its canned reply and its staff chat are refused', async () => {
      const sup = clients.supervisor;
      expect((await sup.get(`/config/teams/${b.teamB.id}`)).status).toBe(403);
      expect((await sup.post(`/config/teams/${b.teamB.id}`, { _csrf: tokens.supervisor, alias: 'x' })).status).toBe(403);
      expect((await sup.post(`/config/canned/${ids.cannedB}/delete`, { _csrf: tokens.supervisor })).status).toBe(403);
      expect(await db.ds.getRepository(CannedReply).countBy({ id: ids.cannedB })).toBe(1);
      expect((await sup.post(`/config/chats/${ids.chatB}/unbind`, { _csrf: tokens.supervisor })).status).toBe(403);
      expect((await db.ds.getRepository(StaffChat).findOneByOrFail({ id: ids.chatB })).status).toBe('active');
      const page = await (await sup.get('/config/canned')).text();
      expect(page).toContain('/hello');
      expect(page).not.toContain('خدانگهدار');
    });

    it('every POST without a valid CSRF proof is refused (403) before it does anything', async () => {
      const posts = [...ACTIONS.map(([p]) => fill(p)), ...TICKET_ACTIONS.map((a) => `/tickets/${tA.id}/${a}`), '/logout'];
      const audit = await db.ds.getRepository(AuditEntry).count();
      const messages = await db.ds.getRepository(TicketMessage).count();
      const wrong: string[] = [];
      for (const path of posts) {
        const form = { text: 'x', name: 'x', code: 'x', nameFa: 'x', nameEn: 'x', priority: 'urgent', reason: 'done' };
        const none = await clients.admin.post(path, form);
        const other = await clients.admin.post(path, { ...form, _csrf: tokens.supervisor }); // a token of another session
        const foreign = await clients.admin.post(path, { ...form, _csrf: tokens.admin }, { origin: 'https://evil.example' });
        for (const [kind, res] of [
          ['none', none],
          ['other session', other],
          ['foreign origin', foreign],
        ] as const) {
          if (res.status !== 403) wrong.push(`${path} (${kind}): ${res.status}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await db.ds.getRepository(AuditEntry).count()).toBe(audit);
      expect(await db.ds.getRepository(TicketMessage).count()).toBe(messages);
      expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: tA.id })).priority).toBe('normal');
      // the session is still alive (the refused /logout did nothing)
      expect((await clients.admin.get('/tickets')).status).toBe(200);
    });

    it('every configuration action: refused roles get 403 and nothing changes; allowed roles get a redirect or the form back with inline errors', async () => {
      const wrong: string[] = [];
      // refused roles first, so that the allowed ones' empty forms (some of which delete) cannot hide a change
      for (const [raw, allowed] of ACTIONS) {
        for (const role of ROLES.filter((r) => !allowed.includes(r))) {
          const before = await db.ds.getRepository(AuditEntry).count();
          const res = await clients[role].post(fill(raw), { _csrf: tokens[role] });
          if (res.status !== 403) wrong.push(`${role} POST ${raw}: ${res.status}, want 403`);
          if ((await db.ds.getRepository(AuditEntry).count()) !== before) wrong.push(`${role} POST ${raw}: audited a change`);
        }
      }
      // least privileged first; a row another role already deleted may be gone (404) for the next one
      for (const [raw, allowed] of ACTIONS) {
        for (const [i, role] of [...allowed].reverse().entries()) {
          const form: Record<string, string> = raw === '/config/chats/code' ? { teamId: String(b.teamA.id) } : {};
          const res = await clients[role].post(fill(raw), { _csrf: tokens[role], ...form });
          const body = await res.text();
          if (res.status === 404 && i > 0 && /\/(delete|remove)$/.test(raw)) continue;
          if (res.status === 400) {
            if (!/role="alert"|class="field-error"/.test(body)) wrong.push(`${role} POST ${raw}: 400 without an inline error`);
          } else if (res.status !== 303 && res.status !== 200) wrong.push(`${role} POST ${raw}: ${res.status} ${body.slice(0, 120)}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it("another team's ticket, its note and its attachment are 404 by direct id, for reading and for every action", async () => {
      const agent = clients.agent;
      const before = JSON.stringify(await db.ds.getRepository(Ticket).findOneByOrFail({ id: tB.id }));
      const messages = await db.ds.getRepository(TicketMessage).countBy({ ticketId: tB.id });
      const reads = [`/tickets/${tB.id}`, `/tickets/${tB.id}/canned?canned=${ids.canned}`, `/tickets/${tB.id}/files/${noteB.id}/0`];
      for (const path of reads) expect((await agent.get(path)).status, path).toBe(404);
      for (const a of TICKET_ACTIONS) {
        const res = await agent.post(`/tickets/${tB.id}/${a}`, {
          _csrf: tokens.agent,
          text: 'sneaky',
          staffId: String(b.agentA1.id),
          priority: 'urgent',
          reason: 'x',
          tags: 'x',
          type: 'x',
          teamId: String(b.teamA.id),
        });
        expect(res.status, a).toBe(404);
        expect(await res.text()).not.toContain('team B ticket');
      }
      expect(JSON.stringify(await db.ds.getRepository(Ticket).findOneByOrFail({ id: tB.id }))).toBe(before);
      expect(await db.ds.getRepository(TicketMessage).countBy({ ticketId: tB.id })).toBe(messages);
      // a note of team B addressed through a ticket the agent does see: still 404
      expect((await agent.get(`/tickets/${tA.id}/files/${noteB.id}/0`)).status).toBe(404);
      expect((await agent.get(`/tickets/${tA.id}/files/${noteA.id}/9`)).status).toBe(404);
      expect((await agent.get(`/tickets/${tA.id}/files/${noteA.id}/x`)).status).toBe(404);
      // the supervisor of team A does not see team B's ticket either; agent B does not see team A's
      expect((await clients.supervisor.get(`/tickets/${tB.id}`)).status).toBe(404);
      expect((await clients.agentB.get(`/tickets/${tA.id}`)).status).toBe(404);
      expect((await clients.agentB.get(`/tickets/${tA.id}/files/${noteA.id}/0`)).status).toBe(404);
      expect((await clients.agentB.get(`/tickets/${tA.id}/files/${msgA.id}/0`)).status).toBe(404);
      // the team's own note file downloads, as an attachment that cannot run in the page
      const own = await agent.get(`/tickets/${tA.id}/files/${noteA.id}/0`);
      expect(own.status).toBe(200);
      expect(await own.text()).toBe('secret of team A');
      expect(own.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(own.headers.get('x-content-type-options')).toBe('nosniff');
      expect(own.headers.get('content-security-policy')).toContain('sandbox');
      // a Telegram file with no bot connected: 503, not a leak or a crash
      expect((await agent.get(`/tickets/${tA.id}/files/${msgA.id}/0`)).status).toBe(503);
      // the admin sees everything
      expect((await clients.admin.get(`/tickets/${tB.id}/files/${noteB.id}/0`)).status).toBe(200);
    });

    it("the supervisor acts on his team's ticket; each ticket action of the page works for the roles that may", async () => {
      const t = await makeTicket(db.ds, b, { title: 'for the supervisor', state: 'new' });
      const post = (who: Role, a: string, form: Record<string, string> = {}) => clients[who].post(`/tickets/${t.id}/${a}`, { _csrf: tokens[who], ...form });
      const row = () => db.ds.getRepository(Ticket).findOneByOrFail({ id: t.id });
      expect((await post('supervisor', 'assign-me')).status).toBe(303);
      expect(await row()).toMatchObject({ assigneeId: b.supervisor.id, state: 'open' });
      expect((await post('supervisor', 'type', { type: 'مشاوره' })).status).toBe(303);
      expect((await post('supervisor', 'tags', { tags: 'بذر، آبیاری' })).status).toBe(303);
      expect(await row()).toMatchObject({ type: 'مشاوره', tags: ['بذر', 'آبیاری'] });
      expect((await post('supervisor', 'priority', { priority: 'bogus' })).status).toBe(400);
      expect((await post('supervisor', 'assign', { staffId: String(b.agentA1.id) })).status).toBe(303);
      expect((await row()).assigneeId).toBe(b.agentA1.id);
      expect((await post('agent', 'reply', { text: 'پاسخ کارشناس' })).status).toBe(303);
      expect((await row()).state).toBe('answered');
      const empty = await post('agent', 'reply', { text: '' });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('role="alert"');
      // htmx: the fragment comes back (200) with the error, never a redirect
      const hx = await clients.agent.post(`/tickets/${t.id}/reopen`, { _csrf: tokens.agent }, { 'hx-request': 'true' });
      expect(hx.status).toBe(200);
      expect(await hx.text()).toMatch(/^<div id="ticket">[\s\S]*role="alert"/);
      expect((await post('supervisor', 'transfer', { teamId: String(b.teamB.id), note: 'برای تیم صادرات' })).status).toBe(303);
      expect((await row()).teamId).toBe(b.teamB.id);
      // now in team B: its agent sees it
      expect((await clients.agentB.get(`/tickets/${t.id}`)).status).toBe(200);
      expect((await post('admin', 'cancel', { reason: 'duplicate' })).status).toBe(303);
      expect((await row()).state).toBe('cancelled');
    });

    it('every inbox tab and the tab counts answer each role, listing the tickets it may see and no other', async () => {
      const sees: Record<Role, Ticket[]> = { admin: [tA, tB], supervisor: [tA], agent: [tA], agentB: [tB] };
      for (const role of ROLES) {
        for (const tab of ['mine', 'unassigned', 'teams', 'all', 'at_risk', 'failed']) {
          const res = await clients[role].get(`/tickets?tab=${tab}`);
          expect(res.status, `${role} ${tab}`).toBe(200);
          const html = await res.text();
          if (tab !== 'all') continue;
          for (const t of [tA, tB]) expect(html.includes(`href="/tickets/${t.id}"`), `${role} sees ${t.id}`).toBe(sees[role].includes(t));
        }
        expect((await clients[role].get('/tickets/counts?tab=all')).status, `${role} counts`).toBe(200);
      }
    });

    it('stored XSS in a ticket text, a requester name and a subject name is inert on every page that shows them', async () => {
      const pages = [
        [clients.agent, `/tickets/${tA.id}`],
        [clients.agent, '/tickets?tab=mine'],
        [clients.admin, '/tickets?tab=all&state=any'],
        [clients.admin, `/requesters/${b.requester.id}`],
        [clients.admin, `/requesters?q=${encodeURIComponent('مریم')}`],
        [clients.admin, '/config/catalogue'],
        [clients.admin, `/config/catalogue/vc/${b.valueChain.id}`],
        [clients.admin, `/config/catalogue?q=${encodeURIComponent('کاشت')}`],
        [clients.admin, '/audit'],
      ] as const;
      for (const [client, path] of pages) {
        const html = await (await client.get(path)).text();
        expect(html, path).not.toMatch(/<script>alert|<img src=x|<svg onload/);
      }
      const ticket = await (await clients.agent.get(`/tickets/${tA.id}`)).text();
      expect(ticket).toContain('&lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt; زعفران');
      expect(ticket).toContain('<div class="msg" dir="auto">&lt;script&gt;');
      expect(ticket).toContain('&lt;img src=x onerror=alert(1)&gt;مریم');
      const inbox = await (await clients.agent.get('/tickets?tab=mine')).text();
      expect(inbox).toContain('&lt;svg onload=alert(2)&gt;کاشت'); // the subject filter
      expect(inbox).toMatch(/dir="auto">&lt;script&gt;/);
      const catalogue = await (await clients.admin.get(`/config/catalogue/vc/${b.valueChain.id}`)).text();
      expect(catalogue).toContain('&lt;svg onload=alert(2)&gt;کاشت');
      const found = await (await clients.admin.get(`/config/catalogue?q=${encodeURIComponent('کاشت')}`)).text();
      expect(found).toContain('&lt;svg onload=alert(2)&gt;کاشت');
      const requester = await (await clients.admin.get(`/requesters/${b.requester.id}`)).text();
      expect(requester).toContain('&lt;img src=x onerror=alert(1)&gt;مریم');
    });
  });
});
