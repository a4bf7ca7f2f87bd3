/**
 * The read every private update makes (core/read/private-chat.ts requesterForChat): the requester behind the
 * chat, his account's reachability, his member type's staff flag and his open tickets, newest activity first —
 * for the chats of one event-loop turn in ONE statement (the requester and his tickets were two; issue 18's
 * inbound path). Requesters with several open tickets, with none (only closed ones), unknown chats, a staff
 * member type, an unreachable account, on both databases, and inside a transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { Ticket } from '../../core/entities/index.ts';
import { requesterForChat } from '../../core/read/private-chat.ts';
import { requesterActor } from '../../core/services/actor.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { saveRequester, type TestRequester } from '../support/requesters.ts';

/** the statements every query runner of `ds` sends while `run` runs */
async function statements<T>(ds: DataSource, run: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const runner = ds.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: (...a: unknown[]) => Promise<unknown> };
  await runner.release();
  const original = proto.query;
  const sql: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    sql.push(String(args[0]));
    return original.apply(this, args);
  };
  try {
    return { result: await run(), sql };
  } finally {
    proto.query = original;
  }
}

describe.each(DIALECTS)("the chat's requester and his open tickets on %s", (dialect) => {
  let db: TestDatabase;
  let ds: DataSource;
  let b: Basics;
  let many: TestRequester;
  let none: TestRequester;
  let staff: TestRequester;
  const base = 7_510_000_000 + Math.floor(Math.random() * 1_000_000);
  const open: number[] = [];

  beforeAll(async () => {
    db = await createTestDb(dialect);
    ds = db.ds;
    b = await seedBasics(ds);
    const clock = new TestClock(new Date('2026-12-05T07:00:00Z'));
    const ctx = testContext(ds, clock);
    const registeredAt = new Date('2026-12-01T08:00:00Z');
    many = await saveRequester(ds.manager, { telegramId: base + 1, fullName: 'کشاورز یک', phone: '+989121110101', memberTypeId: b.farmer.id, registeredAt });
    none = await saveRequester(ds.manager, {
      telegramId: base + 2,
      fullName: 'کشاورز دو',
      phone: '+989121110102',
      memberTypeId: b.farmer.id,
      registeredAt,
      reachable: false,
    });
    staff = await saveRequester(ds.manager, { telegramId: base + 3, fullName: 'کارمند', phone: '+989121110103', memberTypeId: b.employee.id, registeredAt });
    for (let i = 0; i < 4; i++) {
      clock.advance(60_000);
      const r = await tickets.openTicket(ctx, requesterActor(many), { subjectId: b.subjectA.id, title: `پرسش ${i}`, text: `متن ${i}` });
      open.push(r.ticket.id);
    }
    const closedOne = await tickets.openTicket(ctx, requesterActor(none), { subjectId: b.subjectA.id, title: 'بسته', text: 'متن' });
    // the oldest of `many` and the only one of `none` are no longer open
    await ds.getRepository(Ticket).update(open.shift()!, { state: 'closed' });
    await ds.getRepository(Ticket).update(closedOne.ticket.id, { state: 'closed' });
    // the second-newest becomes the one with the latest activity
    await ds.getRepository(Ticket).update(open[1]!, { lastActivityAt: new Date('2026-12-05T09:00:00Z') });
  });
  afterAll(async () => db?.close());

  it('answers the chats of one turn with one statement: requesters, flags and open tickets newest activity first', async () => {
    const { result, sql } = await statements(ds, () =>
      Promise.all([requesterForChat(ds, base + 1), requesterForChat(ds, base + 2), requesterForChat(ds, base + 3), requesterForChat(ds, base + 99)]),
    );
    expect(sql).toHaveLength(1);
    const [a, n, s, unknown] = result;
    expect(a!.requester.id).toBe(many.id);
    expect(a!.requester.registeredAt).toBeInstanceOf(Date);
    expect(a!.requester.fullName).toBe('کشاورز یک');
    expect(a!.openTickets.map((t) => t.id)).toEqual([open[1], open[2], open[0]]);
    expect(a!.openTickets.every((t) => t.lastActivityAt instanceof Date && t.requesterId === many.id)).toBe(true);
    expect([a!.staffType, a!.reachable]).toEqual([false, true]);
    expect(n!.requester.id).toBe(none.id);
    expect(n!.openTickets).toEqual([]);
    expect(n!.reachable).toBe(false);
    expect(s!.requester.id).toBe(staff.id);
    expect(s!.staffType).toBe(true);
    expect(s!.openTickets).toEqual([]);
    expect(unknown).toBeNull();
  });

  it('reads the same inside a transaction (its own statement, not shared)', async () => {
    const inTx = await ds.transaction((em) => requesterForChat(em, base + 1));
    expect(inTx!.requester.id).toBe(many.id);
    expect(inTx!.openTickets.map((t) => t.id)).toEqual([open[1], open[2], open[0]]);
    // the requester instance is one object however many tickets joined it
    expect(new Set(inTx!.openTickets.map((t) => t.requesterId))).toEqual(new Set([many.id]));
  });
});
