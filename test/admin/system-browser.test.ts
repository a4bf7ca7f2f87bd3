/**
 * The panel of the whole system (startSystem: web and workers, against the fake Telegram) in Debian Chromium
 * through playwright-core:
 * - first run: the log's one-time setup link creates the first admin, who lands in the RTL inbox, logs out
 *   and logs in again;
 * - an agent replies on the ticket page and the fake Telegram requester receives the reply (outbox worker);
 *   a screenshot of the RTL ticket page goes to test/artifacts/ticket-rtl.png (git-ignored);
 * - the inbox filters (priority, state, team, search) narrow the list, and the tab counts arrive by htmx.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { In } from 'typeorm';
import { loadConfig } from '../../core/config/schema.ts';
import { StaffAccount, TicketMessage } from '../../core/entities/index.ts';
import type { Logger } from '../../core/infra/logger.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { addRequesterMessage } from '../../core/services/tickets/index.ts';
import { startSystem, type System } from '../../main.ts';
import { FakeTelegram, type FakeUser } from '../fake-telegram/index.ts';
import { createTestDb, databaseEnv, DIALECTS, type TestDatabase } from '../support/db.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

describe.each(DIALECTS)('system in the browser on %s', (dialect) => {
  const CHROMIUM = '/usr/bin/chromium';
  const PASSWORD = 'correct horse battery';

  let fake: FakeTelegram;
  let db: TestDatabase;
  let system: System;
  let browser: Browser;
  let prefix: string;
  let base: string;
  const logLines: string[] = [];
  let b: Basics;
  let requester: FakeUser;

  async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
    await page.goto(`${base}/login`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);
  }

  /** the console errors and page errors of a page (a CSP violation shows up there) */
  function problemsOf(page: Page): string[] {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return problems;
  }

  describe.skipIf(!existsSync(CHROMIUM))('the panel of the running system in Chromium', () => {
    beforeAll(async () => {
      fake = await new FakeTelegram().start();
      db = await createTestDb(dialect);
      prefix = uniquePrefix('pb');
      const config = loadConfig({
        ...databaseEnv(db),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        BOT_TOKEN: '123456:PANELTESTxxxxxxxxxxxxxxxxxxxxxxx',
        TELEGRAM_API_ROOT: fake.apiRoot,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATA_DIR: `/tmp/hd-test-${prefix}`,
        SECRET_KEY: 'panel-test-secret-0123456789abcdef',
      });
      const log = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) }) as unknown as Logger;
      system = await startSystem(config, { roles: ['web', 'worker'], log, jobs: { limits: { timeScale: 0.02 }, sweepEveryMs: 1000 } });
      base = `http://127.0.0.1:${system.web!.port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await system?.stop();
      await fake?.stop();
      if (prefix) await clearPrefix(prefix);
      await db?.close();
    });

    it('first run: the setup link in the log creates the first admin, who can log out and in again', async () => {
      const line = logLines.find((l) => l.includes('/setup/'));
      expect(line).toBeTruthy();
      const code = /\/setup\/([A-Za-z0-9_-]+)/.exec(line!)![1]!;
      const page = await browser.newPage();
      const problems = problemsOf(page);
      await page.goto(`${base}/tickets`);
      expect(page.url()).toBe(`${base}/login`);
      await page.goto(`${base}/setup/${code}`);
      await page.fill('#username', 'boss');
      await page.fill('#displayName', 'مدیر کل');
      await page.fill('#password', 'short');
      await page.click('button[type=submit]');
      await expect.poll(() => page.locator('.field-error').count()).toBe(1); // too short: said inline, under the field
      expect(await page.inputValue('#username')).toBe('boss'); // what was typed is kept
      expect(await page.getAttribute('#password', 'aria-invalid')).toBe('true');
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/tickets`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.getAttribute('html', 'lang')).toBe('fa');
      await page.click('form[action="/logout"] button');
      await page.waitForURL(`${base}/login`);
      await page.goto(`${base}/setup/${code}`); // used: no second admin
      expect(await page.locator('#displayName').count()).toBe(0);
      await login(page, 'boss');
      // the two refused forms answer 400 and the used setup link 410, nothing else
      expect(problems.filter((p) => !p.includes('status of 400') && !p.includes('status of 410'))).toEqual([]);
      await page.close();
    }, 60_000);

    it('an agent replies on the RTL ticket page and the requester receives the reply in Telegram', async () => {
      b = await seedBasics(db.ds);
      await db.ds.getRepository(StaffAccount).update({ id: In([b.agentA1.id]) }, { passwordHash: await hashPassword(PASSWORD) });
      requester = fake.user({ id: b.requester.telegramId, first_name: 'مریم' });
      const ticket = await makeTicket(db.ds, b, {
        title: 'سفارش بذر زعفران برای پاییز',
        state: 'open',
        assigneeId: b.agentA1.id,
        at: new Date(Date.now() - 30 * 60_000),
      }); // the system runs on the real clock
      await addRequesterMessage(system.core, requesterActor(b.requester), ticket.id, { text: 'سلام، بذر مرغوب زعفران را از کجا تهیه کنم؟' });

      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems = problemsOf(page);
      await login(page, b.agentA1.username);
      await page.click(`td a[href="/tickets/${ticket.id}"][dir=auto]`);
      await page.waitForURL(`${base}/tickets/${ticket.id}`);
      expect(await page.locator('.timeline li.in .msg').textContent()).toBe('سلام، بذر مرغوب زعفران را از کجا تهیه کنم؟');
      const answer = 'بذر را از مراکز مجاز استان خراسان تهیه کنید.';
      await page.fill('#reply-text', answer);
      await page.click('form[action$="/reply"] button[type=submit]');
      await page.waitForSelector('#ticket .ok');
      expect(await page.locator('.timeline li.out .msg').textContent()).toBe(answer);

      const got = await requester.waitForMessage((m) => (m.text ?? '').includes(answer), 20_000);
      expect(got.chat.id).toBe(b.requester.telegramId);
      const row = await db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: ticket.id, direction: 'out', kind: 'message' });
      expect(row.via).toBe('panel');

      await page.reload();
      mkdirSync('test/artifacts', { recursive: true });
      await page.screenshot({ path: 'test/artifacts/ticket-rtl.png', fullPage: true });
      expect(statSync('test/artifacts/ticket-rtl.png').size).toBeGreaterThan(10_000);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);

    it('the inbox filters narrow the list; the tab counts arrive by htmx', async () => {
      const made = {
        urgentA: await makeTicket(db.ds, b, { title: 'فوری تیم الف', priority: 'urgent', state: 'open' }),
        normalA: await makeTicket(db.ds, b, { title: 'عادی تیم الف', priority: 'normal', state: 'new' }),
        teamB: await makeTicket(db.ds, b, { title: 'صادرات تیم ب', teamId: b.teamB.id, subjectId: b.subjectB.id, priority: 'high', state: 'open' }),
        closed: await makeTicket(db.ds, b, { title: 'بسته‌شده قدیمی', state: 'closed' }),
      };
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems = problemsOf(page);
      await login(page, 'boss');
      await page.goto(`${base}/tickets?tab=all`);
      const shown = async () => (await page.locator('tr[data-ticket]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-ticket'))))).sort();
      const all = await shown();
      for (const t of [made.urgentA, made.normalA, made.teamB]) expect(all).toContain(t.id);
      expect(all).not.toContain(made.closed.id); // active states by default

      await page.click('details.filters-box summary');
      await page.selectOption('#f-priority', 'urgent');
      await page.click('#filters button[type=submit]');
      await page.waitForURL(/priority=urgent/);
      expect(await shown()).toEqual([made.urgentA.id]);

      await page.selectOption('#f-priority', '');
      await page.selectOption('#f-team', String(b.teamB.id));
      await page.click('#filters button[type=submit]');
      await page.waitForURL(/team=/);
      expect(await shown()).toEqual([made.teamB.id]);

      await page.selectOption('#f-team', '');
      await page.selectOption('#f-state', 'closed');
      await page.click('#filters button[type=submit]');
      await page.waitForURL(/state=closed/);
      expect(await shown()).toEqual([made.closed.id]);

      await page.fill('#q', 'صادرات');
      await page.click('form[role=search] button[type=submit]');
      await page.waitForURL(/q=/);
      expect(await shown()).toEqual([made.teamB.id]);

      // the counts of the tabs are loaded by htmx after the page (no inline script: the CSP holds)
      await page.goto(`${base}/tickets?tab=all`);
      await expect.poll(() => page.locator('#tabs a[data-tab=all] .count').count(), { timeout: 10_000 }).toBe(1);
      const count = Number(await page.locator('#tabs a[data-tab=all] .count').getAttribute('data-count'));
      expect(count).toBeGreaterThanOrEqual(4);
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
