/** Fifty tickets within a minute for one staff group, the fake enforcing Telegram's limits (time-scaled). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../core/entities/ticket.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { openTicket } from '../../core/services/tickets/index.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from './harness.ts';

describe.each(DIALECTS)('burst on %s', (dialect) => {
  describe('a burst of tickets into one group', () => {
    let w: StaffWorld;
    beforeAll(async () => {
      w = await staffWorld({ layout: 'plain', database: dialect, limits: true, timeScale: 0.02 });
    });
    afterAll(() => w.close());

    it('every card arrives once, carrying its description (one message per ticket), 429s honoured, nothing dropped', { timeout: 60_000 }, async () => {
      await updateSettings(w.system.core, null, { maxOpenTicketsPerRequester: 100 });
      const tickets: Ticket[] = [];
      for (let i = 0; i < 50; i++) {
        // opened through the core, so the bot must not also receive it as a follow-up (it raced the open before)
        const m = w.requester.wrote(`شرح درخواست شماره ${i}`);
        const { ticket } = await openTicket(
          w.system.core,
          { kind: 'requester', requester: w.b.requester },
          { subjectId: w.b.subjectA.id, title: `درخواست ${i}`, text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
        );
        tickets.push(ticket);
      }
      const start = Date.now();
      while (w.group.botMessages().length < 50 && Date.now() - start < 50_000) await new Promise((r) => setTimeout(r, 100)); // polls the condition
      const msgs = w.group.botMessages();
      if (msgs.length !== 50) {
        // say what happened to the rows that did not arrive (a failure here is a lost or stuck message)
        const rows = await w.db.ds.getRepository(OutboxMessage).find({ where: { chatId: w.group.id } });
        const notSent = rows
          .filter((r) => r.status !== 'sent')
          .map((r) => ({ id: r.id, purpose: r.purpose, status: r.status, attempts: r.attempts, nextAttemptAt: r.nextAttemptAt, lastError: r.lastError }));
        expect({ received: msgs.length, rows: rows.length, notSent, stats: w.fake.stats }).toEqual({ received: 50 });
      }
      for (const [i, t] of tickets.entries()) {
        const card = msgs.findIndex(
          (m) => (m.text ?? '').includes(`درخواست ${i}`) && !!m.reply_markup?.inline_keyboard?.length && (m.text ?? '').includes('🎫'),
        );
        expect(card).toBeGreaterThanOrEqual(0);
        // the description is on the card, and nowhere else in the group
        const description = new RegExp(`شرح درخواست شماره ${i}(?!\\d)`);
        expect(msgs[card]!.text).toMatch(description);
        expect(msgs.filter((m) => description.test(m.text ?? ''))).toHaveLength(1);
        expect((await w.db.ds.getRepository(Ticket).findOneByOrFail({ id: t.id })).cardMessageId).toBe(msgs[card]!.message_id);
      }
      expect(w.fake.stats.unhonoured429).toBe(0);
    });
  });
});
