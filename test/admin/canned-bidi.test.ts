/**
 * A canned reply's shortcut in the reply box's picker keeps its shape in right-to-left text: "(/courses)" is
 * isolated (Unicode LRI … PDI — an <option> holds no markup), the title too (FSI … PDI), so the bidi algorithm
 * cannot turn it into "(courses/)". The configuration page isolates it with dir="ltr".
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
    html = await (await agent.get(`/tickets/${ticket.id}`)).text();
    const admin = new PanelClient(app);
    admin.cookies.set(SESSION_COOKIE, await createSession(ctx, b.admin.id, { ip: '', userAgent: 'test' }));
    config = await (await admin.get('/config/canned')).text();
  }, 60_000);

  it('the reply box picker isolates "(/courses)"', () => {
    expect(html).toContain('>\u2068دوره‌های آموزشی\u2069 (\u2066/courses\u2069)</option>');
    expect(html).not.toContain('(/courses)');
  });

  it('the canned replies page shows the shortcut in a left-to-right element', () => {
    expect(config).toMatch(/<span class="muted" dir="ltr">\s*\/courses\s*<\/span>/);
  });
});
