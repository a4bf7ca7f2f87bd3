/**
 * The catalogue's pages through the app factory: the overview (value chains with their counts, the search
 * linking to the row on its value chain's page), one value chain's page (departments, subjects and FAQ entries
 * as rows), in-place writes with htmx (the answer is the row's list with the row marked saved, or with the
 * form's errors, status 200) and the same writes without JavaScript (a redirect back to the row), up/down,
 * deactivate; all audited through the core.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { AuditEntry, FaqEntry, Subject } from '../../core/entities/index.ts';
import { listSubjects } from '../../core/services/catalogue.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('catalogue pages on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let app: ReturnType<typeof createApp>;
  let b: Basics;
  let admin: PanelClient;
  let agent: PanelClient;
  let csrf: string;
  let faqId: number;
  const HX = { 'hx-request': 'true' };

  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = testContext(db.ds);
    app = createApp({
      core: ctx,
      log: ctx.log,
      readiness: {},
      panel: createPanel({ core: ctx, log: ctx.log, dataDir: mkdtempSync(join(tmpdir(), 'hd-cat-')) }),
    });
    b = await seedBasics(db.ds);
    faqId = (
      await db.ds
        .getRepository(FaqEntry)
        .save({ subjectId: b.subjectB.id, questionFa: 'گواهی مبدأ را از کجا بگیرم؟', answerFa: 'از اتاق بازرگانی.', questionEn: null, answerEn: null })
    ).id;
    admin = new PanelClient(app);
    admin.cookies.set(SESSION_COOKIE, await createSession(ctx, b.admin.id, { ip: '', userAgent: 'test' }));
    agent = new PanelClient(app);
    agent.cookies.set(SESSION_COOKIE, await createSession(ctx, b.agentA1.id, { ip: '', userAgent: 'test' }));
    csrf = (await admin.page('/config/catalogue')).csrf;
  }, 60_000);
  afterAll(async () => db?.close());

  it('the overview lists the value chains with their counts and links; no subject rows on it', async () => {
    const { res, html } = await admin.page('/config/catalogue');
    expect(res.status).toBe(200);
    expect(html).toContain(`href="/config/catalogue/vc/${b.valueChain.id}"`);
    // 1 department, 2 subjects, 1 FAQ entry, in Persian digits
    const row = new RegExp(`id="vc-row-${b.valueChain.id}"[\\s\\S]*?<td class="num">۱</td><td class="num">۲</td><td class="num">۱</td>`);
    expect(html).toMatch(row);
    expect(html).not.toContain(`id="subject-${b.subjectA.id}"`);
    expect(html).toContain('role="search"');
    expect((await agent.get('/config/catalogue')).status).toBe(403);
    expect((await agent.get(`/config/catalogue/vc/${b.valueChain.id}`)).status).toBe(403);
    expect((await admin.get('/config/catalogue/vc/999999')).status).toBe(404);
  });

  it('search links each hit to its row on its value chain page, which opens it', async () => {
    const html = await (await admin.get(`/config/catalogue?q=${encodeURIComponent('صادرات')}`)).text();
    const link = `/config/catalogue/vc/${b.valueChain.id}?open=subject-${b.subjectB.id}#subject-${b.subjectB.id}`;
    expect(html).toContain(`href="${link}"`);
    const faq = await (await admin.get(`/config/catalogue?q=${encodeURIComponent('اتاق بازرگانی')}`)).text();
    expect(faq).toContain(`?open=faq-${faqId}#faq-${faqId}`);
    // htmx asks for the results only
    const part = await (await admin.get(`/config/catalogue?q=${encodeURIComponent('کاشت')}`, { ...HX, 'hx-target': 'cat-results' })).text();
    expect(part.startsWith('<section class="card cat-results"')).toBe(true);
    expect(part).toContain(`#subject-${b.subjectA.id}`);
    expect(part).not.toContain('<html');
    // the page opens the hit's row (and for an FAQ entry its subject too)
    const opened = await (await admin.get(link)).text();
    expect(opened).toMatch(new RegExp(`id="subject-${b.subjectB.id}"[^>]*>\\s*<div class="cat-line"><details class="cat-edit" open=""`));
    expect(opened).toMatch(new RegExp(`id="subject-${b.subjectA.id}"[^>]*>\\s*<div class="cat-line"><details class="cat-edit">`));
    const faqOpen = await (await admin.get(`/config/catalogue/vc/${b.valueChain.id}?open=faq-${faqId}`)).text();
    expect(faqOpen).toMatch(new RegExp(`id="faq-${faqId}"[^>]*>\\s*<div class="cat-line"><details class="cat-edit" open=""`));
  });

  it('an edit with htmx answers with the subject list, the row marked saved; errors come back in place (200)', async () => {
    const form = {
      _csrf: csrf,
      code: 'export',
      nameFa: 'صادرات زعفران',
      nameEn: 'Saffron export',
      teamId: String(b.teamB.id),
      defaultPriority: 'high',
      active: 'on',
    };
    const res = await admin.post(`/config/subjects/${b.subjectB.id}`, form, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith(`<div class="cat-subjects" id="subjects-${b.department.id}">`)).toBe(true);
    expect(html).toContain('صادرات زعفران');
    expect(html).toMatch(/class="cat-saved" role="status"/);
    expect((await db.ds.getRepository(Subject).findOneByOrFail({ id: b.subjectB.id })).nameFa).toBe('صادرات زعفران');
    expect(await db.ds.getRepository(AuditEntry).countBy({ entity: 'subject', action: 'update', entityId: String(b.subjectB.id) })).toBe(1);

    const bad = await admin.post(`/config/subjects/${b.subjectB.id}`, { ...form, code: 'BAD CODE!' }, HX);
    expect(bad.status).toBe(200);
    const badHtml = await bad.text();
    expect(badHtml).toContain('role="alert"');
    expect(badHtml).toContain('value="BAD CODE!"'); // what was typed stays
    expect(badHtml).toMatch(new RegExp(`id="subject-${b.subjectB.id}"[^>]*>\\s*<div class="cat-line"><details class="cat-edit" open=""`));

    // the same without JavaScript: a redirect back to the row, or the whole page with the error (400)
    const plain = await admin.post(`/config/subjects/${b.subjectB.id}`, form);
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/config/catalogue/vc/${b.valueChain.id}?ok=1&open=subject-${b.subjectB.id}#subject-${b.subjectB.id}`);
    const plainBad = await admin.post(`/config/subjects/${b.subjectB.id}`, { ...form, nameFa: '' });
    expect(plainBad.status).toBe(400);
    expect(await plainBad.text()).toContain('<html');
  });

  it('add a subject and an FAQ entry in place; up/down reorders (the bot list follows); deactivate', async () => {
    const added = await admin.post(
      '/config/subjects',
      { _csrf: csrf, departmentId: String(b.department.id), code: 'drip', nameFa: 'آبیاری قطره‌ای', nameEn: 'Drip', active: 'on' },
      HX,
    );
    expect(added.status).toBe(200);
    const drip = (await db.ds.getRepository(Subject).findOneByOrFail({ code: 'drip', departmentId: b.department.id })).id;
    expect(await added.text()).toMatch(new RegExp(`id="subject-${drip}"[\\s\\S]*class="cat-saved"`));
    const codes = async () => (await listSubjects(ctx, b.department.id)).map((s) => s.code);
    expect(await codes()).toEqual(['cultivation', 'export', 'drip']);

    const up = await admin.post('/config/catalogue/move', { _csrf: csrf, kind: 'subject', id: String(drip), dir: 'up' }, HX);
    expect(up.status).toBe(200);
    const list = await up.text();
    expect(list.indexOf(`id="subject-${drip}"`)).toBeLessThan(list.indexOf(`id="subject-${b.subjectB.id}"`));
    expect(await codes()).toEqual(['cultivation', 'drip', 'export']);
    // without JavaScript
    const down = await admin.post('/config/catalogue/move', { _csrf: csrf, kind: 'subject', id: String(b.subjectA.id), dir: 'down' });
    expect(down.status).toBe(303);
    expect(down.headers.get('location')).toBe(`/config/catalogue/vc/${b.valueChain.id}?ok=1#subject-${b.subjectA.id}`); // back to the row, not opened
    expect(await codes()).toEqual(['drip', 'cultivation', 'export']);
    expect(await db.ds.getRepository(AuditEntry).countBy({ entity: 'subject', action: 'reorder' })).toBe(2);

    const faq = await admin.post(
      '/config/faq',
      { _csrf: csrf, subjectId: String(drip), questionFa: 'لوله‌ها را کی عوض کنیم؟', answerFa: 'هر سه سال.', active: 'on' },
      HX,
    );
    expect(faq.status).toBe(200);
    expect(await faq.text()).toMatch(new RegExp(`^<div class="cat-faqs" id="faqs-${drip}">[\\s\\S]*لوله‌ها را کی عوض کنیم`));

    const off = await admin.post('/config/catalogue/active', { _csrf: csrf, kind: 'subject', id: String(drip), active: '0' }, HX);
    expect(off.status).toBe(200);
    expect(await codes()).toEqual(['cultivation', 'export']);
    expect((await listSubjects(ctx, b.department.id, { activeOnly: false })).map((s) => s.code)).toEqual(['drip', 'cultivation', 'export']);

    // value chains: add one on the overview (no JS), move it first with htmx (the answer: the overview's table)
    const vc = await admin.post('/config/value-chains', { _csrf: csrf, code: 'rose', nameFa: 'گل محمدی', nameEn: 'Damask rose', active: 'on' });
    expect(vc.status).toBe(303);
    const rose = /vc-row-(\d+)/.exec(vc.headers.get('location') ?? '')?.[1];
    expect(rose).toBeDefined();
    const vcUp = await admin.post('/config/catalogue/move', { _csrf: csrf, kind: 'value_chain', id: rose!, dir: 'up' }, { ...HX, 'hx-target': 'vc-list' });
    const table = await vcUp.text();
    expect(table.startsWith('<section class="card" id="vc-list">')).toBe(true);
    expect(table.indexOf(`id="vc-row-${rose}"`)).toBeLessThan(table.indexOf(`id="vc-row-${b.valueChain.id}"`));
    expect(table).toContain(`id="move-value_chain-${rose}-down"`);

    // an agent cannot, and a move naming no row is a form error
    const agentCsrf = (await agent.page('/tickets')).csrf;
    expect((await agent.post('/config/catalogue/move', { _csrf: agentCsrf, kind: 'subject', id: String(drip), dir: 'down' }, HX)).status).toBe(403);
    const nothing = await admin.post('/config/catalogue/move', { _csrf: csrf, kind: 'ticket', id: '1', dir: 'up' });
    expect(nothing.status).toBe(400);
    expect(await nothing.text()).toContain('role="alert"');
  });
});
