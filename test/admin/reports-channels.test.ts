/**
 * Reports by channel (issue 20) on both dialects: tickets opened through the core by a Telegram citizen (3) and
 * a Bale citizen (2, one of them cancelled) in the week of 1405/09/14–18. The breakdown groups them by channel,
 * every report filters by channel — from the summary (whole days) and from the plain tables (cubeSource.plainOnly)
 * alike — and the panel's CSV of the channel table and its channel filter give the same figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { StaffAccount } from '../../core/entities/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { breakdownReport, volumeReport, type ReportFilters } from '../../core/services/reports/index.ts';
import { cubeSource } from '../../core/services/reports/summary/cube.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { saveRequester } from '../support/requesters.ts';
import { parseCsv } from '../support/csv.ts';
import { PanelClient } from './client.ts';

const teh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+03:30`);
const RANGE = { from: '1405/09/14', to: '1405/09/18' };
const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('reports by channel on %s', (dialect) => {
  let db: TestDatabase;
  let b: Basics;
  let ctx: ReturnType<typeof testContext>;
  let admin: PanelClient;
  const clock = new TestClock(teh('2026-12-06 09:00'));
  const range: ReportFilters = { from: teh('2026-12-05 00:00'), to: teh('2026-12-10 00:00') };

  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = testContext(db.ds, clock);
    b = await seedBasics(db.ds);
    const onBale = await saveRequester(db.ds.manager, {
      telegramId: b.requester.telegramId, // the same number on Bale: another person
      channel: 'bale',
      fullName: 'علی بله',
      phone: '+989121119999',
      memberTypeId: b.farmer.id,
      registeredAt: teh('2026-12-01 08:00'),
    });
    const open = async (at: string, who: typeof onBale, channel: 'telegram' | 'bale') => {
      clock.set(teh(at));
      return (await tickets.openTicket(ctx, requesterActor(who), { subjectId: b.subjectA.id, title: `پرسش ${at}`, text: 'متن پرسش', channel })).ticket;
    };
    await open('2026-12-06 09:00', b.requester, 'telegram');
    await open('2026-12-07 10:00', b.requester2, 'telegram');
    await open('2026-12-07 11:00', b.requester2, 'telegram');
    await open('2026-12-07 12:00', onBale, 'bale');
    const cancelled = await open('2026-12-08 09:00', onBale, 'bale');
    clock.set(teh('2026-12-08 10:00'));
    await tickets.cancel(ctx, staffActor(b.admin), cancelled.id, 'spam');
    clock.set(teh('2026-12-09 15:00'));

    await db.ds.getRepository(StaffAccount).update({ id: In([b.admin.id]) }, { passwordHash: await hashPassword(PASSWORD) });
    const app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) });
    admin = new PanelClient(app);
    const { csrf } = await admin.page('/login');
    expect((await admin.post('/login', { _csrf: csrf, username: b.admin.username, password: PASSWORD })).status).toBe(303);
  }, 60_000);
  afterAll(async () => db?.close());

  for (const source of ['summary', 'plain tables'] as const) {
    it(`breakdown by channel and every figure filtered by channel (${source})`, async () => {
      cubeSource.plainOnly = source === 'plain tables';
      try {
        const all = await breakdownReport(ctx, staffActor(b.admin), range);
        expect(all.byChannel.map((r) => [r.channel, r.total, r.active, r.done, r.cancelled])).toEqual([
          ['telegram', 3, 3, 0, 0],
          ['bale', 2, 1, 0, 1],
        ]);
        const bale = await breakdownReport(ctx, staffActor(b.admin), { ...range, channel: 'bale' });
        expect(bale.byChannel.map((r) => [r.channel, r.total])).toEqual([['bale', 2]]);
        expect(bale.byTeamState.map((r) => [r.state, r.count])).toEqual([
          ['new', 1],
          ['cancelled', 1],
        ]);
        const telegram = await breakdownReport(ctx, staffActor(b.admin), { ...range, channel: 'telegram' });
        expect(telegram.bySubject.map((r) => r.total)).toEqual([3]);
        const days = await volumeReport(ctx, staffActor(b.admin), { ...range, channel: 'bale' }, 'day');
        expect(days.map((d) => [d.bucket, d.opened, d.cancelled])).toEqual([
          ['2026-12-05', 0, 0],
          ['2026-12-06', 0, 0],
          ['2026-12-07', 1, 0],
          ['2026-12-08', 1, 1],
          ['2026-12-09', 0, 0],
        ]);
        const tgDays = await volumeReport(ctx, staffActor(b.admin), { ...range, channel: 'telegram' }, 'day');
        expect(tgDays.map((d) => d.opened)).toEqual([0, 1, 2, 0, 0]);
      } finally {
        cubeSource.plainOnly = false;
      }
    });
  }

  it('the panel: the channel table in CSV, the filter in the form and in the CSV', async () => {
    const q = (extra: Record<string, string> = {}) => new URLSearchParams({ ...RANGE, ...extra }).toString();
    const csv = async (extra: Record<string, string>) => {
      const res = await admin.get(`/reports/breakdown?${q({ format: 'csv', ...extra })}`);
      expect(res.status).toBe(200);
      return parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    };
    const byChannel = await csv({ table: 'channel' });
    expect(byChannel.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['تلگرام', '3', '3', '0'],
      ['بله', '2', '1', '1'],
    ]);
    const baleOnly = await csv({ table: 'team_state', channel: 'bale' });
    expect(baleOnly.slice(1).map((r) => r.at(-1))).toEqual(['2']);
    const page = await admin.page(`/reports/breakdown?${q({ channel: 'bale' })}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toMatch(/<option value="bale" selected[^>]*>بله<\/option>/);
    // the tabs and CSV links keep the filter
    expect(page.html).toContain('channel=bale');
    // an unknown channel is no filter
    const any = await csv({ table: 'channel', channel: 'whatsapp' });
    expect(any.slice(1).map((r) => r[1])).toEqual(['3', '2']);
  });
});
