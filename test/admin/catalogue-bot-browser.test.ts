/**
 * The panel and the bot agree at once: an admin adds a subject on the value chain's catalogue page in Chromium and a
 * citizen who opens a ticket right after is offered it in Telegram (whole system: web, bot and workers
 * against the fake Telegram; the bot reads the catalogue through the same core services).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { Subject } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { t } from '../../core/i18n/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { buttons, FakeTelegram } from '../fake-telegram/index.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { DIALECTS } from '../support/db.ts';
import { startTestSystem, type SystemHarness } from '../support/system.ts';
import { withButton } from '../bot/world.ts';

describe.each(DIALECTS)('catalogue and bot on %s', (dialect) => {
  const CHROMIUM = '/usr/bin/chromium';
  const PASSWORD = 'correct horse battery';

  describe.skipIf(!existsSync(CHROMIUM))('a subject added in the panel is offered by the bot at once', () => {
    let fake: FakeTelegram;
    let h: SystemHarness;
    let b!: Basics;
    let browser: Browser;
    beforeAll(async () => {
      fake = await new FakeTelegram().start();
      h = await startTestSystem({ apiRoot: fake.apiRoot, database: dialect, prepare: async (db) => void (b = await seedBasics(db.ds)) });
      await h.db.ds.getRepository(StaffAccount).update({ id: b.admin.id }, { passwordHash: await hashPassword(PASSWORD) });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await h?.close();
      await fake?.stop();
    });

    it('admin adds «آبیاری قطره‌ای» under the saffron office; the next intake lists it', async () => {
      const base = `http://127.0.0.1:${h.system.web!.port}`;
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`${base}/login`);
      await page.fill('#username', b.admin.username);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/tickets`);
      await page.goto(`${base}/config/catalogue`);
      await page.click(`a[href="/config/catalogue/vc/${b.valueChain.id}"]`); // the value chain's page holds its departments and subjects
      const form = page.locator(`form[action="/config/subjects"]:has(input[name="departmentId"][value="${b.department.id}"])`);
      await form.locator('xpath=ancestor::details[1]/summary').click();
      await form.locator('input[name="code"]').fill('drip');
      await form.locator('input[name="nameFa"]').fill('آبیاری قطره‌ای');
      await form.locator('input[name="nameEn"]').fill('Drip irrigation');
      await form.locator('button[type=submit]').click();
      await expect.poll(() => h.db.ds.getRepository(Subject).findOneBy({ code: 'drip', departmentId: b.department.id }), { timeout: 10_000 }).toBeTruthy();
      const added = (await h.db.ds.getRepository(Subject).findOneBy({ code: 'drip', departmentId: b.department.id }))!;
      await page.close();

      const user = fake.user({ id: b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
      const chain = user.next(withButton(`c:v:${b.valueChain.id}`), 10_000);
      user.send(t('fa', 'menu-new'));
      const chainMsg = await chain;
      const dept = user.next(withButton(`c:v:${b.department.id}`), 10_000);
      user.press(chainMsg, `c:v:${b.valueChain.id}`);
      const deptMsg = await dept;
      const subjects = user.next(withButton(`c:v:${added.id}`), 10_000);
      user.press(deptMsg, `c:v:${b.department.id}`);
      const subjectsMsg = await subjects;
      expect(buttons(subjectsMsg).map((x) => x.text)).toContain('آبیاری قطره‌ای');
    }, 90_000);
  });
});
