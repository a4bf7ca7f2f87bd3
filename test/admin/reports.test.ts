/**
 * The panel's dashboard and report pages through createApp(...).request() on MariaDB, over the hand-built
 * data set of the core report test (test/support/report-data.ts; every figure is worked out there):
 * an agent's own dashboard, team cards by role, a supervisor kept to his team (403 for another team, and
 * the figures of an unfiltered report are his team's only), the SVG charts with the right numbers, CSV
 * downloads read back with the BOM and the Persian intact, and a refused date range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { Rating, StaffAccount } from '../../core/entities/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { PanelClient } from './client.ts';
import { NOW, parseCsv, RANGE, seedReportData, type ReportData } from '../support/report-data.ts';

describe.each(DIALECTS)('reports on %s', (dialect) => {
  const PASSWORD = 'correct horse battery';
  let db: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let d: ReportData;
  const clients: Record<string, PanelClient> = {};

  async function login(username: string): Promise<PanelClient> {
    const client = new PanelClient(app);
    const { csrf } = await client.page('/login');
    const res = await client.post('/login', { _csrf: csrf, username, password: PASSWORD });
    expect(res.status).toBe(303);
    return client;
  }

  const range = (extra: Record<string, string> = {}) => new URLSearchParams({ ...RANGE, ...extra }).toString();
  /** the text of a [data-figure=key] element (tiles) */
  const tile = (html: string, key: string) => new RegExp(`data-figure="${key}">([^<]*)<`).exec(html)?.[1];
  /** the <dd> of a team card's figure */
  function card(html: string, teamId: number): Record<string, string> | null {
    const m = new RegExp(`<li class="card team-card" data-team="${teamId}">([\\s\\S]*?)</li>`).exec(html);
    if (!m) return null;
    return Object.fromEntries([...m[1]!.matchAll(/data-figure="([a-z-]+)"[^>]*>[\s\S]*?<dd>([^<]*)<\/dd>/g)].map((x) => [x[1]!, x[2]!]));
  }
  /** the data-value of every bar / column of one chart (by the chart's id) */
  function chartValues(html: string, id: string): string[] {
    const m = new RegExp(`<svg[^>]*id="${id}"[\\s\\S]*?</svg>`).exec(html);
    expect(m, `chart ${id}`).not.toBeNull();
    return [...m![0].matchAll(/class="(?:bar|col)"[^>]*data-value="([^"]*)"/g)].map((x) => x[1]!);
  }

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const ctx = testContext(db.ds, new TestClock(NOW));
    app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) });
    d = await seedReportData(db.ds);
    const { b } = d;
    await db.ds
      .getRepository(StaffAccount)
      .update({ id: In([b.admin.id, b.supervisor.id, b.agentA1.id, b.agentA2.id]) }, { passwordHash: await hashPassword(PASSWORD) });
    await db.ds.getRepository(StaffAccount).update({ id: b.agentA2.id }, { locale: 'en' });
    clients.agent = await login(b.agentA1.username);
    clients.supervisor = await login(b.supervisor.username);
    clients.admin = await login(b.admin.username);
    clients.english = await login(b.agentA2.username);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  describe('dashboard', () => {
    it('an agent sees his own figures against his daily goal, and no team cards or reports', async () => {
      const res = await clients.agent!.get('/dashboard');
      expect(res.status).toBe(200);
      const html = await res.text();
      // open: T4 (urgent, FR breached) and T5 (high); ages 31 h and 1 h → 16
      expect(['open', 'high', 'urgent', 'avg-open-hours', 'sla-failed'].map((k) => tile(html, k))).toEqual(['۲', '۱', '۱', '۱۶', '۱']);
      expect(html).toContain('class="tile bad"'); // the failed SLA in red
      const row = (k: string) =>
        [...new RegExp(`data-row="${k}">([\\s\\S]*?)</tr>`).exec(html)![1]!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((x) => x[1]);
      // today: T8 closed, rated 5, no breach; 7 days: T1 T2 T3 T8 closed (4/7 = 0.6 a day), ratings 5 4 2 5, T1 and T8 without a breach
      expect(row('closed')).toEqual(['۱', '۰٫۶', '۱']);
      // the goals of the last column: settings.satisfiedGoalPct (80) and slaSuccessGoalPct (90)
      expect(row('satisfied')).toEqual(['۱۰۰٪', '۷۵٪', '۸۰٪']);
      expect(row('sla')).toEqual(['۱۰۰٪', '۵۰٪', '۹۰٪']);
      expect(html).toMatch(/<svg[^>]*class="chart goal"[^>]*data-value="1" data-goal="1"/);
      expect(html).toMatch(/<svg[^>]*class="chart goal"[^>]*data-value="0.6" data-goal="1"/);
      expect(html).not.toContain('team-card');
      expect(html).toContain('href="/dashboard"');
      expect(html).not.toContain('href="/reports"');
      expect((await clients.agent!.get(`/reports/volume?${range()}`)).status).toBe(403);
      expect((await clients.agent!.get(`/reports/sla?${range({ format: 'csv' })}`)).status).toBe(403);
    });

    it('in English the page and its charts run left to right with ASCII digits', async () => {
      const html = await (await clients.english!.get('/dashboard')).text();
      expect(html).toContain('<html lang="en" dir="ltr">');
      expect(html).toContain('>My dashboard<');
      expect(tile(html, 'open')).toBe('0');
      expect(tile(html, 'avg-open-hours')).toBe('—');
      expect(html).toMatch(/<svg[^>]*class="chart goal"[^>]*direction="ltr"/);
      expect(html).toContain('0 of goal 10'); // the default daily goal of the settings
    });

    it('a supervisor gets his team’s card only, each figure a link to the filtered inbox', async () => {
      const html = await (await clients.supervisor!.get('/dashboard')).text();
      const { teamA, teamB } = d.b;
      expect(card(html, teamA.id)).toEqual({ open: '۳', unassigned: '۱', urgent: '۱', 'at-risk': '۱', failed: '۱', success: '۵۰٪', rating: '۴' });
      expect(card(html, teamB.id)).toBeNull();
      expect(html).toContain(`href="/tickets?tab=failed&amp;team=${teamA.id}"`);
      expect(html).toContain(`href="/tickets?tab=unassigned&amp;team=${teamA.id}"`);
      expect(html).toContain(`href="/tickets?tab=at_risk&amp;team=${teamA.id}"`);
    });

    it('an admin gets every team, and the 7-day success rates charted', async () => {
      const res = await clients.admin!.get('/dashboard');
      expect(res.headers.get('server-timing')).toMatch(/^mine;dur=[\d.]+, cards;dur=[\d.]+$/);
      const html = await res.text();
      expect(card(html, d.b.teamA.id)).toMatchObject({ open: '۳', success: '۵۰٪', rating: '۴' });
      // team B: T7 closed without targets, rated 1
      expect(card(html, d.b.teamB.id)).toEqual({ open: '۰', unassigned: '۰', urgent: '۰', 'at-risk': '۰', failed: '۰', success: '۱۰۰٪', rating: '۱' });
      expect(chartValues(html, 'chart-team-success')).toEqual(['50', '100']);
    });
  });

  describe('reports', () => {
    it("a supervisor cannot see another team's figures: 403 for team B, and team A's figures only without a filter", async () => {
      const { teamA, teamB } = d.b;
      for (const tab of ['volume', 'breakdown', 'sla', 'agents', 'ratings']) {
        const res = await clients.supervisor!.get(`/reports/${tab}?${range({ team: String(teamB.id) })}`);
        expect(res.status, tab).toBe(403);
        expect(await res.text()).not.toContain('Team B');
        expect((await clients.supervisor!.get(`/reports/${tab}?${range({ team: String(teamB.id), format: 'csv' })}`)).status).toBe(403);
      }
      const sup = await (await clients.supervisor!.get(`/reports/volume?${range({ by: 'week' })}`)).text();
      const adm = await (await clients.admin!.get(`/reports/volume?${range({ by: 'week' })}`)).text();
      // one week: opened, closed, cancelled, reopened — team A 8 6−1 … (T7 of team B adds one opened and one closed for the admin)
      expect(chartValues(sup, 'chart-volume')).toEqual(['8', '5', '1', '1']);
      expect(chartValues(adm, 'chart-volume')).toEqual(['9', '6', '1', '1']);
      expect(chartValues(sup, 'chart-backlog')).toEqual(['3']);
      // the team picker offers his team only
      const teams = /<select id="r-team"[\s\S]*?<\/select>/.exec(sup)![0];
      expect([...teams.matchAll(/<option value="(\d+)"/g)].map((x) => Number(x[1]))).toEqual([teamA.id]);
      const ratings = await (await clients.supervisor!.get(`/reports/ratings?${range()}`)).text();
      expect(ratings).not.toContain('>بد<'); // team B's comment
      expect(chartValues(ratings, 'chart-distribution')).toEqual(['0', '1', '0', '1', '2']);
      const all = await (await clients.admin!.get(`/reports/ratings?${range()}`)).text();
      expect(chartValues(all, 'chart-distribution')).toEqual(['1', '1', '0', '1', '2']);
      expect(all).toContain('>بد<');
    });

    it('SLA: met / failed / running per kind in the SVG with the numbers beside them, medians and p90 in working time', async () => {
      const res = await clients.supervisor!.get(`/reports/sla?${range()}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('server-timing')).toMatch(/^report;dur=\d/);
      const html = await res.text();
      expect(html).toMatch(/<svg[^>]*class="chart stacked"/);
      expect(html).toMatch(/class="bar" data-label="Team A · اولین پاسخ" data-value="2,3,1"/);
      expect(html).toMatch(/class="bar" data-label="Team A · حل" data-value="4,0,2"/);
      expect(html).toContain('>۴۰٪</text>');
      expect(html).toContain('>۱۰۰٪</text>');
      // first responses 30 60 120 180 → median 90, p90 180; resolutions 30 180 180 360 → median 180, p90 360
      expect(chartValues(html, 'chart-times')).toEqual(['90', '180', '180', '360']);
      expect(html).toContain('>۱ ساعت و ۳۰ دقیقه</text>');
      expect(html).toContain('>۶ ساعت</text>');
      expect(html).toContain('dir="rtl"');
      expect(html).toContain('direction="rtl"');
    });

    it('CSV: UTF-8 with a BOM, an attachment, Persian read back intact', async () => {
      const res = await clients.supervisor!.get(`/reports/ratings?${range({ format: 'csv', table: 'comments' })}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="report-ratings-1405_09_14-1405_09_18-comments.csv"');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes));
      expect(rows.map((r) => r.slice(0, 4))).toEqual([
        ['تیکت', 'امتیاز', 'نظر', 'کارشناس'],
        [String(d.T.T3!.number), '2', 'دیر جواب دادند\nخیلی دیر', 'علی رضایی'],
        [String(d.T.T1!.number), '5', 'عالی بود، ممنون از "پشتیبانی"', 'علی رضایی'],
      ]);
      expect(rows[1]![4]).toBe('1405/09/16 14:30');

      const sla = parseCsv((await (await clients.supervisor!.get(`/reports/sla?${range({ format: 'csv', table: 'team' })}`)).text()).replace(/^\uFEFF/, ''));
      expect(sla).toEqual([
        ['تیم', 'نوع هدف', 'رعایت‌شده', 'نقض‌شده', 'در جریان', 'نرخ موفقیت SLA'],
        ['Team A', 'اولین پاسخ', '2', '3', '1', '40'],
        ['Team A', 'حل', '4', '0', '2', '100'],
      ]);
      const agents = parseCsv((await (await clients.supervisor!.get(`/reports/agents?${range({ format: 'csv' })}`)).text()).replace(/^\uFEFF/, ''));
      expect(agents.slice(1)).toEqual([['علی رضایی', '6', '4', '90', '180', '180', '360', '16.7', '4', '4', '75']]);
      const states = parseCsv(
        (await (await clients.supervisor!.get(`/reports/breakdown?${range({ format: 'csv', table: 'team_state' })}`)).text()).replace(/^\uFEFF/, ''),
      );
      expect(states).toEqual([
        ['تیم', 'جدید', 'باز', 'پاسخ داده شده', 'حل‌شده', 'بسته', 'پایان‌یافته', 'لغوشده', 'کل'],
        ['Team A', '1', '2', '0', '0', '4', '0', '1', '8'],
      ]);
      const days = parseCsv((await (await clients.supervisor!.get(`/reports/volume?${range({ format: 'csv' })}`)).text()).replace(/^\uFEFF/, ''));
      expect(days.slice(1)).toEqual([
        ['1405/09/14', '2', '1', '0', '0', '1'],
        ['1405/09/15', '1', '1', '0', '0', '1'],
        ['1405/09/16', '0', '2', '0', '1', '0'],
        ['1405/09/17', '2', '0', '1', '0', '1'],
        ['1405/09/18', '3', '1', '0', '0', '3'],
      ]);
    });

    it('filters narrow the figures; a bad date range is refused with the field marked', async () => {
      const urgent = parseCsv(
        (await (await clients.admin!.get(`/reports/breakdown?${range({ format: 'csv', table: 'department', priority: 'urgent' })}`)).text()).replace(
          /^\uFEFF/,
          '',
        ),
      );
      expect(urgent.slice(1)).toEqual([['دفتر زعفران', '1', '1', '0', '0']]);
      // Persian digits typed in the form are read
      const fa = await clients.admin!.get(`/reports/volume?${new URLSearchParams({ from: '۱۴۰۵/۰۹/۱۸', to: '۱۴۰۵/۰۹/۱۸', format: 'csv' }).toString()}`);
      expect(parseCsv((await fa.text()).replace(/^\uFEFF/, '')).slice(1)).toEqual([['1405/09/18', '3', '1', '0', '0', '3']]);
      // the date fields show Persian digits in Persian, whichever digits were typed (Latin in English); the links keep Latin ones
      const field = (html: string, id: string) => new RegExp(`id="${id}" name="[a-z]+"[^>]*value="([^"]*)"`).exec(html)?.[1];
      for (const typed of [
        { from: '1405/09/14', to: '1405/9/18' },
        { from: '۱۴۰۵/۰۹/۱۴', to: '۱۴۰۵/۰۹/۱۸' },
        { from: '١٤٠٥/٠٩/١٤', to: '2026-12-09' }, // Arabic-Indic digits; a Gregorian day
      ]) {
        const page = await (await clients.admin!.get(`/reports/volume?${new URLSearchParams(typed).toString()}`)).text();
        expect([field(page, 'r-from'), field(page, 'r-to')], JSON.stringify(typed)).toEqual(['۱۴۰۵/۰۹/۱۴', '۱۴۰۵/۰۹/۱۸']);
        expect(page).toMatch(/placeholder="۱۴۰۵\/۰۹\/۰۱"/);
        expect(page).toContain('href="/reports/breakdown?from=1405%2F09%2F14&amp;to=1405%2F09%2F18');
        expect(page).not.toContain('aria-invalid="true"');
      }
      await db.ds.getRepository(StaffAccount).update({ id: d.b.admin.id }, { locale: 'en' });
      const en = await (await clients.admin!.get(`/reports/volume?${new URLSearchParams({ from: '۱۴۰۵/۰۹/۱۴', to: '۱۴۰۵/۰۹/۱۸' }).toString()}`)).text();
      await db.ds.getRepository(StaffAccount).update({ id: d.b.admin.id }, { locale: 'fa' });
      expect(en).toContain('lang="en"');
      expect([field(en, 'r-from'), field(en, 'r-to')]).toEqual(['1405/09/14', '1405/09/18']);
      const bad = await clients.admin!.get('/reports/sla?from=1405/13/01&to=1405/09/18');
      expect(bad.status).toBe(400);
      const html = await bad.text();
      expect(html).toMatch(/id="r-from" name="from"[^>]*value="۱۴۰۵\/۱۳\/۰۱"/); // shown back as typed, in Persian digits
      expect(html).toMatch(/id="r-from"[^>]*aria-invalid="true"/);
      expect((await clients.admin!.get('/reports/sla?from=1405/09/18&to=1405/09/01&format=csv')).status).toBe(400);
      expect((await clients.admin!.get('/reports/nope')).status).toBe(404);
      // /reports goes to the first tab with the same query
      expect((await clients.admin!.get('/reports?team=1')).headers.get('location')).toBe('/reports/volume?team=1');
    });

    it('CSV: a comment a spreadsheet would run as a formula is written as text (runs last: it adds a rating)', async () => {
      const { b, T } = d;
      await db.ds.getRepository(Rating).save({
        ticketId: T.T8!.id,
        requesterId: b.requester.id,
        assigneeId: b.agentA1.id,
        teamId: b.teamA.id,
        score: 1,
        comment: '=HYPERLINK("http://x.example","بد")',
        createdAt: new Date(NOW.getTime() - 60_000),
      });
      const rows = parseCsv(
        (await (await clients.supervisor!.get(`/reports/ratings?${range({ format: 'csv', table: 'comments' })}`)).text()).replace(/^\uFEFF/, ''),
      );
      expect(rows[1]!.slice(1, 3)).toEqual(['1', `'=HYPERLINK("http://x.example","بد")`]);
      expect(rows[2]![2]).toBe('دیر جواب دادند\nخیلی دیر');
    });
  });
});
