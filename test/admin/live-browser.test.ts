/**
 * The live ticket page in Chromium, whole system (web, bot, workers, fake Telegram) on both dialects: two
 * agents open one ticket — each sees the other viewing; one replies and the other's page shows the reply
 * within 2 s of the send; a citizen's message through the fake Telegram appears on both pages and in the
 * inbox within 2 s; a reply on a page loaded before a change shows what changed and asks to confirm, and
 * the confirmed reply goes through. Screenshots: test/artifacts/live-*.png.
 * A change announced while a page is reloading for the previous one is shown too (htmx drops a request queued
 * on an element that the reload swapped out: the live parts swap their content, not themselves).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { In } from 'typeorm';
import { StaffAccount } from '../../core/entities/people.ts';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { openTicket, setPriority } from '../../core/services/tickets/index.ts';
import { citizenWorld, type CitizenWorld } from '../bot/world.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery';
const ARTIFACTS = 'test/artifacts';

/**
 * Waits for the condition and returns how long it took from `since` (ms). The pages are never reloaded, so
 * the change arriving at all proves the live path; the 2 s is what the run logs (measured 0.2–1.8 s),
 * and the deadline is wider so that a loaded 2-core CI machine does not fail a working path (LIVE_DEADLINE_MS
 * narrows it to check the goal itself).
 */
const DEADLINE_MS = Number(process.env.LIVE_DEADLINE_MS ?? 10_000);
async function within(page: Page, since: number, fn: () => Promise<boolean>, deadline = DEADLINE_MS): Promise<number> {
  for (;;) {
    if (await fn()) return Date.now() - since;
    if (Date.now() - since > deadline) throw new Error(`not within ${deadline} ms`);
    await page.waitForTimeout(25);
  }
}

describe.skipIf(!existsSync(CHROMIUM)).each(['mariadb', 'sqlite'] as const)('the live ticket page on %s', (dialect) => {
  let w: CitizenWorld;
  let browser: Browser;
  beforeAll(async () => {
    w = await citizenWorld({ database: dialect });
    await w.h.db.ds
      .getRepository(StaffAccount)
      .update({ id: In([w.b.agentA1.id, w.b.agentA2.id, w.b.admin.id]) }, { passwordHash: await hashPassword(PASSWORD) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  async function login(username: string): Promise<Page> {
    const base = `http://127.0.0.1:${w.h.system.web!.port}`;
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, baseURL: base });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto('/login');
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);
    return page;
  }

  it("two agents see each other, each other's replies and the citizen's message live; a stale reply asks to confirm", async () => {
    const core = w.h.system.core;
    const { ticket } = await openTicket(core, requesterActor(w.b.requester), { subjectId: w.b.subjectA.id, title: 'آبیاری باغ', text: 'آب چاه کم شده است' });
    const a1 = await login(w.b.agentA1.username);
    const a2 = await login(w.b.agentA2.username);
    const inbox = await login(w.b.admin.username);
    await a1.goto(`/tickets/${ticket.id}`);
    await a2.goto(`/tickets/${ticket.id}`);

    // each sees the other viewing (the presence line names the colleague)
    await expect.poll(() => a1.locator('#live-presence').textContent(), { timeout: 10_000 }).toContain(w.b.agentA2.displayName);
    await expect.poll(() => a2.locator('#live-presence').textContent(), { timeout: 10_000 }).toContain(w.b.agentA1.displayName);
    await inbox.goto('/tickets?tab=all');
    await inbox.waitForFunction(() => document.documentElement.getAttribute('data-live') === 'on');

    // agent 1 replies; agent 2's timeline shows it within 2 s of the send
    await a1.fill('#reply-text', 'لطفاً عمق چاه را بفرستید.');
    const answered = inbox.locator(`#inbox-live tr:has(a[href="/tickets/${ticket.id}"]) .badge.state-answered`);
    let sent = Date.now();
    await a1.click('form[action$="/reply"] button[type=submit]');
    const replyMs = await within(a2, sent, async () => (await a2.locator('#timeline li.out .msg', { hasText: 'لطفاً عمق چاه را بفرستید.' }).count()) === 1);

    await within(inbox, sent, async () => (await answered.count()) > 0);

    // the citizen answers through the fake Telegram: both pages and the inbox row show it within 2 s
    const user = w.fake.user({ id: w.b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
    const text = 'عمق چاه هشتاد متر است';
    sent = Date.now();
    user.send(text);
    const onPage = (p: Page) => async () => (await p.locator('#timeline li.in .msg', { hasText: text }).count()) === 1;
    const citizenMs = [await within(a1, sent, onPage(a1)), await within(a2, sent, onPage(a2))];
    // the inbox row of the ticket shows its new state: answered → open (the badge class of the row)
    const row = inbox.locator(`#inbox-live tr:has(a[href="/tickets/${ticket.id}"]) .badge.state-open`);
    const inboxMs = await within(inbox, sent, async () => (await row.count()) > 0);
    // the side's facts card follows too (state answered → open) on both pages
    for (const p of [a1, a2]) await within(p, sent, async () => (await p.locator('#ticket-facts .badge.state-open').count()) === 1);
    await a2.screenshot({ path: `${ARTIFACTS}/live-ticket-${dialect}.png`, fullPage: true });

    // collision: agent 2's page is loaded, then the ticket changes (a state change by a colleague)
    await a2.goto(`/tickets/${ticket.id}`);
    sent = Date.now();
    await setPriority(core, staffActor(w.b.agentA1), ticket.id, 'urgent');
    // a colleague's change shows on the open page: the event in the timeline and the priority on the facts card
    await within(a2, sent, async () => (await a2.locator('#ticket-facts .badge.urgent').count()) === 1);
    await a2.fill('#reply-text', 'پاسخ پس از تغییر');
    await a2.click('form[action$="/reply"] button[type=submit]');
    await a2.waitForSelector('#collision');
    expect(await a2.locator('#collision li').count()).toBeGreaterThan(0);
    expect(await w.h.db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id, text: 'پاسخ پس از تغییر' })).toBe(0);
    expect(await a2.inputValue('#reply-text')).toBe('پاسخ پس از تغییر');
    await a2.screenshot({ path: `${ARTIFACTS}/live-collision-${dialect}.png`, fullPage: true });
    await a2.click('#reply-confirm');
    await expect.poll(() => w.h.db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id, text: 'پاسخ پس از تغییر' }), { timeout: 10_000 }).toBe(1);
    console.log(
      `[${dialect}] live: agent reply seen by colleague after ${replyMs} ms; citizen message on pages after ${citizenMs.join(' / ')} ms, inbox ${inboxMs} ms`,
    );
  }, 120_000);

  it('a change announced while the page is reloading for the previous one shows too (inbox list and counts, ticket timeline)', async () => {
    const core = w.h.system.core;
    const { ticket } = await openTicket(core, requesterActor(w.b.requester), { subjectId: w.b.subjectA.id, title: 'سرمازدگی', text: 'جوانه‌ها سیاه شده‌اند' });
    const inbox = await login(w.b.admin.username);
    await inbox.goto('/tickets?tab=all');
    const agent = await login(w.b.agentA1.username);
    await agent.goto(`/tickets/${ticket.id}`);
    for (const p of [inbox, agent]) {
      await p.waitForFunction(() => document.documentElement.getAttribute('data-live') === 'on');
      // each live signal the page's script dispatches (after its 50 ms debounce), counted
      await p.evaluate(() => {
        const w = window as unknown as { signals: number };
        w.signals = 0;
        for (const name of ['live-inbox', 'live-ticket']) document.body.addEventListener(name, () => w.signals++);
      });
    }
    // each page's reloads are held: the first one's answer (read after the first change) is given to the page
    // only after the second change's signal reached it, so that signal comes while the reload is under way
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const fetched: Promise<void>[] = [];
    for (const [p, part] of [
      [inbox, /\/tickets\?tab=all$/],
      [agent, new RegExp(`/tickets/${ticket.id}(\\?|$)`)],
    ] as const) {
      let first = true;
      let done!: () => void;
      fetched.push(new Promise<void>((r) => (done = r)));
      await p.route(part, async (route) => {
        if (!route.request().headers()['hx-request'] || !first) return route.continue();
        first = false;
        const response = await route.fetch();
        done();
        await released;
        await route.fulfill({ response });
      });
    }
    const signals = (p: Page) => p.evaluate(() => (window as unknown as { signals: number }).signals);
    await setPriority(core, staffActor(w.b.agentA1), ticket.id, 'urgent');
    await Promise.all(fetched);
    const before = [await signals(inbox), await signals(agent)];
    await setPriority(core, staffActor(w.b.agentA1), ticket.id, 'low');
    await expect.poll(async () => [(await signals(inbox)) > before[0]!, (await signals(agent)) > before[1]!], { timeout: 10_000 }).toEqual([true, true]);
    release();
    // the pages end on the second change (the list refreshes itself every 30 s: the deadline is well inside it)
    const since = Date.now();
    const row = inbox.locator(`#inbox-live tr:has(a[href="/tickets/${ticket.id}"]) .badge.low`);
    await within(inbox, since, async () => (await row.count()) === 1);
    await within(agent, since, async () => (await agent.locator('#ticket-facts .badge.low').count()) === 1);
    await within(agent, since, async () => (await agent.locator('#timeline li.event[data-event=priority]').count()) === 2);
    // the counts' bar is still there, its links inside it once
    expect(await inbox.locator('#tabs > nav').count()).toBe(0);
    expect(await inbox.locator('#tabs a[data-tab=all]').count()).toBe(1);
  }, 120_000);
});
