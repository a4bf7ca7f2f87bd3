/**
 * The inbox's writes through the routes (no browser), both dialects: the bulk bar without JS renders the
 * inbox again with one message (changed / refused and why), with htmx answers only the message and asks
 * the list to reload (HX-Trigger: live-inbox); nothing ticked or a close without a reason is a form error;
 * saved filters: a name is required (the error comes back on the inbox), another's filter cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { SavedFilter, StaffAccount, Ticket, TicketView } from '../../core/entities/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('inbox actions on %s', (dialect) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let b: Basics;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const ctx = testContext(db.ds, new TestClock(new Date('2026-12-05T06:30:00Z')));
    app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) });
    b = await seedBasics(db.ds);
    await db.ds.getRepository(StaffAccount).update({ id: In([b.agentA1.id, b.agentA2.id]) }, { passwordHash: await hashPassword(PASSWORD) });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  async function login(username: string): Promise<{ client: PanelClient; csrf: string }> {
    const client = new PanelClient(app);
    const { csrf } = await client.page('/login');
    await client.post('/login', { _csrf: csrf, username, password: PASSWORD });
    const page = await client.page('/tickets');
    return { client, csrf: page.csrf };
  }
  /** a form with repeated fields (the ticked ids) */
  const post = (client: PanelClient, path: string, fields: [string, string][], headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
    });

  it('bulk without JS: the inbox again with the message; with htmx: the message and the reload signal; form errors', async () => {
    const { client, csrf } = await login(b.agentA1.username);
    const t1 = await makeTicket(db.ds, b, { title: 'یکم', state: 'open' });
    const t2 = await makeTicket(db.ds, b, { title: 'دوم', state: 'open' });
    const other = await makeTicket(db.ds, b, { title: 'تیم ب', state: 'open', teamId: b.teamB.id, subjectId: b.subjectB.id, assigneeId: b.agentA1.id });

    const plain = await post(client, '/tickets/bulk', [
      ['_csrf', csrf],
      ['back', 'tab=all&sort=due_asc'],
      ['action', 'priority'],
      ['priority', 'high'],
      ['id', String(t1.id)],
      ['id', String(t2.id)],
    ]);
    expect(plain.status).toBe(200);
    const html = await plain.text();
    expect(html).toContain('id="bulk-outcome"');
    expect(html).toContain('۲ درخواست تغییر کرد، ۰ از پیش همین بود، ۰ پذیرفته نشد.');
    expect(html).toMatch(/<option value="due_asc" selected="">/); // the inbox of `back`, sorted by due
    expect((await db.ds.getRepository(Ticket).findBy({ id: In([t1.id, t2.id]) })).map((t) => t.priority)).toEqual(['high', 'high']);

    const htmx = await post(
      client,
      '/tickets/bulk',
      [
        ['_csrf', csrf],
        ['action', 'assign'],
        ['staffId', String(b.agentA2.id)],
        ['id', String(t1.id)],
        ['id', String(other.id)],
      ],
      { 'hx-request': 'true' },
    );
    expect(htmx.headers.get('hx-trigger')).toBe('live-inbox');
    const fragment = await htmx.text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('۱ درخواست تغییر کرد');
    expect(fragment).toContain(`data-refused="${other.id}"`);
    expect(fragment).toContain('کارشناس عضو تیم این درخواست نیست');
    expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: other.id })).assigneeId).toBe(b.agentA1.id);

    const none = await post(client, '/tickets/bulk', [
      ['_csrf', csrf],
      ['action', 'assign_me'],
    ]);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('دست‌کم یک درخواست را انتخاب کنید.');
    const noReason = await post(
      client,
      '/tickets/bulk',
      [
        ['_csrf', csrf],
        ['action', 'close'],
        ['id', String(t2.id)],
      ],
      { 'hx-request': 'true' },
    );
    expect(await noReason.text()).toContain('دلیل لازم است');
    expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: t2.id })).closedAt).toBeNull();
    // without the CSRF token nothing happens
    expect(
      (
        await post(client, '/tickets/bulk', [
          ['action', 'assign_me'],
          ['id', String(t2.id)],
        ])
      ).status,
    ).toBe(403);
  });

  it('saved filters: saved and listed with their link, a name is required, another agent cannot delete them', async () => {
    const { client, csrf } = await login(b.agentA1.username);
    const saved = await client.post('/tickets/saved-filters', { _csrf: csrf, name: 'فوری تیم', query: 'tab=teams&priority=urgent&after=1_2' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/tickets?tab=teams&priority=urgent&saved=1');
    const page = await (await client.get('/tickets?tab=mine')).text();
    expect(page).toContain('href="/tickets?tab=teams&amp;priority=urgent"');
    expect(page).toContain('فوری تیم');

    const blank = await client.post('/tickets/saved-filters', { _csrf: csrf, name: ' ', query: 'tab=all' });
    expect(blank.headers.get('location')).toBe('/tickets?tab=all&fe=required');
    expect(await (await client.get('/tickets?tab=all&fe=required')).text()).toContain('class="field-error"');

    const mine = await db.ds.getRepository(SavedFilter).findOneByOrFail({ staffId: b.agentA1.id, name: 'فوری تیم' });
    const a2 = await login(b.agentA2.username);
    const del = await a2.client.post('/tickets/saved-filters/delete', { _csrf: a2.csrf, id: String(mine.id), back: 'tab=mine' });
    expect(del.status).toBe(303);
    expect(await db.ds.getRepository(SavedFilter).countBy({ id: mine.id })).toBe(1);
    const own = await client.post('/tickets/saved-filters/delete', { _csrf: csrf, id: String(mine.id), back: 'tab=mine' });
    expect(own.headers.get('location')).toBe('/tickets?tab=mine');
    expect(await db.ds.getRepository(SavedFilter).countBy({ id: mine.id })).toBe(0);
  });

  it('opening a ticket page marks it read for him; a ticket he may not see answers 404 and marks nothing', async () => {
    const { client } = await login(b.agentA1.username);
    const mine = await makeTicket(db.ds, b, { title: 'دیده شد', state: 'open', assigneeId: b.agentA1.id });
    const hidden = await makeTicket(db.ds, b, { title: 'پنهان', state: 'open', teamId: b.teamB.id, subjectId: b.subjectB.id, assigneeId: b.agentB1.id });
    const views = db.ds.getRepository(TicketView);
    expect((await client.get(`/tickets/${mine.id}`)).status).toBe(200);
    expect(await views.countBy({ staffId: b.agentA1.id, ticketId: mine.id })).toBe(1);
    expect((await client.get(`/tickets/${hidden.id}`)).status).toBe(404);
    expect(await views.countBy({ staffId: b.agentA1.id, ticketId: hidden.id })).toBe(0);
  });
});
