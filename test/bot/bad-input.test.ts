/**
 * Bad input in the private chat gets a clear answer and loses nothing: a sticker or a voice where words
 * are expected, a text over 4096 characters, a photo without a caption, stale and forged buttons,
 * someone else's contact, a message to a finished ticket, and a stranger who writes before registering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { updateSettings } from '../../core/services/settings.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { buttons } from '../fake-telegram/index.ts';
import { allHandled, citizenWorld, containing, register, says, startIntakeToSubject, WAIT, withButton, type CitizenWorld } from './world.ts';
import { forgetCachedSettings } from '../../bot/middleware/settings-cache.ts';
import { DIALECTS } from '../support/db.ts';
import { requesterOfUser } from '../support/requesters.ts';

describe.each(DIALECTS)('bad-input on %s', (dialect) => {
  describe('bad input', () => {
    let w: CitizenWorld;
    beforeAll(async () => {
      w = await citizenWorld({ database: dialect });
    }, 60_000);
    afterAll(() => w?.close());

    const alerts = () => w.fake.callsOf('answerCallbackQuery').filter((c) => c.payload.text === t('fa', 'stale-action')).length;

    it("registration: someone else's contact and a typed number are refused; a stranger's first words are kept and offered", async () => {
      const user = w.fake.user({ first_name: 'ناصر', language_code: 'fa' });
      const kept = user.next(says('fa', 'register-first-kept'), WAIT);
      user.send('سلام، برای فروش زعفرانم راهنمایی می‌خواهم');
      await kept;
      const lang = await user.next(withButton('c:v:fa'), WAIT);
      const contact = user.next(says('fa', 'register-ask-contact'), WAIT);
      user.press(lang, 'c:v:fa');
      await contact;
      const notOwn = user.next(says('fa', 'register-contact-not-own'), WAIT);
      user.shareContact({ phone_number: '+989120000000', user_id: 42 });
      await notOwn;
      const typed = user.next(says('fa', 'register-contact-use-button'), WAIT);
      user.send('09121112233');
      await typed;
      const name = user.next(withButton('c:tg'), WAIT);
      user.shareContact({ phone_number: '989121112233' });
      const nameMsg = await name;
      // a sticker as a name
      const sticker = user.next(says('fa', 'need-text-sticker'), WAIT);
      user.sticker();
      await sticker;
      const type = user.next(withButton(`c:v:${w.b.farmer.id}`), WAIT);
      user.press(nameMsg, 'c:tg');
      const typeMsg = await type;
      const offer = user.next(withButton('pd:use'), WAIT);
      user.press(typeMsg, `c:v:${w.b.farmer.id}`);
      const offerMsg = await offer;
      expect(offerMsg.text).toContain('برای فروش زعفرانم');
      const me = (await requesterOfUser(w.h.db.ds.manager, user.id))!;
      expect(me.phone).toBe('+989121112233');
    }, 60_000);

    it('intake: sticker and voice for a title, a photo without caption, a 5,000-character description, stale and forged buttons', async () => {
      const user = w.fake.user({ first_name: 'Lily', language_code: 'fa' });
      await register(w, user, 'fa');
      const subjectPrompt = await startIntakeToSubject(w, user, 'fa');
      const faq = user.next(withButton('c:fm'), WAIT);
      user.press(subjectPrompt, `c:v:${w.b.subjectA.id}`);
      const faqMsg = await faq;
      // a button of an older prompt, and a forged one: refused politely, the step stays
      let before = alerts();
      user.pressRaw(`c:v:${w.b.department.id}`, subjectPrompt);
      user.pressRaw('c:v:99999', faqMsg);
      user.pressRaw('rt:999999:5');
      user.pressRaw('\u0000garbage');
      await expect.poll(alerts, { timeout: WAIT }).toBe(before + 4);
      const priority = user.next(withButton('c:v:normal'), WAIT);
      user.press(faqMsg, 'c:fm');
      const priorityMsg = await priority;
      const title = user.next(withButton('c:b'), WAIT);
      user.press(priorityMsg, 'c:v:normal');
      await title;
      const sticker = user.next(says('fa', 'need-text-sticker'), WAIT);
      user.sticker();
      await sticker;
      const voice = user.next(says('fa', 'need-text-voice'), WAIT);
      user.voice();
      await voice;
      const description = user.next(withButton('c:b'), WAIT);
      user.send('خشکی مزرعه');
      await description;
      const needText = user.next(says('fa', 'intake-media-kept-need-text'), WAIT);
      user.photo();
      await needText;
      const long = 'آبیاری قطره‌ای مزرعه کار نمی‌کند و '.repeat(150).trim();
      expect(long.length).toBeGreaterThan(5000);
      const kept = user.next(containing('طولانی است'), WAIT);
      user.send(long);
      await kept;
      const attachments = await user.next(withButton('c:d'), WAIT);
      const summary = user.next(withButton('c:ok'), WAIT);
      user.press(attachments, 'c:d');
      const summaryMsg = await summary;
      expect((summaryMsg.text ?? '').length).toBeLessThan(4096);
      const created = user.next(containing('درخواست شما ثبت شد'), WAIT);
      user.press(summaryMsg, 'c:ok');
      await created;
      const ticket = await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ title: 'خشکی مزرعه' });
      const first = await w.h.db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: ticket.id });
      expect(first.text).toBe(long);
      expect(first.attachments.map((a) => a.kind)).toEqual(['photo']);
      // the summary's buttons after the ticket exists: no second ticket
      before = alerts();
      user.pressRaw('c:ok', summaryMsg);
      await expect.poll(alerts, { timeout: WAIT }).toBe(before + 1);
      expect(await w.h.db.ds.getRepository(Ticket).countBy({ title: 'خشکی مزرعه' })).toBe(1);
    }, 60_000);

    it('a message to a finished ticket is refused with an offer of a new linked ticket, and kept', async () => {
      const user = w.fake.user({ id: w.b.requester2.telegramId, first_name: 'رضا', language_code: 'fa' });
      const { ticket } = await tickets.openTicket(w.h.system.core, requesterActor(w.b.requester2), {
        subjectId: w.b.subjectA.id,
        title: 'سؤال قدیمی',
        text: 'یک پرسش قدیمی دربارهٔ کاشت',
      });
      await tickets.assign(w.h.system.core, staffActor(w.b.admin), ticket.id, w.b.agentA1.id);
      const closedNote = user.next(containing('پاسخ داده شد'), WAIT);
      await tickets.close(w.h.system.core, staffActor(w.b.agentA1), ticket.id, 'پاسخ داده شد');
      const closedMsg = await closedNote;
      await tickets.finish(w.h.system.core, ticket.id);
      // the user answers the "closed" message of that ticket
      const refused = user.next((m) => buttons(m).some((b) => b.callback_data?.startsWith(`nt:${ticket.id}:`)), WAIT);
      user.reply(closedMsg, 'باز هم سؤال دارم');
      const refusedMsg = await refused;
      expect(refusedMsg.text).toContain('پایان یافته');
      expect(await w.h.db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id, text: 'باز هم سؤال دارم' })).toBe(0);
      // the new ticket starts with the kept message as its description
      const chain = user.next(withButton(`c:v:${w.b.valueChain.id}`), WAIT);
      user.press(refusedMsg, buttons(refusedMsg).find((b) => b.callback_data?.startsWith(`nt:${ticket.id}:`))!.callback_data!);
      await chain;
      expect(user.inbox.some((m) => (m.text ?? '').includes('باز هم سؤال دارم'))).toBe(true);
    }, 60_000);

    it('a user over the per-minute limit gets one polite answer; messages within the limit are all kept', async () => {
      await updateSettings(w.h.system.core, w.b.admin.id, { requesterRatePerMinute: 5 });
      forgetCachedSettings(); // the bot caches settings for 5 s
      const user = w.fake.user({ id: w.b.staffMember.telegramId, first_name: 'نرگس', language_code: 'fa' });
      const { ticket } = await tickets.openTicket(w.h.system.core, requesterActor(w.b.staffMember), {
        subjectId: w.b.subjectA.id,
        title: 'پیام‌های پشت‌سرهم',
        text: 'آزمون محدودیت پیام',
      });
      for (let i = 1; i <= 8; i++) user.send(`پیام شمارهٔ ${i}`);
      await user.next(says('fa', 'rate-limited'), WAIT);
      await expect.poll(() => w.h.db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id }), { timeout: WAIT }).toBe(1 + 5);
      await allHandled(w); // all eight messages were taken: the three over the limit got one answer between them
      expect(user.inbox.filter((m) => (m.text ?? '').includes('خیلی سریع'))).toHaveLength(1);
      await updateSettings(w.h.system.core, w.b.admin.id, { requesterRatePerMinute: 20 });
    }, 30_000);
  });
});
