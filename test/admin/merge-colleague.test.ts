/**
 * The panel's merge form (admin/routes/ticket-merge.tsx) and request to a colleague (admin/routes/colleague.tsx),
 * through the app on both databases: the button on the ticket page, a merge that folds the duplicate's messages
 * into the kept ticket (and tells the requester), refusals shown in the form with what was typed; an internal
 * ticket assigned to the chosen colleague.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { OutboxMessage, Ticket, TicketMessage, TicketFollower } from '../../core/entities/index.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { addRequesterMessage } from '../../core/services/tickets/index.ts';
import { formatTicketNumber } from '../../core/text/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('panel merge and request to a colleague on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let clock: TestClock;
  let b: Basics;
  let agent: PanelClient;
  let csrf: string;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    clock = new TestClock(new Date('2026-12-05T06:30:00Z'));
    ctx = testContext(db.ds, clock);
    const app = createApp({
      core: ctx,
      log: ctx.log,
      readiness: {},
      panel: createPanel({ core: ctx, log: ctx.log, dataDir: mkdtempSync(join(tmpdir(), 'hd-merge-')) }),
    });
    b = await seedBasics(db.ds);
    agent = new PanelClient(app);
    agent.cookies.set(SESSION_COOKIE, await createSession(ctx, b.agentA1.id, { ip: '', userAgent: 'test' }));
    csrf = (await agent.page('/account')).csrf;
  });
  afterAll(async () => db?.close());

  it('merges a duplicate from the ticket page; refusals come back in the form with the number typed', async () => {
    const kept = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id });
    const dup = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id });
    const other = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id, requesterId: b.requester2.id });
    const me = requesterActor(b.requester);
    await addRequesterMessage(ctx, me, kept.id, { text: 'اولین پیام', chatId: b.requester.telegramId, messageId: 501 });
    clock.advance(1000);
    const withFile = await addRequesterMessage(ctx, me, dup.id, {
      text: 'پیام تکراری',
      chatId: b.requester.telegramId,
      messageId: 502,
      attachments: [{ kind: 'document', fileId: 'TG-DUP-DOC', fileName: 'invoice.pdf' }],
    });

    const view = await agent.page(`/tickets/${kept.id}`);
    expect(view.html).toContain(`href="/tickets/${kept.id}/merge"`);
    const formPage = await agent.page(`/tickets/${kept.id}/merge`);
    expect(formPage.res.status).toBe(200);
    expect(formPage.html).toContain('name="number"');

    // another requester's ticket: refused, the number kept in the form
    const bad = await agent.post(`/tickets/${kept.id}/merge`, { _csrf: csrf, number: String(other.number) });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('فقط دو درخواست از یک متقاضی');
    expect(badHtml).toContain(`value="${other.number}"`);
    const unknown = await agent.post(`/tickets/${kept.id}/merge`, { _csrf: csrf, number: '999999' });
    expect(await unknown.text()).toContain('درخواستی با این شماره پیدا نشد');

    const ok = await agent.post(`/tickets/${kept.id}/merge`, { _csrf: csrf, number: formatTicketNumber(dup.number, 'fa') });
    expect(ok.status).toBe(303);
    const merged = await db.ds.getRepository(Ticket).findOneByOrFail({ id: dup.id });
    expect([merged.state, merged.mergedIntoId]).toEqual(['finished', kept.id]);
    const texts = (await db.ds.getRepository(TicketMessage).find({ where: { ticketId: kept.id }, order: { id: 'ASC' } })).map((m) => m.text);
    expect(texts).toEqual(['اولین پیام', 'پیام تکراری']);
    const told = await db.ds.getRepository(OutboxMessage).findBy({ ticketId: dup.id, purpose: 'notify' });
    expect(told.some((o) => String((o.payload as { text?: string }).text).includes('🔗'))).toBe(true);
    // the page of the kept ticket shows both messages, and the duplicate's file under the kept ticket
    const after = await agent.page(`/tickets/${kept.id}`);
    expect(after.html).toContain('پیام تکراری');
    expect(after.html).toContain(`/tickets/${kept.id}/files/${withFile.message.id}/0`);
    expect(after.html).toContain('invoice.pdf');
  });

  it('a request to a colleague opens an internal ticket assigned to him; a missing text is refused with the draft kept', async () => {
    const page = await agent.page('/colleague-request');
    expect(page.res.status).toBe(200);
    expect(page.html).toContain(`value="${b.agentA2.id}"`);
    const bad = await agent.post('/colleague-request', {
      _csrf: csrf,
      toStaffId: String(b.agentA2.id),
      type: 'task',
      priority: 'high',
      title: 'بررسی گزارش',
      text: '',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('بررسی گزارش');
    const res = await agent.post('/colleague-request', {
      _csrf: csrf,
      toStaffId: String(b.agentA2.id),
      type: 'task',
      priority: 'high',
      title: 'بررسی گزارش',
      text: 'لطفاً گزارش صادرات را بررسی کنید.',
    });
    expect(res.status).toBe(303);
    const id = Number(/\/tickets\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);
    const t = await db.ds.getRepository(Ticket).findOneByOrFail({ id });
    expect([t.internal, t.assigneeId, t.createdByStaffId, t.priority, t.type, t.state]).toEqual([true, b.agentA2.id, b.agentA1.id, 'high', 'task', 'open']);
    const followers = (await db.ds.getRepository(TicketFollower).findBy({ ticketId: id })).map((f) => f.staffId).sort();
    expect(followers).toEqual([b.agentA1.id, b.agentA2.id].sort());
  });
});
