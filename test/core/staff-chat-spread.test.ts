/**
 * Several staff chats for one department (issue 17), in the core with a settable clock and no worker (the
 * outbox rows stay pending, so each chat's backlog is exactly what the test wrote):
 * - a new ticket goes to the chat with the fewest counted messages pending (edits and topic calls do not
 *   count), ties to the one with fewer open tickets; the ticket stays in its chat;
 * - a team with "no staff chat" gets none;
 * - the delay check tells the supervisors once an episode: a panel notice each and a private message to the
 *   linked ones; not again while the delay stays over the setting; again after it dropped below and rose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat, Team } from '../../core/entities/org.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { StaffNotice, Ticket } from '../../core/entities/ticket.ts';
import { registerStaffNotifier, staffChatOf } from '../../core/notify/staff.ts';
import { checkChatDelays, staffChatQueues } from '../../core/services/chat-delays.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { addRequesterMessage, openTicket } from '../../core/services/tickets/index.ts';
import { transact } from '../../core/tx.ts';
import { TestClock, testContext } from '../support/context.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';

describe.each(DIALECTS)('several staff chats per department on %s', (dialect) => {
  let db: TestDatabase;
  let b: Basics;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let chats: StaffChat[];
  beforeAll(async () => {
    registerStaffNotifier();
    db = await createTestDb(dialect);
    b = await seedBasics(db.ds);
    clock = new TestClock();
    ctx = testContext(db.ds, clock);
    await updateSettings(ctx, b.admin.id, { maxOpenTicketsPerRequester: 100 });
    const repo = db.ds.getRepository(StaffChat);
    chats = [];
    for (const i of [1, 2, 3])
      chats.push(await repo.save(repo.create({ chatId: -100_000 - i, title: `میز ${i}`, layout: 'forum', departmentId: b.department.id, teamId: null })));
  }, 60_000);
  afterAll(() => db?.close());

  const filler = (chatId: number, method: string, n: number) =>
    transact(ctx, (tx) =>
      tx.outbox(...Array.from({ length: n }, (_, i) => ({ chatId, method, payload: { text: `پر ${i}`, message_id: 1 }, purpose: 'test' }))),
    );
  const open = async (title: string) =>
    (await openTicket(ctx, { kind: 'requester', requester: b.requester }, { subjectId: b.subjectA.id, title, text: `شرح ${title}` })).ticket;
  const chatOf = async (id: number) => (await db.ds.getRepository(Ticket).findOneByOrFail({ id })).staffChatId;

  it('a new ticket goes to the chat with the least backlog (counted messages), ties to fewer open tickets; it stays there', async () => {
    const [g1, g2, g3] = chats as [StaffChat, StaffChat, StaffChat];
    await filler(g1.chatId, 'sendMessage', 2);
    await filler(g2.chatId, 'copyMessage', 1);
    // edits are not messages to Telegram's group limit: they do not make a backlog
    await filler(g3.chatId, 'editMessageText', 5);
    const t1 = await open('یکم');
    expect(await chatOf(t1.id)).toBe(g3.id);
    // g3 now holds t1's card (1 counted; its topic call does not count): g2 and g3 tie at 1, g2 has no open ticket
    const t2 = await open('دوم');
    expect(await chatOf(t2.id)).toBe(g2.id);
    // g1 2, g2 2, g3 1
    const t3 = await open('سوم');
    expect(await chatOf(t3.id)).toBe(g3.id);
    // each ticket's cards and relays are written to its own chat only, its follow-ups too
    await addRequesterMessage(ctx, { kind: 'requester', requester: b.requester }, t2.id, { text: 'پیگیری دوم' });
    const rows = await db.ds.getRepository(OutboxMessage).find({ where: [{ ticketId: t1.id }, { ticketId: t2.id }, { ticketId: t3.id }] });
    const staffRows = rows.filter((r) => r.chatId < 0);
    const expected = new Map([
      [t1.id, g3.chatId],
      [t2.id, g2.chatId],
      [t3.id, g3.chatId],
    ]);
    expect(staffRows.length).toBeGreaterThanOrEqual(7);
    for (const r of staffRows) expect(r.chatId).toBe(expected.get(r.ticketId!));
    expect(staffRows.some((r) => r.ticketId === t2.id && (r.payload.text as string | undefined)?.includes('پیگیری دوم'))).toBe(true);
    // a later message of t1 stays in g3 even though g3 is now the busiest
    await filler(g3.chatId, 'sendMessage', 10);
    const t1row = await db.ds.getRepository(Ticket).findOneByOrFail({ id: t1.id });
    expect((await staffChatOf(db.ds.manager, t1row))?.id).toBe(g3.id);
    expect((await staffChatOf(db.ds.manager, t1row, { spread: true }))?.id).toBe(g3.id);
  });

  it('a team with "no staff chat" has none, even with chats bound to its department', async () => {
    await db.ds.getRepository(Team).update({ id: b.teamA.id }, { noStaffChat: true });
    try {
      expect(await staffChatOf(db.ds.manager, { staffChatId: null, departmentId: b.department.id, teamId: b.teamA.id }, { spread: true })).toBeNull();
      expect(await staffChatOf(db.ds.manager, { staffChatId: chats[0]!.id, departmentId: b.department.id, teamId: b.teamA.id })).toBeNull();
    } finally {
      await db.ds.getRepository(Team).update({ id: b.teamA.id }, { noStaffChat: false });
    }
  });

  it('the delay alert: once an episode, to the supervisors (notice each, private message to the linked), again only after the delay dropped and rose', async () => {
    const outbox = db.ds.getRepository(OutboxMessage);
    // a fresh episode: nothing pending anywhere, the supervisor linked, the team B agent not told
    await outbox.update({ status: 'pending' }, { status: 'sent' });
    await checkChatDelays(ctx);
    await db.ds.getRepository(StaffAccount).update({ id: b.supervisor.id }, { telegramId: 777_001 });
    const g1 = chats[0]!;
    const alerts = () => outbox.find({ where: { purpose: 'chat_delay' }, order: { id: 'ASC' } });
    const notices = () => db.ds.getRepository(StaffNotice).find({ where: { kind: 'chat_delay' }, order: { id: 'ASC' } });

    await filler(g1.chatId, 'sendMessage', 3);
    clock.advance(4 * 60_000); // under the default 5 minutes
    expect((await checkChatDelays(ctx)).alerted).toEqual([]);
    expect((await staffChatQueues(ctx, [g1], clock.now())).get(g1.id)).toMatchObject({ pending: 3, over: false });
    clock.advance(2 * 60_000); // 6 minutes behind
    expect((await checkChatDelays(ctx)).alerted).toEqual([g1.id]);
    expect((await staffChatQueues(ctx, [g1], clock.now())).get(g1.id)).toMatchObject({ pending: 3, over: true });
    clock.advance(60_000);
    expect((await checkChatDelays(ctx)).alerted).toEqual([]); // still the same episode
    expect(await alerts()).toHaveLength(1);
    const [dm] = await alerts();
    expect(dm!.chatId).toBe(777_001);
    expect(String(dm!.payload.text)).toContain('میز 1');
    expect(String(dm!.payload.text)).toContain('پنل');
    // the department's team's supervisor only (not the admin: the team has a supervisor), in the panel too
    expect((await notices()).map((n) => [n.staffId, n.ticketId, n.data?.staffChatId])).toEqual([[b.supervisor.id, null, g1.id]]);

    // the queue drains: the episode ends; it fills and ages again: a second alert
    await outbox.update({ chatId: g1.chatId, status: 'pending' }, { status: 'sent' });
    expect((await checkChatDelays(ctx)).cleared).toEqual([g1.id]);
    expect((await checkChatDelays(ctx)).alerted).toEqual([]);
    await filler(g1.chatId, 'sendMessage', 1);
    clock.advance(5 * 60_000);
    expect((await checkChatDelays(ctx)).alerted).toEqual([g1.id]);
    expect(await alerts()).toHaveLength(2);
    expect(await notices()).toHaveLength(2);

    // the setting moves the threshold
    await outbox.update({ chatId: g1.chatId, status: 'pending' }, { status: 'sent' });
    await checkChatDelays(ctx);
    await updateSettings(ctx, b.admin.id, { chatDelayAlertMinutes: 30 });
    await filler(g1.chatId, 'sendMessage', 1);
    clock.advance(10 * 60_000);
    expect((await checkChatDelays(ctx)).alerted).toEqual([]);
    clock.advance(21 * 60_000);
    expect((await checkChatDelays(ctx)).alerted).toEqual([g1.id]);
    await updateSettings(ctx, b.admin.id, { chatDelayAlertMinutes: 5 });
  });
});
