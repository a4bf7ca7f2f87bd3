/**
 * The panel's reads that moved into core (the adapters no longer query): the ticket-action log of the audit
 * page with its filters and keyset pages, a requester's tickets as a given staff member may see them, the
 * staff of a report scope — on MariaDB and SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, requesterActor } from '../../core/services/actor.ts';
import { listTicketEvents } from '../../core/services/audit.ts';
import { scopeMemberIds } from '../../core/services/reports/scope.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { requesterTicketsVisibleTo } from '../../core/services/tickets/visible.ts';
import { pickerLists } from '../../core/read/pickers.ts';
import { DIALECTS, createTestDb, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

describe.each(DIALECTS)('panel reads on %s', (dialect) => {
  let db: TestDatabase;
  let b: Basics;
  let ctx: ReturnType<typeof testContext>;
  let ids: { a: number; b: number };

  beforeAll(async () => {
    db = await createTestDb(dialect);
    b = await seedBasics(db.ds);
    ctx = testContext(db.ds);
    const inA = await makeTicket(db.ds, b, { teamId: b.teamA.id, requesterId: b.requester.id, state: 'open' });
    const inB = await makeTicket(db.ds, b, { teamId: b.teamB.id, requesterId: b.requester.id, state: 'open' });
    ids = { a: inA.id, b: inB.id };
    await tickets.assign(ctx, staffActor(b.admin), inA.id, b.agentA1.id);
    await tickets.assign(ctx, staffActor(b.admin), inB.id, b.agentB1.id);
    await tickets.resolve(ctx, staffActor(b.agentA1), inA.id);
  });
  afterAll(() => db.close());

  it('the ticket-action log filters by kind, staff member and pages by id', async () => {
    const all = await listTicketEvents(ctx, { limit: 200 });
    expect(all.items.length).toBeGreaterThanOrEqual(6);
    expect(all.items.map((e) => e.id)).toEqual([...all.items.map((e) => e.id)].sort((x, y) => y - x));
    const byAgent = await listTicketEvents(ctx, { staffId: b.agentA1.id });
    expect(byAgent.items.length).toBeGreaterThan(0);
    expect(byAgent.items.every((e) => e.actorKind === 'staff' && e.actorId === b.agentA1.id)).toBe(true);
    const assigns = await listTicketEvents(ctx, { kind: 'assign' });
    expect(assigns.items.length).toBe(2);
    const first = await listTicketEvents(ctx, { limit: 2 });
    expect(first.nextCursor).toBe(first.items[1]!.id);
    const second = await listTicketEvents(ctx, { limit: 2, cursor: first.nextCursor });
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
    const future = await listTicketEvents(ctx, { from: new Date('2099-01-01T00:00:00Z') });
    expect(future.items).toEqual([]);
  });

  it("a requester's tickets as each staff member may see them", async () => {
    const byAdmin = await requesterTicketsVisibleTo(ctx, staffActor(b.admin), b.requester.id);
    expect(byAdmin.map((t) => t.id).sort()).toEqual([ids.a, ids.b].sort());
    const byAgentA = await requesterTicketsVisibleTo(ctx, staffActor(b.agentA1), b.requester.id);
    expect(byAgentA.map((t) => t.id)).toEqual([ids.a]);
    await expect(requesterTicketsVisibleTo(ctx, requesterActor(b.requester2), b.requester.id)).resolves.toEqual([]);
  });

  it('the staff of a report scope, and the picker lists', async () => {
    expect(await scopeMemberIds(ctx, null)).toBeNull();
    expect(await scopeMemberIds(ctx, [])).toEqual(new Set());
    const teamA = await scopeMemberIds(ctx, [b.teamA.id]);
    expect(teamA!.has(b.agentA1.id)).toBe(true);
    expect(teamA!.has(b.agentB1.id)).toBe(false);
    const lists = await pickerLists(ctx);
    expect(lists.teams.map((t) => t.id)).toContain(b.teamB.id);
    expect(lists.subjects.find((s) => s.id === b.subjectA.id)?.parentId).toBe(b.department.id);
  });
});
