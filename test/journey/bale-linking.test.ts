/**
 * Issue 20, one person on two channels, through the fakes of Telegram and Bale in one process: a citizen
 * registered on Telegram shares the same number on Bale and is asked whether to link; after "yes" he is one
 * requester with two accounts — his Bale follow-up lands on the ticket he opened on Telegram, the answer goes
 * to Bale (where he last wrote), his open-ticket limit counts both channels, the panel's requester page lists
 * both, the reports count each ticket for its channel, and a photo he sent on Bale is served by the panel
 * through Bale's API. Another citizen says "no": two requesters stay apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createPanel } from '../../admin/panel.ts';
import type { Locale } from '../../core/entities/enums.ts';
import { FaqEntry, StaffChat } from '../../core/entities/org.ts';
import { Requester, RequesterChannel, StaffAccount } from '../../core/entities/people.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { TooManyOpenTicketsError } from '../../core/services/errors.ts';
import { openTicket } from '../../core/services/tickets/index.ts';
import { PanelClient } from '../admin/client.ts';
import { agentAnswers, finishIntake, startIntakeToSubject, says, WAIT, withButton, type CitizenWorld } from '../bot/world.ts';
import { FakeBale } from '../fake-telegram/bale.ts';
import { FakeTelegram, type FakeUser } from '../fake-telegram/index.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { parseCsv } from '../support/csv.ts';
import { accountOfUser, requesterOfUser } from '../support/requesters.ts';
import { startTestSystem, TEST_BOT_TOKEN, type SystemHarness } from '../support/system.ts';

const PASSWORD = 'correct horse battery';
const BALE_TOKEN = '654321:BALETESTTOKENxxxxxxxxxxxxxxxxxx';

describe.each(['mariadb', 'sqlite'] as const)('one person on Telegram and Bale on %s', (database) => {
  let telegram: FakeTelegram;
  let bale: FakeBale;
  let h: SystemHarness;
  let b!: Basics;
  let onTelegram: CitizenWorld;
  let onBale: CitizenWorld;

  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    bale = await new FakeBale().start();
    const group = telegram.group({ title: 'میز زعفران', forum: true });
    group.addBot({ admin: true });
    h = await startTestSystem({
      apiRoot: telegram.apiRoot,
      database,
      jobs: { limits: { timeScale: 0.02 } },
      env: { BALE_BOT_TOKEN: BALE_TOKEN, BALE_API_ROOT: bale.apiRoot },
      prepare: async (db) => {
        b = await seedBasics(db.ds);
        // finishIntake passes the subject's FAQ
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
      },
    });
    onTelegram = { fake: telegram, h, b, close: async () => undefined };
    onBale = { fake: bale, h, b, close: async () => undefined };
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await telegram?.stop();
    await bale?.stop();
  });

  /** /start → language → his own contact; resolves with the next message after the contact's thanks */
  async function shareNumber(user: FakeUser, locale: Locale, phone: string): Promise<void> {
    const askLang = user.next(withButton(`c:v:${locale}`), WAIT);
    user.command('start');
    user.press(await askLang, `c:v:${locale}`);
    await user.next(says(locale, 'register-ask-contact'), WAIT);
    const thanks = user.next(says(locale, 'register-contact-thanks'), WAIT);
    user.shareContact({ phone_number: phone });
    await thanks;
  }

  /** the name and member type steps, to the end of registration */
  async function finishRegistration(w: CitizenWorld, user: FakeUser, locale: Locale, askName: Promise<unknown>): Promise<void> {
    const nameMsg = (await askName) as Parameters<FakeUser['press']>[0];
    const askType = user.next(withButton(`c:v:${w.b.farmer.id}`), WAIT);
    user.press(nameMsg, 'c:tg');
    const done = user.next(says(locale, 'register-done', { name: user.user.first_name }), WAIT);
    user.press(await askType, `c:v:${w.b.farmer.id}`);
    await done;
  }

  async function registerPlain(w: CitizenWorld, user: FakeUser, locale: Locale, phone: string): Promise<void> {
    const askName = user.next(withButton('c:tg'), WAIT);
    await shareNumber(user, locale, phone);
    await finishRegistration(w, user, locale, askName);
  }

  const ticketRow = (id: number) => h.db.ds.getRepository(Ticket).findOneByOrFail({ id });

  let sara: { tg: FakeUser; bale: FakeUser; requesterId: number; ticketId: number };

  it('the same verified number on Bale: asked, linked after "yes" — one requester, his placeholder gone', async () => {
    const tg = telegram.user({ first_name: 'سارا', language_code: 'fa' });
    await registerPlain(onTelegram, tg, 'fa', '+98 912 777 0101');
    const ticket = await finishIntake(onTelegram, tg, 'fa', await startIntakeToSubject(onTelegram, tg, 'fa'), {
      title: 'آبیاری زعفران',
      description: 'هر چند روز یک بار آبیاری کنم؟',
    });
    expect(ticket.channel).toBe('telegram');
    const requester = (await requesterOfUser(h.db.ds.manager, tg.id, 'telegram'))!;

    const onB = bale.user({ first_name: 'Sara B', language_code: 'fa' });
    const ask = onB.next(withButton('c:ly'), WAIT);
    await shareNumber(onB, 'fa', '09127770101'); // the same number, as Bale's contact gives it
    const question = await ask;
    expect(question.text).toContain('تلگرام');
    expect(question.text).not.toContain('سارا'); // nothing of the other account is shown
    const placeholder = (await accountOfUser(h.db.ds.manager, onB.id, 'bale'))!.requesterId;
    expect(placeholder).not.toBe(requester.id);

    const linked = onB.next(says('fa', 'register-linked', { name: 'سارا' }), WAIT);
    onB.press(question, 'c:ly');
    const done = await linked;
    expect(JSON.stringify(done.reply_markup)).toContain(t('fa', 'menu-new'));

    const accounts = await h.db.ds.getRepository(RequesterChannel).find({ where: { requesterId: requester.id }, order: { id: 'ASC' } });
    expect(accounts.map((a) => [a.channel, a.userId, a.linkedAt !== null])).toEqual([
      ['telegram', tg.id, false],
      ['bale', onB.id, true],
    ]);
    expect(await h.db.ds.getRepository(Requester).findOneBy({ id: placeholder })).toBeNull();
    expect(await h.db.ds.getRepository(Requester).countBy({ phone: '+989127770101' })).toBe(1);
    sara = { tg, bale: onB, requesterId: requester.id, ticketId: ticket.id };
  }, 90_000);

  it('his Bale follow-up lands on the ticket he opened on Telegram, and the answer goes to Bale', async () => {
    const receipt = sara.bale.next((m) => /#[\d۰-۹]+/.test(m.text ?? ''), WAIT);
    sara.bale.send('سه روز است آبیاری نکرده‌ام.');
    await receipt;
    await expect.poll(async () => (await ticketRow(sara.ticketId)).channel, { timeout: WAIT }).toBe('bale');
    const ins = await h.db.ds.getRepository(TicketMessage).find({ where: { ticketId: sara.ticketId, direction: 'in' }, order: { id: 'ASC' } });
    expect(ins.map((m) => m.channel)).toEqual(['telegram', 'bale']);

    const tgBefore = sara.tg.inbox.length;
    const answer = sara.bale.next((m) => (m.text ?? '').includes('هر پنج روز'), WAIT);
    await agentAnswers(onBale, sara.ticketId, 'هر پنج روز یک بار آبیاری کنید.');
    expect((await answer).from?.id).toBe(bale.bot.id);
    expect(sara.tg.inbox.slice(tgBefore).some((m) => (m.text ?? '').includes('هر پنج روز'))).toBe(false);

    // and when he writes on Telegram again, the next answer goes back there
    const tgReceipt = sara.tg.next((m) => /#[\d۰-۹]+/.test(m.text ?? ''), WAIT);
    sara.tg.send('باشد، ممنون.');
    await tgReceipt;
    await expect.poll(async () => (await ticketRow(sara.ticketId)).channel, { timeout: WAIT }).toBe('telegram');
    const tgAnswer = sara.tg.next((m) => (m.text ?? '').includes('خواهش می‌کنم'), WAIT);
    await agentAnswers(onTelegram, sara.ticketId, 'خواهش می‌کنم.');
    expect((await tgAnswer).from?.id).toBe(telegram.bot.id);
  }, 90_000);

  it('one open-ticket limit for both channels; a ticket opened on Bale is his too', async () => {
    const requester = (await h.db.ds.getRepository(Requester).findOneByOrFail({ id: sara.requesterId }))!;
    await updateSettings(h.system.core, b.admin.id, { maxOpenTicketsPerRequester: 1 });
    await expect(
      openTicket(h.system.core, { kind: 'requester', requester }, { subjectId: b.subjectA.id, title: 'دومی', text: 'از بله', channel: 'bale' }),
    ).rejects.toBeInstanceOf(TooManyOpenTicketsError);
    await updateSettings(h.system.core, b.admin.id, { maxOpenTicketsPerRequester: 5 });
    const second = await finishIntake(onBale, sara.bale, 'fa', await startIntakeToSubject(onBale, sara.bale, 'fa'), {
      title: 'کود زعفران',
      description: 'چه کودی بدهم؟ عکس پیوست است.',
    });
    expect(second).toMatchObject({ requesterId: sara.requesterId, channel: 'bale' });
  }, 90_000);

  it("the panel's requester page lists both channels and both tickets; his Bale photo is fetched from Bale", async () => {
    const panel = new PanelClient(
      createApp({
        core: h.system.core,
        log: h.system.core.log,
        readiness: {},
        panel: createPanel({
          core: h.system.core,
          log: h.system.core.log,
          telegram: { token: TEST_BOT_TOKEN, apiRoot: telegram.apiRoot },
          bale: { token: BALE_TOKEN, apiRoot: bale.apiRoot },
        }),
      }),
    );
    await h.db.ds.getRepository(StaffAccount).update({ id: b.admin.id }, { passwordHash: await hashPassword(PASSWORD) });
    const login = await panel.page('/login');
    await panel.post('/login', { _csrf: login.csrf, username: b.admin.username, password: PASSWORD });
    const page = await panel.page(`/requesters/${sara.requesterId}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toMatch(/class="account" data-channel="telegram"/);
    expect(page.html).toMatch(/class="account" data-channel="bale"/);
    const mine = await h.db.ds.getRepository(Ticket).find({ where: { requesterId: sara.requesterId }, order: { id: 'ASC' } });
    expect(mine.map((x) => x.channel)).toEqual(['telegram', 'bale']);
    for (const x of mine) expect(page.html).toContain(`/tickets/${x.id}"`);

    // the photo of the Bale ticket: its file id is Bale's, so the panel asks Bale (the Telegram fake does not know it)
    const photoMsg = await h.db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: mine[1]!.id, direction: 'in' });
    expect(photoMsg.channel).toBe('bale');
    expect(photoMsg.attachments[0]?.kind).toBe('photo');
    const baleGets = bale.calls.filter((c) => c.method === 'getFile').length;
    const telegramGets = telegram.calls.filter((c) => c.method === 'getFile').length;
    const file = await panel.get(`/tickets/${mine[1]!.id}/files/${photoMsg.id}/0`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('PHOTO');
    expect(bale.calls.filter((c) => c.method === 'getFile').length).toBe(baleGets + 1);
    expect(telegram.calls.filter((c) => c.method === 'getFile').length).toBe(telegramGets);

    // the reports count each ticket for the channel he writes it from (the last 7 days by default)
    const csv = async (extra: string) => parseCsv((await (await panel.get(`/reports/breakdown?format=csv&${extra}`)).text()).replace(/^\uFEFF/, ''));
    expect((await csv('table=channel')).slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['تلگرام', '1'],
      ['بله', '1'],
    ]);
    expect((await csv('table=subject&channel=bale')).slice(1).map((r) => r[1])).toEqual(['1']);

    // and his Telegram photo through Telegram's
    const tgPhoto = await h.db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: mine[0]!.id, direction: 'in', channel: 'telegram' });
    const tgFile = await panel.get(`/tickets/${mine[0]!.id}/files/${tgPhoto.id}/0`);
    expect(tgFile.status).toBe(200);
    expect(telegram.calls.filter((c) => c.method === 'getFile').length).toBe(telegramGets + 1);
  }, 60_000);

  it('declining keeps two requesters with the same number, each on his own channel', async () => {
    const tg = telegram.user({ first_name: 'رضا', language_code: 'en' });
    await registerPlain(onTelegram, tg, 'en', '+98 935 444 0202');
    const onB = bale.user({ first_name: 'Reza', language_code: 'en' });
    const ask = onB.next(withButton('c:ln'), WAIT);
    const askName = onB.next(withButton('c:tg'), WAIT);
    await shareNumber(onB, 'en', '+989354440202');
    const question = await ask;
    expect(question.text).toContain('Telegram');
    onB.press(question, 'c:ln');
    await finishRegistration(onBale, onB, 'en', askName);

    const a = (await accountOfUser(h.db.ds.manager, tg.id, 'telegram'))!;
    const c = (await accountOfUser(h.db.ds.manager, onB.id, 'bale'))!;
    expect(a.requesterId).not.toBe(c.requesterId);
    expect(c.linkedAt).toBeNull();
    expect(await h.db.ds.getRepository(RequesterChannel).countBy({ requesterId: a.requesterId })).toBe(1);
    expect(await h.db.ds.getRepository(Requester).countBy({ phone: '+989354440202' })).toBe(2);
    // a later registration step does not ask again: his Bale requester is registered now
    expect((await h.db.ds.getRepository(Requester).findOneByOrFail({ id: c.requesterId })).registeredAt).not.toBeNull();
  }, 90_000);
});
