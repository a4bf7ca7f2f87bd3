/**
 * The card is edited only when it changes, and changes close together become one edit: what the group
 * holds is the card showing the latest state, and the fake saw no more edits than that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../core/entities/ticket.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { openTicket } from '../../core/services/tickets/index.ts';
import { setPriority } from '../../core/services/tickets/fields.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from './harness.ts';

const until = async (cond: () => Promise<boolean> | boolean, ms = 10_000) => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.each(DIALECTS)('card edits on %s', (dialect) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'forum', database: dialect });
  });
  afterAll(() => w.close());

  const staff = () => ({ kind: 'staff' as const, staff: w.b.agentA1 });
  const edits = () => w.fake.calls.filter((c) => c.method.startsWith('editMessage') && c.error === undefined);
  const cardRows = (ticketId: number) => w.db.ds.getRepository(OutboxMessage).find({ where: { ticketId, purpose: 'card_edit' }, order: { id: 'ASC' } });

  async function open(title: string) {
    const m = w.requester.wrote('شرح درخواست برای ویرایش کارت');
    const { ticket } = await openTicket(w.system.core, { kind: 'requester', requester: w.b.requester }, { subjectId: w.b.subjectA.id, title, text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id });
    await until(async () => (await w.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).cardMessageId !== null);
    // the card edits the opening itself wrote are settled (sent, skipped as unchanged, or superseded)
    await until(async () => (await cardRows(ticket.id)).every((r) => r.status !== 'pending' && r.status !== 'sending'));
    return ticket;
  }
  const card = async (ticketId: number) => {
    const id = (await w.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticketId })).cardMessageId!;
    return w.group.botMessages().find((m) => m.message_id === id)!;
  };

  it('three changes within a second give one edit, showing the last', async () => {
    const t = await open('سه تغییر');
    const before = edits().length;
    await setPriority(w.system.core, staff(), t.id, 'high');
    await setPriority(w.system.core, staff(), t.id, 'low');
    await setPriority(w.system.core, staff(), t.id, 'urgent');
    await until(async () => ((await card(t.id)).text ?? '').includes('فوری'));
    await until(async () => (await cardRows(t.id)).every((r) => r.status !== 'pending' && r.status !== 'sending'));
    const cardId = (await card(t.id)).message_id;
    const mine = edits().slice(before).filter((c) => Number(c.payload.message_id) === cardId);
    expect(edits().slice(before)).toHaveLength(1);
    expect(mine).toHaveLength(1);
    expect(String(mine[0]!.payload.text ?? mine[0]!.payload.caption)).toContain('فوری');
    const rows = await cardRows(t.id);
    expect(rows.filter((r) => r.status === 'cancelled').length).toBeGreaterThanOrEqual(2);
  });

  it('an edit that would not change the card is never sent', async () => {
    const t = await open('بدون تغییر');
    const before = edits().length;
    const refusedBefore = w.fake.calls.filter((c) => c.method.startsWith('editMessage') && c.error !== undefined).length;
    const seenRows = (await cardRows(t.id)).length;
    // there and back again: the edit that follows shows what the card shows already
    await setPriority(w.system.core, staff(), t.id, 'high');
    await setPriority(w.system.core, staff(), t.id, 'normal');
    await until(async () => {
      const rows = (await cardRows(t.id)).slice(seenRows);
      return rows.length >= 2 && rows.every((r) => r.status === 'sent' || r.status === 'cancelled');
    });
    const last = (await cardRows(t.id)).at(-1)!;
    expect(last.status).toBe('sent');
    expect(last.result).toMatchObject({ unchanged: true });
    expect(edits().slice(before)).toHaveLength(0);
    // and Telegram was not asked for an edit it would refuse as `message is not modified`
    expect(w.fake.calls.filter((c) => c.method.startsWith('editMessage') && c.error !== undefined)).toHaveLength(refusedBefore);
  });
});
