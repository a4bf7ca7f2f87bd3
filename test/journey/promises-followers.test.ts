/**
 * Issue 15 — followers (item 6) and one open-ticket limit (item 7), on MariaDB and on SQLite:
 * - an agent adds two followers on the panel's ticket page: agent A2 (linked to Telegram) and the supervisor
 *   (not linked); each addition is a ticket event and an audit row. A citizen's message and a state change
 *   then reach A2's private chat (the text he reads) and the supervisor's panel notices (/notices); the one
 *   who acted is not told of his own change; a removed follower is told nothing more.
 * - a staff-type member whose request to a colleague fills his open-ticket limit is refused when he presses
 *   "New ticket" — before the intake starts, not at Confirm.
 */
import { IsNull } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, OutboxMessage, StaffNotice, TicketEvent, TicketFollower } from '../../core/entities/index.ts';
import { t } from '../../core/i18n/index.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { openInternalTicket, openTicketLimit } from '../../core/services/tickets/index.ts';
import { formatNumber } from '../../bot/features/shared/format.ts';
import { buttons } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { openCitizenTicket, promisesWorld, shown, textOf, until, WAIT, type PromisesWorld } from './promises-world.ts';

describe.each(DIALECTS)('followers and the open-ticket limit on %s', (dialect) => {
  let w: PromisesWorld;
  beforeAll(async () => {
    w = await promisesWorld(dialect);
  }, 120_000);
  afterAll(() => w?.close());

  it('followers are added on the ticket page and told: a private message if linked to Telegram, else a panel notice', async () => {
    const { ticket, thread } = await openCitizenTicket(w, 'قیمت پیاز زعفران', 'قیمت هر کیلو پیاز زعفران چقدر است؟');
    const answered = w.citizen.waitForMessage((m) => textOf(m).includes('هر کیلو حدود'), WAIT);
    w.a1.sendIn(w.group, 'هر کیلو حدود دویست هزار تومان.', { threadId: thread }); // A1 answers: assignee and follower
    await answered;
    const ref = `#${formatNumber('fa', ticket.number)}`;

    // the ticket page shows the followers; A1 adds A2 and the supervisor
    const panel = await w.panel(w.b.agentA1);
    let page = await panel.page(`/tickets/${ticket.id}`);
    const followersCard = (html: string) => /<div class="card followers" id="followers">([\s\S]*?)<p class="hint"/.exec(html)?.[1] ?? '';
    /** the listed followers (not the add form's choices) */
    const listed = (html: string) => /<ul>([\s\S]*?)<\/ul>/.exec(followersCard(html))?.[1] ?? '';
    expect(listed(page.html)).toContain(w.b.agentA1.displayName);
    expect(listed(page.html)).not.toContain(w.b.agentA2.displayName);
    for (const s of [w.b.agentA2, w.b.supervisor]) {
      expect((await panel.post(`/tickets/${ticket.id}/followers/add`, { _csrf: page.csrf, staffId: String(s.id) })).status).toBe(303);
    }
    page = await panel.page(`/tickets/${ticket.id}`);
    const card = listed(page.html);
    expect(card).toMatch(new RegExp(`data-staff="${w.b.agentA2.id}"[\\s\\S]*?${shown('fa', 'admin-follower-telegram').replace(/[()]/g, '\\$&')}`));
    expect(card).toMatch(new RegExp(`data-staff="${w.b.supervisor.id}"[\\s\\S]*?${shown('fa', 'admin-follower-panel').replace(/[()]/g, '\\$&')}`));
    expect(page.html).toContain(`${shown('fa', 'admin-event-follow')}: ${w.b.agentA2.displayName}`);
    const ds = w.h.db.ds;
    expect(await ds.getRepository(TicketEvent).count({ where: { ticketId: ticket.id, kind: 'follow' } })).toBe(2);
    expect(
      await ds
        .getRepository(AuditEntry)
        .count({ where: { entity: 'ticket_follower', action: 'follow', entityId: String(ticket.id), staffId: w.b.agentA1.id } }),
    ).toBe(2);
    // someone who does not see the ticket cannot touch its followers
    const outsider = await w.panel(w.b.agentB1);
    const own = await outsider.page('/account');
    expect((await outsider.post(`/tickets/${ticket.id}/followers/add`, { _csrf: own.csrf, staffId: String(w.b.agentB1.id) })).status).toBe(404);

    // the citizen writes: A2 reads it in his private chat, the supervisor gets a panel notice, A1 (a follower too) is told
    const a2Msg = w.a2.waitForMessage((m) => textOf(m).includes('پیاز درشت'), WAIT);
    const a1Msg = w.a1.waitForMessage((m) => textOf(m).includes('پیاز درشت'), WAIT);
    w.citizen.send('برای پیاز درشت هم همین قیمت است؟');
    const got = await a2Msg;
    expect(textOf(got)).toBe(shown('fa', 'fl-message', { ref, title: ticket.title, text: 'برای پیاز درشت هم همین قیمت است؟' }));
    await a1Msg;
    await until(
      async () => (await ds.getRepository(StaffNotice).count({ where: { staffId: w.b.supervisor.id, ticketId: ticket.id } })) === 1,
      WAIT,
      "the supervisor's notice",
    );

    // A1 resolves in the panel: A2 is told the new state and who did it; A1 is not told of his own move
    page = await panel.page(`/tickets/${ticket.id}`);
    const stateMsg = w.a2.waitForMessage((m) => textOf(m).includes(shown('fa', 'st-state-resolved')), WAIT);
    expect((await panel.post(`/tickets/${ticket.id}/resolve`, { _csrf: page.csrf })).status).toBe(303);
    const s = await stateMsg;
    expect(textOf(s)).toBe(
      shown('fa', 'fl-state', {
        ref,
        title: ticket.title,
        from: shown('fa', 'st-state-open'),
        to: shown('fa', 'st-state-resolved'),
        who: w.b.agentA1.displayName,
      }),
    );
    await until(
      async () => (await ds.getRepository(StaffNotice).count({ where: { staffId: w.b.supervisor.id, ticketId: ticket.id } })) === 2,
      WAIT,
      'the second notice',
    );
    expect(await ds.getRepository(OutboxMessage).count({ where: { chatId: w.a1.id, purpose: 'follower', ticketId: ticket.id } })).toBe(1); // the message only

    // the supervisor's panel notices
    const sup = await w.panel(w.b.supervisor);
    let notices = await sup.page('/notices');
    expect(notices.html).toContain(shown('fa', 'admin-notices-unread', { count: 2 }));
    expect(notices.html).toContain(`href="/tickets/${ticket.id}"`);
    expect(notices.html).toContain(shown('fa', 'admin-notice-message'));
    expect(notices.html).toContain(
      shown('fa', 'admin-notice-state', { from: t('fa', 'admin-state-open'), to: t('fa', 'admin-state-resolved') }).replace(/[\u2068\u2069]/g, ''),
    );
    expect((await sup.post('/notices/read', { _csrf: notices.csrf })).status).toBe(303);
    notices = await sup.page('/notices');
    expect(await ds.getRepository(StaffNotice).count({ where: { staffId: w.b.supervisor.id, readAt: IsNull() } })).toBe(0);

    // A1 removes A2: the citizen's next message reaches the supervisor's notices, and nothing is written for A2
    page = await panel.page(`/tickets/${ticket.id}`);
    expect((await panel.post(`/tickets/${ticket.id}/followers/remove`, { _csrf: page.csrf, staffId: String(w.b.agentA2.id) })).status).toBe(303);
    expect(await ds.getRepository(TicketFollower).count({ where: { ticketId: ticket.id, staffId: w.b.agentA2.id } })).toBe(0);
    const rowsForA2 = await ds.getRepository(OutboxMessage).count({ where: { chatId: w.a2.id } });
    w.citizen.send('پس منتظر پاسخ می‌مانم.');
    await until(
      async () => (await ds.getRepository(StaffNotice).count({ where: { staffId: w.b.supervisor.id, ticketId: ticket.id } })) >= 3,
      WAIT,
      'the third notice',
    );
    expect(await ds.getRepository(OutboxMessage).count({ where: { chatId: w.a2.id } })).toBe(rowsForA2);
    expect(await ds.getRepository(TicketEvent).count({ where: { ticketId: ticket.id, kind: 'unfollow' } })).toBe(1);
  });

  it('a staff member at the open-ticket limit is refused when he presses New ticket, before the intake starts', async () => {
    const core = w.h.system.core;
    await updateSettings(core, null, { maxOpenTicketsPerRequester: 1 });
    // his request to a colleague (an internal ticket) is one of his open tickets
    await openInternalTicket(core, requesterActor(w.b.staffMember), { toStaffId: w.b.agentA1.id, title: 'درخواست مشاوره', text: 'لطفاً پرونده را بررسی کنید.' });
    expect(await openTicketLimit(core, w.b.staffMember.id)).toEqual({ open: 1, max: 1, reached: true });

    const refused = w.staffMember.waitForMessage((m) => textOf(m).includes(shown('fa', 'limit-open-tickets', { max: formatNumber('fa', 1) })), WAIT);
    w.staffMember.send(t('fa', 'menu-new'));
    await refused;
    const chainPrompt = w.fake.chat(w.staffMember.id).botMessages.filter((m) => buttons(m).some((x) => x.callback_data === `c:v:${w.b.valueChain.id}`));
    expect(chainPrompt).toEqual([]); // the intake never started: no value-chain question
    // /new as well
    const again = w.staffMember.next((m) => textOf(m).includes(shown('fa', 'limit-open-tickets', { max: formatNumber('fa', 1) })), WAIT);
    w.staffMember.command('new');
    await again;
    expect(w.fake.chat(w.staffMember.id).botMessages.filter((m) => buttons(m).some((x) => x.callback_data === `c:v:${w.b.valueChain.id}`))).toEqual([]);
  });
});
