/**
 * The panel's side of issue 17's staff chats: /config/chats shows each group's queue (counted messages
 * waiting) and delay, marked when over the alert setting; the setting is edited at /config/settings (a bad
 * value is a form error); a team's "no staff chat" is set at /config/teams/<id>; a delay alert is listed at
 * /notices with a link to the chats page.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { StaffChat, Team } from '../../core/entities/index.ts';
import { checkChatDelays } from '../../core/services/chat-delays.ts';
import { getSettings } from '../../core/services/settings.ts';
import { transact } from '../../core/tx.ts';
import { testContext, TestClock } from '../support/context.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('staff chats in the panel on %s', (dialect) => {
  let db: TestDatabase;
  let b: Basics;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let admin: PanelClient;
  let supervisor: PanelClient;
  let busy: StaffChat;
  let quiet: StaffChat;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    clock = new TestClock(new Date('2026-12-05T06:30:00Z'));
    ctx = testContext(db.ds, clock);
    const app = createApp({
      core: ctx,
      log: ctx.log,
      readiness: {},
      panel: createPanel({ core: ctx, log: ctx.log, dataDir: mkdtempSync(join(tmpdir(), 'hd-chats-')) }),
    });
    b = await seedBasics(db.ds);
    const login = async (staffId: number) => {
      const c = new PanelClient(app);
      c.cookies.set(SESSION_COOKIE, await createSession(ctx, staffId, { ip: '', userAgent: 'test' }));
      return c;
    };
    admin = await login(b.admin.id);
    supervisor = await login(b.supervisor.id);
    const chats = db.ds.getRepository(StaffChat);
    busy = await chats.save(chats.create({ chatId: -7_000_001, title: 'میز پرکار', layout: 'forum', teamId: b.teamA.id }));
    quiet = await chats.save(chats.create({ chatId: -7_000_002, title: 'میز آرام', layout: 'forum', teamId: b.teamA.id }));
    // 4 messages wait for the busy group (an edit does not count), written 7 minutes ago
    await transact(ctx, (tx) =>
      tx.outbox(...[0, 1, 2, 3].map((i) => ({ chatId: busy.chatId, method: 'sendMessage', payload: { text: `صف ${i}` }, purpose: 'test' })), {
        chatId: busy.chatId,
        method: 'editMessageText',
        payload: { text: 'x', message_id: 1 },
        purpose: 'test',
      }),
    );
    clock.advance(7 * 60_000);
  }, 60_000);
  afterAll(() => db?.close());

  it('the chats page shows each group’s queue and delay, the busy one over the setting', async () => {
    for (const client of [admin, supervisor]) {
      const { res, html } = await client.page('/config/chats');
      expect(res.status).toBe(200);
      expect(html).toContain(`data-queue="4"`);
      expect(html).toContain(`data-delay-ms="${7 * 60_000}"`);
      expect(html).toContain(`data-queue="0"`);
      // the busy group is marked, the quiet one is not (one mark on the page)
      expect(html.split('بیش از حد مجاز').length - 1).toBe(1);
      expect(html).toContain('میز آرام');
    }
  });

  it('the alert setting: a bad value is a form error, a good one moves the mark', async () => {
    const { csrf, html } = await admin.page('/config/settings');
    expect(html).toContain('name="chatDelayAlertMinutes"');
    const form = { _csrf: csrf, contentRule: 'rewrite', agentNameMode: 'agent', defaultLocale: 'fa', maskRequesterPhone: 'on' };
    const bad = await admin.post('/config/settings', { ...form, chatDelayAlertMinutes: '0' });
    expect(bad.status).not.toBe(303);
    // the field comes back marked invalid, with the typed value
    expect(await bad.text()).toMatch(/name="chatDelayAlertMinutes"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="chatDelayAlertMinutes"/);
    expect((await getSettings(db.ds)).chatDelayAlertMinutes).toBe(5);
    const good = await admin.post('/config/settings', { ...form, chatDelayAlertMinutes: '10' });
    expect(good.status).toBe(303);
    expect((await getSettings(db.ds)).chatDelayAlertMinutes).toBe(10);
    expect((await admin.page('/config/chats')).html).not.toContain('بیش از حد مجاز');
    await admin.post('/config/settings', { ...form, chatDelayAlertMinutes: '5' });
  });

  it('a delay alert is a notice linking to the chats page', async () => {
    expect((await checkChatDelays(ctx)).alerted).toEqual([busy.id]);
    const { html } = await supervisor.page('/notices');
    expect(html).toContain('href="/config/chats"');
    expect(html).toContain('میز پرکار');
    expect(html).toMatch(/تأخیر [۰-۹0-9]+ دقیقه/);
    expect(quiet.id).not.toBe(busy.id);
  });

  it('a team’s "no staff chat" is set on the team page', async () => {
    const { csrf, html } = await admin.page(`/config/teams/${b.teamA.id}`);
    expect(html).toContain('name="noStaffChat"');
    const res = await admin.post(`/config/teams/${b.teamA.id}`, {
      _csrf: csrf,
      name: b.teamA.name,
      visibility: 'all',
      assignmentMode: 'manual',
      slaWarningMinutes: '15',
      autoCloseDays: '7',
      autoClose_answered: 'on',
      finishAfterDays: '30',
      active: 'on',
      noStaffChat: 'on',
    });
    expect(res.status).toBe(303);
    expect((await db.ds.getRepository(Team).findOneByOrFail({ id: b.teamA.id })).noStaffChat).toBe(true);
  });
});
