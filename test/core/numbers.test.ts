/**
 * Ticket numbers under load on MariaDB: 200 openTicket calls at once (each its own transaction, the
 * pool's 20 connections) give 200 distinct numbers from the sequence table, and no error surfaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { Ticket, TicketEvent, TicketNumberSeq } from '../../core/entities/index.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { openTicket, TICKET_NUMBER_OFFSET } from '../../core/services/tickets/index.ts';
import { searchKey } from '../../core/text/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { saveRequester, type TestRequester } from '../support/requesters.ts';

describe.each(DIALECTS)('numbers on %s', (dialect) => {
  describe('ticket numbers', () => {
    let db: TestDatabase;
    let ds: DataSource;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;

    beforeAll(async () => {
      db = await createTestDb(dialect);
      ds = db.ds;
      b = await seedBasics(ds);
      ctx = testContext(ds);
      await updateSettings(ctx, null, { maxOpenTicketsPerRequester: 100 });
    });
    afterAll(async () => db?.close());

    it('start after the offset and never reuse max+1', async () => {
      const first = await openTicket(ctx, requesterActor(b.requester), { subjectId: b.subjectA.id, title: 'نخستین', text: 'متن درخواست نخست' });
      const seqRows = await ds.getRepository(TicketNumberSeq).find();
      expect(first.ticket.number).toBe(TICKET_NUMBER_OFFSET + seqRows[seqRows.length - 1]!.id);
      // a number taken out of band (an import) does not make the next one max+1
      await ds.getRepository(TicketNumberSeq).insert({ used: false });
      const next = await openTicket(ctx, requesterActor(b.requester), { subjectId: b.subjectA.id, title: 'دومین', text: 'متن درخواست دوم' });
      expect(next.ticket.number).toBe(first.ticket.number + 2);
    });

    it('200 concurrent opens give 200 distinct numbers and no error', async () => {
      // ten requesters (one requester's opens are serialised by the lock on his row), on team A and team B
      const people: TestRequester[] = [];
      for (let i = 0; i < 10; i++) {
        people.push(
          await saveRequester(ds.manager, {
            telegramId: 8_100_000_000 + Math.floor(Math.random() * 1e6) * 100 + i,
            fullName: `کاربر ${i}`,
            nameKey: searchKey(`کاربر ${i}`),
            phone: `+98912000${String(1000 + i).padStart(4, '0')}`,
            memberTypeId: b.farmer.id,
            registeredAt: new Date('2026-12-01T00:00:00Z'),
          }),
        );
      }
      const started = Date.now();
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          openTicket(ctx, requesterActor(people[i % people.length]!), {
            subjectId: i % 2 ? b.subjectA.id : b.subjectB.id,
            title: `درخواست شماره ${i}`,
            text: `متن درخواست همزمان ${i}`,
            requesterChatId: people[i % people.length]!.telegramId,
            requesterMessageId: 10_000 + i,
          }),
        ),
      );
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
      const numbers = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof openTicket>>>).value.ticket.number);
      expect(new Set(numbers).size).toBe(200);
      const stored = await ds
        .getRepository(Ticket)
        .createQueryBuilder('t')
        .where('t.requesterId IN (:...ids)', { ids: people.map((p) => p.id) })
        .getMany();
      expect(stored.length).toBe(200);
      expect(new Set(stored.map((t) => t.number)).size).toBe(200);
      const created = await ds.getRepository(TicketEvent).count({ where: { kind: 'created' } });
      expect(created).toBe(202);
      console.log(`200 concurrent opens on MariaDB: ${Date.now() - started} ms`);
    });
  });
});
