/**
 * Issue 20: one process runs the Telegram bot and the Bale bot. A Bale citizen registers with the contact
 * button, opens a ticket with a photo, gets an answer written in the Telegram staff topic and one from the
 * panel, confirms "resolved" and rates; no HTML tag reaches the Bale chat (the fake's Bale dialect refuses HTML
 * and topics). A Telegram citizen of the same process writes a follow-up: it reaches his own ticket, and the
 * answers go back on the channel each one wrote from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaqEntry, StaffChat } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { MessageLink, Rating, Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { OutboxMessage as Outbox } from '../../core/entities/system.ts';
import { openTicket } from '../../core/services/tickets/index.ts';
import { FakeTelegram, type FakeGroup, type FakeUser } from '../fake-telegram/index.ts';
import { FakeBale } from '../fake-telegram/bale.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { startTestSystem, type SystemHarness } from '../support/system.ts';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { PanelClient } from '../admin/client.ts';

const PASSWORD = 'correct horse battery';
import { agentAnswers, agentResolves, finishIntake, register, startIntakeToSubject, WAIT, withButton, type CitizenWorld } from '../bot/world.ts';
import { accountOfUser, requesterOfUser } from '../support/requesters.ts';

const TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?>/i;

describe.each(['mariadb', 'sqlite'] as const)('a Bale citizen and a Telegram citizen in one process on %s', (database) => {
  let telegram: FakeTelegram;
  let bale: FakeBale;
  let h: SystemHarness;
  let b!: Basics;
  let group: FakeGroup;
  let agent: FakeUser;
  let world: CitizenWorld;

  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    bale = await new FakeBale().start();
    group = telegram.group({ title: 'میز زعفران', forum: true });
    group.addBot({ admin: true });
    agent = telegram.user({ first_name: 'Agent' });
    h = await startTestSystem({
      apiRoot: telegram.apiRoot,
      database,
      // Telegram's pace scaled down (20 messages a minute in the staff group would make the test wait)
      jobs: { limits: { timeScale: 0.02 } },
      env: { BALE_BOT_TOKEN: '654321:BALETESTTOKENxxxxxxxxxxxxxxxxxx', BALE_API_ROOT: bale.apiRoot },
      prepare: async (db) => {
        b = await seedBasics(db.ds);
        await db.ds.getRepository(FaqEntry).insert({
          subjectId: b.subjectA.id,
          questionFa: 'بهترین زمان کاشت زعفران کی است؟',
          answerFa: 'از اواسط شهریور تا اواسط مهر.',
          questionEn: 'When is the best time to plant saffron?',
          answerEn: 'From early September to early October.',
          sortOrder: 1,
          active: true,
        });
        await db.ds
          .getRepository(StaffChat)
          .insert({ chatId: group.id, title: 'desk', layout: 'forum', departmentId: b.department.id, teamId: b.teamA.id, status: 'active' });
        await db.ds.getRepository(StaffAccount).update({ id: b.agentA1.id }, { telegramId: agent.id });
        b.agentA1.telegramId = agent.id;
      },
    });
    world = { fake: bale, h, b, close: async () => undefined };
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await telegram?.stop();
    await bale?.stop();
  });

  const ticketRow = (id: number) => h.db.ds.getRepository(Ticket).findOneByOrFail({ id });
  const topicOf = async (id: number) => {
    await expect.poll(async () => (await ticketRow(id)).forumThreadId, { timeout: WAIT }).not.toBeNull();
    return (await ticketRow(id)).forumThreadId!;
  };

  let ali: FakeUser;

  it('the Bale citizen registers, opens a ticket, is answered from the topic and the panel, resolves and rates — in plain text', async () => {
    ali = bale.user({ first_name: 'علی بله', language_code: 'fa' });
    await register(world, ali, 'fa');
    const me = (await requesterOfUser(h.db.ds.manager, ali.id, 'bale'))!;
    expect(me).toMatchObject({ phone: '+989125550101', memberTypeId: b.farmer.id });
    expect(me.registeredAt).not.toBeNull();

    const subject = await startIntakeToSubject(world, ali, 'fa');
    const ticket = await finishIntake(world, ali, 'fa', subject, { title: 'آفت پیاز زعفران', description: 'پیازها سوراخ شده‌اند؛ عکس پیوست است.' });
    expect(ticket.requesterId).toBe(me.id);

    // the staff side stays on Telegram: a topic, a card that names the messenger, the description relayed as text
    const thread = await topicOf(ticket.id);
    const card = await group.waitForMessage((m) => m.message_thread_id === thread && !!m.reply_markup?.inline_keyboard?.length, WAIT);
    expect(card.text).toContain('بله');
    const relay = await group.waitForMessage((m) => m.message_thread_id === thread && (m.text ?? '').includes('پیازها سوراخ'), WAIT);
    expect(relay.text).toContain('photo');

    // an answer written in the Telegram staff topic reaches the Bale chat, as plain text
    const fromTopic = ali.next((m) => (m.text ?? '').includes('سم مناسب'), WAIT);
    agent.sendIn(group, 'از سم مناسب <b>پیاز</b> استفاده کنید & صبر کنید.', { threadId: thread });
    const got = await fromTopic;
    expect(got.text).toContain('از سم مناسب <b>پیاز</b> استفاده کنید & صبر کنید.'); // what the agent typed, shown as typed
    expect(got.entities ?? []).toEqual([]);

    // a photo from the topic is a Telegram file: the Bale chat gets the words and is told of the file
    const photoAnswer = ali.next((m) => (m.text ?? '').includes('عکس برگ سالم'), WAIT);
    agent.photoIn(group, { caption: 'عکس برگ سالم برای مقایسه', threadId: thread });
    const photoText = await photoAnswer;
    expect(photoText.text).toContain('کارشناس عکس هم فرستاد');
    expect(photoText.photo).toBeUndefined();

    // in the panel the ticket shows the requester's messenger, and an answer written there reaches Bale
    const panel = new PanelClient(
      createApp({ core: h.system.core, log: h.system.core.log, readiness: {}, panel: createPanel({ core: h.system.core, log: h.system.core.log }) }),
    );
    await h.db.ds.getRepository(StaffAccount).update({ id: b.agentA1.id }, { passwordHash: await hashPassword(PASSWORD) });
    const login = await panel.page('/login');
    await panel.post('/login', { _csrf: login.csrf, username: b.agentA1.username, password: PASSWORD });
    const page = await panel.page(`/tickets/${ticket.id}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toMatch(/data-channel="bale"[^>]*>بله</);
    const fromPanel = ali.next((m) => (m.text ?? '').includes('هفته‌ای یک بار'), WAIT);
    const posted = await panel.post(`/tickets/${ticket.id}/reply`, { _csrf: page.csrf, text: 'هفته‌ای یک بار <i>بازدید</i> کنید.' });
    expect(posted.status).toBeLessThan(400);
    expect((await fromPanel).text).toContain('هفته‌ای یک بار <i>بازدید</i> کنید.');
    const ask = ali.next(withButton(`rs:y:${ticket.id}`), WAIT);
    await agentResolves(world, ticket.id);
    const stars = ali.next(withButton(`rt:${ticket.id}:5`), WAIT);
    ali.press(await ask, `rs:y:${ticket.id}`);
    const comment = ali.next(withButton('c:s'), WAIT);
    ali.press(await stars, `rt:${ticket.id}:5`);
    await comment;
    const thanks = ali.next((m) => (m.text ?? '').includes('امتیاز شما ثبت شد'), WAIT);
    ali.send('خیلی ممنون');
    await thanks;
    expect((await ticketRow(ticket.id)).state).toBe('closed');
    expect(await h.db.ds.getRepository(Rating).findOneOrFail({ where: { ticketId: ticket.id } })).toMatchObject({ score: 5, requesterId: me.id });

    // nothing the bot sent to Bale carried HTML, and Bale refused nothing
    const botTexts = ali.inbox.filter((m) => m.from?.id === bale.bot.id).map((m) => m.text ?? m.caption ?? '');
    expect(botTexts.length).toBeGreaterThan(8);
    // (the agents' own words are shown as they typed them, angle brackets included; nothing else looks like a tag)
    expect(botTexts.map((x) => x.replace('<b>پیاز</b>', '').replace('<i>بازدید</i>', '')).filter((x) => TAG.test(x))).toEqual([]);
    expect(bale.calls.filter((c) => c.error !== undefined).map((c) => `${c.method} ${c.error}`)).toEqual([]);
    expect(bale.calls.some((c) => c.payload.parse_mode !== undefined)).toBe(false);
    // the outbox rows to him were Bale's, and nothing of his went to the Telegram fake
    const rows = await h.db.ds.getRepository(Outbox).find({ where: { chatId: ali.id } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.channel === 'bale' && r.status === 'sent')).toBe(true);
    expect(telegram.chats.has(ali.id)).toBe(false);
  }, 90_000);

  it('a Bale chat that refuses the bot: the row fails on its channel and his Bale requester is marked unreachable', async () => {
    const me = (await requesterOfUser(h.db.ds.manager, ali.id, 'bale'))!;
    const { ticket } = await openTicket(
      h.system.core,
      { kind: 'requester', requester: me },
      { subjectId: b.subjectA.id, title: 'سؤال دوم', text: 'یک سؤال دیگر', channel: 'bale' },
    );
    bale.chats.get(ali.id)!.blocked = true; // he blocked the bot; Bale answers the next send with 403
    await agentAnswers(world, ticket.id, 'پاسخ سؤال دوم');
    const rows = () => h.db.ds.getRepository(Outbox).find({ where: { ticketId: ticket.id, chatId: ali.id } });
    await expect.poll(async () => (await rows()).map((r) => r.status), { timeout: WAIT }).toContain('failed');
    expect((await rows()).every((r) => r.channel === 'bale')).toBe(true);
    expect(bale.calls.some((c) => c.error === 403 && c.payload.chat_id === ali.id)).toBe(true);
    await expect.poll(async () => (await accountOfUser(h.db.ds.manager, ali.id, 'bale'))!.reachable, { timeout: WAIT }).toBe(false);
    bale.chats.get(ali.id)!.blocked = false;
  }, 60_000);

  it("a Telegram citizen's follow-up reaches his own ticket and the answer goes back on Telegram", async () => {
    const maryam = telegram.user({ id: b.requester.telegramId, first_name: 'مریم' });
    const m = maryam.wrote('انبار زعفران رطوبت دارد.');
    const { ticket } = await openTicket(
      h.system.core,
      { kind: 'requester', requester: b.requester },
      {
        subjectId: b.subjectA.id,
        title: 'رطوبت انبار',
        text: m.text,
        requesterChatId: maryam.id,
        requesterMessageId: m.message_id,
      },
    );
    const thread = await topicOf(ticket.id);
    maryam.send('دمای انبار ۲۵ درجه است.');
    await group.waitForMessage((x) => x.message_thread_id === thread && (x.text ?? '').includes('۲۵ درجه'), WAIT);
    const follow = await h.db.ds.getRepository(TicketMessage).findOneByOrFail({ text: 'دمای انبار ۲۵ درجه است.' });
    expect(follow.ticketId).toBe(ticket.id);

    const answer = maryam.next((x) => (x.text ?? '').includes('تهویه'), WAIT);
    agent.sendIn(group, 'تهویه را روشن کنید.', { threadId: thread });
    const got = await answer;
    // Telegram keeps its HTML (the answer's header is bold)
    await expect
      .poll(() => telegram.sent.some((c) => c.payload.chat_id === maryam.id && c.payload.parse_mode === 'HTML' && String(c.payload.text).includes('تهویه')), {
        timeout: WAIT,
      })
      .toBe(true);
    await expect.poll(() => h.db.ds.getRepository(MessageLink).existsBy({ chatId: maryam.id, messageId: got.message_id }), { timeout: WAIT }).toBe(true);
    const link = await h.db.ds.getRepository(MessageLink).findOneByOrFail({ chatId: maryam.id, messageId: got.message_id });
    expect(link).toMatchObject({ channel: 'telegram', ticketId: ticket.id });
    expect(bale.chats.has(maryam.id)).toBe(false);
  }, 60_000);
});
