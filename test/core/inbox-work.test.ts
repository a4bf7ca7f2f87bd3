/**
 * The inbox to work from (issue 19.4), core side on both dialects: the SLA due sort (next deadline of a target
 * still counting down, tickets without one last) across keyset pages and visibility branches; the due column's
 * colour by the SLA rule; the unread state per agent (requester message, colleague's note, his own reply, a
 * system move); saved filters per staff account; bulk actions through the single-ticket services, with a
 * refused ticket and the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxPage, parseCursor, parseFilters, tabCounts, type InboxCursor, type InboxRow } from '../../admin/inbox.ts';
import { SlaTarget, StaffAccount, Ticket, TicketEvent } from '../../core/entities/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { markTicketSeen } from '../../core/services/inbox-state.ts';
import { canSeeTicket } from '../../core/services/permissions.ts';
import { deleteSavedFilter, saveFilter, savedFilters } from '../../core/services/saved-filters.ts';
import { addNote, addRequesterMessage, agentReply } from '../../core/services/tickets/index.ts';
import { bulkTicketAction } from '../../core/services/tickets/bulk.ts';
import { nextDue } from '../../core/sla/status.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

const NOW = new Date('2026-12-05T06:30:00Z');
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe.each(DIALECTS)('the inbox to work from on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let clock: TestClock;
  let b: Basics;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    clock = new TestClock(NOW);
    ctx = testContext(db.ds, clock);
    b = await seedBasics(db.ds);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const target = (ticketId: number, kind: 'first_response' | 'resolution', deadline: Date | null, extra: Partial<SlaTarget> = {}) =>
    db.ds.getRepository(SlaTarget).save(
      db.ds.getRepository(SlaTarget).create({
        ticketId,
        kind,
        policyId: null,
        minutes: 60,
        deadline,
        warnAt: null,
        reachedAt: null,
        breached: false,
        breachedAt: null,
        paused: false,
        pausedMinutes: 0,
        cancelled: false,
        warnedAt: null,
        updatedAt: NOW,
        ...extra,
      }),
    );

  async function walk(staff: StaffAccount, query: Record<string, string>): Promise<InboxRow[]> {
    const f = parseFilters(query);
    const out: InboxRow[] = [];
    let cursor: InboxCursor | null = null;
    for (let n = 0; n < 30; n++) {
      const page = await inboxPage(ctx, staff, f, cursor);
      out.push(...page.items);
      if (!page.next) break;
      cursor = parseCursor(page.next);
      expect(cursor).not.toBeNull();
    }
    return out;
  }

  describe('due soonest', () => {
    const due = new Map<number, Date | null>();
    beforeAll(async () => {
      // 30 tickets with a due time (pairs share one), 32 without (none, met, cancelled, paused), over teams A and B:
      // the admin's list turns from due to none on its second page and goes on past it with an `n_<id>` cursor
      for (let i = 0; i < 30; i++) {
        const team = i % 3 === 0 ? { teamId: b.teamB.id, subjectId: b.subjectB.id, assigneeId: i % 2 ? b.agentA1.id : b.agentB1.id } : {};
        const t = await makeTicket(db.ds, b, { title: `due ${i}`, state: 'open', ...team, at: min(-600 + i) });
        const first = min(-90 + 15 * Math.floor((29 - i) / 2)); // some past (late), some ahead, equal in pairs
        await target(t.id, 'first_response', first);
        // a later resolution target, and for some an earlier one that is already met (does not count)
        // (ticket 5: both targets due at once — it is listed once)
        await target(t.id, 'resolution', i % 4 === 0 ? min(-500) : i === 5 ? first : min(2000), i % 4 === 0 ? { reachedAt: min(-520) } : {});
        due.set(t.id, first);
      }
      for (let i = 0; i < 32; i++) {
        const t = await makeTicket(db.ds, b, { title: `none ${i}`, state: 'open', at: min(-300 + i) });
        if (i % 4 === 1) await target(t.id, 'first_response', min(10), { reachedAt: min(-5) });
        if (i % 4 === 2) await target(t.id, 'first_response', min(10), { cancelled: true });
        if (i % 4 === 3) await target(t.id, 'resolution', min(10), { paused: true });
        due.set(t.id, null);
      }
    });

    it.each(['admin', 'agentA1'] as const)('%s: every visible active ticket once, by next deadline then id, those without last', async (who) => {
      const staff = b[who];
      const rows = await walk(staff, { tab: 'all', sort: 'due_asc' });
      const ids = rows.map((r) => r.ticket.id);
      expect(new Set(ids).size).toBe(ids.length);
      const visible: Ticket[] = [];
      for (const t of await db.ds.getRepository(Ticket).find()) if (due.has(t.id) && (await canSeeTicket(db.ds.manager, staffActor(staff), t))) visible.push(t);
      const key = (id: number) => due.get(id)?.getTime() ?? Number.POSITIVE_INFINITY;
      const expected = visible.map((t) => t.id).sort((x, y) => key(x) - key(y) || x - y);
      expect(ids).toEqual(expected);
      expect(ids.length).toBeGreaterThan(25); // crosses a page, and the boundary between due and none
      for (const r of rows) expect(r.due?.at.getTime() ?? null).toBe(due.get(r.ticket.id)?.getTime() ?? null);
    });

    it('pages of the admin: 25 with a due time, then 5 and 20 without, then the rest without (cursor n_<id>)', async () => {
      const f = parseFilters({ tab: 'all', sort: 'due_asc' });
      const one = await inboxPage(ctx, b.admin, f, null);
      const two = await inboxPage(ctx, b.admin, f, parseCursor(one.next!));
      expect(one.items.every((r) => r.due)).toBe(true);
      expect(two.items.filter((r) => r.due).length).toBe(5);
      expect(two.next).toMatch(/^n_\d+$/);
      const three = await inboxPage(ctx, b.admin, f, parseCursor(two.next!));
      expect(three.items.length).toBe(12);
      expect(three.items.every((r) => !r.due)).toBe(true);
      expect(three.next).toBeNull();
    });

    it('colours the due time by the SLA rule: late red, within the at-risk window amber, later green; paused is told', async () => {
      const rows = await walk(b.admin, { tab: 'all', sort: 'due_asc' });
      const late = rows.find((r) => r.due && r.due.at < NOW)!;
      expect(late.due).toMatchObject({ status: 'failed', tone: 'failed' });
      expect(late.due!.minutes).toBeLessThan(0);
      const soon = rows.find((r) => r.due && r.due.minutes > 0 && r.due.minutes <= 30)!;
      expect(soon.due).toMatchObject({ status: 'risk', tone: 'risk' });
      const later = rows.find((r) => r.due && r.due.minutes > 30)!;
      expect(later.due).toMatchObject({ status: 'running', tone: 'ok' });
      expect(rows.filter((r) => r.paused).map((r) => r.ticket.title)).toEqual([3, 7, 11, 15, 19, 23, 27, 31].map((i) => `none ${i}`));
      // the JS rule agrees with the SQL one on a ticket with a met and a running target
      const t = rows.find((r) => r.ticket.title === 'due 0')!;
      const targets = await db.ds.getRepository(SlaTarget).findBy({ ticketId: t.ticket.id });
      expect(nextDue(targets)!.kind).toBe('first_response');
    });
  });

  describe('unread per agent', () => {
    it('never opened, then read, then a requester message or a colleague note makes it unread; his own reply and system moves do not', async () => {
      const t = await makeTicket(db.ds, b, { title: 'unread journey', state: 'open', assigneeId: b.agentA1.id, at: min(-30) });
      const unread = async (staff: StaffAccount) => (await walk(staff, { tab: 'all', unread: '1' })).some((r) => r.ticket.id === t.id);
      const rowOf = async (staff: StaffAccount) => (await walk(staff, { tab: 'all' })).find((r) => r.ticket.id === t.id)!;
      expect((await rowOf(b.agentA1)).unread).toBe(true);
      expect(await unread(b.agentA1)).toBe(true);

      await markTicketSeen(ctx, b.agentA1.id, t.id);
      expect((await rowOf(b.agentA1)).unread).toBe(false);
      expect(await unread(b.agentA1)).toBe(false);
      expect((await rowOf(b.agentA2)).unread).toBe(true); // per agent

      clock.advance(60_000);
      await agentReply(ctx, staffActor(b.agentA1), t.id, { text: 'پاسخ خودم', via: 'panel' });
      await db.ds.getRepository(TicketEvent).insert({
        ticketId: t.id,
        actorKind: 'system',
        actorId: null,
        kind: 'sla',
        action: null,
        before: null,
        after: null,
        note: null,
        createdAt: clock.now(),
      });
      expect((await rowOf(b.agentA1)).unread).toBe(false);

      clock.advance(60_000);
      await addRequesterMessage(ctx, requesterActor(b.requester), t.id, { text: 'پیام تازه' });
      expect((await rowOf(b.agentA1)).unread).toBe(true);
      expect(await unread(b.agentA1)).toBe(true);

      clock.advance(60_000);
      await markTicketSeen(ctx, b.agentA1.id, t.id);
      expect(await unread(b.agentA1)).toBe(false);
      clock.advance(60_000);
      await addNote(ctx, staffActor(b.agentA2), t.id, { text: 'یادداشت همکار', via: 'panel' });
      expect(await unread(b.agentA1)).toBe(true);
      // the tabs count the unread ones under the filter
      const counts = await tabCounts(ctx, b.agentA1, parseFilters({ tab: 'all', unread: '1' }));
      expect(counts.all).toBe((await walk(b.agentA1, { tab: 'all', unread: '1' })).length);
      expect(counts.mine).toBe((await walk(b.agentA1, { tab: 'mine', unread: '1' })).length);
      await markTicketSeen(ctx, b.agentA1.id, t.id);
      expect((await tabCounts(ctx, b.agentA1, parseFilters({ tab: 'all', unread: '1' }))).mine).toBe(counts.mine - 1);
    });
  });

  describe('saved filters', () => {
    it('saves, lists, replaces by name, keeps them per staff account, deletes', async () => {
      const a1 = b.agentA1.id;
      const one = await saveFilter(ctx, a1, '  فوری‌های من ', 'tab=mine&priority=urgent&sort=due_asc&after=123_4&evil=1');
      expect(one.name).toBe('فوری‌های من');
      expect(one.query).toBe('tab=mine&priority=urgent&sort=due_asc'); // no cursor, no unknown key
      await saveFilter(ctx, a1, 'Unread', 'tab=all&unread=1');
      expect((await savedFilters(ctx, a1)).map((x) => x.name).sort()).toEqual(['Unread', 'فوری‌های من']);
      expect(await savedFilters(ctx, b.agentA2.id)).toEqual([]);
      const again = await saveFilter(ctx, a1, 'Unread', 'tab=teams&unread=1');
      expect((await savedFilters(ctx, a1)).find((x) => x.name === 'Unread')).toEqual({ id: again.id, name: 'Unread', query: 'tab=teams&unread=1' });
      await expect(saveFilter(ctx, a1, '   ', 'tab=all')).rejects.toMatchObject({ code: 'validation', fields: { name: 'required' } });
      await expect(saveFilter(ctx, a1, 'x'.repeat(81), 'tab=all')).rejects.toMatchObject({ fields: { name: 'too_long' } });
      await expect(deleteSavedFilter(ctx, b.agentA2.id, one.id)).rejects.toMatchObject({ code: 'not_found' });
      await deleteSavedFilter(ctx, a1, one.id);
      expect((await savedFilters(ctx, a1)).map((x) => x.name)).toEqual(['Unread']);
    });
  });

  describe('bulk actions', () => {
    it('runs each ticket through its service: changed, already so, and refused with the reason; events name the agent', async () => {
      const mk = (title: string, seed: Parameters<typeof makeTicket>[2] = {}) => makeTicket(db.ds, b, { title, state: 'open', at: min(-10), ...seed });
      const t1 = await mk('bulk 1');
      const t2 = await mk('bulk 2', { assigneeId: b.agentA2.id });
      const hidden = await mk('bulk hidden', { teamId: b.teamB.id, subjectId: b.subjectB.id, assigneeId: b.agentB1.id });
      const actor = staffActor(b.agentA1);

      const assigned = await bulkTicketAction(ctx, actor, [t1.id, t2.id, hidden.id], { kind: 'assign', staffId: b.agentA2.id });
      expect(assigned.changed).toEqual([t1.id]);
      expect(assigned.unchanged).toEqual([t2.id]);
      expect(assigned.refused).toEqual([{ ticketId: hidden.id, number: null, code: 'not_found', field: null }]);
      expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: t1.id })).assigneeId).toBe(b.agentA2.id);
      expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: hidden.id })).assigneeId).toBe(b.agentB1.id);
      expect(await db.ds.getRepository(TicketEvent).countBy({ ticketId: t1.id, actorKind: 'staff', actorId: b.agentA1.id, action: 'assign' })).toBe(1);

      // an agent of team B is refused for team A's tickets (an agent may not assign across teams), with the field
      const cross = await bulkTicketAction(ctx, actor, [t1.id], { kind: 'assign', staffId: b.agentB1.id });
      expect(cross.refused).toEqual([{ ticketId: t1.id, number: t1.number, code: 'validation', field: 'staffId' }]);
      expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: t1.id })).assigneeId).toBe(b.agentA2.id);

      const prio = await bulkTicketAction(ctx, actor, [t1.id, t2.id], { kind: 'priority', priority: 'urgent' });
      expect(prio.changed.sort()).toEqual([t1.id, t2.id].sort());

      await bulkTicketAction(ctx, actor, [t1.id, t2.id], { kind: 'add_tags', tags: ['زعفران', 'صادرات'] });
      await bulkTicketAction(ctx, actor, [t2.id], { kind: 'remove_tags', tags: ['زعفران'] });
      expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: t1.id })).tags).toEqual(['زعفران', 'صادرات']);
      expect((await db.ds.getRepository(Ticket).findOneByOrFail({ id: t2.id })).tags).toEqual(['صادرات']);

      const closed = await bulkTicketAction(ctx, actor, [t1.id], { kind: 'close', reason: 'تکراری' });
      expect(closed.changed).toEqual([t1.id]);
      const twice = await bulkTicketAction(ctx, actor, [t1.id, t2.id], { kind: 'close', reason: 'تکراری' });
      expect(twice.changed).toEqual([t2.id]);
      expect(twice.refused).toEqual([{ ticketId: t1.id, number: t1.number, code: 'illegal_transition', field: null }]);

      const mine = await bulkTicketAction(ctx, actor, [t2.id], { kind: 'assign_me' });
      expect(mine.refused.map((r) => r.code)).toEqual(['illegal_transition']); // closed: no assignment
      await expect(bulkTicketAction(ctx, actor, [], { kind: 'assign_me' })).rejects.toMatchObject({ code: 'validation' });
    });
  });
});
