/**
 * The dashboard and a report in Chromium (Debian /usr/bin/chromium through playwright-core), over the
 * hand-built data set: the supervisor's dashboard and the SLA and volume reports render with their
 * stylesheet and SVG charts, the Jalali date picker fills the range, right to left (the first day's column on the right), with no CSP violation;
 * printing hides the filters and the navigation. Screenshots and a printed PDF go to test/artifacts/.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../admin/app.ts';
import { startWebServer, type WebServer } from '../../admin/server.ts';
import { createPanel } from '../../admin/panel.ts';
import { StaffAccount } from '../../core/entities/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { NOW, RANGE, seedReportData, type ReportData } from '../support/report-data.ts';

describe.each(DIALECTS)('reports in the browser on %s', (dialect) => {
  const PASSWORD = 'correct horse battery';
  const CHROMIUM = '/usr/bin/chromium';
  const ART = 'test/artifacts';

  let db: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let d: ReportData;

  describe.skipIf(!existsSync(CHROMIUM))('dashboard and reports in Chromium', () => {
    beforeAll(async () => {
      db = await createTestDb(dialect);
      const ctx = testContext(db.ds, new TestClock(NOW));
      d = await seedReportData(db.ds);
      await db.ds.getRepository(StaffAccount).update({ id: d.b.supervisor.id }, { passwordHash: await hashPassword(PASSWORD) });
      web = await startWebServer(createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) }), {
        port: 0,
        host: '127.0.0.1',
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
      mkdirSync(ART, { recursive: true });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      await db?.close();
    });

    async function shot(page: Page, name: string) {
      await page.screenshot({ path: `${ART}/${name}.png`, fullPage: true });
      expect(statSync(`${ART}/${name}.png`).size).toBeGreaterThan(10_000);
    }

    it('the supervisor opens his dashboard and the SLA and volume reports, and prints one', async () => {
      const base = `http://127.0.0.1:${web.port}`;
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));

      await page.goto(`${base}/dashboard`);
      await page.fill('#username', d.b.supervisor.username);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/tickets`);
      await page.click('nav.main a[href="/dashboard"]');
      await page.waitForURL(`${base}/dashboard`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page.evaluate(() => document.fonts.ready);
      // the stylesheet of the report pages is applied: tiles in a grid, the team's failed SLA figure in red
      expect(await page.locator('ul.tiles').evaluate((e) => getComputedStyle(e).display)).toBe('grid');
      expect(await page.locator('.team-card .fig.bad dd').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(180, 35, 24)');
      expect(await page.locator(`.team-card[data-team="${d.b.teamA.id}"] [data-figure="failed"] dd`).textContent()).toBe('۱');
      const goal = await page.locator('svg.chart.goal').first().boundingBox();
      expect(goal!.width).toBeGreaterThan(100);
      await shot(page, 'dashboard');

      await page.click(`.team-card[data-team="${d.b.teamA.id}"] a.more`);
      await page.waitForURL(/\/reports\/sla\?team=/);
      // the Jalali picker: opens on the month of the field (the default range ends 1405/09/18), Saturday first
      await page.click('#r-from + button.jp-open');
      expect(await page.locator('#r-from-picker .jp-title').textContent()).toBe('آذر ۱۴۰۵');
      expect(await page.locator('#r-from-picker .jp-pad').count()).toBe(1); // 1 Azar 1405 is a Sunday
      await page.locator('#report-filters').screenshot({ path: `${ART}/report-picker.png` });
      await page.click('#r-from-picker .jp-next');
      expect(await page.locator('#r-from-picker .jp-title').textContent()).toBe('دی ۱۴۰۵');
      await page.click('#r-from-picker .jp-prev');
      await page.click('#r-from-picker .jp-day[data-day="1405/09/14"]');
      expect(await page.inputValue('#r-from')).toBe('۱۴۰۵/۰۹/۱۴'); // the picker writes Persian digits on a Persian page
      expect(await page.locator('#r-from-picker').count()).toBe(0);
      await page.fill('#r-to', '۱۴۰۵/۰۹/۱۸'); // Persian digits as typed on a Persian keyboard
      await page.click('#report-filters button[type=submit]');
      await page.waitForURL(/from=/);
      // read whatever the digits; shown back in Persian digits, the tabs' links in Latin ones
      expect([await page.inputValue('#r-from'), await page.inputValue('#r-to')]).toEqual(['۱۴۰۵/۰۹/۱۴', '۱۴۰۵/۰۹/۱۸']);
      expect(await page.getAttribute('nav.tabs a[data-tab="breakdown"]', 'href')).toContain(new URLSearchParams(RANGE).toString());
      const fr = page.locator('svg.chart.stacked g.bar[data-value="2,3,1"] rect').first();
      expect((await fr.boundingBox())!.width).toBeGreaterThan(20);
      expect(await page.locator('#chart-times g.bar text.value').allTextContents()).toEqual(['۱ ساعت و ۳۰ دقیقه', '۳ ساعت', '۳ ساعت', '۶ ساعت']);
      await shot(page, 'report-sla');

      // printing: no navigation, tabs or filters; the range is written out
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#report-filters').isVisible()).toBe(false);
      expect(await page.locator('header.top').isVisible()).toBe(false);
      expect(await page.locator('p.scope').textContent()).toContain('۱۴۰۵/۰۹/۱۴');
      await page.pdf({ path: `${ART}/report-sla.pdf`, format: 'A4' });
      expect(statSync(`${ART}/report-sla.pdf`).size).toBeGreaterThan(10_000);
      await page.emulateMedia({ media: 'screen' });

      // the volume by day, right to left: the first day's column stands to the right of the last day's
      await page.click('nav.tabs a[data-tab="volume"]');
      await page.waitForURL(/\/reports\/volume/);
      const buckets = page.locator('#chart-volume g.bucket');
      expect(await buckets.count()).toBe(5);
      const first = (await buckets.first().locator('rect').first().boundingBox())!;
      const last = (await buckets.last().locator('rect').first().boundingBox())!;
      expect(first.x).toBeGreaterThan(last.x);
      await shot(page, 'report-volume');
      for (const tab of ['breakdown', 'agents', 'ratings']) {
        await page.click(`nav.tabs a[data-tab="${tab}"]`);
        await page.waitForURL(new RegExp(`/reports/${tab}`));
        expect(await page.locator('svg.chart').count(), tab).toBeGreaterThan(0);
        await shot(page, `report-${tab}`);
      }
      // an agent's ratings and comments: from the agents report to the ratings report filtered to him
      await page.click('nav.tabs a[data-tab="agents"]');
      await page.click('a.sub-link');
      await page.waitForURL(new RegExp(`/reports/ratings\\?.*agent=${d.b.agentA1.id}`));
      expect(await page.locator('#chart-distribution g.bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-value')))).toEqual([
        '0',
        '1',
        '0',
        '1',
        '2',
      ]);
      expect(problems).toEqual([]);
    }, 90_000);
  });
});
