/**
 * The ticket page as a conversation (issue 19, items 1 and 3) in Chromium, whole system (web, bot, workers, a
 * forum staff group in the fake Telegram) on both dialects:
 * - the exchange as a chat: the citizen's messages on one side, the staff's on the other, a note visibly
 *   different, the citizen's photo (sent through the fake Telegram) as a thumbnail through the proxy, the
 *   events as one-line entries that the toggle folds (and the choice survives a reload);
 * - the composer: `/` and a word lists the matching canned replies and inserts the chosen one, an image dropped
 *   on the box is attached, Ctrl+Enter sends — the citizen receives the answer with the image in Telegram —
 *   and in note mode Ctrl+Enter adds an internal note;
 * - a ticket of 200 messages shows the latest 50, loads the older ones on demand, and the composer stays at the
 *   bottom of the viewport;
 * - two agents on one ticket: one types, the other sees "… is typing", which goes when the typing stops; a
 *   colleague's message in the ticket's Telegram topic shows "… is answering from Telegram".
 * Screenshots (not committed; test/artifacts/ is ignored): test/artifacts/chatview-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { In } from 'typeorm';
import { CannedReply } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { addNote, addRequesterMessage, agentReply, openTicket, setPriority } from '../../core/services/tickets/index.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from '../staff/harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery';
const ARTIFACTS = 'test/artifacts';
const WAIT = 15_000;
/** a 24×16 PNG (solid green), built here so that the test needs no file */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAGklEQVR4nGPQy4+jCmIYNWjUoFGDRg2iDAEA0tZ4kGtiHqsAAAAASUVORK5CYII=', 'base64');
const CANNED = { shortcut: 'anbar', title: 'نگهداری در انبار', body: 'زعفران را در ظرف دربسته، دور از نور و رطوبت نگه دارید.' };

describe.skipIf(!existsSync(CHROMIUM)).each(DIALECTS)('the ticket page as a conversation on %s', (dialect) => {
  let w: StaffWorld;
  let browser: Browser;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'forum', database: dialect });
    await w.db.ds.getRepository(StaffAccount).update({ id: In([w.b.agentA1.id, w.b.agentA2.id]) }, { passwordHash: await hashPassword(PASSWORD) });
    await w.db.ds.getRepository(CannedReply).insert([
      { ...CANNED, teamId: null, active: true, updatedAt: new Date() },
      { shortcut: 'ersal', title: 'زمان ارسال', body: 'بستهٔ شما تا سه روز کاری دیگر ارسال می‌شود.', teamId: null, active: true, updatedAt: new Date() },
    ]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  const core = () => w.system.core;
  const ticketRow = (id: number) => w.db.ds.getRepository(Ticket).findOneByOrFail({ id });

  async function login(username: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
    const base = `http://127.0.0.1:${w.system.web!.port}`;
    const ctx = await browser.newContext({ viewport, baseURL: base });
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

  /**
   * a ticket opened by the citizen, with its forum topic made (the 200-message test is the last: its relays
   * fill the group's queue, and a topic asked for after them would wait its turn)
   */
  async function open(title: string, text: string) {
    const m = w.requester.wrote(text);
    const { ticket } = await openTicket(core(), requesterActor(w.b.requester), {
      subjectId: w.b.subjectA.id,
      title,
      text: m.text,
      requesterChatId: w.requester.id,
      requesterMessageId: m.message_id,
    });
    await expect.poll(async () => (await ticketRow(ticket.id)).forumThreadId, { timeout: WAIT }).not.toBeNull();
    return { ticket, thread: (await ticketRow(ticket.id)).forumThreadId! };
  }

  it('shows the exchange as a chat: sides, a distinct note, the photo as a thumbnail, events that fold; the composer inserts a canned reply, takes a dropped image and sends with Ctrl+Enter', async () => {
    const { ticket } = await open('برگ‌های زرد گل محمدی', 'برگ‌های گل محمدی زرد شده‌اند.');
    await agentReply(core(), staffActor(w.b.agentA1), ticket.id, { text: 'لطفاً عکسی از برگ‌ها بفرستید.', via: 'panel' });
    // the citizen's photo through the fake Telegram: the bot puts it on his only open ticket
    w.requester.photo({ caption: 'این هم عکس برگ‌ها' });
    await expect.poll(() => w.db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id, text: 'این هم عکس برگ‌ها' }), { timeout: WAIT }).toBe(1);
    await addNote(core(), staffActor(w.b.agentA1), ticket.id, { text: 'به کارشناس گیاه‌پزشکی نشان بدهیم.', via: 'panel' });
    await setPriority(core(), staffActor(w.b.agentA1), ticket.id, 'high');

    const page = await login(w.b.agentA2.username);
    await page.goto(`/tickets/${ticket.id}`);
    const citizen = page.locator('#timeline li.in', { hasText: 'برگ‌های گل محمدی زرد شده‌اند.' });
    const agent = page.locator('#timeline li.out', { hasText: 'لطفاً عکسی از برگ‌ها بفرستید.' });
    const note = page.locator('#timeline li.note', { hasText: 'به کارشناس گیاه‌پزشکی نشان بدهیم.' });
    await expect.poll(() => note.count()).toBe(1);
    // RTL: the citizen writes from the right, the staff from the left
    const [cBox, aBox, nBox] = [await citizen.boundingBox(), await agent.boundingBox(), await note.boundingBox()];
    expect(cBox!.x + cBox!.width).toBeGreaterThan(aBox!.x + aBox!.width + 50);
    expect(nBox!.x).toBeLessThan(cBox!.x);
    const bg = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => getComputedStyle(el.querySelector('.bubble')!).backgroundColor);
    expect(await bg('#timeline li.note')).not.toBe(await bg('#timeline li.out'));
    expect(await note.locator('.note-mark').count()).toBe(1);
    // the photo: a thumbnail through the access-checked proxy (Telegram's getFile of the fake)
    const thumb = page.locator('#timeline li.in', { hasText: 'این هم عکس برگ‌ها' }).locator('.att.image img');
    expect(await thumb.count()).toBe(1);
    const src = await thumb.getAttribute('src');
    expect(src).toMatch(new RegExp(`^/tickets/${ticket.id}/files/\\d+/0$`));
    expect(await page.evaluate(async (u) => (await fetch(u)).headers.get('content-type'), src!)).toBe('image/jpeg');
    // events: one line each, folded by the toggle into a count, and the choice is remembered
    const priorityLine = page.locator('#timeline li.event[data-event=priority]');
    expect(await priorityLine.isVisible()).toBe(true);
    await page.click('#events-toggle');
    expect(await priorityLine.isVisible()).toBe(false);
    expect(await page.locator('#timeline li.events .events-count').first().isVisible()).toBe(true);
    await page.reload();
    expect(await page.locator('#timeline li.event[data-event=priority]').isVisible()).toBe(false);
    expect(await page.getAttribute('#events-toggle', 'aria-pressed')).toBe('true');
    await page.click('#events-toggle');
    expect(await page.locator('#timeline li.event[data-event=priority]').isVisible()).toBe(true);

    // `/` and a word from the title lists the matching canned reply; Enter inserts its text
    await page.click('#reply-text');
    await page.keyboard.type('/انبار');
    const options = page.locator('#canned-list li[data-canned]');
    await expect.poll(() => options.count()).toBe(1);
    expect(await options.first().textContent()).toContain(CANNED.title);
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#reply-text')).toBe(CANNED.body);
    expect(await page.locator('#canned-picker').isVisible()).toBe(false);
    // a word of the text finds it too (the other reply is filtered out)
    await page.keyboard.press('Alt+/');
    await page.keyboard.type('رطوبت');
    await expect.poll(() => page.locator('#canned-list li[data-canned]').allTextContents()).toEqual([expect.stringContaining(CANNED.title)]);
    await page.keyboard.press('Escape');

    // an image dropped on the composer joins its files
    const drop = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'leaf.png', { type: 'image/png' }));
      return dt;
    }, PNG.toString('base64'));
    await page.dispatchEvent('#reply-text', 'dragover', { dataTransfer: drop });
    await page.dispatchEvent('#reply-text', 'drop', { dataTransfer: drop });
    expect(await page.textContent('#composer-files')).toContain('leaf.png');
    expect(await page.evaluate(() => (document.getElementById('reply-file') as HTMLInputElement).files!.length)).toBe(1);

    // a file over the panel's limit is named with the error and stops the send (the server refuses it too)
    const big = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(21 * 1024 * 1024)], 'big.pdf', { type: 'application/pdf' }));
      return dt;
    });
    await page.dispatchEvent('#reply-text', 'drop', { dataTransfer: big });
    expect(await page.getAttribute('#composer-files', 'class')).toBe('error');
    // every reply request the page makes from here on (the one that goes through comes after these attempts)
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/tickets/${ticket.id}/reply`)) posts.push(r.url());
    });
    await page.click('#send-reply');
    await page.focus('#reply-text');
    await page.keyboard.press('Control+Enter');
    expect(await page.inputValue('#reply-text')).toBe(CANNED.body);
    // back to the image alone
    await page.evaluate(() => {
      const input = document.getElementById('reply-file') as HTMLInputElement;
      const dt = new DataTransfer();
      dt.items.add(input.files![0]!);
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(await page.getAttribute('#composer-files', 'class')).toBe('muted');

    // Ctrl+Enter sends: the citizen receives the answer with the image in Telegram
    const before = w.requester.inbox.at(-1)?.message_id ?? 0;
    await page.focus('#reply-text');
    await page.keyboard.press('Control+Enter');
    const got = await w.requester.waitForMessage((m) => (m.caption ?? m.text ?? '').includes(CANNED.body), WAIT, before);
    expect(got.photo ?? got.document).toBeTruthy();
    expect(posts).toHaveLength(1); // the two attempts with the big file sent nothing
    const sent = page.locator('#timeline li.out', { hasText: CANNED.body });
    await expect.poll(() => sent.count(), { timeout: WAIT }).toBe(1);
    const img = sent.locator('.att.image img');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: WAIT }).toBe(24);
    // a thumbnail opens large in the page
    await img.click();
    expect(await page.locator('dialog#image-view[open] img').count()).toBe(1);
    await page.keyboard.press('Escape');

    // note mode: Ctrl+Enter adds an internal note (the note button is the one shown)
    await page.check('#mode-note');
    expect(await page.locator('#send-reply').isVisible()).toBe(false);
    await page.fill('#reply-text', 'یادداشت با میان‌بر صفحه‌کلید');
    await page.focus('#reply-text');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#timeline li.note', { hasText: 'یادداشت با میان‌بر صفحه‌کلید' }).count(), { timeout: WAIT }).toBe(1);
    expect(await w.db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: ticket.id, text: 'یادداشت با میان‌بر صفحه‌کلید' })).toMatchObject({
      kind: 'note',
    });
    await page.screenshot({ path: `${ARTIFACTS}/chatview-conversation-${dialect}.png`, fullPage: true });
    await page.context().close();
  }, 120_000);

  it('two agents on one ticket: one types and the other sees it (until it stops); a message in the Telegram topic shows who answers there', async () => {
    const { ticket, thread } = await open('سؤال دربارهٔ کود', 'چه کودی برای زعفران مناسب است؟');
    const a1 = await login(w.b.agentA1.username);
    const a2 = await login(w.b.agentA2.username);
    await a1.goto(`/tickets/${ticket.id}`);
    await a2.goto(`/tickets/${ticket.id}`);
    await a1.waitForFunction(() => document.documentElement.getAttribute('data-live') === 'on');
    await a2.waitForFunction(() => document.documentElement.getAttribute('data-live') === 'on');

    await a1.click('#reply-text');
    await a1.keyboard.type('کود دامی پوسیده');
    const typing = a2.locator('#live-activity [data-activity=typing]');
    await expect.poll(() => typing.textContent(), { timeout: WAIT }).toContain(w.b.agentA1.displayName);
    // the typist himself is not told that he types
    expect(await a1.locator('#live-activity [data-activity=typing]').count()).toBe(0);
    // no more keys: the signal expires and the line goes
    await expect.poll(() => typing.count(), { timeout: WAIT }).toBe(0);

    // agent 1 answers from the ticket's Telegram topic: agent 2's page names him and shows the answer
    w.agent.sendIn(w.group, 'از کود دامی پوسیده استفاده کنید.', { threadId: thread });
    const answering = a2.locator('#live-activity [data-activity=telegram]');
    await expect.poll(() => answering.textContent(), { timeout: WAIT }).toContain(w.b.agentA1.displayName);
    await expect.poll(() => a2.locator('#timeline li.out', { hasText: 'از کود دامی پوسیده استفاده کنید.' }).count(), { timeout: WAIT }).toBe(1);
    await a2.screenshot({ path: `${ARTIFACTS}/chatview-activity-${dialect}.png` });
    await a1.context().close();
    await a2.context().close();
  }, 120_000);

  it('a ticket of 200 messages shows the latest 50, loads the older ones on demand (kept over a live reload), and keeps the composer at the bottom of the viewport', async () => {
    const { ticket } = await open('گفت‌وگوی بلند', 'پیام ۰');
    const requester = requesterActor(w.b.requester);
    const agent = staffActor(w.b.agentA1);
    for (let i = 1; i < 200; i++) {
      if (i % 2) await agentReply(core(), agent, ticket.id, { text: `پیام ${i}`, via: 'panel' });
      else await addRequesterMessage(core(), requester, ticket.id, { text: `پیام ${i}` });
    }
    const page = await login(w.b.agentA2.username, { width: 1200, height: 800 });
    await page.goto(`/tickets/${ticket.id}`);
    const messages = page.locator('#timeline li[data-message]');
    expect(await messages.count()).toBe(50);
    expect(await messages.last().locator('.msg').textContent()).toBe('پیام 199');
    expect(await messages.first().locator('.msg').textContent()).toBe('پیام 150');
    // it opens at the latest message, just above the composer
    const latest = await messages.last().boundingBox();
    const composerTop = (await page.locator('#reply-box').boundingBox())!.y;
    expect(latest!.y + latest!.height).toBeLessThanOrEqual(composerTop + 1);
    expect(latest!.y).toBeGreaterThan(0);

    // sticky: scrolled to the top of a long page, the composer sits at the bottom of the viewport
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await page.locator('#reply-box').boundingBox();
    expect(box!.y + box!.height).toBeGreaterThan(800 - 2);
    expect(box!.y + box!.height).toBeLessThanOrEqual(800 + 1);
    await page.screenshot({ path: `${ARTIFACTS}/chatview-long-${dialect}.png` });

    for (const expected of [100, 150, 200]) {
      await page.click('#older-messages');
      await expect.poll(() => messages.count(), { timeout: WAIT }).toBe(expected);
    }
    expect(await page.locator('#older-messages').count()).toBe(0);
    expect(await messages.first().locator('.msg').textContent()).toBe('پیام ۰');
    // a new message arrives live: the list reloads without closing the older slices opened
    await addRequesterMessage(core(), requester, ticket.id, { text: 'پیام تازه' });
    await expect.poll(() => page.locator('#timeline li.in .msg', { hasText: 'پیام تازه' }).count(), { timeout: WAIT }).toBe(1);
    expect(await messages.count()).toBe(201);
    await page.screenshot({ path: `${ARTIFACTS}/chatview-long-all-${dialect}.png`, fullPage: true });
    await page.context().close();
  }, 180_000);
});
