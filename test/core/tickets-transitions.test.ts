/**
 * Every (state, action) pair of the transition table through the real services, on MariaDB and SQLite:
 * an allowed move succeeds, lands in the expected state and leaves exactly one new event; any other move
 * throws IllegalTransitionError (TicketFinishedError for messages to a finished ticket) and changes nothing.
 * The expected table below is written out by hand, independently of core/services/tickets/transitions.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { OutboxMessage, Rating, Ticket, TicketEvent, TicketMessage } from '../../core/entities/index.ts';
import { TICKET_STATES, type TicketState } from '../../core/entities/enums.ts';
import { staffActor, requesterActor, type Actor } from '../../core/services/actor.ts';
import { IllegalTransitionError, TicketFinishedError } from '../../core/services/errors.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { KIND_OF_ACTION, TICKET_ACTIONS, TRANSITIONS, canMove, type TicketAction } from '../../core/services/tickets/index.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

type Expect = Partial<Record<TicketState, TicketState>>;
const ACTIVE4 = (to?: TicketState): Expect => ({
  new: to ?? 'new',
  open: to ?? 'open',
  answered: to ?? 'answered',
  resolved: to ?? 'resolved',
});
const ALL_BUT_FINISHED: Expect = { ...ACTIVE4(), closed: 'closed', cancelled: 'cancelled' };

/** fixture: a `new` ticket is unassigned, every other state is assigned to agent A1 */
const EXPECTED: Record<Exclude<TicketAction, 'open'>, Expect> = {
  requester_message: { new: 'new', open: 'open', answered: 'open', resolved: 'open', closed: 'open' },
  agent_reply: { new: 'answered', open: 'answered', answered: 'answered', resolved: 'resolved' },
  note: ALL_BUT_FINISHED,
  assign: { new: 'open', open: 'open', answered: 'answered', resolved: 'resolved' },
  assign_to_me: { new: 'open', open: 'open', answered: 'answered', resolved: 'resolved' },
  unassign: { open: 'new', answered: 'answered', resolved: 'resolved' },
  transfer: { new: 'open', open: 'open', answered: 'answered', resolved: 'resolved' },
  set_priority: ACTIVE4(),
  set_type: ALL_BUT_FINISHED,
  set_tags: ALL_BUT_FINISHED,
  resolve: { new: 'resolved', open: 'resolved', answered: 'resolved' },
  confirm_resolved: { resolved: 'closed' },
  not_resolved: { resolved: 'open' },
  close: ACTIVE4('closed'),
  cancel: ACTIVE4('cancelled'),
  reopen: { closed: 'open', cancelled: 'open' },
  step_back: { answered: 'open', resolved: 'open' },
  finish: { closed: 'finished' },
  auto_close: { answered: 'closed', resolved: 'closed' },
  link: { ...ALL_BUT_FINISHED, finished: 'finished' },
  merge: { ...ACTIVE4('finished'), closed: 'finished' },
  merge_in: ACTIVE4(),
};

const MESSAGE_ACTIONS = ['requester_message', 'agent_reply', 'note'];

for (const [dialect, make] of [
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const) {
  describe(`transition table on ${dialect}`, () => {
    let db: TestDatabase;
    let ds: DataSource;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;
    let other: Ticket;
    let msgSeq = 100;

    beforeAll(async () => {
      db = await make();
      ds = db.ds;
      b = await seedBasics(ds);
      ctx = testContext(ds, new TestClock(new Date('2026-12-05T07:00:00Z')));
      other = await makeTicket(ds, b, { state: 'open', assigneeId: b.agentA1.id });
    });
    afterAll(async () => db?.close());

    const admin = (): Actor => staffActor(b.admin);
    const a1 = (): Actor => staffActor(b.agentA1);
    const a2 = (): Actor => staffActor(b.agentA2);
    const req = (): Actor => requesterActor(b.requester);

    /** performs one action on a ticket with a sensible actor */
    function perform(action: Exclude<TicketAction, 'open'>, id: number): Promise<unknown> {
      switch (action) {
        case 'requester_message':
          return tickets.addRequesterMessage(ctx, req(), id, { text: 'سلام، هنوز منتظرم', chatId: b.requester.telegramId, messageId: msgSeq++ });
        case 'agent_reply':
          return tickets.agentReply(ctx, a1(), id, { text: 'پاسخ کارشناس', via: 'panel' });
        case 'note':
          return tickets.addNote(ctx, a1(), id, { text: 'یادداشت داخلی', via: 'panel' });
        case 'assign':
          return tickets.assign(ctx, admin(), id, b.agentA2.id);
        case 'assign_to_me':
          return tickets.assignToMe(ctx, a2(), id);
        case 'unassign':
          return tickets.assign(ctx, admin(), id, null);
        case 'transfer':
          return tickets.transfer(ctx, admin(), id, { teamId: b.teamB.id, staffId: b.agentB1.id, note: 'برای صادرات' });
        case 'set_priority':
          return tickets.setPriority(ctx, admin(), id, 'urgent');
        case 'set_type':
          return tickets.setType(ctx, admin(), id, 'مشاوره');
        case 'set_tags':
          return tickets.setTags(ctx, admin(), id, ['کاشت']);
        case 'resolve':
          return tickets.resolve(ctx, a1(), id);
        case 'confirm_resolved':
          return tickets.confirmResolved(ctx, req(), id, { score: 4, comment: 'ممنون' });
        case 'not_resolved':
          return tickets.notResolved(ctx, req(), id, { text: 'مشکل هنوز هست', chatId: b.requester.telegramId, messageId: msgSeq++ });
        case 'close':
          return tickets.close(ctx, a1(), id, 'انجام شد');
        case 'cancel':
          return tickets.cancel(ctx, a1(), id, 'spam');
        case 'reopen':
          return tickets.reopen(ctx, a1(), id);
        case 'step_back':
          return tickets.stepBack(ctx, a1(), id);
        case 'finish':
          return tickets.finish(ctx, id);
        case 'auto_close':
          return tickets.autoClose(ctx, id);
        case 'link':
          return tickets.linkTicket(ctx, admin(), id, other.id);
        case 'merge':
          return tickets.mergeTickets(ctx, admin(), other.id, id);
        case 'merge_in':
          return makeTicket(ds, b, { state: 'open', assigneeId: b.agentA1.id }).then((dup) => tickets.mergeTickets(ctx, admin(), id, dup.id));
      }
    }

    async function snapshot(id: number) {
      return {
        ticket: await ds.getRepository(Ticket).findOneByOrFail({ id }),
        events: await ds.getRepository(TicketEvent).count({ where: { ticketId: id } }),
        messages: await ds.getRepository(TicketMessage).count({ where: { ticketId: id } }),
        ratings: await ds.getRepository(Rating).count({ where: { ticketId: id } }),
        outbox: await ds.getRepository(OutboxMessage).count({ where: { ticketId: id } }),
      };
    }

    it('the table in the code is the table of this test', () => {
      for (const action of TICKET_ACTIONS) {
        if (action === 'open') {
          expect(TICKET_STATES.filter((s) => canMove('open', s))).toEqual([]);
          continue;
        }
        for (const state of TICKET_STATES) expect([action, state, canMove(action, state)]).toEqual([action, state, EXPECTED[action][state] !== undefined]);
      }
      expect(Object.keys(TRANSITIONS).sort()).toEqual([...TICKET_ACTIONS].sort());
    });

    it('open creates a new ticket with exactly one event', async () => {
      const res = await tickets.openTicket(ctx, req(), {
        subjectId: b.subjectA.id,
        title: 'کاشت پیاز زعفران',
        text: 'زمان مناسب کاشت پیاز زعفران کی است؟',
      });
      expect(res.ticket.state).toBe('new');
      const events = await ds.getRepository(TicketEvent).find({ where: { ticketId: res.ticket.id } });
      expect(events.map((e) => [e.kind, e.action])).toEqual([['created', 'open']]);
      expect(events[0]!.after).toMatchObject({ state: 'new', priority: 'normal', teamId: b.teamA.id, subjectId: b.subjectA.id });
    });

    for (const action of TICKET_ACTIONS) {
      if (action === 'open') continue;
      for (const state of TICKET_STATES) {
        const expected = EXPECTED[action][state];
        it(`${action} on ${state} → ${expected ?? 'refused'}`, async () => {
          const t = await makeTicket(ds, b, { state, assigneeId: state === 'new' ? null : b.agentA1.id });
          const before = await snapshot(t.id);
          if (expected) {
            await perform(action, t.id);
            const after = await snapshot(t.id);
            expect(after.ticket.state).toBe(expected);
            expect(after.events - before.events).toBe(1);
            const [event] = await ds.getRepository(TicketEvent).find({ where: { ticketId: t.id }, order: { id: 'DESC' }, take: 1 });
            expect(event!.action).toBe(action);
            expect(event!.kind).toBe(expected !== state ? 'state' : KIND_OF_ACTION[action]);
            if (expected !== state) expect([event!.before?.state, event!.after?.state]).toEqual([state, expected]);
            expect(after.ticket.version).toBe(before.ticket.version + 1);
          } else {
            const err = await perform(action, t.id).then(
              () => null,
              (e: unknown) => e,
            );
            expect(err).toBeInstanceOf(IllegalTransitionError);
            if (state === 'finished' && MESSAGE_ACTIONS.includes(action)) {
              expect(err).toBeInstanceOf(TicketFinishedError);
              expect((err as TicketFinishedError).ticketNumber).toBe(t.number);
              expect((err as TicketFinishedError).code).toBe('ticket_finished');
            }
            expect(await snapshot(t.id)).toEqual(before);
          }
        });
      }
    }

    it('a reopening counts, clears the close and stays with the assignee', async () => {
      const t = await makeTicket(ds, b, { state: 'closed', assigneeId: b.agentA1.id });
      await ds.getRepository(Ticket).update({ id: t.id }, { closeReason: 'done' });
      const after = await tickets.reopen(ctx, a1(), t.id);
      expect([after.state, after.reopenCount, after.closedAt, after.closeReason, after.assigneeId]).toEqual(['open', 1, null, null, b.agentA1.id]);
      const unassigned = await makeTicket(ds, b, { state: 'closed', assigneeId: null });
      expect((await tickets.reopen(ctx, admin(), unassigned.id)).state).toBe('new');
    });

    it('a requester message on a closed ticket reopens it (reopenCount + 1)', async () => {
      const t = await makeTicket(ds, b, { state: 'closed', assigneeId: b.agentA1.id });
      const res = await tickets.addRequesterMessage(ctx, req(), t.id, { text: 'دوباره سؤال دارم', chatId: b.requester.telegramId, messageId: msgSeq++ });
      expect([res.ticket.state, res.ticket.reopenCount]).toEqual(['open', 1]);
    });
  });
}
