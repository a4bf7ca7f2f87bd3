/**
 * The panel in a real browser (Debian Chromium through playwright-core): an agent logs in, opens a ticket
 * from the inbox, replies, and the reply is queued in the outbox for the requester's Telegram chat; the CSP
 * holds (no console violations) and a screenshot of the RTL ticket page is saved to test/artifacts/ticket.png.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { In } from 'typeorm';
import { createApp } from '../../admin/app.ts';
import { startWebServer, type WebServer } from '../../admin/server.ts';
import { createPanel } from '../../admin/panel.ts';
import { OutboxMessage, StaffAccount, TicketMessage } from '../../core/entities/index.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { addRequesterMessage } from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics } from '../support/fixtures.ts';

describe.each(DIALECTS)('browser on %s', (dialect) => {
  const PASSWORD = 'correct horse battery';
  const CHROMIUM = '/usr/bin/chromium';

  let db: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  const clock = new TestClock(new Date('2026-12-05T06:30:00Z'));
  let ctx: ReturnType<typeof testContext>;

  describe.skipIf(!existsSync(CHROMIUM))('admin panel in Chromium', () => {
    beforeAll(async () => {
      db = await createTestDb(dialect);
      ctx = testContext(db.ds, clock);
      web = await startWebServer(createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) }), {
        port: 0,
        host: '127.0.0.1',
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      await db?.close();
    });

    it('an agent logs in, replies on the ticket page, and the reply is queued for the requester', async () => {
      const b = await seedBasics(db.ds);
      await db.ds.getRepository(StaffAccount).update({ id: In([b.agentA1.id]) }, { passwordHash: await hashPassword(PASSWORD) });
      const ticket = await makeTicket(db.ds, b, { title: 'سفارش بذر زعفران برای پاییز', state: 'open', assigneeId: b.agentA1.id });
      clock.advance(10 * 60_000);
      await addRequesterMessage(ctx, requesterActor(b.requester), ticket.id, { text: 'سلام، بذر مرغوب زعفران را از کجا تهیه کنم؟' });

      const base = `http://127.0.0.1:${web.port}`;
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));

      await page.goto(`${base}/tickets`);
      expect(page.url()).toBe(`${base}/login`);
      await page.fill('#username', b.agentA1.username);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/tickets`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');

      await page.click(`a[href="/tickets/${ticket.id}"] >> nth=1`);
      await page.waitForURL(`${base}/tickets/${ticket.id}`);
      clock.advance(5 * 60_000);
      await page.fill('#reply-text', 'بذر را از مراکز مجاز استان خراسان تهیه کنید.');
      await page.click('form[action$="/reply"] button');
      // htmx swaps the ticket in place (without JS: a redirect to ?ok=1)
      await page.waitForSelector('#ticket .ok');
      await expect.poll(() => page.locator('.timeline li.out').count()).toBe(1);
      expect(await page.locator('.timeline li.out .msg').textContent()).toBe('بذر را از مراکز مجاز استان خراسان تهیه کنید.');
      const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      expect(font).toContain('Vazirmatn');

      mkdirSync('test/artifacts', { recursive: true });
      await page.screenshot({ path: 'test/artifacts/ticket.png', fullPage: true });
      expect(statSync('test/artifacts/ticket.png').size).toBeGreaterThan(10_000);

      const reply = await db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: ticket.id, direction: 'out', kind: 'message' });
      expect(reply.via).toBe('panel');
      const outbox = await db.ds.getRepository(OutboxMessage).findBy({ ticketId: ticket.id, chatId: b.requester.telegramId });
      expect(JSON.stringify(outbox.map((o) => o.payload))).toContain('مراکز مجاز');
      expect(problems).toEqual([]);
    }, 60_000);
  });
});
