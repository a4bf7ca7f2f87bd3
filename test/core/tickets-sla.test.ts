/**
 * The ticket core and core/sla together (MariaDB): every change that moves SLA targets recomputes them in
 * its own transaction, and ctx.onSlaChange hears the changes after commit (never for a rollback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { SlaPolicy, SlaTarget } from '../../core/entities/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import type { SlaTargetChange } from '../../core/sla/service.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';

describe.each(DIALECTS)('tickets-sla on %s', (dialect) => {
  describe('SLA targets follow ticket changes', () => {
    let db: TestDatabase;
    let ds: DataSource;
    let b: Basics;
    // Saturday 2026-12-05 09:00 in Tehran (UTC+3:30)
    const clock = new TestClock(new Date('2026-12-05T05:30:00Z'));
    let ctx: ReturnType<typeof testContext>;
    const heard: SlaTargetChange[][] = [];

    beforeAll(async () => {
      db = await createTestDb(dialect);
      ds = db.ds;
      b = await seedBasics(ds);
      ctx = { ...testContext(ds, clock), onSlaChange: (c: SlaTargetChange[]) => heard.push(c) };
      await ds.getRepository(SlaPolicy).save({
        name: 'default',
        teamId: null,
        subjectId: null,
        minPriority: null,
        firstResponseMinutes: 60,
        resolutionMinutes: 240,
        ceilingMinutes: 24 * 60,
        calendarId: b.calendar.id,
        sortOrder: 0,
        active: true,
      });
    });
    afterAll(async () => db?.close());

    const targets = async (ticketId: number) => Object.fromEntries((await ds.getRepository(SlaTarget).find({ where: { ticketId } })).map((t) => [t.kind, t]));

    it('open sets the targets; a reply meets the first response; answered pauses resolution', async () => {
      const { ticket } = await tickets.openTicket(ctx, requesterActor(b.requester), { subjectId: b.subjectA.id, title: 'آفت', text: 'برگ‌ها لکه دارند' });
      let t = await targets(ticket.id);
      expect(t.first_response!.deadline!.toISOString()).toBe('2026-12-05T06:30:00.000Z'); // 10:00 Tehran
      expect(t.resolution!.deadline!.toISOString()).toBe('2026-12-05T09:30:00.000Z'); // 13:00 Tehran
      expect(
        heard
          .at(-1)!
          .map((c) => [c.ticketId, c.kind, c.running])
          .sort(),
      ).toEqual([
        [ticket.id, 'first_response', true],
        [ticket.id, 'resolution', true],
      ]);
      expect(ticket.slaPolicyId).not.toBeNull();

      clock.advance(30 * 60_000);
      const n = heard.length;
      await tickets.agentReply(ctx, staffActor(b.agentA1), ticket.id, { text: 'بررسی می‌کنیم', via: 'panel' });
      t = await targets(ticket.id);
      expect(t.first_response!.reachedAt!.toISOString()).toBe(clock.now().toISOString());
      expect(t.first_response!.breached).toBe(false);
      expect(t.resolution!.paused).toBe(true);
      expect(heard.length).toBe(n + 1);
      expect(heard.at(-1)!.every((c) => c.running === false)).toBe(true);

      // a refused move recomputes nothing and tells nobody
      await expect(tickets.confirmResolved(ctx, requesterActor(b.requester), ticket.id, { score: 5 })).rejects.toMatchObject({ code: 'illegal_transition' });
      expect(heard.length).toBe(n + 1);

      // the requester answers: the resolution clock runs again, the pause counted
      clock.advance(60 * 60_000);
      await tickets.addRequesterMessage(ctx, requesterActor(b.requester), ticket.id, { text: 'عکس را فرستادم' });
      t = await targets(ticket.id);
      expect([t.resolution!.paused, t.resolution!.pausedMinutes]).toEqual([false, 60]);
      expect(t.resolution!.deadline!.toISOString()).toBe('2026-12-05T10:30:00.000Z'); // 13:00 + 60 min paused
    });

    it('a higher priority or another team recomputes in the same transaction', async () => {
      const urgent = await ds.getRepository(SlaPolicy).save({
        name: 'urgent',
        teamId: null,
        subjectId: null,
        minPriority: 'urgent',
        firstResponseMinutes: 30,
        resolutionMinutes: 120,
        ceilingMinutes: null,
        calendarId: b.calendar.id,
        sortOrder: 0,
        active: true,
      });
      const teamB = await ds.getRepository(SlaPolicy).save({
        name: 'team B',
        teamId: b.teamB.id,
        subjectId: null,
        minPriority: null,
        firstResponseMinutes: 15,
        resolutionMinutes: 60,
        ceilingMinutes: null,
        calendarId: b.calendar.id,
        sortOrder: 0,
        active: true,
      });
      clock.set('2026-12-06T05:30:00Z'); // Sunday 09:00 Tehran
      const { ticket } = await tickets.openTicket(ctx, requesterActor(b.requester), { subjectId: b.subjectA.id, title: 'آفت دوم', text: 'باز هم لکه' });
      expect((await targets(ticket.id)).first_response!.deadline!.toISOString()).toBe('2026-12-06T06:30:00.000Z');
      const n = heard.length;
      const raised = await tickets.setPriority(ctx, staffActor(b.agentA1), ticket.id, 'urgent');
      expect(raised.slaPolicyId).toBe(urgent.id);
      expect((await targets(ticket.id)).first_response!.deadline!.toISOString()).toBe('2026-12-06T06:00:00.000Z');
      expect(heard.length).toBe(n + 1);
      const moved = await tickets.transfer(ctx, staffActor(b.admin), ticket.id, { teamId: b.teamB.id, note: 'به تیم ب' });
      expect(moved.slaPolicyId).toBe(teamB.id);
      expect((await targets(ticket.id)).first_response!.deadline!.toISOString()).toBe('2026-12-06T05:45:00.000Z');
      expect(heard.length).toBe(n + 2);
    });
  });
});
