/**
 * Long polling confirms a batch to Telegram with the next getUpdates, before the batch is handled; the update
 * journal (bot/update-journal.ts) keeps each fetched update in the database until it was handled. Here a
 * journaled update a stopped process never handled — a requester's follow-up — is handed to the bot by the
 * next process, stored once on the ticket, and its row is gone; the rows of handled updates do not pile up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Like } from 'typeorm';
import { KvEntry } from '../../core/entities/system.ts';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { openTicket } from '../../core/services/tickets/index.ts';
import { updateJournal } from '../../bot/update-journal.ts';
import { citizenWorld, type CitizenWorld } from './world.ts';
import { DIALECTS } from '../support/db.ts';

describe.each(DIALECTS)('update-journal on %s', (dialect) => {
  describe('the update journal', () => {
    let w: CitizenWorld;
    beforeAll(async () => {
      w = await citizenWorld({ database: dialect });
    }, 60_000);
    afterAll(() => w?.close());

    it("hands a stopped process's unhandled update to the next one, which stores it once", async () => {
      const core = w.h.system.core;
      const { ticket } = await openTicket(core, requesterActor(w.b.requester), { subjectId: w.b.subjectA.id, title: 'آبیاری', text: 'پرسش دربارهٔ آبیاری' });
      const user = w.fake.user({ id: w.b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
      const journalRows = () => w.h.db.ds.getRepository(KvEntry).countBy({ key: Like('upd:%') });

      // handled updates leave no row behind
      user.send('یک توضیح دیگر');
      await expect.poll(() => w.h.db.ds.getRepository(TicketMessage).countBy({ ticketId: ticket.id, direction: 'in' }), { timeout: 10_000 }).toBe(2);
      await expect.poll(journalRows, { timeout: 5_000 }).toBe(0);

      // a message a process took from Telegram (confirmed there) and was killed before handling: only the journal
      // has it (written here while this process runs; a process reads the journal when it starts)
      const msg = user.wrote('پیامی که پیش از توقف رسیده بود');
      await updateJournal(w.h.db.ds, core.clock).save([{ update_id: 900_001, message: msg } as never]);
      expect(await journalRows()).toBe(1);

      await w.h.restart();
      await expect
        .poll(async () => (await w.h.db.ds.getRepository(TicketMessage).findBy({ ticketId: ticket.id, direction: 'in' })).map((m) => m.text), {
          timeout: 10_000,
        })
        .toContain('پیامی که پیش از توقف رسیده بود');
      expect(await w.h.db.ds.getRepository(TicketMessage).countBy({ requesterChatId: user.id, requesterMessageId: msg.message_id })).toBe(1);
      await expect.poll(journalRows, { timeout: 5_000 }).toBe(0);
      await user.waitForMessage((m) => (m.text ?? '').startsWith('✅'), 10_000, msg.message_id);
    });
  });
});
