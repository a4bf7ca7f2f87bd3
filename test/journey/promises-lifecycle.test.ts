/**
 * Issue 15, item 6 — the lifecycle promises, as the citizen, the agents in the forum topic and the panel see
 * them, on MariaDB and on SQLite:
 * - a closed, rated ticket: the rating (stars, score, comment) on the panel's ticket page and in the topic;
 *   the citizen's next message reopens it and he is told so (not the usual "added");
 * - an agent steps back from `resolved` — with /reopen in the topic and with the panel's button — recorded
 *   as a state event with action step_back; the citizen is told the "was it resolved?" question is off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketEvent } from '../../core/entities/ticket.ts';
import { formatNumber } from '../../bot/features/shared/format.ts';
import { buttons, type TgMessage } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { openCitizenTicket, promisesWorld, shown, textOf, until, WAIT, type PromisesWorld } from './promises-world.ts';

const withButton = (data: string) => (m: TgMessage) => buttons(m).some((x) => x.callback_data === data);

describe.each(DIALECTS)('the small promises of the lifecycle on %s', (dialect) => {
  let w: PromisesWorld;
  beforeAll(async () => {
    w = await promisesWorld(dialect);
  }, 120_000);
  afterAll(() => w?.close());

  /** the agent answers in the topic and resolves there; resolves with the citizen's "Resolved ✅" prompt */
  async function answerAndResolve(ticketId: number, thread: number, answer: string): Promise<TgMessage> {
    const got = w.citizen.waitForMessage((m) => textOf(m).includes(answer), WAIT);
    w.a1.sendIn(w.group, answer, { threadId: thread });
    await got;
    const ask = w.citizen.waitForMessage(withButton(`rs:y:${ticketId}`), WAIT);
    w.a1.sendIn(w.group, '/resolve', { threadId: thread });
    return ask;
  }

  it('a rated, closed ticket shows the rating on the ticket page and in the topic; a message reopens it and the citizen is told', async () => {
    const { ticket, thread } = await openCitizenTicket(w, 'زردی برگ زعفران', 'برگ‌های زعفران زرد شده‌اند، چه کنم؟');
    const askMsg = await answerAndResolve(ticket.id, thread, 'سم مناسب را از مرکز خدمات کشاورزی بگیرید.');

    // Resolved ✅ → 4 stars → a comment
    const rateAsk = w.citizen.next(withButton(`rt:${ticket.id}:4`), WAIT);
    w.citizen.press(askMsg, `rs:y:${ticket.id}`);
    const rateMsg = await rateAsk;
    const commentAsk = w.citizen.next((m) => textOf(m).includes(shown('fa', 'btn-skip').trim()) || buttons(m).length > 0, WAIT);
    w.citizen.press(rateMsg, `rt:${ticket.id}:4`);
    await commentAsk;
    const comment = 'پاسخ سریع و دقیق بود، ممنونم';
    const number = formatNumber('fa', ticket.number);
    const thanks = w.citizen.next((m) => textOf(m).includes(shown('fa', 'rate-thanks', { number })), WAIT);
    w.citizen.send(comment);
    const thanksMsg = await thanks;
    await until(async () => (await w.ticket(ticket.id)).state === 'closed', WAIT, 'closed');

    // the topic: the state line carries the stars, the score and the comment
    const line = await w.group.waitForMessage((m) => m.message_thread_id === thread && textOf(m).includes('★★★★☆'), WAIT);
    expect(textOf(line)).toContain(comment);
    expect(textOf(line)).toContain(shown('fa', 'st-rating', { stars: '★★★★☆', score: 4 }));
    await until(() => w.group.topics.get(thread)?.closed === true, WAIT, 'the topic closed');

    // the panel's ticket page: the rating card with the stars, the score and the comment
    const panel = await w.panel(w.b.agentA1);
    const html = await (await panel.get(`/tickets/${ticket.id}`)).text();
    const card = /<div class="card rating" id="rating">([\s\S]*?)<\/div><\/div>/.exec(html)?.[1] ?? '';
    expect(card).toContain('data-score="4"');
    expect(card).toContain('★★★★☆');
    expect(card).toContain(comment);
    expect(card).toContain(shown('fa', 'admin-rating-score', { score: '۴' }));

    // a message on the closed ticket reopens it, and the citizen is told so
    const receipt = w.citizen.next((m) => textOf(m).includes(shown('fa', 'followup-reopened', { number })), WAIT);
    w.citizen.reply(thanksMsg, 'یک سؤال دیگر: زمان برداشت گل کی است؟');
    const r = await receipt;
    expect(textOf(r)).not.toContain(shown('fa', 'followup-added', { number }));
    const after = await w.ticket(ticket.id);
    expect(after.state).toBe('open');
    expect(after.reopenCount).toBe(1);
    expect(after.assigneeId).toBe(w.b.agentA1.id);
    // the agents see it: the topic reopened and the message relayed into it
    await w.group.waitForMessage((m) => m.message_thread_id === thread && textOf(m).includes('زمان برداشت گل'), WAIT);
    await until(() => w.group.topics.get(thread)?.closed === false, WAIT, 'the topic reopened');
  });

  it('an agent steps back from resolved: /reopen in the topic and the panel button; each move recorded; the citizen told', async () => {
    const { ticket, thread } = await openCitizenTicket(w, 'کود مناسب', 'برای زعفران چه کودی مناسب است؟');
    const askMsg = await answerAndResolve(ticket.id, thread, 'کود دامی پوسیده در تابستان.');
    expect((await w.ticket(ticket.id)).state).toBe('resolved');

    // in the topic: /reopen on a resolved ticket is the step back
    const told = w.citizen.next(
      (m) => textOf(m).includes(shown('fa', 'tk-stepped-back', { ref: `#${formatNumber('fa', ticket.number)}`, title: ticket.title })),
      WAIT,
    );
    w.a1.sendIn(w.group, '/reopen باید دوباره بررسی شود', { threadId: thread });
    await told;
    let tk = await w.ticket(ticket.id);
    expect(tk.state).toBe('open');
    expect(tk.resolvedAt).toBeNull();
    const events = () => w.h.db.ds.getRepository(TicketEvent).find({ where: { ticketId: ticket.id, action: 'step_back' }, order: { id: 'ASC' } });
    const first = (await events())[0]!;
    expect(first).toMatchObject({ kind: 'state', actorKind: 'staff', actorId: w.b.agentA1.id, note: 'باید دوباره بررسی شود' });
    expect(first.before).toMatchObject({ state: 'resolved' });
    expect(first.after).toMatchObject({ state: 'open' });
    // the group's card shows the step back (an edit: an agent's own move is no message of its own)
    const card = () => w.group.botMessages(thread).find((m) => m.message_id === tk.cardMessageId);
    await until(
      () => !!card() && textOf(card()!).includes(shown('fa', 'st-state-open')) && !textOf(card()!).includes(shown('fa', 'st-state-resolved')),
      WAIT,
      'the card shows the ticket open',
    );
    expect(
      w.group.botMessages(thread).filter((m) => textOf(m).includes(shown('fa', 'st-state-resolved')) && textOf(m).includes(shown('fa', 'st-state-open'))),
    ).toEqual([]);
    // the old "Resolved ✅" button is no longer taken
    const stale = w.citizen.pressRaw(`rs:y:${ticket.id}`, askMsg);
    await until(() => w.fake.callsOf('answerCallbackQuery').some((c) => c.payload.callback_query_id === stale), WAIT, 'the stale answer');
    const answer = w.fake.callsOf('answerCallbackQuery').find((c) => c.payload.callback_query_id === stale)!;
    expect(answer.payload.text).toBe(shown('fa', 'stale-action'));
    expect((await w.ticket(ticket.id)).state).toBe('open');

    // in the panel: resolve, then step back with the page's button
    const panel = await w.panel(w.b.agentA1);
    let page = await panel.page(`/tickets/${ticket.id}`);
    expect(page.html).not.toContain(`action="/tickets/${ticket.id}/step-back"`); // open: nothing to step back from
    expect((await panel.post(`/tickets/${ticket.id}/resolve`, { _csrf: page.csrf })).status).toBe(303);
    page = await panel.page(`/tickets/${ticket.id}`);
    expect(page.html).toContain(`action="/tickets/${ticket.id}/step-back"`);
    expect((await panel.post(`/tickets/${ticket.id}/step-back`, { _csrf: page.csrf })).status).toBe(303);
    tk = await w.ticket(ticket.id);
    expect(tk.state).toBe('open');
    expect(await events()).toHaveLength(2);
    page = await panel.page(`/tickets/${ticket.id}`);
    expect(page.html).toContain(`(${shown('fa', 'admin-step-back')})`);
    // from open there is nothing to step back from: the table refuses, the page says so
    expect((await panel.post(`/tickets/${ticket.id}/step-back`, { _csrf: page.csrf })).status).toBe(400);
  });
});
