/**
 * The calendars page refuses a calendar without any working time (issue 15 item 8): a new calendar or an edit
 * that leaves every weekday empty comes back with the form error and changes nothing, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { Calendar } from '../../core/entities/index.ts';
import { DIALECTS, createTestDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

const EMPTY_WEEK = { day6: '', day0: '', day1: '', day2: '', day3: '', day4: '', day5: '' };
const REFUSED_FA = 'تقویم بدون ساعت کاری پذیرفته نمی‌شود';

describe.each(DIALECTS)('calendars page on %s', (dialect) => {
  let db: TestDatabase;
  let b: Basics;
  let admin: PanelClient;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const ctx = testContext(db.ds, new TestClock(new Date('2026-12-05T06:30:00Z')));
    const app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) });
    b = await seedBasics(db.ds);
    admin = new PanelClient(app);
    admin.cookies.set(SESSION_COOKIE, await createSession(ctx, b.admin.id, { ip: '', userAgent: 'test' }));
  }, 60_000);
  afterAll(async () => db?.close());

  it('a new calendar without working hours is refused with the form error; nothing is stored', async () => {
    const before = await db.ds.getRepository(Calendar).count();
    const { csrf } = await admin.page('/config/calendars');
    const res = await admin.post('/config/calendars', { _csrf: csrf, name: 'بی‌ساعت', timeZone: 'Asia/Tehran', ...EMPTY_WEEK });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(REFUSED_FA);
    expect(html).toContain('value="بی‌ساعت"'); // what was typed is kept
    expect(await db.ds.getRepository(Calendar).count()).toBe(before);

    // with one working day it is accepted
    const ok = await admin.post('/config/calendars', { _csrf: csrf, name: 'بی‌ساعت', timeZone: 'Asia/Tehran', ...EMPTY_WEEK, day1: '09:00-12:00' });
    expect(ok.status).toBe(303);
    expect(await db.ds.getRepository(Calendar).count()).toBe(before + 1);
  });

  it('emptying every weekday of an existing calendar is refused; its hours stay', async () => {
    const { csrf } = await admin.page(`/config/calendars/${b.calendar.id}`);
    const res = await admin.post(`/config/calendars/${b.calendar.id}`, { _csrf: csrf, name: b.calendar.name, timeZone: 'Asia/Tehran', ...EMPTY_WEEK });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(REFUSED_FA);
    const row = await db.ds.getRepository(Calendar).findOneByOrFail({ id: b.calendar.id });
    expect(row.weekly[6]).toEqual([{ start: '08:00', end: '16:00' }]);
  });
});
