/**
 * Ticket search (core/services/search.ts) on MariaDB and SQLite: numbers in Persian/ASCII digits, phones
 * in every Iranian form, names, words in titles and messages with Arabic/Persian letter variants,
 * permissions, notes only for staff, paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { Ticket, TicketMessage } from '../../core/entities/index.ts';
import { requesterActor, staffActor, type Actor } from '../../core/services/actor.ts';
import { containsPattern, searchTickets } from '../../core/services/search.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { toPersianDigits } from '../../core/text/index.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';

for (const [dialect, make] of [
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const) {
  describe(`search on ${dialect}`, () => {
    let db: TestDatabase;
    let ds: DataSource;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;
    let book: Ticket; // requester 1, team A, title with Persian ک
    let export1: Ticket; // requester 2, team B
    let admin: Actor;

    beforeAll(async () => {
      db = await make();
      ds = db.ds;
      b = await seedBasics(ds);
      ctx = testContext(ds);
      admin = staffActor(b.admin);
      book = (
        await tickets.openTicket(ctx, requesterActor(b.requester), {
          subjectId: b.subjectA.id,
          title: 'درخواست کتاب آموزش کاشت',
          text: 'سلام، کتاب راهنمای کاشت زعفران را از کجا تهیه کنم؟',
        })
      ).ticket;
      export1 = (
        await tickets.openTicket(ctx, requesterActor(b.requester2), {
          subjectId: b.subjectB.id,
          title: 'مجوز صادرات',
          // typed with Arabic yeh and kaf
          text: 'براي صادرات زعفران به كشور ديگر چه مداركي لازم است؟',
        })
      ).ticket;
    });
    afterAll(async () => db?.close());

    const find = async (actor: Actor, q: string) => (await searchTickets(ctx, actor, q)).items.map((t) => t.id);

    it('finds by number in ASCII or Persian digits, with or without #', async () => {
      for (const q of [String(book.number), `#${book.number}`, toPersianDigits(book.number), `#${toPersianDigits(book.number)}`, ` T-${book.number} `]) {
        expect(await find(admin, q)).toContain(book.id);
        expect(await find(admin, q)).not.toContain(export1.id);
      }
    });

    it('finds by the requester phone in any Iranian format', async () => {
      for (const q of ['09121234567', '+989121234567', '۰۹۱۲۱۲۳۴۵۶۷', '0912 123 4567', '00989121234567', '9121234567', '۱۲۳۴۵۶۷']) {
        expect([q, await find(admin, q)]).toEqual([q, [book.id]]);
      }
      expect(await find(admin, '09351112233')).toEqual([export1.id]);
    });

    it('finds by requester name, with Arabic letters too', async () => {
      expect(await find(admin, 'کاظمی')).toEqual([book.id]);
      expect(await find(admin, 'مريم')).toEqual([book.id]); // Arabic yeh
    });

    it('«كتاب» (Arabic kaf) finds «کتاب»; words must all match, in titles or messages', async () => {
      expect(await find(admin, 'كتاب')).toEqual([book.id]);
      expect(await find(admin, 'کتاب')).toEqual([book.id]);
      expect(await find(admin, 'كتاب زعفران')).toEqual([book.id]); // «زعفران» only in the message
      expect(await find(admin, 'کتاب صادرات')).toEqual([]);
      // the second ticket was typed with Arabic ي/ك and is found with Persian letters
      expect(await find(admin, 'مدارکی')).toEqual([export1.id]);
      expect(await find(admin, 'کشور دیگر')).toEqual([export1.id]);
      expect(await find(admin, 'زعفران')).toEqual([export1.id, book.id]);
    });

    it('message search keys are stored on write', async () => {
      const m = await ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: export1.id });
      expect(m.textKey).toContain('مدارکی');
      expect(m.text).toContain('مدارکی'); // display text normalised too (ي → ی, ك → ک)
    });

    it('respects permissions: agents of team A do not find team B tickets; requesters only their own', async () => {
      expect(await find(staffActor(b.agentA1), 'زعفران')).toEqual([book.id]);
      expect(await find(staffActor(b.agentB1), 'زعفران')).toEqual([export1.id]);
      expect(await find(requesterActor(b.requester2), 'زعفران')).toEqual([export1.id]);
      expect(await find(requesterActor(b.requester2), String(book.number))).toEqual([]);
      expect(await find(requesterActor(b.requester2), '09121234567')).toEqual([]);
    });

    it('internal notes are searchable by staff only', async () => {
      await tickets.addNote(ctx, staffActor(b.agentA1), book.id, { text: 'هماهنگی با انبار شمالی', via: 'panel' });
      expect(await find(staffActor(b.agentA1), 'انبار')).toEqual([book.id]);
      expect(await find(requesterActor(b.requester), 'انبار')).toEqual([]);
    });

    it('LIKE wildcards in the query are literal', async () => {
      expect(containsPattern('50%_!')).toBe('%50!%!_!!%');
      expect(await find(admin, '%')).toEqual([]);
      expect(await find(admin, '_')).toEqual([]);
    });

    it('pages with a cursor, newest first', async () => {
      const first = await searchTickets(ctx, admin, 'زعفران', { limit: 1 });
      expect(first.items.map((t) => t.id)).toEqual([export1.id]);
      expect(first.nextCursor).toBe(export1.id);
      const second = await searchTickets(ctx, admin, 'زعفران', { limit: 1, cursor: first.nextCursor });
      expect(second.items.map((t) => t.id)).toEqual([book.id]);
      expect(second.nextCursor).toBeNull();
      expect((await searchTickets(ctx, admin, '   ')).items).toEqual([]);
    });
  });
}
