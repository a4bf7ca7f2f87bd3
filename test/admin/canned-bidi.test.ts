/**
 * A canned reply's shortcut keeps its shape in right-to-left text, so the bidi algorithm cannot turn "/courses"
 * into "courses/": the composer's picker (the `/` search list) isolates the title (dir="auto") and the shortcut
 * (dir="ltr") in <bdi> elements; the bot's inline results, where no markup is possible, use Unicode isolates
 * (cannedLabel: FSI … PDI, LRI … PDI). The configuration page isolates it with dir="ltr".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { CannedReply } from '../../core/entities/index.ts';
import { cannedLabel } from '../../core/text/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { makeTicket, seedBasics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe('cannedLabel', () => {
  it('isolates the title and the shortcut', () => {
    expect(cannedLabel('دوره‌ها', 'courses')).toBe('\u2068دوره‌ها\u2069 (\u2066/courses\u2069)');
  });
});

describe.each(DIALECTS)('canned shortcuts in the panel on %s', (dialect) => {
  let db: TestDatabase;
  afterAll(async () => db?.close());
  let html: string;
  let config: string;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    const ctx = testContext(db.ds);
    const app = createApp({
      core: ctx,
      log: ctx.log,
      readiness: {},
      panel: createPanel({ core: ctx, log: ctx.log, dataDir: mkdtempSync(join(tmpdir(), 'hd-bidi-')) }),
    });
    const b = await seedBasics(db.ds);
    await db.ds
      .getRepository(CannedReply)
      .save({ shortcut: 'courses', title: 'دوره‌های آموزشی', body: 'فهرست دوره‌ها در تارنما است.', teamId: null, active: true, updatedAt: new Date() });
    const ticket = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id, subjectId: b.subjectA.id });
    const agent = new PanelClient(app);
    agent.cookies.set(SESSION_COOKIE, await createSession(ctx, b.agentA1.id, { ip: '', userAgent: 'test' }));
    html = await (await agent.get(`/tickets/${ticket.id}/canned/search?q=`, { 'x-fragment': '1' })).text();
    const admin = new PanelClient(app);
    admin.cookies.set(SESSION_COOKIE, await createSession(ctx, b.admin.id, { ip: '', userAgent: 'test' }));
    config = await (await admin.get('/config/canned')).text();
  }, 60_000);

  it('the composer\'s canned picker isolates the title and "/courses"', () => {
    expect(html).toMatch(/<bdi dir="auto" class="canned-title">\s*دوره‌های آموزشی\s*<\/bdi>/);
    expect(html).toContain('<bdi dir="ltr" class="canned-shortcut muted">/courses</bdi>');
    expect(html).not.toContain('(/courses)');
  });

  it('the canned replies page shows the shortcut in a left-to-right element', () => {
    expect(config).toMatch(/<span class="muted" dir="ltr">\s*\/courses\s*<\/span>/);
  });
});
