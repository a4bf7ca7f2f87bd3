/**
 * The reply box's collision guard at route level, on both dialects: a reply whose form was rendered before
 * the ticket changed (a citizen's message arrived) is not sent — the answer lists the change and carries the
 * text, the new version and confirm=1 (with htmx: only the reply box, HX-Retarget; without: a 409 page);
 * the confirmed reply is sent; a reply on an unchanged ticket is sent at once. The form of the ticket page
 * carries the version. An agent who may not see the ticket still gets the 404, not the notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { addRequesterMessage } from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('the reply collision guard on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let app: ReturnType<typeof createApp>;
  let b: Basics;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = testContext(db.ds, new TestClock(new Date('2026-12-05T06:30:00Z')));
    app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) });
    b = await seedBasics(db.ds);
  }, 60_000);
  afterAll(() => db?.close());

  const client = async (staffId: number) => {
    const c = new PanelClient(app);
    c.cookies.set(SESSION_COOKIE, await createSession(ctx, staffId, { ip: '', userAgent: 'test' }));
    return c;
  };
  const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  const sent = (ticketId: number, text: string) => db.ds.getRepository(TicketMessage).countBy({ ticketId, text });

  it('asks before sending over a change, sends when confirmed, and sends at once when nothing changed', async () => {
    const ticket = await makeTicket(db.ds, b, { title: 'سم پاشی', state: 'open', assigneeId: b.agentA1.id, subjectId: b.subjectA.id });
    await addRequesterMessage(ctx, requesterActor(b.requester), ticket.id, { text: 'کدام سم؟' });
    const agent = await client(b.agentA1.id);
    const { html, csrf } = await agent.page(`/tickets/${ticket.id}`);
    const version = field(html, 'version')!;
    const seen = field(html, 'seen')!;
    expect(Number(version)).toBe((await db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).version);

    // the citizen writes again after the page was loaded
    await addRequesterMessage(ctx, requesterActor(b.requester), ticket.id, { text: 'و چه مقدار در هکتار؟' });
    const form = { _csrf: csrf, version, seen, text: 'سم مجاز را از مرکز خدمات بگیرید' };
    const plain = await agent.post(`/tickets/${ticket.id}/reply`, form);
    expect(plain.status).toBe(409);
    const notice = await plain.text();
    expect(notice).toContain('id="collision"');
    expect(notice).toContain('و چه مقدار در هکتار؟');
    expect(notice).toContain('سم مجاز را از مرکز خدمات بگیرید</textarea>');
    expect(await sent(ticket.id, form.text)).toBe(0);

    const hx = await agent.post(`/tickets/${ticket.id}/reply`, form, { 'hx-request': 'true' });
    expect(hx.status).toBe(200);
    expect(hx.headers.get('hx-retarget')).toBe('#reply-box');
    const box = await hx.text();
    expect(box.startsWith('<div class="card composer" id="reply-box">')).toBe(true);
    expect(field(box, 'confirm')).toBe('1');
    expect(await sent(ticket.id, form.text)).toBe(0);

    // confirmed: sent once
    const ok = await agent.post(`/tickets/${ticket.id}/reply`, { ...form, version: field(box, 'version')!, seen: field(box, 'seen')!, confirm: '1' });
    expect(ok.status).toBe(303);
    expect(await sent(ticket.id, form.text)).toBe(1);

    // a fresh page and no change in between: sent at once
    const again = await agent.page(`/tickets/${ticket.id}`);
    const second = await agent.post(`/tickets/${ticket.id}/reply`, {
      _csrf: again.csrf,
      version: field(again.html, 'version')!,
      seen: field(again.html, 'seen')!,
      text: 'پاسخ دوم',
    });
    expect(second.status).toBe(303);
    expect(await sent(ticket.id, 'پاسخ دوم')).toBe(1);

    // someone who may not see the ticket: 404, nothing about its changes
    const outsider = await client(b.agentB1.id);
    const { csrf: outsiderCsrf } = await outsider.page('/account');
    const refused = await outsider.post(`/tickets/${ticket.id}/reply`, { ...form, _csrf: outsiderCsrf, version: '0' });
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('collision');
  });
});
