/**
 * Concurrent changes: on SQLite (one shared connection) transactions take turns instead of colliding; on
 * MariaDB the ticket row lock serialises changes of one ticket. Either way every change lands once, with
 * its event, and the version counts them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket, TicketEvent, TicketMessage } from '../../core/entities/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { updateSettings } from '../../core/services/settings.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { transact } from '../../core/tx.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

for (const [dialect, make] of [
  ['SQLite', createSqliteDb],
  ['MariaDB', createMariaDb],
] as const) {
  describe(`concurrent ticket changes on ${dialect}`, () => {
    let db: TestDatabase;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;

    beforeAll(async () => {
      db = await make();
      b = await seedBasics(db.ds);
      ctx = testContext(db.ds);
      await updateSettings(ctx, null, { maxOpenTicketsPerRequester: 100 });
    });
    afterAll(async () => db?.close());

    it('30 opens at once all succeed with distinct numbers', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          tickets.openTicket(ctx, requesterActor(b.requester), { subjectId: b.subjectA.id, title: 'همزمان', text: `متن ${i}` }),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const numbers = results.map((r) => (r as PromiseFulfilledResult<tickets.OpenTicketResult>).value.ticket.number);
      expect(new Set(numbers).size).toBe(30);
    });

    it('40 messages and replies on one ticket at once: every one stored with its event, the version counts them', async () => {
      const t = await makeTicket(db.ds, b, { state: 'open', assigneeId: b.agentA1.id });
      const events = await db.ds.getRepository(TicketEvent).count({ where: { ticketId: t.id } });
      const calls = Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? tickets.agentReply(ctx, staffActor(b.agentA1), t.id, { text: `پاسخ ${i}`, via: 'panel' })
          : tickets.addRequesterMessage(ctx, requesterActor(b.requester), t.id, { text: `پیام ${i}`, chatId: b.requester.telegramId, messageId: 70_000 + i }),
      );
      const results = await Promise.allSettled(calls);
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      expect(await db.ds.getRepository(TicketMessage).count({ where: { ticketId: t.id } })).toBe(40);
      expect(await db.ds.getRepository(TicketEvent).count({ where: { ticketId: t.id } })).toBe(events + 40);
      expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: t.id })).version).toBe(40);
    });

    it('a transact inside a transact does not wait for itself', async () => {
      const inner = await transact(ctx, async () => transact(ctx, async (tx) => tx.em.count(Ticket)));
      expect(inner).toBeGreaterThan(0);
    }, 10_000);
  });
}
