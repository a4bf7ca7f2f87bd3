/** Agents in Telegram staff groups, through the fake: topics and cards, relays both ways, notes, commands, migration. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat } from '../../core/entities/org.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { addRequesterMessage, openTicket } from '../../core/services/tickets/index.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from './harness.ts';

const until = async (cond: () => Promise<boolean> | boolean, ms = 8000) => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50)); // the poll interval of a wait on a condition
  }
};

describe.each(DIALECTS)('forum staff group on %s', (dialect) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'forum', database: dialect });
  });
  afterAll(() => w.close());

  const open = async (title: string) => {
    const m = w.requester.wrote('زعفران من کپک زده است، چه کنم؟');
    const r = await openTicket(
      w.system.core,
      { kind: 'requester', requester: w.b.requester },
      { subjectId: w.b.subjectA.id, title, text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
    );
    return r.ticket;
  };
  const ticketRow = (id: number) => w.db.ds.getRepository(Ticket).findOneByOrFail({ id });

  it('a new ticket gets its topic and card; the requester message is copied into the topic', async () => {
    const t = await open('کپک زعفران');
    await until(async () => (await ticketRow(t.id)).forumThreadId !== null && (await ticketRow(t.id)).cardMessageId !== null);
    const thread = (await ticketRow(t.id)).forumThreadId!;
    expect([...w.group.topics.values()].some((x) => x.name.startsWith(`#${t.number}`))).toBe(true);
    await w.group.waitForMessage((m) => m.message_thread_id === thread && (m.text ?? '').includes('کپک زده'));
    const card = w.group.botMessages(thread).find((m) => m.reply_markup?.inline_keyboard?.length);
    expect(card?.text).toContain(`#`);
  });

  it("an agent's message in the topic reaches the requester; a /note and a stranger's message do not", async () => {
    const t = await open('رطوبت انبار');
    await until(async () => (await ticketRow(t.id)).forumThreadId !== null);
    const thread = (await ticketRow(t.id)).forumThreadId!;
    const before = w.requester.inbox.length;
    w.agent.sendIn(w.group, '/note این متقاضی قبلاً هم پرسیده بود', { threadId: thread });
    const stranger = w.fake.user({ first_name: 'Stranger' });
    stranger.sendIn(w.group, 'من کارشناس نیستم', { threadId: thread });
    w.agent.sendIn(w.group, 'انبار را خشک و خنک نگه دارید.', { threadId: thread });
    const reply = await w.requester.waitForMessage((m) => (m.text ?? '').includes('خشک و خنک'), 8000, w.requester.inbox.at(-1)?.message_id ?? 0);
    expect(reply.text).toContain('خشک و خنک');
    // the note and the stranger's message came first in the same chat (handled in order), and the outbox sends a
    // chat's rows in id order: had either been relayed, it would have arrived before this reply
    const newTexts = w.requester.inbox.slice(before).map((m) => m.text ?? '');
    expect(newTexts.some((x) => x.includes('قبلاً هم پرسیده'))).toBe(false);
    expect(newTexts.some((x) => x.includes('کارشناس نیستم'))).toBe(false);
    expect((await ticketRow(t.id)).state).toBe('answered');
  });

  it('/resolve asks the requester; closing closes the topic; a deleted topic is recreated on the next message', async () => {
    const t = await open('بسته‌بندی');
    await until(async () => (await ticketRow(t.id)).forumThreadId !== null);
    const thread = (await ticketRow(t.id)).forumThreadId!;
    w.agent.sendIn(w.group, '/take', { threadId: thread });
    w.agent.sendIn(w.group, '/resolve', { threadId: thread });
    const ask = await w.requester.waitForMessage((m) => !!m.reply_markup?.inline_keyboard?.flat().some((b) => b.callback_data === `rs:y:${t.id}`), 8000);
    expect(ask).toBeTruthy();
    w.agent.sendIn(w.group, '/close تکراری', { threadId: thread });
    await until(() => w.group.topics.get(thread)?.closed === true);
    // someone deletes the topic of another ticket; the next requester message recreates it
    const t2 = await open('صادرات');
    await until(async () => (await ticketRow(t2.id)).cardMessageId !== null);
    const old = (await ticketRow(t2.id)).forumThreadId!;
    w.group.deleteTopic(old);
    const m = w.requester.wrote('یک سؤال دیگر دارم');
    await addRequesterMessage(w.system.core, { kind: 'requester', requester: w.b.requester }, t2.id, {
      text: m.text,
      chatId: w.requester.id,
      messageId: m.message_id,
    });
    await until(async () => (await ticketRow(t2.id)).forumThreadId !== old);
    const fresh = (await ticketRow(t2.id)).forumThreadId!;
    const relayed = await w.group.waitForMessage((x) => x.message_thread_id === fresh && (x.text ?? '').includes('سؤال دیگر'));
    // the recreated topic starts with the ticket's card (header and buttons), recorded as the card
    const card = w.group.botMessages(fresh).find((x) => x.reply_markup?.inline_keyboard?.length);
    expect(card?.text).toContain('صادرات');
    expect(card!.message_id).toBeLessThan(relayed.message_id);
    expect((await ticketRow(t2.id)).cardMessageId).toBe(card!.message_id);
  });
});

describe.each(DIALECTS)('plain staff group on %s', (dialect) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'plain', database: dialect });
  });
  afterAll(() => w.close());

  it('replies to the card and to a relayed message reach the right requester with two tickets open', async () => {
    const other = w.fake.user({ id: w.b.requester2.telegramId, first_name: 'رضا' });
    const mk = async (who: typeof w.requester, requester: typeof w.b.requester, title: string) => {
      const m = who.wrote(`${title} را توضیح می‌دهم`);
      return (
        await openTicket(
          w.system.core,
          { kind: 'requester', requester },
          { subjectId: w.b.subjectA.id, title, text: m.text, requesterChatId: who.id, requesterMessageId: m.message_id },
        )
      ).ticket;
    };
    const t1 = await mk(w.requester, w.b.requester, 'آبیاری');
    const t2 = await mk(other, w.b.requester2, 'کود');
    await until(async () => (await w.db.ds.getRepository(Ticket).findOneByOrFail({ id: t2.id })).cardMessageId !== null);
    const card1 = (await w.db.ds.getRepository(Ticket).findOneByOrFail({ id: t1.id })).cardMessageId!;
    const relayed2 = await w.group.waitForMessage((m) => (m.text ?? '').includes('کود را توضیح'));
    w.agent.replyIn(
      w.group,
      w.group.messages.find((m) => m.message_id === card1)!,
      'پاسخ آبیاری',
    );
    w.agent.replyIn(w.group, relayed2, 'پاسخ کود');
    await w.requester.waitForMessage((m) => (m.text ?? '').includes('پاسخ آبیاری'));
    await other.waitForMessage((m) => (m.text ?? '').includes('پاسخ کود'));
    expect(w.requester.texts().some((x) => x.includes('پاسخ کود'))).toBe(false);
  });

  it('after the group is upgraded, new tickets land in the supergroup', async () => {
    const next = w.group.migrateToSupergroup();
    // the bot took the upgrade: the staff chat now names the supergroup
    await until(async () => (await w.system.core.ds.getRepository(StaffChat).countBy({ chatId: next.id })) === 1);
    const m = w.requester.wrote('درخواست پس از ارتقا');
    await openTicket(
      w.system.core,
      { kind: 'requester', requester: w.b.requester },
      { subjectId: w.b.subjectA.id, title: 'پس از ارتقا', text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
    );
    await next.waitForMessage((x) => (x.text ?? '').includes('پس از ارتقا'), 8000);
  });
});
