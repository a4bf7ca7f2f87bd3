/**
 * The intake is a conversation kept in the database: the process stops after the department step and a
 * new one starts; the user presses a subject on the old prompt and goes on from there. The ticket is
 * created once, also when Telegram delivers the confirming press twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvEntry } from '../../core/entities/system.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { allHandled, citizenWorld, register, startIntakeToSubject, WAIT, withButton, type CitizenWorld } from './world.ts';
import { DIALECTS } from '../support/db.ts';

describe.each(DIALECTS)('restart on %s', (dialect) => {
  describe('a restart in the middle of the intake', () => {
    let w: CitizenWorld;
    beforeAll(async () => {
      w = await citizenWorld({ database: dialect });
    }, 60_000);
    afterAll(() => w?.close());

    it('resumes at the subject step and creates the ticket once', async () => {
      const user = w.fake.user({ first_name: 'حسین', language_code: 'fa' });
      await register(w, user, 'fa');
      const subjectPrompt = await startIntakeToSubject(w, user, 'fa');
      // the conversation's state is a database row, not process memory
      await expect.poll(() => w.h.db.ds.getRepository(KvEntry).existsBy({ key: `conv:${user.id}` })).toBe(true);

      await w.h.restart();

      const faq = user.next(withButton('c:fm'), WAIT);
      user.press(subjectPrompt, `c:v:${w.b.subjectA.id}`);
      const faqMsg = await faq;
      expect(faqMsg.text).toContain('بهترین زمان کاشت');
      const priority = user.next(withButton('c:v:normal'), WAIT);
      user.press(faqMsg, 'c:fm');
      const priorityMsg = await priority;
      const title = user.next(withButton('c:b'), WAIT);
      user.press(priorityMsg, 'c:v:normal');
      await title;
      const description = user.next(withButton('c:b'), WAIT);
      user.send('پس از راه‌اندازی دوباره');
      await description;
      const attachments = user.next(withButton('c:d'), WAIT);
      user.send('این درخواست پس از راه‌اندازی دوبارهٔ سامانه ادامه یافت.');
      const attachmentsMsg = await attachments;
      const summary = user.next(withButton('c:ok'), WAIT);
      user.press(attachmentsMsg, 'c:d');
      const summaryMsg = await summary;
      const created = user.next((m) => (m.text ?? '').includes('درخواست شما ثبت شد'), WAIT);
      w.fake.duplicateNextUpdate();
      user.press(summaryMsg, 'c:ok');
      await created;
      await allHandled(w); // the duplicated press too
      const mine = await w.h.db.ds.getRepository(Ticket).find({ where: { title: 'پس از راه‌اندازی دوباره' } });
      expect(mine).toHaveLength(1);
      expect(user.inbox.filter((m) => (m.text ?? '').includes('درخواست شما ثبت شد')).map((m) => m.text)).toHaveLength(1);
      // the conversation is over: its row is gone
      await expect.poll(() => w.h.db.ds.getRepository(KvEntry).existsBy({ key: `conv:${user.id}` })).toBe(false);
    }, 60_000);
  });
});
