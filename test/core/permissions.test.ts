/**
 * Permissions in the service layer (core/services/permissions.ts) on MariaDB: what each role sees and may
 * do, direct ids of invisible tickets (NotFound, never Forbidden), notes hidden from requesters, and the
 * SQL filter for lists agreeing with the per-ticket rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { StaffAccount, Team, TeamMember, Ticket, TicketEvent, TicketMessage } from '../../core/entities/index.ts';
import { requesterActor, staffActor, SYSTEM_ACTOR, type Actor } from '../../core/services/actor.ts';
import { ForbiddenError, NotFoundError } from '../../core/services/errors.ts';
import { allowedActions, assertCanAct, canAct, canSeeTicket, visibleTicketsWhere } from '../../core/services/permissions.ts';
import { TICKET_ACTIONS } from '../../core/services/tickets/transitions.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { searchTickets } from '../../core/services/search.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

describe.each(DIALECTS)('permissions on %s', (dialect) => {
  describe('permissions', () => {
    let db: TestDatabase;
    let ds: DataSource;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;
    let tA: Ticket; // team A, assigned to A1, requester 1
    let tB: Ticket; // team B, assigned to B1, requester 2
    let internalA: Ticket; // internal, team A, to A2, created by B1
    let outsider: StaffAccount; // an agent in no team
    let inactive: StaffAccount;

    beforeAll(async () => {
      db = await createTestDb(dialect);
      ds = db.ds;
      b = await seedBasics(ds);
      ctx = testContext(ds);
      tA = await makeTicket(ds, b, { state: 'open', teamId: b.teamA.id, assigneeId: b.agentA1.id, title: 'تیکت تیم الف' });
      tB = await makeTicket(ds, b, {
        state: 'open',
        teamId: b.teamB.id,
        assigneeId: b.agentB1.id,
        requesterId: b.requester2.id,
        subjectId: b.subjectB.id,
        title: 'تیکت تیم ب',
      });
      internalA = await makeTicket(ds, b, {
        state: 'open',
        teamId: b.teamA.id,
        assigneeId: b.agentA2.id,
        requesterId: null,
        internal: true,
        createdByStaffId: b.agentB1.id,
        title: 'درخواست همکار',
      });
      outsider = await ds.manager.save(ds.manager.create(StaffAccount, { username: `out_${Date.now()}`, displayName: 'بیرونی', role: 'agent', active: true }));
      inactive = await ds.manager.save(
        ds.manager.create(StaffAccount, { username: `off_${Date.now()}`, displayName: 'غیرفعال', role: 'admin', active: false }),
      );
    });
    afterAll(async () => db?.close());

    const sees = (actor: Actor, t: Ticket) => canSeeTicket(ds.manager, actor, t);
    const listed = async (actor: Actor) => {
      const cond = await visibleTicketsWhere(ds.manager, actor, 't');
      const rows = await ds.getRepository(Ticket).createQueryBuilder('t').where(cond.sql, cond.params).getMany();
      return rows
        .map((r) => r.id)
        .filter((id) => [tA.id, tB.id, internalA.id].includes(id))
        .sort((x, y) => x - y);
    };
    const ids = (...ts: Ticket[]) => ts.map((t) => t.id).sort((x, y) => x - y);

    it('admin and system see everything; an inactive account nothing', async () => {
      for (const actor of [staffActor(b.admin), SYSTEM_ACTOR]) {
        for (const t of [tA, tB, internalA]) expect(await sees(actor, t)).toBe(true);
        expect(await listed(actor)).toEqual(ids(tA, tB, internalA));
      }
      expect(await sees(staffActor(inactive), tA)).toBe(false);
      expect(await listed(staffActor(inactive))).toEqual([]);
    });

    it('a supervisor sees his team, including its internal tickets, and not other invited teams', async () => {
      const sup = staffActor(b.supervisor);
      expect([await sees(sup, tA), await sees(sup, internalA), await sees(sup, tB)]).toEqual([true, true, false]);
      expect(await listed(sup)).toEqual(ids(tA, internalA));
    });

    it('an agent sees his team, not its internal tickets of others, and what he takes part in', async () => {
      const a1 = staffActor(b.agentA1);
      expect([await sees(a1, tA), await sees(a1, internalA), await sees(a1, tB)]).toEqual([true, false, false]);
      expect(await listed(a1)).toEqual(ids(tA));
      // B1 created the internal ticket: he sees it although it lives in team A
      const b1 = staffActor(b.agentB1);
      expect([await sees(b1, tB), await sees(b1, internalA), await sees(b1, tA)]).toEqual([true, true, false]);
      expect(await listed(b1)).toEqual(ids(tB, internalA));
      // A2 is the recipient
      expect(await sees(staffActor(b.agentA2), internalA)).toBe(true);
      expect(await listed(staffActor(b.agentA2))).toEqual(ids(tA, internalA));
    });

    it("visibility 'all' opens a team's (non-internal) tickets to every agent; 'invited' keeps them to members", async () => {
      const out = staffActor(outsider);
      expect(await listed(out)).toEqual([]);
      await ds.getRepository(Team).update({ id: b.teamA.id }, { visibility: 'all' });
      try {
        expect([await sees(out, tA), await sees(out, internalA), await sees(out, tB)]).toEqual([true, false, false]);
        expect(await listed(out)).toEqual(ids(tA));
        // seeing is not acting: a non-member may note and take it, not resolve it
        await expect(assertCanAct(ds.manager, out, tA, 'note')).resolves.toBeUndefined();
        await expect(assertCanAct(ds.manager, out, tA, 'resolve')).rejects.toBeInstanceOf(ForbiddenError);
        const taken = await tickets.assignToMe(ctx, out, tA.id);
        expect(taken.assigneeId).toBe(outsider.id);
        // now the assignee: he acts
        await expect(assertCanAct(ds.manager, out, taken, 'resolve')).resolves.toBeUndefined();
        await tickets.assign(ctx, staffActor(b.admin), tA.id, b.agentA1.id);
      } finally {
        await ds.getRepository(Team).update({ id: b.teamA.id }, { visibility: 'invited' });
      }
    });

    it('a follower sees the ticket', async () => {
      const t = await makeTicket(ds, b, { state: 'open', teamId: b.teamB.id, assigneeId: b.agentB1.id, subjectId: b.subjectB.id });
      expect(await sees(staffActor(b.agentA1), t)).toBe(false);
      await ds.manager.insert('ticket_followers', { ticketId: t.id, staffId: b.agentA1.id });
      expect(await sees(staffActor(b.agentA1), t)).toBe(true);
      const cond = await visibleTicketsWhere(ds.manager, staffActor(b.agentA1), 't');
      expect(await ds.getRepository(Ticket).createQueryBuilder('t').where(cond.sql, cond.params).andWhere('t.id = :id', { id: t.id }).getCount()).toBe(1);
    });

    it("fetching or acting by id on another team's ticket is NotFound, not Forbidden, and changes nothing", async () => {
      const a1 = staffActor(b.agentA1);
      const events = await ds.getRepository(TicketEvent).count({ where: { ticketId: tB.id } });
      await expect(tickets.getTicket(ctx, a1, tB.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.getTicketByNumber(ctx, a1, tB.number)).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.ticketTimeline(ctx, a1, tB.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.agentReply(ctx, a1, tB.id, { text: 'سلام', via: 'panel' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.addNote(ctx, a1, tB.id, { text: 'یادداشت', via: 'panel' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.assignToMe(ctx, a1, tB.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.resolve(ctx, a1, tB.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.close(ctx, a1, tB.id, 'x')).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.setPriority(ctx, a1, tB.id, 'urgent')).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.transfer(ctx, a1, tB.id, { teamId: b.teamA.id })).rejects.toBeInstanceOf(NotFoundError);
      // a requester and another requester's ticket
      const r1 = requesterActor(b.requester);
      await expect(tickets.getTicket(ctx, r1, tB.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.addRequesterMessage(ctx, r1, tB.id, { text: 'سلام' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(tickets.confirmResolved(ctx, r1, tB.id, { score: 5 })).rejects.toBeInstanceOf(NotFoundError);
      expect(await ds.getRepository(TicketEvent).count({ where: { ticketId: tB.id } })).toBe(events);
      expect((await ds.getRepository(Ticket).findOneByOrFail({ id: tB.id })).version).toBe(tB.version);
      // and search does not find it either
      expect((await searchTickets(ctx, a1, String(tB.number))).items.map((t) => t.id)).toEqual([]);
      expect((await searchTickets(ctx, staffActor(b.agentB1), String(tB.number))).items.map((t) => t.id)).toEqual([tB.id]);
    });

    it('a requester sees only his own tickets, never notes, and does only requester actions', async () => {
      const r1 = requesterActor(b.requester);
      expect([await sees(r1, tA), await sees(r1, tB), await sees(r1, internalA)]).toEqual([true, false, false]);
      await tickets.addNote(ctx, staffActor(b.agentA1), tA.id, { text: 'یادداشت محرمانه', via: 'panel' });
      await tickets.agentReply(ctx, staffActor(b.agentA1), tA.id, { text: 'پاسخ عمومی', via: 'panel' });
      await tickets.transfer(ctx, staffActor(b.admin), tA.id, { staffId: b.agentA2.id, note: 'یادداشت انتقال' });
      const mine = await tickets.ticketTimeline(ctx, r1, tA.id);
      expect(mine.messages.map((m) => m.text)).toEqual(['پاسخ عمومی']);
      expect(mine.messages.every((m) => m.kind === 'message')).toBe(true);
      expect(mine.events.every((e) => ['created', 'state'].includes(e.kind))).toBe(true);
      expect(JSON.stringify(mine)).not.toContain('محرمانه');
      expect(JSON.stringify(mine)).not.toContain('یادداشت انتقال');
      const staffView = await tickets.ticketTimeline(ctx, staffActor(b.agentA2), tA.id);
      expect(staffView.messages.map((m) => m.kind)).toContain('note');
      expect(staffView.events.map((e) => e.kind)).toContain('transfer');
      // requester-only actions
      await expect(tickets.resolve(ctx, r1, tA.id)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(tickets.setPriority(ctx, r1, tA.id, 'urgent')).rejects.toBeInstanceOf(ForbiddenError);
      await expect(tickets.addNote(ctx, r1, tA.id, { text: 'x', via: 'panel' })).rejects.toBeInstanceOf(ForbiddenError);
      // staff never does the requester's part
      await expect(assertCanAct(ds.manager, staffActor(b.admin), tA, 'confirm_resolved')).rejects.toBeInstanceOf(ForbiddenError);
      const list = await tickets.listRequesterTickets(ctx, r1);
      expect(list.items.every((t) => t.requesterId === b.requester.id)).toBe(true);
      expect(list.items.map((t) => t.id)).toContain(tA.id);
    });

    it('the requester closes only where the team allows it, and reopens only closed tickets', async () => {
      const r1 = requesterActor(b.requester);
      const t = await makeTicket(ds, b, { state: 'answered', assigneeId: b.agentA1.id });
      await expect(tickets.close(ctx, r1, t.id, null)).rejects.toBeInstanceOf(ForbiddenError);
      await ds.getRepository(Team).update({ id: b.teamA.id }, { customerCloseAllowed: true });
      try {
        const closed = await tickets.close(ctx, r1, t.id, null);
        expect(closed.state).toBe('closed');
        expect((await tickets.reopen(ctx, r1, t.id)).state).toBe('open');
        const cancelled = await makeTicket(ds, b, { state: 'cancelled', assigneeId: b.agentA1.id });
        await expect(tickets.reopen(ctx, r1, cancelled.id)).rejects.toBeInstanceOf(ForbiddenError);
      } finally {
        await ds.getRepository(Team).update({ id: b.teamA.id }, { customerCloseAllowed: false });
      }
    });

    it('an agent of the team acts; an agent outside is refused even where he may see', async () => {
      const t = await makeTicket(ds, b, { state: 'open', assigneeId: b.agentA1.id });
      await expect(tickets.setPriority(ctx, staffActor(b.agentA2), t.id, 'high')).resolves.toMatchObject({ priority: 'high' });
      const member = await ds.getRepository(TeamMember).findOneByOrFail({ teamId: b.teamA.id, staffId: b.agentA2.id });
      expect(member.supervisor).toBe(false);
      const msg = await ds.getRepository(TicketMessage).count({ where: { ticketId: t.id } });
      await expect(tickets.agentReply(ctx, staffActor(outsider), t.id, { text: 'x', via: 'panel' })).rejects.toBeInstanceOf(NotFoundError);
      expect(await ds.getRepository(TicketMessage).count({ where: { ticketId: t.id } })).toBe(msg);
    });
    it('allowedActions (a page of buttons, one read of the teams) gives what canAct gives action by action', async () => {
      const actors: Actor[] = [
        staffActor(b.admin),
        staffActor(b.supervisor),
        staffActor(b.agentA1),
        staffActor(b.agentA2),
        staffActor(b.agentB1),
        staffActor(outsider),
        staffActor(inactive),
        requesterActor(b.requester),
        requesterActor(b.requester2),
        SYSTEM_ACTOR,
      ];
      const actions = ['view', ...TICKET_ACTIONS] as const;
      let allowedSomewhere = 0;
      for (const actor of actors) {
        for (const t of [tA, tB, internalA]) {
          const one = new Set<string>();
          for (const a of actions) if (await canAct(ds.manager, actor, t, a)) one.add(a);
          expect(await allowedActions(ds.manager, actor, t, actions)).toEqual(one);
          allowedSomewhere += one.size;
        }
      }
      expect(allowedSomewhere).toBeGreaterThan(50);
    });
  });
});
