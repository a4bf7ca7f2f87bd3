/**
 * The inbox to work from in Chromium (playwright-core, /usr/bin/chromium), both dialects: the SLA due column
 * shows a breached ticket in red (and at risk amber, in time green) with a Jalali time in Persian digits; the
 * keys move through the rows and open a ticket (Enter, r → #reply), do nothing while typing, and ? shows
 * their list; opening a ticket takes its row out of bold (unread); bulk assign changes the ticked tickets only
 * and names the refused one; a saved filter is there after a reload and leads to its filters.
 * Screenshot: test/artifacts/inbox-sla-<dialect>.png.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { In } from 'typeorm';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { startWebServer, type WebServer } from '../../admin/server.ts';
import { SlaTarget, StaffAccount, Ticket } from '../../core/entities/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery';
const NOW = new Date('2026-12-05T06:30:00Z');
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe.skipIf(!existsSync(CHROMIUM)).each(DIALECTS)('the inbox in Chromium on %s', (dialect) => {
  let db: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let b: Basics;
  let base: string;
  const tickets: Record<string, Ticket> = {};

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const ctx = testContext(db.ds, new TestClock(NOW));
    web = await startWebServer(createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) }), {
      port: 0,
      host: '127.0.0.1',
    });
    base = `http://127.0.0.1:${web.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    b = await seedBasics(db.ds);
    await db.ds.getRepository(StaffAccount).update({ id: In([b.agentA1.id]) }, { passwordHash: await hashPassword(PASSWORD) });
    const targets = db.ds.getRepository(SlaTarget);
    const slas: [string, number | null, Partial<Ticket>][] = [
      ['late', -45, {}],
      ['soon', 20, {}],
      ['later', 300, {}],
      ['no sla', null, {}],
      ['team B, his', 120, { teamId: b.teamB.id, subjectId: b.subjectB.id, assigneeId: b.agentA1.id }],
    ];
    let i = 0;
    for (const [title, due, seed] of slas) {
      const t = await makeTicket(db.ds, b, { title: `درخواست ${title}`, state: 'open', at: min(-120 + i++), ...(seed as object) });
      tickets[title] = t;
      if (due !== null)
        await targets.save(
          targets.create({
            ticketId: t.id,
            kind: 'first_response',
            policyId: null,
            minutes: 60,
            deadline: min(due),
            warnAt: null,
            reachedAt: null,
            breached: due < 0,
            breachedAt: due < 0 ? min(due) : null,
            paused: false,
            pausedMinutes: 0,
            cancelled: false,
            warnedAt: null,
            updatedAt: NOW,
          }),
        );
    }
    mkdirSync('test/artifacts', { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await db?.close();
  });

  async function login(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, baseURL: base });
    const page = await context.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto('/login');
    await page.fill('#username', b.agentA1.username);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);
    return page;
  }
  const row = (page: Page, t: Ticket) => page.locator(`#inbox-live tr[data-ticket="${t.id}"]`);
  const current = (page: Page) => page.locator('#inbox-live tr.kb-current').getAttribute('data-ticket');

  it('shows the SLA due time coloured (breached red), sorts by it, and the keys move through the rows and open a ticket', async () => {
    const page = await login();
    await page.goto('/tickets?tab=all&sort=due_asc');
    const order = await page.locator('#inbox-live tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')));
    expect(order).toEqual(['late', 'soon', 'team B, his', 'later', 'no sla'].map((k) => String(tickets[k]!.id)));

    const late = row(page, tickets.late!).locator('td.due .badge');
    expect(await late.getAttribute('class')).toContain('due-failed');
    expect(await late.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(180, 35, 24)'); // --red
    expect(await late.textContent()).toBe('۴۵ دقیقه دیر');
    expect(await row(page, tickets.soon!).locator('td.due .badge').getAttribute('class')).toContain('due-risk');
    expect(
      await row(page, tickets.later!)
        .locator('td.due .badge')
        .evaluate((el) => getComputedStyle(el).color),
    ).toBe('rgb(47, 122, 79)'); // --green
    expect(await row(page, tickets.later!).locator('td.due .badge').textContent()).toBe('۵ ساعت مانده');
    expect(await row(page, tickets.late!).locator('td.due .due-at').textContent()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
    expect(await row(page, tickets['no sla']!).locator('td.due .badge').count()).toBe(0);
    await page.screenshot({ path: `test/artifacts/inbox-sla-${dialect}.png`, fullPage: true });
    expect(statSync(`test/artifacts/inbox-sla-${dialect}.png`).size).toBeGreaterThan(10_000);

    // every row is unread (never opened): bold
    expect(await row(page, tickets.soon!).getAttribute('class')).toContain('unread');
    expect(
      await row(page, tickets.soon!)
        .locator('a.open')
        .evaluate((el) => getComputedStyle(el).fontWeight),
    ).toBe('700');

    // j / k move the highlight; ? shows the keys, Esc hides them; typing in the search does not move it
    await page.keyboard.press('j');
    expect(await current(page)).toBe(String(tickets.late!.id));
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await current(page)).toBe(String(tickets.soon!.id));
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('#kb-help').isVisible()).toBe(true);
    expect(await page.locator('#kb-help kbd').allTextContents()).toEqual(expect.arrayContaining(['j', 'k', 'Enter', 'r', 'n', 'a', '/', '?']));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#kb-help').isVisible()).toBe(false);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('jk');
    expect(await page.inputValue('#q')).toBe('jk');
    expect(await current(page)).toBe(String(tickets.soon!.id));
    await page.fill('#q', '');
    await page.locator('h1').click();

    // Enter opens the highlighted ticket; back in the inbox it is read (not bold)
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/tickets/${tickets.soon!.id}`);
    await page.goto('/tickets?tab=all&sort=due_asc');
    expect(await row(page, tickets.soon!).getAttribute('data-unread')).toBe('0');
    expect(await row(page, tickets.late!).getAttribute('data-unread')).toBe('1');
    expect(await page.locator('#inbox-live tr.unread').count()).toBe(4);

    // r opens the ticket with the reply box asked for
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await page.waitForURL(`${base}/tickets/${tickets['team B, his']!.id}#reply`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    expect(await page.isChecked('#mode-reply')).toBe(true);
    // n with the note box
    await page.goto('/tickets?tab=all&sort=due_asc');
    await page.keyboard.press('j');
    await page.keyboard.press('n');
    await page.waitForURL(`${base}/tickets/${tickets.late!.id}#note`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    expect(await page.isChecked('#mode-note')).toBe(true);
    await page.context().close();
  }, 90_000);

  it('bulk assign changes the ticked tickets only and names the refused one; a saved filter is there after a reload', async () => {
    const page = await login();
    await page.goto('/tickets?tab=all&sort=due_asc');
    for (const k of ['late', 'later', 'team B, his']) await row(page, tickets[k]!).locator('input.pick').check();
    await expect.poll(() => page.locator('#bulk-count').textContent()).toBe('۳ انتخاب‌شده');
    // the live refresh replaces the rows: the ticks and the highlighted row stay
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          document.body.addEventListener('htmx:afterSettle', () => done(), { once: true });
          document.body.dispatchEvent(new CustomEvent('live-inbox'));
        }),
    );
    expect(await page.locator('#inbox-live input.pick:checked').count()).toBe(3);
    expect(await current(page)).toBe(String(tickets.late!.id));
    await page.selectOption('#bulk-staff', String(b.agentA2.id));
    await page.click('#bulk button[value="assign"]');
    const outcome = page.locator('#bulk-outcome');
    await outcome.waitFor();
    expect(await outcome.locator('p').first().textContent()).toBe(
      '2 درخواست تغییر کرد، 0 از پیش همین بود، 1 پذیرفته نشد.'.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!),
    );
    expect(await outcome.locator(`li[data-refused="${tickets['team B, his']!.id}"]`).textContent()).toContain('عضو تیم این درخواست نیست');
    const byId = new Map((await db.ds.getRepository(Ticket).findBy({ id: In(Object.values(tickets).map((t) => t.id)) })).map((t) => [t.id, t.assigneeId]));
    expect(byId.get(tickets.late!.id)).toBe(b.agentA2.id);
    expect(byId.get(tickets.later!.id)).toBe(b.agentA2.id);
    expect(byId.get(tickets.soon!.id)).toBeNull();
    expect(byId.get(tickets['no sla']!.id)).toBeNull();
    expect(byId.get(tickets['team B, his']!.id)).toBe(b.agentA1.id);
    // the list reloads with the new assignee, and the ticks are cleared
    await expect.poll(() => row(page, tickets.late!).locator('td').nth(7).textContent()).toBe(b.agentA2.displayName);
    expect(await page.locator('#inbox-live input.pick:checked').count()).toBe(0);

    // a assigns the highlighted ticket to me (the highlight is still on the first row)
    await page.locator('h1').click();
    await page.keyboard.press('j');
    expect(await current(page)).toBe(String(tickets.soon!.id));
    await page.keyboard.press('a');
    await expect.poll(async () => (await db.ds.getRepository(Ticket).findOneByOrFail({ id: tickets.soon!.id })).assigneeId).toBe(b.agentA1.id);

    // save the current filters (all tabs, due soonest, unassigned only), reload, and use it from another page
    await page.goto('/tickets?tab=all&sort=due_asc&assignee=none');
    await page.fill('#save-name', 'بی‌مسئول‌ها به ترتیب موعد');
    await page.click('form.save-filter button[type=submit]');
    await page.waitForURL(/saved=1/);
    await page.goto('/tickets?tab=mine');
    await page.reload();
    const link = page.locator('section.saved-filters a', { hasText: 'بی‌مسئول‌ها به ترتیب موعد' });
    expect(await link.count()).toBe(1);
    await link.click();
    await page.waitForURL(`${base}/tickets?tab=all&assignee=none&sort=due_asc`);
    const shown = await page.locator('#inbox-live tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')));
    expect(shown).toEqual([String(tickets['no sla']!.id)]);
    await page.context().close();
  }, 90_000);
});
