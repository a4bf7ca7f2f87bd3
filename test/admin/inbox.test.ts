/**
 * The inbox query (admin/inbox.ts) against the core's seeing rule: a page is merged from the visibility
 * branches (assignee, creator, follower, team, supervised team), so every list must hold exactly the tickets
 * canSeeTicket allows — each once, in order, across keyset pages — and the tab counts must agree with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxPage, parseFilters, tabCounts, type InboxCursor } from '../../admin/inbox.ts';
import { StaffAccount, Ticket, TicketFollower } from '../../core/entities/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import { canSeeTicket } from '../../core/services/permissions.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

describe.each(DIALECTS)('inbox on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let b: Basics;
  const made: Ticket[] = [];

  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = testContext(db.ds, new TestClock(new Date('2026-12-05T06:30:00Z')));
    b = await seedBasics(db.ds);
    const at = (i: number) => new Date(Date.UTC(2026, 11, 1, 8, Math.floor(i / 2))); // equal times in pairs
    let i = 0;
    const add = async (seed: Parameters<typeof makeTicket>[2]) => made.push(await makeTicket(db.ds, b, { at: at(i++), ...seed }));
    for (let k = 0; k < 12; k++) await add({ title: `A ${k}`, state: k % 3 ? 'open' : 'new', assigneeId: k % 3 ? b.agentA2.id : null });
    for (let k = 0; k < 12; k++) await add({ title: `B ${k}`, teamId: b.teamB.id, subjectId: b.subjectB.id, state: 'open', assigneeId: b.agentB1.id });
    await add({ title: 'B assigned to A1', teamId: b.teamB.id, subjectId: b.subjectB.id, state: 'open', assigneeId: b.agentA1.id });
    await add({ title: 'B followed by A1', teamId: b.teamB.id, subjectId: b.subjectB.id, state: 'open', assigneeId: b.agentB1.id });
    await db.ds.getRepository(TicketFollower).insert({ ticketId: made.at(-1)!.id, staffId: b.agentA1.id });
    await add({ title: 'internal by A1 to B1', teamId: b.teamB.id, internal: true, createdByStaffId: b.agentA1.id, assigneeId: b.agentB1.id, state: 'open' });
    await add({
      title: 'internal in team A, not his',
      teamId: b.teamA.id,
      internal: true,
      createdByStaffId: b.agentA2.id,
      assigneeId: b.agentA2.id,
      state: 'open',
    });
    await add({ title: 'closed in team A', state: 'closed', assigneeId: b.agentA1.id });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  async function walk(staff: StaffAccount, query: Record<string, string>): Promise<Ticket[]> {
    const f = parseFilters(query);
    const out: Ticket[] = [];
    let cursor: InboxCursor | null = null;
    for (let n = 0; n < 20; n++) {
      const page = await inboxPage(ctx, staff, f, cursor);
      out.push(...page.items.map((x) => x.ticket));
      if (!page.next) break;
      const [at, id] = page.next.split('_').map(Number) as [number, number];
      cursor = { at, id };
    }
    return out;
  }

  describe('inbox query', () => {
    it.each(['admin', 'supervisor', 'agentA1', 'agentB1'] as const)('tab all, any state: exactly what %s may see, each once, newest first', async (who) => {
      const staff = b[who];
      const listed = await walk(staff, { tab: 'all', state: 'any' });
      const ids = listed.map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      const expected: number[] = [];
      for (const t of await db.ds.getRepository(Ticket).find()) if (await canSeeTicket(db.ds.manager, staffActor(staff), t)) expected.push(t.id);
      expect([...ids].sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));
      for (let i = 1; i < listed.length; i++) {
        const p = listed[i - 1]!;
        const c = listed[i]!;
        expect(p.updatedAt.getTime() > c.updatedAt.getTime() || (p.updatedAt.getTime() === c.updatedAt.getTime() && p.id > c.id)).toBe(true);
      }
    });

    it("an agent's tabs: his own across teams, his team's, the unassigned; counts agree with the lists", async () => {
      const a1 = b.agentA1;
      const titles = async (q: Record<string, string>) => (await walk(a1, q)).map((x) => x.title).sort();
      expect(await titles({ tab: 'mine' })).toEqual(['B assigned to A1']); // closed is not active
      expect(await titles({ tab: 'mine', state: 'any' })).toEqual(['B assigned to A1', 'closed in team A']);
      const all = await titles({ tab: 'all' });
      expect(all).toContain('B followed by A1');
      expect(all).toContain('internal by A1 to B1');
      expect(all).not.toContain('internal in team A, not his');
      expect(all).not.toContain('B 0');
      expect((await titles({ tab: 'teams' })).every((x) => x.startsWith('A '))).toBe(true);
      expect(await titles({ tab: 'unassigned' })).toEqual(['A 0', 'A 3', 'A 6', 'A 9']);
      const counts = await tabCounts(ctx, a1, parseFilters({ tab: 'all' }));
      for (const tab of ['mine', 'unassigned', 'teams', 'all'] as const) expect(counts[tab], tab).toBe((await walk(a1, { tab })).length);
      // oldest first with the same rows
      const oldest = (await walk(a1, { tab: 'all', sort: 'created_asc' })).map((x) => x.id);
      expect(oldest.length).toBe(all.length);
      expect(oldest).toEqual([...oldest].sort((x, y) => x - y)); // made in id order with rising times
    });
  });
});
