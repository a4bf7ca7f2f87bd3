/**
 * A group upgraded to a supergroup, twenty times in a row on each database: the ticket opened right after
 * the upgrade gets its card (header and buttons) in the new supergroup — the message the ticket records as
 * its card is there — and the requester's description follows it as a reply to the card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat } from '../../core/entities/org.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { assign, openTicket } from '../../core/services/tickets/index.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from './harness.ts';

const until = async (cond: () => Promise<boolean> | boolean, ms = 15_000, what = 'condition') => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25)); // the poll interval of a wait on a condition
  }
};

describe.each(DIALECTS)('group → supergroup migration, 20 times in a row, on %s', (dialect) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'plain', database: dialect });
    await updateSettings(w.system.core, w.b.admin.id, { maxOpenTicketsPerRequester: 100 });
  });
  afterAll(() => w.close());

  it('each ticket has its card in the new supergroup: the one opened after the upgrade, and the open one whose card edit was pending', async () => {
    const chats = w.db.ds.getRepository(StaffChat);
    const ticketRow = (id: number) => w.db.ds.getRepository(Ticket).findOneByOrFail({ id });
    for (let i = 0; i < 20; i++) {
      // a fresh plain group bound to the department, with one ticket whose card is there
      const group = w.fake.group({ title: `میز ${i}` });
      group.addBot({ admin: true });
      await chats.update({ departmentId: w.b.department.id }, { chatId: group.id, status: 'active' });
      const before = w.requester.wrote(`پیش از ارتقا ${i}`);
      const t0 = (
        await openTicket(
          w.system.core,
          { kind: 'requester', requester: w.b.requester },
          { subjectId: w.b.subjectA.id, title: `پیش ${i}`, text: before.text, requesterChatId: w.requester.id, requesterMessageId: before.message_id },
        )
      ).ticket;
      await until(async () => (await ticketRow(t0.id)).cardMessageId !== null, 15_000, `the first card (round ${i})`);
      await group.waitForMessage((x) => (x.text ?? '').includes(`پیش از ارتقا ${i}`), 15_000);
      // the card's edit (an assignment) is held back by a 429 while the group is upgraded and a ticket opened
      w.fake.failNext('editMessageText', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      await assign(w.system.core, { kind: 'staff', staff: w.b.supervisor }, t0.id, w.b.agentA2.id);
      await w.fake.waitFor(() => w.fake.calls.some((c) => c.method === 'editMessageText' && Number(c.payload.chat_id) === group.id), 15_000);
      const next = group.migrateToSupergroup();
      const m = w.requester.wrote(`درخواست پس از ارتقا ${i}`);
      const t1 = (
        await openTicket(
          w.system.core,
          { kind: 'requester', requester: w.b.requester },
          { subjectId: w.b.subjectA.id, title: `پس ${i}`, text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
        )
      ).ticket;
      for (const t of [t1, t0]) {
        await until(
          async () => {
            const id = (await ticketRow(t.id)).cardMessageId;
            return id !== null && next.messages.some((x) => x.message_id === id && (x.text ?? '').includes(t.title));
          },
          15_000,
          `ticket #${t.number}'s card in the new supergroup (round ${i})`,
        );
      }
      // every card in the supergroup names its own ticket, with its buttons; t0's shows the new assignee
      for (const t of [t0, t1]) {
        const id = (await ticketRow(t.id)).cardMessageId!;
        const card = next.messages.find((x) => x.message_id === id)!;
        expect(card.from?.id, `round ${i}`).toBe(w.fake.bot.id);
        expect(card.text).toContain(t.title);
        expect(card.reply_markup?.inline_keyboard?.flat().length).toBeGreaterThan(0);
      }
      // the new ticket's card carries its description: one message, nothing else of it in the supergroup
      const cardId = (await ticketRow(t1.id)).cardMessageId!;
      expect(next.messages.find((x) => x.message_id === cardId)!.text ?? '').toContain(`پس از ارتقا ${i}`);
      expect(next.messages.filter((x) => (x.text ?? '').includes(`پس از ارتقا ${i}`))).toHaveLength(1);
      expect((await chats.findOneByOrFail({ departmentId: w.b.department.id })).chatId).toBe(next.id);
    }
  }, 300_000);
});
