/**
 * The card is edited only when it changes, and changes close together become one edit: what the group
 * holds is the card showing the latest state, and the fake saw no more edits than that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../core/entities/ticket.ts';
import { OutboxMessage } from '../../core/entities/system.ts';
import { addRequesterMessage, openTicket } from '../../core/services/tickets/index.ts';
import { setPriority } from '../../core/services/tickets/fields.ts';
import { SlaTarget } from '../../core/entities/sla.ts';
import { fireSla } from '../../jobs/sla/timers.ts';
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
    const { ticket } = await openTicket(
      w.system.core,
      { kind: 'requester', requester: w.b.requester },
      { subjectId: w.b.subjectA.id, title, text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
    );
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
    const mine = edits()
      .slice(before)
      .filter((c) => Number(c.payload.message_id) === cardId);
    expect(edits().slice(before)).toHaveLength(1);
    expect(mine).toHaveLength(1);
    expect(String(mine[0]!.payload.text ?? mine[0]!.payload.caption)).toContain('فوری');
    const rows = await cardRows(t.id);
    expect(rows.filter((r) => r.status === 'cancelled').length).toBeGreaterThanOrEqual(2);
  });

  it('the card shows the SLA status; a breach edits the card (the same message), it posts no second card', async () => {
    const t = await open('مهلت روی کارت');
    const before = await card(t.id);
    expect(before.text).toContain('پاسخ اول: در جریان');
    const target = await w.db.ds.getRepository(SlaTarget).findOneByOrFail({ ticketId: t.id, kind: 'first_response' });
    await w.db.ds.getRepository(SlaTarget).update({ id: target.id }, { deadline: new Date(Date.now() - 60_000) });
    const editsBefore = edits().filter((c) => Number(c.payload.message_id) === before.message_id).length;
    expect(await fireSla(w.system.core, 'breach', target.id, null)).toBe('done');
    await until(async () => ((await card(t.id)).text ?? '').includes('پاسخ اول: از دست رفت'));
    expect((await card(t.id)).message_id).toBe(before.message_id);
    expect(edits().filter((c) => Number(c.payload.message_id) === before.message_id).length).toBe(editsBefore + 1);
    // one card for the ticket in its topic (the breach notice is an alert of its own, not a card)
    const thread = (await w.db.ds.getRepository(Ticket).findOneByOrFail({ id: t.id })).forumThreadId!;
    expect(w.group.botMessages(thread).filter((m) => (m.text ?? m.caption ?? '').includes('مهلت روی کارت') && m.reply_markup)).toHaveLength(1);
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

  it('a ticket opened with a photo: one message, the photo with the card as caption; its edits edit the caption, also after its topic is recreated', async () => {
    const m = w.requester.wrote('برگ‌ها زرد شده‌اند');
    const photo = w.fake.store(w.requester.id, {
      from: w.requester.user,
      ...w.fake.mediaFields('photo', w.fake.fileFrom({ upload: Buffer.from('PHOTO') }, 'leaf.jpg')),
    });
    const fileId = photo.photo!.at(-1)!.file_id;
    const { ticket } = await openTicket(
      w.system.core,
      { kind: 'requester', requester: w.b.requester },
      {
        subjectId: w.b.subjectA.id,
        title: 'برگ زرد',
        text: m.text,
        attachments: [{ kind: 'photo', fileId, messageId: photo.message_id }],
        requesterChatId: w.requester.id,
        requesterMessageId: m.message_id,
      },
    );
    const row = () => w.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id });
    await until(async () => (await row()).cardMessageId !== null);
    const thread = (await row()).forumThreadId!;
    const inTopic = w.group.botMessages(thread).filter((x) => !x.forum_topic_created);
    // the topic holds one message (besides Telegram's "topic created" service line): the photo, the card (header and description) as its caption, the buttons on it
    expect(inTopic).toHaveLength(1);
    expect(inTopic[0]!.photo?.at(-1)?.file_id).toBe(fileId);
    expect(inTopic[0]!.caption).toContain('برگ زرد');
    expect(inTopic[0]!.caption).toContain('برگ‌ها زرد شده‌اند');
    expect(inTopic[0]!.reply_markup?.inline_keyboard?.flat().length).toBeGreaterThan(0);
    await setPriority(w.system.core, staff(), ticket.id, 'urgent');
    await until(async () => ((await card(ticket.id)).caption ?? '').includes('فوری'));
    // the topic is deleted; the next message recreates it, starting with the card in the same form
    w.group.deleteTopic(thread);
    const next = w.requester.wrote('عکس دیگری هم دارم');
    await addRequesterMessage(w.system.core, { kind: 'requester', requester: w.b.requester }, ticket.id, {
      text: next.text,
      chatId: w.requester.id,
      messageId: next.message_id,
    });
    await until(async () => (await row()).forumThreadId !== thread);
    const fresh = (await row()).forumThreadId!;
    await w.group.waitForMessage((x) => x.message_thread_id === fresh && (x.text ?? '').includes('عکس دیگری'));
    const again = await card(ticket.id);
    expect(again.message_thread_id).toBe(fresh);
    expect(again.photo?.at(-1)?.file_id).toBe(fileId);
    // a change after that edits the new card's caption
    await setPriority(w.system.core, staff(), ticket.id, 'low');
    await until(async () => ((await card(ticket.id)).caption ?? '').includes('کم'));
    expect(w.fake.calls.filter((c) => c.method.startsWith('editMessage') && c.error !== undefined)).toEqual([]);
  });
});
