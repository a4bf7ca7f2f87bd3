/**
 * The live event stream at route level (Chromium's EventSource and fetch), whole system on both dialects:
 * - a second web process (same database and Redis prefix) streams a change made through the first one;
 * - a staff member receives only changes of tickets he may see (an agent of team B gets nothing of a team A
 *   ticket while an admin gets it; the ticket's own stream is a 404 for him);
 * - a stream that reconnects with Last-Event-ID gets the changes made while it was away, in order;
 * - a ticket page whose version is behind the ticket's when its stream starts is told at once.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { In } from 'typeorm';
import { streamIdBefore } from '../../core/infra/live.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { openTicket, setPriority, setType } from '../../core/services/tickets/index.ts';
import { startSystem, type System } from '../../main.ts';
import { citizenWorld, type CitizenWorld } from '../bot/world.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery';

type Seen = { type: string; id: string; data: string };
declare global {
  interface Window {
    seen: Seen[];
    source?: EventSource;
  }
}

describe.skipIf(!existsSync(CHROMIUM)).each(['mariadb', 'sqlite'] as const)('the live event stream on %s', (dialect) => {
  let w: CitizenWorld;
  let web2: System;
  let browser: Browser;
  beforeAll(async () => {
    w = await citizenWorld({ database: dialect });
    await w.h.db.ds.getRepository(StaffAccount).update({ id: In([w.b.admin.id, w.b.agentB1.id]) }, { passwordHash: await hashPassword(PASSWORD) });
    // a second process with the web role only, on the same database and Redis prefix
    web2 = await startSystem(w.h.config, { roles: ['web'], log: w.h.system.core.log });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await web2?.stop();
    await w?.close();
  });

  async function login(port: number, username: string): Promise<Page> {
    const ctx = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/tickets$/);
    await page.goto('/account'); // a page without the live script: the test opens its own streams
    return page;
  }
  const listen = (page: Page, url: string) =>
    page.evaluate(
      (u) =>
        new Promise<void>((ready) => {
          window.seen = [];
          const s = new EventSource(u);
          window.source = s;
          for (const type of ['ticket', 'presence', 'ready'])
            s.addEventListener(type, (e) => {
              const m = e as MessageEvent;
              window.seen.push({ type, id: m.lastEventId, data: String(m.data) });
              if (type === 'ready') ready();
            });
        }),
      url,
    );
  const seen = (page: Page) => page.evaluate(() => window.seen);
  const ticketEvents = async (page: Page, id: number) => (await seen(page)).filter((e) => e.type === 'ticket' && e.data === String(id));

  it('crosses processes, keeps to what the staff member may see, and resumes with Last-Event-ID', async () => {
    const core = w.h.system.core;
    const { ticket } = await openTicket(core, requesterActor(w.b.requester), { subjectId: w.b.subjectA.id, title: 'کود', text: 'کود مناسب؟' });
    const admin = await login(web2.web!.port, w.b.admin.username); // on the second web process
    const outsider = await login(w.h.system.web!.port, w.b.agentB1.username);
    await listen(admin, '/live/events');
    await listen(outsider, '/live/events');
    expect(await outsider.evaluate((id) => fetch(`/live/events?ticket=${id}`).then((r) => r.status), ticket.id)).toBe(404);

    // a change committed in this process reaches the other web process's stream
    await setPriority(core, staffActor(w.b.agentA1), ticket.id, 'high');
    await expect.poll(() => ticketEvents(admin, ticket.id), { timeout: 10_000 }).toHaveLength(1);
    // the outsider's stream got nothing of it; a later change of a ticket he may see reaches him, so his stream works
    const { ticket: own } = await openTicket(core, requesterActor(w.b.requester), { subjectId: w.b.subjectB.id, title: 'صادرات', text: 'مجوز صادرات' });
    await expect.poll(() => ticketEvents(outsider, own.id), { timeout: 10_000 }).not.toHaveLength(0);
    expect(await ticketEvents(outsider, ticket.id)).toHaveLength(0);

    // the admin's stream drops; two changes happen; reconnecting with the last id replays both, in order
    const last = (await seen(admin)).at(-1)!.id;
    await admin.evaluate(() => window.source!.close());
    await setType(core, staffActor(w.b.agentA1), ticket.id, 'شکایت');
    await setPriority(core, staffActor(w.b.agentA1), ticket.id, 'urgent');
    const replayed = await admin.evaluate(async (lastId) => {
      const ctl = new AbortController();
      const res = await fetch('/live/events', { headers: { 'Last-Event-ID': lastId }, signal: ctl.signal });
      const reader = res.body!.getReader();
      let text = '';
      while ((text.match(/event: ticket/g) ?? []).length < 2) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      ctl.abort();
      return text;
    }, last);
    const events = replayed.split('\n\n').filter((b) => b.includes('event: ticket'));
    expect(events.map((b) => /data: (\d+)/.exec(b)![1])).toEqual([String(ticket.id), String(ticket.id)]);
    const ids = events.map((b) => /id: (\S+)/.exec(b)![1]!);
    expect(streamIdBefore(last, ids[0]!) && streamIdBefore(ids[0]!, ids[1]!)).toBe(true);

    // a ticket page rendered at an older version than the ticket's when its stream starts is told at once;
    // one rendered at the current version is not (checked after the presence event that follows)
    const current = (await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).version;
    await listen(admin, `/live/events?ticket=${ticket.id}&v=${current}`);
    await expect.poll(async () => (await seen(admin)).filter((e) => e.type === 'presence'), { timeout: 10_000 }).not.toHaveLength(0);
    expect(await ticketEvents(admin, ticket.id)).toHaveLength(0);
    await admin.evaluate(() => window.source!.close());
    await listen(admin, `/live/events?ticket=${ticket.id}&v=${current - 1}`);
    await expect.poll(() => ticketEvents(admin, ticket.id), { timeout: 10_000 }).toHaveLength(1);
  }, 120_000);
});
