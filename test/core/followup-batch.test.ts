/**
 * Follow-ups of many chats at once are written in one transaction (core/services/tickets/followup-batch.ts):
 * each message stored once with its event as the single path writes it, the ticket's version and last activity
 * moved, the followers told; what the batch does not take (a state change, a blocked requester, a finished
 * ticket, a repeated Telegram message) gets the single path's answer while the others in the batch are written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMessage, Requester, StaffChat, StaffNotice, Ticket, TicketEvent, TicketFollower, TicketMessage } from '../../core/entities/index.ts';
import { registerStaffNotifier } from '../../core/notify/staff.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { RequesterNotAllowedError, TicketFinishedError } from '../../core/services/errors.ts';
import { updateSettings } from '../../core/services/settings.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { searchKey } from '../../core/text/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { saveRequester, type TestRequester } from '../support/requesters.ts';

describe.each(DIALECTS)('follow-ups written in batches on %s', (dialect) => {
  let db: TestDatabase;
  let b: Basics;
  let ctx: ReturnType<typeof testContext>;
  let people: TestRequester[];

  beforeAll(async () => {
    db = await createTestDb(dialect);
    b = await seedBasics(db.ds);
    ctx = testContext(db.ds);
    await updateSettings(ctx, null, { maxOpenTicketsPerRequester: 100 });
    people = [];
    for (let i = 0; i < 12; i++) {
      people.push(
        await saveRequester(db.ds.manager, {
          telegramId: 880_000 + i,
          fullName: `کشاورز ${i}`,
          phone: `+98912555${String(i).padStart(4, '0')}`,
          memberTypeId: b.farmer.id,
          locale: 'fa',
          registeredAt: new Date(),
        }),
      );
    }
  });
  afterAll(async () => db?.close());

  const say = (p: TestRequester, ticketId: number, messageId: number, text = `پیام ${messageId}`) =>
    tickets.addRequesterMessage(ctx, requesterActor(p), ticketId, { text, chatId: p.telegramId, messageId });

  it('twelve chats at once: each message stored once with its event, the ticket moved, the follower told once each', async () => {
    const ts = await Promise.all(people.map((p, i) => makeTicket(db.ds, b, { requesterId: p.id, state: i % 2 ? 'open' : 'new' })));
    // one follower on every ticket, without a Telegram account: a panel notice per message
    await db.ds.getRepository(TicketFollower).insert(ts.map((t) => ({ ticketId: t.id, staffId: b.agentA2.id })));
    const results = await Promise.all(people.map((p, i) => say(p, ts[i]!.id, 100 + i)));
    for (const [i, r] of results.entries()) {
      expect(r.duplicate).toBe(false);
      expect(r.ticket.id).toBe(ts[i]!.id);
      expect(r.ticket.state).toBe(i % 2 ? 'open' : 'new');
      const row = await db.ds.getRepository(TicketMessage).findOneByOrFail({ id: r.message.id });
      expect(row).toMatchObject({ ticketId: ts[i]!.id, direction: 'in', authorKind: 'requester', requesterId: people[i]!.id, text: `پیام ${100 + i}` });
      expect(row.requesterChatId).toBe(people[i]!.telegramId);
      expect(row.requesterMessageId).toBe(100 + i);
      expect(row.textKey).toBe(searchKey(`پیام ${100 + i}`));
      expect(row.createdAt.getTime()).toBe(ctx.clock.now().getTime());
      const events = await db.ds.getRepository(TicketEvent).find({ where: { ticketId: ts[i]!.id, kind: 'message' } });
      expect(events.map((e) => ({ action: e.action, before: e.before, after: e.after, actorKind: e.actorKind, actorId: e.actorId }))).toEqual([
        { action: 'requester_message', before: {}, after: { messageId: r.message.id }, actorKind: 'requester', actorId: people[i]!.id },
      ]);
      const t = await db.ds.getRepository(Ticket).findOneByOrFail({ id: ts[i]!.id });
      expect(t.version).toBe(ts[i]!.version + 1);
      expect(t.lastActivityAt.getTime()).toBe(ctx.clock.now().getTime());
      expect(await db.ds.getRepository(StaffNotice).count({ where: { ticketId: ts[i]!.id, staffId: b.agentA2.id, kind: 'message' } })).toBe(1);
    }
  });

  it('a batch mixed with what only the single path takes: each gets its own answer, the plain ones are written', async () => {
    const [p0, p1, p2, p3, p4, p5] = people;
    const plain = await makeTicket(db.ds, b, { requesterId: p0!.id, state: 'open' });
    const answered = await makeTicket(db.ds, b, { requesterId: p1!.id, state: 'answered', assigneeId: b.agentA1.id });
    const finished = await makeTicket(db.ds, b, { requesterId: p2!.id, state: 'finished' });
    const ofBlocked = await makeTicket(db.ds, b, { requesterId: p3!.id, state: 'open' });
    const repeated = await makeTicket(db.ds, b, { requesterId: p4!.id, state: 'open' });
    const notHis = await makeTicket(db.ds, b, { requesterId: p0!.id, state: 'open' });
    const first = await say(p4!, repeated.id, 500);
    await db.ds.getRepository(Requester).update({ id: p3!.id }, { blocked: true });
    const outcomes = await Promise.allSettled([
      say(p0!, plain.id, 501),
      say(p1!, answered.id, 502),
      say(p2!, finished.id, 503),
      say(p3!, ofBlocked.id, 504),
      say(p4!, repeated.id, 500),
      say(p5!, notHis.id, 505),
    ]);
    await db.ds.getRepository(Requester).update({ id: p3!.id }, { blocked: false });
    const [okPlain, okAnswered, noFinished, noBlocked, dup, noAccess] = outcomes;
    expect(okPlain.status).toBe('fulfilled');
    expect(okAnswered.status === 'fulfilled' && okAnswered.value.ticket.state).toBe('open');
    expect(noFinished.status === 'rejected' && noFinished.reason).toBeInstanceOf(TicketFinishedError);
    expect(noBlocked.status === 'rejected' && noBlocked.reason).toBeInstanceOf(RequesterNotAllowedError);
    expect(dup.status === 'fulfilled' && dup.value).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    expect(noAccess.status).toBe('rejected');
    const count = (ticketId: number) => db.ds.getRepository(TicketMessage).count({ where: { ticketId } });
    expect([
      await count(plain.id),
      await count(answered.id),
      await count(finished.id),
      await count(ofBlocked.id),
      await count(repeated.id),
      await count(notHis.id),
    ]).toEqual([1, 1, 0, 0, 1, 0]);
    // the answered ticket's move is a state event, as the single path writes it
    const moved = await db.ds.getRepository(TicketEvent).find({ where: { ticketId: answered.id, action: 'requester_message' } });
    expect(moved.map((e) => [e.kind, e.before?.state, e.after?.state])).toEqual([['state', 'answered', 'open']]);
  });

  it('a repeated message among new ones in one batch: the batch falls back, each is stored once', async () => {
    const ts = await Promise.all(people.slice(0, 6).map((p) => makeTicket(db.ds, b, { requesterId: p.id, state: 'open' })));
    const first = await say(people[0]!, ts[0]!.id, 700);
    const results = await Promise.all([say(people[0]!, ts[0]!.id, 700), ...people.slice(1, 6).map((p, i) => say(p, ts[i + 1]!.id, 701 + i))]);
    expect(results[0]).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    expect(results.slice(1).map((r) => r.duplicate)).toEqual([false, false, false, false, false]);
    for (const t of ts) expect(await db.ds.getRepository(TicketMessage).count({ where: { ticketId: t.id } })).toBe(1);
  });

  it('with a staff chat bound: each message of a batch is relayed to it once', async () => {
    registerStaffNotifier();
    await db.ds.getRepository(StaffChat).insert({ chatId: -100_777_000, title: 'گروه', layout: 'plain', departmentId: b.department.id, status: 'active' });
    const ts = await Promise.all(people.slice(0, 6).map((p) => makeTicket(db.ds, b, { requesterId: p.id, state: 'open' })));
    const results = await Promise.all(people.slice(0, 6).map((p, i) => say(p, ts[i]!.id, 900 + i)));
    for (const r of results) {
      const relays = await db.ds.getRepository(OutboxMessage).find({ where: { ticketMessageId: r.message.id, purpose: 'relay' } });
      // the requester's own message copied into the group
      expect(relays.map((o) => [o.chatId, o.ticketId, o.method, o.payload.from_chat_id, o.payload.message_id])).toEqual([
        [-100_777_000, r.ticket.id, 'copyMessage', r.message.requesterChatId, r.message.requesterMessageId],
      ]);
    }
  });
});
