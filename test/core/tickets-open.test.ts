/**
 * Opening tickets (requester and internal), the checks before it (registration, block, limit, content
 * rule), automatic assignment per team mode, idempotent Telegram messages and edits, finished tickets.
 * MariaDB.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { OutboxMessage, Requester, StaffAccount, Team, TeamMember, Ticket, TicketEvent, TicketFollower, TicketMessage } from '../../core/entities/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { ContentRuleError, RequesterNotAllowedError, TicketFinishedError, TooManyOpenTicketsError, ValidationError } from '../../core/services/errors.ts';
import { updateSettings } from '../../core/services/settings.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { saveRequester } from '../support/requesters.ts';

describe.each(DIALECTS)('tickets-open on %s', (dialect) => {
  describe('opening tickets', () => {
    let db: TestDatabase;
    let ds: DataSource;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;
    const clock = new TestClock(new Date('2026-12-05T07:00:00Z'));
    let msgId = 500;

    beforeAll(async () => {
      db = await createTestDb(dialect);
      ds = db.ds;
      b = await seedBasics(ds);
      ctx = testContext(ds, clock);
    });
    afterAll(async () => db?.close());
    beforeEach(async () => {
      // each test starts with requester 1 having no open tickets and the default settings
      await ds.getRepository(Ticket).update({ requesterId: b.requester.id }, { state: 'finished' });
      await updateSettings(ctx, null, { contentRule: 'rewrite', maxOpenTicketsPerRequester: 5, agentNameMode: 'agent' });
      await ds.createQueryBuilder().update(Team).set({ assignmentMode: 'manual', lastAssignedStaffId: null, active: true }).execute();
    });

    const me = () => requesterActor(b.requester);
    const good = { title: 'کاشت پیاز', text: 'زمان مناسب کاشت پیاز زعفران چه موقع است؟' };
    const input = (extra: Partial<tickets.OpenTicketInput> = {}): tickets.OpenTicketInput => ({ ...good, subjectId: b.subjectA.id, ...extra });

    it('routes by the catalogue: team from the subject, else the department; priority from the subject', async () => {
      const a = await tickets.openTicket(ctx, me(), input());
      expect(a.ticket).toMatchObject({
        state: 'new',
        teamId: b.teamA.id,
        priority: 'normal',
        valueChainId: b.valueChain.id,
        departmentId: b.department.id,
        subjectId: b.subjectA.id,
        requesterId: b.requester.id,
        internal: false,
        assigneeId: null,
      });
      expect(a.ticket.number).toBeGreaterThan(1000);
      expect(a.message).toMatchObject({ direction: 'in', authorKind: 'requester', kind: 'message', text: good.text });
      const bt = await tickets.openTicket(ctx, me(), input({ subjectId: b.subjectB.id, departmentId: b.department.id, valueChainId: b.valueChain.id }));
      expect([bt.ticket.teamId, bt.ticket.priority]).toEqual([b.teamB.id, 'high']);
      await expect(tickets.openTicket(ctx, me(), input({ departmentId: b.department.id + 999 }))).rejects.toBeInstanceOf(ValidationError);
      await expect(tickets.openTicket(ctx, me(), input({ subjectId: 987654 }))).rejects.toBeInstanceOf(ValidationError);
      // no followers on the requester side
      expect(await ds.getRepository(TicketFollower).count({ where: { ticketId: a.ticket.id } })).toBe(0);
    });

    it('refuses unregistered and blocked requesters, and a requester over the open-ticket limit', async () => {
      const fresh = await saveRequester(ds.manager, { telegramId: 9_100_000_001, fullName: 'تازه', phone: null });
      await expect(tickets.openTicket(ctx, requesterActor(fresh), input())).rejects.toMatchObject({ reason: 'not_registered' });
      await ds.getRepository(Requester).update({ id: b.requester2.id }, { blocked: true });
      try {
        await expect(tickets.openTicket(ctx, requesterActor(b.requester2), input())).rejects.toBeInstanceOf(RequesterNotAllowedError);
      } finally {
        await ds.getRepository(Requester).update({ id: b.requester2.id }, { blocked: false });
      }
      await updateSettings(ctx, null, { maxOpenTicketsPerRequester: 2 });
      await tickets.openTicket(ctx, me(), input());
      await tickets.openTicket(ctx, me(), input());
      const err = await tickets.openTicket(ctx, me(), input()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TooManyOpenTicketsError);
      expect((err as TooManyOpenTicketsError).limit).toBe(2);
    });

    it("content rule 'rewrite' (default) refuses Finglish and stores nothing", async () => {
      const before = await ds.getRepository(Ticket).count();
      const err = await tickets.openTicket(ctx, me(), input({ title: 'salam', text: 'salam, man moshkel daram ba sabte naam' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContentRuleError);
      expect((err as ContentRuleError).reasons).toContain('finglish');
      await expect(tickets.openTicket(ctx, me(), input({ text: 'چرا جواب نمی‌دهید؟؟؟؟' }))).rejects.toMatchObject({ reasons: ['repeated_punctuation'] });
      expect(await ds.getRepository(Ticket).count()).toBe(before);
    });

    it("content rule 'allow' accepts; 'cancel' opens and cancels with the reason recorded and the user told", async () => {
      await updateSettings(ctx, null, { contentRule: 'allow' });
      const ok = await tickets.openTicket(ctx, me(), input({ title: 'help', text: 'hello, I need help with my order' }));
      expect([ok.ticket.state, ok.contentRule]).toEqual(['new', null]);
      await updateSettings(ctx, null, { contentRule: 'cancel' });
      const res = await tickets.openTicket(ctx, me(), input({ title: 'help', text: 'hello, I need help with my order!!!!' }));
      expect(res.ticket.state).toBe('cancelled');
      expect(res.ticket.closeReason).toBe('content_rule');
      expect(res.contentRule).toEqual(expect.arrayContaining(['latin_only', 'repeated_punctuation']));
      const events = await ds.getRepository(TicketEvent).find({ where: { ticketId: res.ticket.id }, order: { id: 'ASC' } });
      expect(events.map((e) => [e.kind, e.action, e.actorKind])).toEqual([
        ['created', 'open', 'requester'],
        ['state', 'cancel', 'system'],
      ]);
      expect(events[1]!.after).toMatchObject({ state: 'cancelled', closeReason: 'content_rule', contentRule: res.contentRule });
      const out = await ds.getRepository(OutboxMessage).find({ where: { ticketId: res.ticket.id } });
      expect(out).toHaveLength(1);
      expect(out[0]!.chatId).toBe(b.requester.telegramId);
      expect(String(out[0]!.payload.text)).toContain('لغو');
      // Persian text is never caught
      const fine = await tickets.openTicket(ctx, me(), input({ text: 'لطفاً فایل PDF راهنما را بفرستید' }));
      expect(fine.ticket.state).toBe('new');
    });

    it('a repeated Telegram update opens one ticket (also when the two race)', async () => {
      const chat = b.requester.telegramId;
      const id = msgId++;
      const [x, y] = await Promise.all([
        tickets.openTicket(ctx, me(), input({ requesterChatId: chat, requesterMessageId: id })),
        tickets.openTicket(ctx, me(), input({ requesterChatId: chat, requesterMessageId: id })),
      ]);
      expect(x.ticket.id).toBe(y.ticket.id);
      expect([x.duplicate, y.duplicate].sort()).toEqual([false, true]);
      const again = await tickets.openTicket(ctx, me(), input({ requesterChatId: chat, requesterMessageId: id }));
      expect([again.ticket.id, again.duplicate]).toEqual([x.ticket.id, true]);
      expect(await ds.getRepository(TicketEvent).count({ where: { ticketId: x.ticket.id, kind: 'created' } })).toBe(1);
    });

    it('assignment modes: manual none, round robin in turn (cursor stored), balanced by load; inactive skipped', async () => {
      const manual = await tickets.openTicket(ctx, me(), input());
      expect(manual.ticket.assigneeId).toBeNull();

      await ds.getRepository(Team).update({ id: b.teamA.id }, { assignmentMode: 'round_robin' });
      await updateSettings(ctx, null, { maxOpenTicketsPerRequester: 50 });
      const rr: (number | null)[] = [];
      for (let i = 0; i < 4; i++) rr.push((await tickets.openTicket(ctx, me(), input())).ticket.assigneeId);
      // members of A in id order: supervisor, A1, A2
      const order = [b.supervisor.id, b.agentA1.id, b.agentA2.id].sort((p, q) => p - q);
      expect(rr).toEqual([order[0], order[1], order[2], order[0]]);
      expect((await ds.getRepository(Team).findOneByOrFail({ id: b.teamA.id })).lastAssignedStaffId).toBe(order[0]);
      const one = await ds.getRepository(Ticket).findOneByOrFail({ assigneeId: order[0]! });
      expect(one.state).toBe('open');
      const ev = await ds.getRepository(TicketEvent).find({ where: { ticketId: one.id }, order: { id: 'ASC' } });
      expect(ev.map((e) => [e.kind, e.action, e.actorKind])).toEqual([
        ['created', 'open', 'requester'],
        ['state', 'assign', 'system'],
      ]);
      expect(await ds.getRepository(TicketFollower).count({ where: { ticketId: one.id, staffId: order[0]! } })).toBe(1);

      // an inactive membership and an inactive account take no part
      await ds.getRepository(TeamMember).update({ teamId: b.teamA.id, staffId: order[1]! }, { active: false });
      await ds.getRepository(StaffAccount).update({ id: order[2]! }, { active: false });
      try {
        expect((await tickets.openTicket(ctx, me(), input())).ticket.assigneeId).toBe(order[0]);
        expect((await tickets.openTicket(ctx, me(), input())).ticket.assigneeId).toBe(order[0]);
      } finally {
        await ds.getRepository(TeamMember).update({ teamId: b.teamA.id, staffId: order[1]! }, { active: true });
        await ds.getRepository(StaffAccount).update({ id: order[2]! }, { active: true });
      }

      // balanced: the member with the fewest tickets in new/open/answered/resolved
      await ds.getRepository(Team).update({ id: b.teamA.id }, { assignmentMode: 'balanced' });
      const load = async (id: number) =>
        ds
          .getRepository(Ticket)
          .createQueryBuilder('t')
          .where('t.assigneeId = :id', { id })
          .andWhere("t.state IN ('new','open','answered','resolved')")
          .getCount();
      const before = await Promise.all(order.map(load));
      const min = Math.min(...before);
      const expected = order[before.indexOf(min)];
      const bal = await tickets.openTicket(ctx, me(), input());
      expect(bal.ticket.assigneeId).toBe(expected);
    });

    it('an internal request to a colleague: internal, the recipient assigned, creator and recipient follow', async () => {
      const res = await tickets.openInternalTicket(ctx, staffActor(b.agentB1), {
        toStaffId: b.agentA2.id,
        type: 'مشاوره',
        priority: 'high',
        title: 'بررسی قرارداد',
        text: 'لطفاً قرارداد پیوست را بررسی کنید',
      });
      expect(res.ticket).toMatchObject({
        internal: true,
        state: 'open',
        assigneeId: b.agentA2.id,
        teamId: b.teamA.id,
        createdByStaffId: b.agentB1.id,
        requesterId: null,
        priority: 'high',
        type: 'مشاوره',
      });
      const followers = (await ds.getRepository(TicketFollower).find({ where: { ticketId: res.ticket.id } })).map((f) => f.staffId).sort();
      expect(followers).toEqual([b.agentA2.id, b.agentB1.id].sort());
      const ev = await ds.getRepository(TicketEvent).find({ where: { ticketId: res.ticket.id }, order: { id: 'ASC' } });
      expect(ev.map((e) => [e.kind, e.action])).toEqual([
        ['created', 'open'],
        ['state', 'assign'],
      ]);
      // from the bot: a staff-type member; a farmer may not
      const viaBot = await tickets.openInternalTicket(ctx, requesterActor(b.staffMember), { toStaffId: b.agentB1.id, text: 'درخواست هماهنگی جلسه' });
      expect(viaBot.ticket).toMatchObject({ internal: true, requesterId: b.staffMember.id, assigneeId: b.agentB1.id, teamId: b.teamB.id });
      await expect(tickets.openInternalTicket(ctx, me(), { toStaffId: b.agentB1.id, text: 'سلام' })).rejects.toMatchObject({ reason: 'not_staff_member' });
    });

    it('a duplicate requester message is stored once, with one event; edits keep the previous text', async () => {
      const t = await tickets.openTicket(ctx, me(), input());
      const chat = b.requester.telegramId;
      const id = msgId++;
      const first = await tickets.addRequesterMessage(ctx, me(), t.ticket.id, { text: 'پیام پیگیری', chatId: chat, messageId: id });
      const events = await ds.getRepository(TicketEvent).count({ where: { ticketId: t.ticket.id } });
      const second = await tickets.addRequesterMessage(ctx, me(), t.ticket.id, { text: 'پیام پیگیری', chatId: chat, messageId: id });
      expect([second.duplicate, second.message.id]).toEqual([true, first.message.id]);
      expect(await ds.getRepository(TicketEvent).count({ where: { ticketId: t.ticket.id } })).toBe(events);
      expect(await ds.getRepository(TicketMessage).count({ where: { ticketId: t.ticket.id } })).toBe(2);

      clock.advance(60_000);
      const edited = await tickets.recordRequesterEdit(ctx, chat, id, 'پیام پیگیری (ويرایش شده)');
      expect(edited!.message.text).toBe('پیام پیگیری (ویرایش شده)');
      expect(edited!.message.previousTexts).toEqual(['پیام پیگیری']);
      expect(edited!.message.editedAt?.toISOString()).toBe(clock.now().toISOString());
      const last = await ds.getRepository(TicketEvent).findOneOrFail({ where: { ticketId: t.ticket.id }, order: { id: 'DESC' } });
      expect([last.kind, last.actorKind, last.actorId]).toEqual(['message_edit', 'requester', b.requester.id]);
      expect(await tickets.recordRequesterEdit(ctx, chat, 999_999, 'x')).toBeNull();
      // a reply to our own earlier message is linked
      const reply = await tickets.addRequesterMessage(ctx, me(), t.ticket.id, { text: 'در پاسخ', chatId: chat, messageId: msgId++, replyToMessageId: id });
      expect(reply.message.replyToId).toBe(first.message.id);
    });

    it('a finished ticket refuses messages with its number; a new ticket may link it', async () => {
      const old = await makeTicket(ds, b, { state: 'finished', assigneeId: b.agentA1.id });
      const err = await tickets.addRequesterMessage(ctx, me(), old.id, { text: 'سؤال تازه' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TicketFinishedError);
      expect((err as TicketFinishedError).ticketNumber).toBe(old.number);
      expect((err as TicketFinishedError).details).toMatchObject({ ticketId: old.id, ticketNumber: old.number });
      const linked = await tickets.openTicket(ctx, me(), input({ linkedTicketId: old.id }));
      expect(linked.ticket.linkedTicketId).toBe(old.id);
      // someone else's ticket cannot be linked
      const foreign = await makeTicket(ds, b, { state: 'finished', requesterId: b.requester2.id });
      await expect(tickets.openTicket(ctx, me(), input({ linkedTicketId: foreign.id }))).rejects.toMatchObject({ code: 'not_found' });
    });

    it('agent reply stamps the first response once and takes an unassigned ticket', async () => {
      const t = await tickets.openTicket(ctx, me(), input());
      clock.advance(5 * 60_000);
      const r1 = await tickets.agentReply(ctx, staffActor(b.agentA2), t.ticket.id, { text: 'در حال بررسی', via: 'telegram' });
      expect([r1.ticket.state, r1.ticket.assigneeId]).toEqual(['answered', b.agentA2.id]);
      expect(r1.ticket.firstResponseAt?.toISOString()).toBe(clock.now().toISOString());
      const first = r1.ticket.firstResponseAt!.toISOString();
      clock.advance(60_000);
      const r2 = await tickets.agentReply(ctx, staffActor(b.agentA2), t.ticket.id, { text: 'پاسخ دوم', via: 'panel' });
      expect(r2.ticket.firstResponseAt!.toISOString()).toBe(first);
      expect(r2.ticket.lastActivityAt.toISOString()).toBe(clock.now().toISOString());
      expect(await ds.getRepository(TicketFollower).count({ where: { ticketId: t.ticket.id, staffId: b.agentA2.id } })).toBe(1);
    });

    it('not resolved: back to open with the same assignee and the reason as a requester message', async () => {
      const t = await makeTicket(ds, b, { state: 'resolved', assigneeId: b.agentA1.id });
      const res = await tickets.notResolved(ctx, me(), t.id, { text: 'هنوز برگ‌ها زرد می‌شوند', chatId: b.requester.telegramId, messageId: msgId++ });
      expect([res.ticket.state, res.ticket.assigneeId, res.ticket.resolvedAt]).toEqual(['open', b.agentA1.id, null]);
      expect(res.message).toMatchObject({ direction: 'in', text: 'هنوز برگ‌ها زرد می‌شوند' });
      const ev = await ds.getRepository(TicketEvent).findOneOrFail({ where: { ticketId: t.id }, order: { id: 'DESC' } });
      expect([ev.kind, ev.action, ev.after?.messageId]).toEqual(['state', 'not_resolved', res.message.id]);
    });

    it('confirm resolved writes the rating and closes', async () => {
      const t = await makeTicket(ds, b, { state: 'resolved', assigneeId: b.agentA1.id });
      const { ticket, rating } = await tickets.confirmResolved(ctx, me(), t.id, { score: 5, comment: 'عالی بود' });
      expect(ticket.state).toBe('closed');
      expect(rating).toMatchObject({
        ticketId: t.id,
        requesterId: b.requester.id,
        assigneeId: b.agentA1.id,
        teamId: b.teamA.id,
        score: 5,
        comment: 'عالی بود',
      });
      await expect(tickets.confirmResolved(ctx, me(), t.id, { score: 6 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('transfer moves team and assignee with the note in the event; department transfer keeps or drops the subject', async () => {
      const t = await tickets.openTicket(ctx, me(), input());
      const moved = await tickets.transfer(ctx, staffActor(b.supervisor), t.ticket.id, { teamId: b.teamB.id, note: 'مربوط به صادرات است' });
      expect([moved.teamId, moved.assigneeId, moved.state]).toEqual([b.teamB.id, null, 'new']);
      const ev = await ds.getRepository(TicketEvent).findOneOrFail({ where: { ticketId: t.ticket.id }, order: { id: 'DESC' } });
      expect([ev.kind, ev.note, ev.before?.teamId, ev.after?.teamId]).toEqual(['transfer', 'مربوط به صادرات است', b.teamA.id, b.teamB.id]);
      const toAgent = await tickets.transfer(ctx, staffActor(b.admin), t.ticket.id, { staffId: b.agentB1.id });
      expect([toAgent.teamId, toAgent.assigneeId, toAgent.state]).toEqual([b.teamB.id, b.agentB1.id, 'open']);
      await expect(tickets.transfer(ctx, staffActor(b.admin), t.ticket.id, { teamId: b.teamA.id, staffId: b.agentB1.id })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(tickets.assign(ctx, staffActor(b.agentB1), t.ticket.id, b.agentA1.id)).rejects.toBeInstanceOf(ValidationError);
    });
  });
});
