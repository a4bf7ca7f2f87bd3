/**
 * The staff group equal to the panel (issue 19, items 5, 6 and the Telegram half of 3), through the fake
 * Telegram on both databases: canned replies through inline mode and /r reach the requester; /transfer (by
 * name and by button), /tags and /type from the topic; a colleague's answer in the last minute draws a warning;
 * /merge folds a duplicate into the topic's ticket (both histories in one, the requester told the number to
 * follow, his next message on the kept ticket, the reports counting it once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CannedReply } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { Ticket, TicketEvent, TicketMessage } from '../../core/entities/ticket.ts';
import { AuditEntry } from '../../core/entities/system.ts';
import { volumeReport } from '../../core/services/reports/index.ts';
import { rebuildReportSummary } from '../../core/services/reports/summary/maintain.ts';
import { close, openTicket } from '../../core/services/tickets/index.ts';
import { In } from 'typeorm';
import { ticketRef } from '../../core/text/index.ts';
import { chooseInline, inlineAnswer, inlineQuery } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from './harness.ts';

const until = async (cond: () => Promise<boolean> | boolean, ms = 8000) => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.each(DIALECTS)('the staff group as equal to the panel on %s', (dialect) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'forum', database: dialect });
    await w.db.ds.getRepository(CannedReply).insert([
      {
        shortcut: 'anbar',
        title: 'نگهداری در انبار',
        body: 'زعفران را در ظرف دربسته، دور از نور و رطوبت نگه دارید.',
        teamId: null,
        active: true,
        updatedAt: new Date(),
      },
      { shortcut: 'ersal', title: 'زمان ارسال', body: 'بستهٔ شما تا سه روز کاری دیگر ارسال می‌شود.', teamId: null, active: true, updatedAt: new Date() },
    ]);
  });
  afterAll(() => w.close());

  const ticketRow = (id: number) => w.db.ds.getRepository(Ticket).findOneByOrFail({ id });
  const open = async (title: string, text = 'زعفران من کپک زده است، چه کنم؟') => {
    const m = w.requester.wrote(text);
    const r = await openTicket(
      w.system.core,
      { kind: 'requester', requester: w.b.requester },
      { subjectId: w.b.subjectA.id, title, text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
    );
    await until(async () => (await ticketRow(r.ticket.id)).forumThreadId !== null && (await ticketRow(r.ticket.id)).cardMessageId !== null);
    return { ticket: r.ticket, thread: (await ticketRow(r.ticket.id)).forumThreadId! };
  };
  const lastId = () => w.requester.inbox.at(-1)?.message_id ?? 0;
  const botSaysInTopic = (thread: number, part: string) => w.group.waitForMessage((m) => m.message_thread_id === thread && (m.text ?? '').includes(part));

  it('inline mode lists the matching canned replies; the chosen one reaches the requester as the answer', async () => {
    const { ticket, thread } = await open('نگهداری زعفران');
    const q = inlineQuery(w.fake, w.agent, 'انبار');
    const results = await inlineAnswer(w.fake, q);
    expect(results.map((r) => r.title)).toEqual(['\u2068نگهداری در انبار\u2069 (\u2066/anbar\u2069)']); // isolated: the shortcut stays "(/anbar)" in RTL
    const after = lastId();
    chooseInline(w.fake, w.agent, w.group, results[0]!, { threadId: thread, query: 'انبار', feedback: true });
    const got = await w.requester.waitForMessage((m) => (m.text ?? '').includes('دور از نور و رطوبت'), 8000, after);
    expect(got.text).toContain('دور از نور و رطوبت');
    await until(async () => (await ticketRow(ticket.id)).state === 'answered');
    // someone who is no agent gets no canned replies
    const stranger = w.fake.user({ first_name: 'Stranger' });
    expect(await inlineAnswer(w.fake, inlineQuery(w.fake, stranger, ''))).toEqual([]);
  });

  it('/r <shortcut> sends the canned reply; an unknown shortcut is said so and sends nothing', async () => {
    const { thread } = await open('ارسال بسته');
    w.agent.sendIn(w.group, '/r nothere', { threadId: thread });
    await botSaysInTopic(thread, 'nothere');
    const after = lastId();
    w.agent.sendIn(w.group, '/r ersal', { threadId: thread });
    const got = await w.requester.waitForMessage((m) => (m.text ?? '').includes('سه روز کاری'), 8000, after);
    expect(got.text).toContain('سه روز کاری');
  });

  it('/transfer by name with a note, and by button; /tags and /type show and change', async () => {
    const { ticket, thread } = await open('صادرات زعفران');
    w.agent.sendIn(w.group, '/transfer', { threadId: thread });
    const choose = await w.group.waitForMessage(
      (m) => m.message_thread_id === thread && !!m.reply_markup?.inline_keyboard?.flat().some((b) => b.callback_data?.startsWith('stx:tr:')),
    );
    expect(
      choose
        .reply_markup!.inline_keyboard!.flat()
        .map((b) => b.text)
        .join(' '),
    ).toContain('Team B');
    w.agent.sendIn(w.group, `/tags +فوری +کپک`, { threadId: thread });
    await botSaysInTopic(thread, '#کپک');
    w.agent.sendIn(w.group, `/tags -فوری`, { threadId: thread });
    await until(async () => JSON.stringify((await ticketRow(ticket.id)).tags) === JSON.stringify(['کپک']));
    w.agent.sendIn(w.group, '/type مشاوره', { threadId: thread });
    await until(async () => (await ticketRow(ticket.id)).type === 'مشاوره');
    w.agent.sendIn(w.group, '/type', { threadId: thread });
    await botSaysInTopic(thread, 'مشاوره');
    w.agent.sendIn(w.group, '/transfer Team B برای بررسی مجوز صادرات', { threadId: thread });
    await until(async () => (await ticketRow(ticket.id)).teamId === w.b.teamB.id);
    const ev = await w.db.ds.getRepository(TicketEvent).findOneByOrFail({ ticketId: ticket.id, kind: 'transfer' });
    expect(ev.note).toBe('برای بررسی مجوز صادرات');
    // a second ticket by button: pressing "Team B" transfers it
    const two = await open('مجوز صادرات');
    w.agent.sendIn(w.group, '/transfer', { threadId: two.thread });
    const kb = await w.group.waitForMessage(
      (m) => m.message_thread_id === two.thread && !!m.reply_markup?.inline_keyboard?.length && (m.text ?? '').includes('/transfer'),
    );
    w.agent.press(kb, 'Team B');
    await until(async () => (await ticketRow(two.ticket.id)).teamId === w.b.teamB.id);
    // an unknown destination is said so and moves nothing
    w.agent.sendIn(w.group, '/transfer تیم ناموجود', { threadId: two.thread });
    await botSaysInTopic(two.thread, '/transfer @');
    expect((await ticketRow(two.ticket.id)).teamId).toBe(w.b.teamB.id);
  });

  it('a reply to a ticket a colleague answered less than a minute ago still goes, and the topic warns', async () => {
    const { thread } = await open('رنگ زعفران');
    const colleague = w.fake.user({ first_name: 'Sara' });
    await w.db.ds.getRepository(StaffAccount).update({ id: w.b.agentA2.id }, { telegramId: colleague.id });
    const after = lastId();
    colleague.sendIn(w.group, 'رنگ طبیعی زعفران قرمز تیره است.', { threadId: thread });
    await w.requester.waitForMessage((m) => (m.text ?? '').includes('قرمز تیره'), 8000, after);
    // her own second message draws no warning; the agent's does
    w.agent.sendIn(w.group, 'با آزمایش آب سرد هم می‌توانید بسنجید.', { threadId: thread });
    await w.requester.waitForMessage((m) => (m.text ?? '').includes('آب سرد'), 8000, after);
    const warning = await botSaysInTopic(thread, '⚠️');
    expect(warning.text).toContain(w.b.agentA2.displayName);
    expect(w.group.botMessages(thread).filter((m) => (m.text ?? '').includes('⚠️'))).toHaveLength(1);
  });

  it('/merge <number> folds a duplicate into the topic ticket: one history, the requester told, his next message on the kept ticket, the reports counting it once', async () => {
    // the earlier tests' tickets are closed first (a requester has at most five open)
    const admin = { kind: 'staff' as const, staff: w.b.admin };
    for (const t of await w.db.ds.getRepository(Ticket).findBy({ requesterId: w.b.requester.id, state: In(['new', 'open', 'answered', 'resolved']) }))
      await close(w.system.core, admin, t.id, 'پایان آزمون');
    const kept = await open('آفت پیاز زعفران', 'پیازهای زعفران من پوسیده‌اند');
    const dup = await open('آفت پیاز (تکراری)', 'باز هم دربارهٔ پوسیدگی پیاز');
    // the duplicate gets an answer the requester sees, and a note
    let after = lastId();
    w.agent.sendIn(w.group, 'لطفاً عکس پیازها را بفرستید.', { threadId: dup.thread });
    const answer = await w.requester.waitForMessage((m) => (m.text ?? '').includes('عکس پیازها'), 8000, after);
    w.agent.sendIn(w.group, '/note احتمالاً فوزاریوم', { threadId: dup.thread });
    await until(async () => (await w.db.ds.getRepository(TicketMessage).countBy({ ticketId: dup.ticket.id, kind: 'note' })) === 1);
    const range = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    const opened = async () => (await volumeReport(w.system.core, admin, range, 'day')).reduce((n, r) => n + r.opened, 0);
    const openedBefore = await opened();

    after = lastId();
    w.agent.sendIn(w.group, `/merge ${dup.ticket.number}`, { threadId: kept.thread });
    await until(async () => (await ticketRow(dup.ticket.id)).state === 'finished');
    const merged = await ticketRow(dup.ticket.id);
    expect([merged.mergedIntoId, merged.linkedTicketId]).toEqual([kept.ticket.id, kept.ticket.id]);
    // both histories in one, in time order: the two descriptions, the answer and the note
    const msgs = await w.db.ds.getRepository(TicketMessage).find({ where: { ticketId: kept.ticket.id }, order: { id: 'ASC' } });
    expect(msgs.map((m) => m.text)).toEqual(['پیازهای زعفران من پوسیده‌اند', 'باز هم دربارهٔ پوسیدگی پیاز', 'لطفاً عکس پیازها را بفرستید.', 'احتمالاً فوزاریوم']);
    expect(msgs.map((m) => m.createdAt.getTime())).toEqual([...msgs.map((m) => m.createdAt.getTime())].sort((a, b) => a - b));
    expect(await w.db.ds.getRepository(TicketMessage).countBy({ ticketId: dup.ticket.id })).toBe(0);
    const ev = await w.db.ds.getRepository(TicketEvent).findOneByOrFail({ ticketId: kept.ticket.id, kind: 'merge' });
    expect(ev.after).toMatchObject({ mergedTicketId: dup.ticket.id, messages: 3 });
    expect(await w.db.ds.getRepository(AuditEntry).countBy({ action: 'merge', entity: 'ticket', entityId: String(kept.ticket.id) })).toBe(1);
    // the requester is told the number to follow
    const told = await w.requester.waitForMessage((m) => (m.text ?? '').includes('🔗'), 8000, after);
    expect(told.text).toContain(ticketRef(kept.ticket.number, 'fa'));
    // his reply to the duplicate's answer lands on the kept ticket
    w.requester.reply(answer, 'این هم توضیح بیشتر دربارهٔ پیازها');
    await until(async () => (await w.db.ds.getRepository(TicketMessage).countBy({ ticketId: kept.ticket.id, text: 'این هم توضیح بیشتر دربارهٔ پیازها' })) === 1);
    // and a plain message (no reply) goes to his only open ticket: the kept one
    w.requester.send('پیام تازه بدون پاسخ به پیام قبلی');
    await until(async () => (await w.db.ds.getRepository(TicketMessage).countBy({ ticketId: kept.ticket.id, text: 'پیام تازه بدون پاسخ به پیام قبلی' })) === 1);
    expect(await w.db.ds.getRepository(TicketMessage).countBy({ ticketId: dup.ticket.id })).toBe(0);
    // the reports count the kept ticket once: one opening fewer, and the same after a full rebuild
    expect(await opened()).toBe(openedBefore - 1);
    await rebuildReportSummary(w.system.core);
    expect(await opened()).toBe(openedBefore - 1);
  });
});
