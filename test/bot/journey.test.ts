/**
 * The citizen's whole journey, in Persian and in English, through the fake Telegram: registration, a
 * ticket through value chain → department → subject with a photo, an agent's answer received in the
 * chat, Resolved, a rating of 4 with a comment, the ticket closed with the rating stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../core/entities/enums.ts';
import { Rating, Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { agentAnswers, agentResolves, citizenWorld, finishIntake, register, startIntakeToSubject, WAIT, withButton, type CitizenWorld } from './world.ts';
import { requesterOfUser } from '../support/requesters.ts';

describe.each(['mariadb', 'sqlite'] as const)('the citizen journey on %s', (database) => {
  let w: CitizenWorld;
  beforeAll(async () => {
    w = await citizenWorld({ database });
  }, 60_000);
  afterAll(() => w?.close());

  const texts: Record<Locale, { title: string; description: string; answer: string; comment: string }> = {
    fa: {
      title: 'زرد شدن برگ زعفران',
      description: 'برگ‌های زعفران مزرعهٔ ما از هفتهٔ پیش زرد شده‌اند؛ عکس پیوست است.',
      answer: 'سلام، احتمالاً کم‌آبی است. آبیاری را هفته‌ای دو بار کنید.',
      comment: 'پاسخ سریع و دقیق بود، سپاس.',
    },
    en: {
      title: 'Saffron leaves turning yellow',
      description: 'The saffron leaves on our farm have been turning yellow since last week; photo attached.',
      answer: 'Hello, it is probably lack of water. Water twice a week.',
      comment: 'Quick and precise answer, thanks.',
    },
  };

  for (const locale of ['fa', 'en'] as const) {
    it(`${locale}: register, open a ticket with a photo, get the answer, resolve and rate 4 with a comment`, async () => {
      const user = w.fake.user({ first_name: locale === 'fa' ? 'مریم رحیمی' : 'Mary Smith', language_code: locale === 'fa' ? 'fa' : 'en' });
      await register(w, user, locale);
      const me = (await requesterOfUser(w.h.db.ds.manager, user.id))!;
      expect(me).toMatchObject({ phone: '+989125550101', locale, memberTypeId: w.b.farmer.id });
      expect(me.registeredAt).not.toBeNull();

      const subject = await startIntakeToSubject(w, user, locale);
      const ticket = await finishIntake(w, user, locale, subject, texts[locale]);
      expect(ticket).toMatchObject({ requesterId: me.id, subjectId: w.b.subjectA.id, priority: 'high', state: 'new' });
      const first = await w.h.db.ds.getRepository(TicketMessage).findOneOrFail({ where: { ticketId: ticket.id } });
      expect(first.text).toBe(texts[locale].description);
      expect(first.attachments.map((a) => a.kind)).toEqual(['photo']);

      // the agent's answer arrives in the chat with the ticket number
      const answer = user.next((m) => (m.text ?? '').includes(texts[locale].answer), WAIT);
      await agentAnswers(w, ticket.id, texts[locale].answer);
      const answered = await answer;
      expect(answered.text).toContain(String(ticket.number).replace(/\d/g, (d) => (locale === 'fa' ? '۰۱۲۳۴۵۶۷۸۹'[Number(d)]! : d)));

      // resolved → Resolved ✅ → 4 stars → a comment → closed with thanks
      const ask = user.next(withButton(`rs:y:${ticket.id}`), WAIT);
      await agentResolves(w, ticket.id);
      const stars = user.next(withButton(`rt:${ticket.id}:4`), WAIT);
      user.press(await ask, `rs:y:${ticket.id}`);
      const commentPrompt = user.next(withButton('c:s'), WAIT);
      user.press(await stars, `rt:${ticket.id}:4`);
      await commentPrompt;
      const thanks = user.next((m) => (m.text ?? '').includes(locale === 'fa' ? 'امتیاز شما ثبت شد' : 'your rating is saved'), WAIT);
      user.send(texts[locale].comment);
      await thanks;

      const closed = await w.h.db.ds.getRepository(Ticket).findOneOrFail({ where: { id: ticket.id } });
      expect(closed.state).toBe('closed');
      const rating = await w.h.db.ds.getRepository(Rating).findOneOrFail({ where: { ticketId: ticket.id } });
      expect(rating).toMatchObject({ score: 4, comment: texts[locale].comment, requesterId: me.id });
      // the whole chat was in the user's language
      const menuLabel = t(locale, 'menu-new');
      expect(user.inbox.some((m) => JSON.stringify(m.reply_markup ?? {}).includes(menuLabel))).toBe(true);
    }, 60_000);
  }
});
