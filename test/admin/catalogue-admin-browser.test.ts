/**
 * The catalogue administration in Chromium, with the whole system (web, bot, workers) against the fake
 * Telegram, on both databases: an admin opens the catalogue overview, searches a subject, lands on its value
 * chain's page with the subject open, edits it in place (htmx: no page load), moves it above its sibling — and
 * a citizen opening a ticket right after is offered the subjects in the new order with the new name. Also the
 * SLA form's fields line up (label, control and hint rows of a line at the same height). Screenshots of the
 * overview and the value-chain page go to test/artifacts/ (not committed).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Subject } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { buttons } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { citizenWorld, startIntakeToSubject, type CitizenWorld } from '../bot/world.ts';

const CHROMIUM = '/usr/bin/chromium';
const ART = 'test/artifacts';
const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('catalogue administration in Chromium on %s', (dialect) => {
  describe.skipIf(!existsSync(CHROMIUM))('search, edit in place, reorder; the bot follows', () => {
    let w: CitizenWorld;
    let browser: Browser;
    let base: string;
    beforeAll(async () => {
      w = await citizenWorld({ database: dialect });
      await w.h.db.ds.getRepository(StaffAccount).update({ id: w.b.admin.id }, { passwordHash: await hashPassword(PASSWORD) });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
      base = `http://127.0.0.1:${w.h.system.web!.port}`;
      mkdirSync(ART, { recursive: true });
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await w?.close();
    });

    async function signIn(): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${base}/login`);
      await page.fill('#username', w.b.admin.username);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/tickets`);
      return page;
    }
    async function shot(page: Page, name: string) {
      const path = `${ART}/${name}-${dialect}.png`;
      // caret 'initial': Playwright's default hides the caret by writing style="" on every input, which htmx's
      // settle step would then copy onto swapped-in inputs (a CSP violation the page itself never causes)
      await page.screenshot({ path, fullPage: true, caret: 'initial' });
      expect(statSync(path).size).toBeGreaterThan(10_000);
    }

    it('search «صادرات», land on its value chain page, rename it in place, move it up; the bot offers the new order', async () => {
      const { b } = w;
      const page = await signIn();
      const problems: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
      page.on('pageerror', (e) => problems.push(e.message));

      await page.goto(`${base}/config/catalogue`);
      await expect.poll(() => page.locator(`#vc-row-${b.valueChain.id} td.num`).allTextContents()).toEqual(['۱', '۲', '۱']);
      await shot(page, 'catalogue-overview');
      await page.fill('#cat-q', 'صادرات'); // the results follow the typing (htmx); the button is the no-JS way
      const hit = page.locator(`a[data-hit="subject-${b.subjectB.id}"]`);
      await hit.waitFor();
      await hit.click();
      await page.waitForURL(`${base}/config/catalogue/vc/${b.valueChain.id}?open=subject-${b.subjectB.id}#subject-${b.subjectB.id}`);
      const row = page.locator(`#subject-${b.subjectB.id}`);
      const details = row.locator(':scope > .cat-line > details.cat-edit');
      expect(await details.getAttribute('open')).not.toBeNull();
      expect(await page.locator(`#subject-${b.subjectA.id} > .cat-line > details.cat-edit`).getAttribute('open')).toBeNull();
      await shot(page, 'catalogue-value-chain');

      // edit in place: htmx swaps the department's subject list; the page is not loaded again
      await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      const form = details.locator(`form[action="/config/subjects/${b.subjectB.id}"]`);
      await form.locator('input[name="nameFa"]').fill('صادرات زعفران');
      await form.locator('button[type=submit]').click();
      await page.locator(`#subject-${b.subjectB.id} .cat-saved`).waitFor();
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      expect(await page.locator(`#subject-${b.subjectB.id} > .cat-line > details > summary bdi`).textContent()).toBe('صادرات زعفران');
      expect((await w.h.db.ds.getRepository(Subject).findOneByOrFail({ id: b.subjectB.id })).nameFa).toBe('صادرات زعفران');

      // reorder: export moves above cultivation (the first row has no "up")
      const order = () => page.locator(`#subjects-${b.department.id} > ol > li`).evaluateAll((els) => els.map((e) => e.id));
      expect(await order()).toEqual([`subject-${b.subjectA.id}`, `subject-${b.subjectB.id}`]);
      expect(await page.locator(`#subject-${b.subjectA.id} > .cat-line > form.cat-move button[value="up"]`).isDisabled()).toBe(true);
      await page.click(`#subject-${b.subjectB.id} > .cat-line > form.cat-move button[value="up"]`);
      await expect.poll(order).toEqual([`subject-${b.subjectB.id}`, `subject-${b.subjectA.id}`]);
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      // the order is stored: a reload shows it
      await page.reload();
      expect(await order()).toEqual([`subject-${b.subjectB.id}`, `subject-${b.subjectA.id}`]);
      expect(problems).toEqual([]);
      await page.close();

      // the citizen's subject picker: the new order and the new name
      const user = w.fake.user({ id: b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
      const subjects = await startIntakeToSubject(w, user, 'fa');
      const offered = buttons(subjects).filter((x) => x.callback_data === `c:v:${b.subjectA.id}` || x.callback_data === `c:v:${b.subjectB.id}`);
      expect(offered.map((x) => x.text)).toEqual(['صادرات زعفران', 'کاشت']);
    }, 120_000);

    it('the SLA form: the fields of a line are aligned whatever their labels and hints', async () => {
      const page = await signIn();
      await page.goto(`${base}/config/sla`);
      const form = page.locator('form[action="/config/sla"]');
      const tops = (names: string[]) => Promise.all(names.map(async (n) => Math.round((await form.locator(`[name="${n}"]`).boundingBox())!.y)));
      const minutes = await tops(['firstResponseMinutes', 'resolutionMinutes', 'ceilingMinutes']);
      expect(new Set(minutes).size, JSON.stringify(minutes)).toBe(1);
      const selects = await tops(['teamId', 'subjectId', 'minPriority']);
      expect(new Set(selects).size, JSON.stringify(selects)).toBe(1);
      const heights = await Promise.all(
        ['firstResponseMinutes', 'resolutionMinutes', 'ceilingMinutes'].map(async (n) =>
          Math.round((await form.locator(`[name="${n}"]`).boundingBox())!.height),
        ),
      );
      expect(new Set(heights).size).toBe(1);
      await page.close();
    }, 60_000);
  });
});
