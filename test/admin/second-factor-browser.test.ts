/**
 * Two-step verification in Chromium (issue 16 item 6): an admin whom the setting requires to enrol logs in,
 * sees the QR code drawn (a visible SVG, no CSP or script error) and the key, types the first code from the
 * key shown on the page, gets his recovery codes and goes on to the inbox; the next login asks for a code.
 */
import { existsSync } from 'node:fs';
import { generate } from 'otplib';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { startWebServer, type WebServer } from '../../admin/server.ts';
import { StaffAccount } from '../../core/entities/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { DIALECTS, createTestDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics } from '../support/fixtures.ts';

const PASSWORD = 'correct horse battery';
const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM)).each(DIALECTS)('two-step verification in Chromium on %s', (dialect) => {
  let db: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  const clock = new TestClock(new Date('2026-12-05T06:30:00Z'));

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const ctx = testContext(db.ds, clock);
    web = await startWebServer(createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) }), {
      port: 0,
      host: '127.0.0.1',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await db?.close();
  });

  it('an admin required to enrol scans (reads) the key, confirms a code, keeps the recovery codes, and is asked for a code next time', async () => {
    const b = await seedBasics(db.ds);
    await db.ds.getRepository(StaffAccount).update({ id: b.admin.id }, { passwordHash: await hashPassword(PASSWORD) });
    await updateSettings(testContext(db.ds, clock), b.admin.id, { secondFactorRequired: 'admins' });
    const base = `http://127.0.0.1:${web.port}`;
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    const login = async () => {
      await page.goto(`${base}/login`);
      await page.fill('#username', b.admin.username);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
    };
    await login();
    await page.waitForURL(`${base}/login/enrol`);
    const qr = await page.locator('.qr svg').boundingBox();
    expect(qr!.width).toBeGreaterThan(100);
    expect(qr!.height).toBeGreaterThan(100);
    const secret = (await page.textContent('#totp-secret'))!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.fill('#code', await generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) }));
    await page.click('button[type=submit]');
    await page.waitForSelector('.recovery-codes');
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await page.click('a[href="/tickets"]');
    await page.waitForURL(`${base}/tickets`);

    // log out, log in again: the code is asked now
    await page.click('form[action="/logout"] button');
    await page.waitForURL(`${base}/login`);
    clock.advance(30_000);
    await login();
    await page.waitForURL(`${base}/login/code`);
    await page.fill('#code', await generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) }));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);
    expect(problems).toEqual([]);
    await page.close();
  });
});
