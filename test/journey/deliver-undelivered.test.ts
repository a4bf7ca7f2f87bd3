/**
 * Nothing undelivered is silent (issue 15, item 5), through the fake Telegram on both databases: a citizen
 * blocks the bot; the agents' answers (one from the topic, one from the panel) cannot reach him — the topic
 * says so and the panel's ticket page marks both answers; he unblocks the bot (or simply writes again) and
 * receives what he missed, after one line saying how many; the topic is told, the marks are gone.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { RequesterChannel, StaffAccount } from '../../core/entities/people.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { agentReply, close, openTicket } from '../../core/services/tickets/index.ts';
import { PanelClient } from '../admin/client.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from '../staff/harness.ts';

const PASSWORD = 'correct horse battery';
const until = async (cond: () => Promise<boolean> | boolean, ms = 15_000, what = 'condition') => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25)); // the poll interval of a wait on a condition
  }
};

describe.each(DIALECTS)('a citizen who blocked the bot, on %s', (dialect) => {
  let w: StaffWorld;
  let panel: PanelClient;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'forum', database: dialect });
    await w.db.ds.getRepository(StaffAccount).update({ id: w.b.agentA1.id }, { passwordHash: await hashPassword(PASSWORD) });
    const log = pino({ level: 'silent' });
    const app = createApp({ core: w.system.core, log, readiness: {}, panel: createPanel({ core: w.system.core, log }) });
    panel = new PanelClient(app);
    const { csrf } = await panel.page('/login');
    const res = await panel.post('/login', { _csrf: csrf, username: w.b.agentA1.username, password: PASSWORD });
    expect(res.status).toBe(303);
  }, 60_000);
  afterAll(() => w.close());

  const reachable = async () => (await w.db.ds.getRepository(RequesterChannel).findOneByOrFail({ requesterId: w.b.requester.id })).reachable;
  const ticketPage = async (id: number) => {
    const res = await panel.get(`/tickets/${id}`);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** the timeline entry of one message on the ticket page */
  const entry = (html: string, messageId: number) => {
    const start = html.indexOf(`id="m${messageId}"`);
    expect(start, `message ${messageId} on the page`).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</li>', start));
  };

  async function openWithTopic(title: string) {
    const m = w.requester.wrote(`${title}: توضیح`);
    const { ticket } = await openTicket(
      w.system.core,
      { kind: 'requester', requester: w.b.requester },
      { subjectId: w.b.subjectA.id, title, text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
    );
    const row = () => w.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id });
    await until(async () => (await row()).cardMessageId !== null, 15_000, 'the card');
    const thread = (await row()).forumThreadId!;
    await w.group.waitForMessage((x) => x.message_thread_id === thread && (x.text ?? '').includes(`${title}: توضیح`), 15_000);
    return { ticket, thread };
  }

  async function blockAndAnswer(title: string) {
    const { ticket, thread } = await openWithTopic(title);
    w.requester.block();
    await until(async () => !(await reachable()), 15_000, 'the requester marked unreachable');
    // one answer from the topic, one from the panel
    w.agent.sendIn(w.group, `${title}: پاسخ از گروه`, { threadId: thread });
    await until(
      async () => (await w.db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id, direction: 'out' })) === 1,
      15_000,
      'the topic answer stored',
    );
    await agentReply(w.system.core, { kind: 'staff', staff: w.b.agentA1 }, ticket.id, { text: `${title}: پاسخ از پنل`, via: 'panel' });
    const answers = await w.db.ds
      .getRepository(TicketMessage)
      .find({ where: { ticketId: ticket.id, direction: 'out', kind: 'message' }, order: { id: 'ASC' } });
    expect(answers).toHaveLength(2);
    // the staff side is told in the topic, and the panel marks both answers
    const line = await w.group.waitForMessage((x) => x.message_thread_id === thread && (x.text ?? '').includes('به متقاضی نرسید'), 15_000);
    expect(line.text).toContain('مسدود');
    await until(
      async () =>
        (await w.db.ds.getRepository(TicketMessage).find({ where: { ticketId: ticket.id, direction: 'out' } })).every((x) => x.undeliveredAt !== null),
      15_000,
      'both answers marked undelivered',
    );
    const html = await ticketPage(ticket.id);
    for (const a of answers) expect(entry(html, a.id)).toContain('تحویل نشد');
    expect(w.requester.texts().some((x) => x.includes(`${title}: پاسخ`))).toBe(false);
    return { ticket, thread, answers };
  }

  async function missedArrive(title: string, ticket: Ticket, thread: number, answers: TicketMessage[], after: number) {
    const intro = await w.requester.waitForMessage((x) => (x.text ?? '').includes('به دستتان نرسید'), 15_000, after);
    expect(intro.text).toContain('۲');
    const first = await w.requester.waitForMessage((x) => (x.text ?? '').includes(`${title}: پاسخ از گروه`), 15_000, intro.message_id);
    await w.requester.waitForMessage((x) => (x.text ?? '').includes(`${title}: پاسخ از پنل`), 15_000, first.message_id);
    await w.group.waitForMessage((x) => x.message_thread_id === thread && (x.text ?? '').includes('دوباره در دسترس است'), 15_000);
    const html = await ticketPage(ticket.id);
    for (const a of answers) expect(entry(html, a.id)).not.toContain('تحویل نشد');
    // delivered once: the answers are linked to the requester's copies
    await until(
      async () =>
        (await w.db.ds.getRepository(TicketMessage).find({ where: { ticketId: ticket.id, direction: 'out', kind: 'message' } })).every(
          (x) => x.requesterMessageId !== null,
        ),
      15_000,
      'the delivered answers recorded',
    );
    expect(w.requester.texts().filter((x) => x.includes(`${title}: پاسخ از پنل`))).toHaveLength(1);
  }

  it('unblocking the bot brings the missed answers; the topic and the panel told at each step', async () => {
    const { ticket, thread, answers } = await blockAndAnswer('کود شیمیایی');
    const after = w.requester.inbox.at(-1)?.message_id ?? 0;
    w.requester.unblock();
    await missedArrive('کود شیمیایی', ticket, thread, answers, after);
  });

  it('writing to the bot again brings them too, once', async () => {
    const { ticket, thread, answers } = await blockAndAnswer('آفت پیاز');
    const after = w.requester.inbox.at(-1)?.message_id ?? 0;
    // he comes back without a my_chat_member update: his message proves the chat works
    w.fake.chats.get(w.requester.id)!.blocked = false;
    w.requester.send('سلام، برگشتم');
    await missedArrive('آفت پیاز', ticket, thread, answers, after);
    const failed = await w.db.ds.getRepository(OutboxMessage).findBy({ chatId: w.requester.id, status: 'failed' });
    expect(failed.every((r) => r.result?.redelivered || r.purpose !== 'answer')).toBe(true);
  });

  it('a ticket closed while he was away: the line goes to the general topic (the ticket topic is closed), the notice reaches him on return', async () => {
    const { ticket, thread } = await openWithTopic('خشکسالی');
    w.requester.block();
    await until(async () => !(await reachable()), 15_000, 'the requester marked unreachable');
    await close(w.system.core, { kind: 'staff', staff: w.b.agentA1 }, ticket.id, 'پاسخ داده شد');
    await until(() => w.group.topics.get(thread)?.closed === true, 15_000, 'the topic closed');
    const line = await w.group.waitForMessage((x) => (x.text ?? '').includes('به متقاضی نرسید') && (x.text ?? '').includes('خشکسالی'), 15_000);
    expect(line.message_thread_id).toBeUndefined();
    const failed = await w.db.ds.getRepository(OutboxMessage).findBy({ ticketId: ticket.id, status: 'failed' });
    expect(failed.map((r) => r.purpose)).toEqual(['notify']);
    const after = w.requester.inbox.at(-1)?.message_id ?? 0;
    w.requester.unblock();
    await w.requester.waitForMessage((x) => (x.text ?? '').includes('به دستتان نرسید'), 15_000, after);
    await w.requester.waitForMessage((x) => (x.text ?? '').includes('خشکسالی'), 15_000, after);
  });
});
