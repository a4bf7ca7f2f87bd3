/**
 * Keys of two channels (issue 20): a Telegram user and a Bale user with the same numeric id, each writing a
 * message with the same message id, are two stored messages on two tickets, and the bot's message links of
 * both chats are kept apart; a repeat on the same channel is still one. Linking refuses what it must (a
 * registered account, another phone, a channel the person has already), and the migration moves existing
 * requesters into requester_channels and back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { Requester, RequesterChannel, Ticket, TicketMessage } from '../../core/entities/index.ts';
import { requesterForChat, linkRequesterMessage, ticketIdOfMessage } from '../../core/read/private-chat.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { ValidationError } from '../../core/services/errors.ts';
import { accountForTicket, linkAccount, linkCandidate } from '../../core/services/requester-channels.ts';
import { register, upsertFromTelegram } from '../../core/services/requesters.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { saveRequester, type TestRequester } from '../support/requesters.ts';

describe.each(DIALECTS)('channels in keys and links on %s', (dialect) => {
  let db: TestDatabase;
  let ds: DataSource;
  let b: Basics;
  let ctx: ReturnType<typeof testContext>;
  let onTelegram: TestRequester;
  let onBale: TestRequester;
  const ID = 7_400_000_001;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    ds = db.ds;
    ctx = testContext(ds, new TestClock(new Date('2026-12-05T07:00:00Z')));
    b = await seedBasics(ds);
    const registeredAt = new Date('2026-12-01T08:00:00Z');
    onTelegram = await saveRequester(ds.manager, { telegramId: ID, fullName: 'تلگرامی', phone: '+989121110001', memberTypeId: b.farmer.id, registeredAt });
    onBale = await saveRequester(ds.manager, {
      telegramId: ID,
      channel: 'bale',
      fullName: 'بله‌ای',
      phone: '+989121110002',
      memberTypeId: b.farmer.id,
      registeredAt,
    });
  });
  afterAll(async () => db?.close());

  it('the same chat and message id on Telegram and on Bale are two messages on two tickets; a repeat is one', async () => {
    const input = { subjectId: b.subjectA.id, title: 'پرسش', text: 'متن پرسش', requesterChatId: ID, requesterMessageId: 77 };
    const a = await tickets.openTicket(ctx, requesterActor(onTelegram), { ...input, channel: 'telegram' });
    const c = await tickets.openTicket(ctx, requesterActor(onBale), { ...input, channel: 'bale' });
    expect(a.duplicate).toBe(false);
    expect(c.duplicate).toBe(false);
    expect(a.ticket.id).not.toBe(c.ticket.id);
    expect([a.ticket.channel, c.ticket.channel]).toEqual(['telegram', 'bale']);
    // follow-ups with the same message id in both chats: both stored
    const m1 = await tickets.addRequesterMessage(ctx, requesterActor(onTelegram), a.ticket.id, { text: 'دوم', channel: 'telegram', chatId: ID, messageId: 78 });
    const m2 = await tickets.addRequesterMessage(ctx, requesterActor(onBale), c.ticket.id, { text: 'دوم', channel: 'bale', chatId: ID, messageId: 78 });
    expect([m1.duplicate, m2.duplicate]).toEqual([false, false]);
    const stored = await ds.getRepository(TicketMessage).find({ where: { requesterChatId: ID, requesterMessageId: 78 }, order: { id: 'ASC' } });
    expect(stored.map((m) => [m.channel, m.ticketId])).toEqual([
      ['telegram', a.ticket.id],
      ['bale', c.ticket.id],
    ]);
    // the same update again on Bale is recognised as the one stored
    const again = await tickets.addRequesterMessage(ctx, requesterActor(onBale), c.ticket.id, { text: 'دوم', channel: 'bale', chatId: ID, messageId: 78 });
    expect(again).toMatchObject({ duplicate: true, message: { id: m2.message.id } });
    // an edit on Bale edits the Bale message only
    await tickets.recordRequesterEdit(ctx, ID, 78, 'دوم، ویرایش‌شده', 'bale');
    expect((await ds.getRepository(TicketMessage).findOneByOrFail({ id: m2.message.id })).text).toBe('دوم، ویرایش‌شده');
    expect((await ds.getRepository(TicketMessage).findOneByOrFail({ id: m1.message.id })).text).toBe('دوم');

    // the bot's links: message 500 of chat ID on each channel belongs to that channel's ticket
    const at = new Date();
    await linkRequesterMessage(ds, { channel: 'telegram', chatId: ID, messageId: 500, ticketId: a.ticket.id, at });
    await linkRequesterMessage(ds, { channel: 'bale', chatId: ID, messageId: 500, ticketId: c.ticket.id, at });
    await linkRequesterMessage(ds, { channel: 'bale', chatId: ID, messageId: 500, ticketId: c.ticket.id, at }); // kept once
    expect(await ticketIdOfMessage(ds, ID, 500, 'telegram')).toBe(a.ticket.id);
    expect(await ticketIdOfMessage(ds, ID, 500, 'bale')).toBe(c.ticket.id);
  });

  it('the account behind a chat and the account a ticket is answered on', async () => {
    expect((await requesterForChat(ds, ID, 'telegram'))!.requester.id).toBe(onTelegram.id);
    expect((await requesterForChat(ds, ID, 'bale'))!.requester.id).toBe(onBale.id);
    // a ticket of a channel he has no account on (his account was removed) falls back to his first account
    const account = await accountForTicket(ds, onBale.id, 'telegram');
    expect(account).toMatchObject({ channel: 'bale', chatId: ID });
  });

  it('linking refuses a registered account, another phone and a channel the person has already', async () => {
    // Reza is registered on Telegram; a new Bale user shares his number
    const reza = await saveRequester(ds.manager, {
      telegramId: 7_400_000_010,
      fullName: 'رضا',
      phone: '+989351230000',
      memberTypeId: b.farmer.id,
      registeredAt: new Date('2026-12-01T08:00:00Z'),
    });
    const placeholder = await upsertFromTelegram(ctx, { channel: 'bale', telegramId: 7_400_000_011, firstName: 'Reza' });
    expect(await linkCandidate(ds, placeholder.id, 'bale', '0935 123 0000')).toEqual({ requesterId: reza.id, channels: ['telegram'] });
    expect(await linkCandidate(ds, placeholder.id, 'telegram', '09351230000')).toBeNull(); // he has a Telegram account already
    expect(await linkCandidate(ds, placeholder.id, 'bale', '09350000000')).toBeNull();
    await expect(linkAccount(ctx, 'bale', 7_400_000_011, reza.id, '09350000000')).rejects.toBeInstanceOf(ValidationError);

    // a second Bale user, registered already, is not linked (his own history would be lost)
    await register(ctx, 7_400_000_012, { phone: '09351230000', fullName: 'رضا دوم', memberTypeId: b.farmer.id }, 'bale');
    await expect(linkAccount(ctx, 'bale', 7_400_000_012, reza.id, '09351230000')).rejects.toBeInstanceOf(ValidationError);

    // the new one is linked; then Reza has a Bale account and no other Bale user is offered him
    const linked = await linkAccount(ctx, 'bale', 7_400_000_011, reza.id, '+989351230000', 'en');
    expect(linked).toMatchObject({ id: reza.id, locale: 'en' });
    expect(await ds.getRepository(Requester).findOneBy({ id: placeholder.id })).toBeNull();
    const second = (await ds.getRepository(RequesterChannel).findOneByOrFail({ channel: 'bale', userId: 7_400_000_012 })).requesterId;
    expect(await linkCandidate(ds, second, 'bale', '09351230000')).toBeNull();
    await expect(linkAccount(ctx, 'bale', 7_400_000_012, reza.id, '09351230000')).rejects.toBeInstanceOf(ValidationError);
    expect(await ds.getRepository(Ticket).countBy({ requesterId: placeholder.id })).toBe(0);
  });
});

describe.each(DIALECTS)('the RequesterChannels migration on %s', (dialect) => {
  let db: TestDatabase;
  afterAll(async () => db?.close());

  it('moves each requester into requester_channels, his tickets and messages onto his channel, and back', async () => {
    db = await createTestDb(dialect);
    const ds = db.ds;
    // back to before RequesterChannels (ReportChannel came after it)
    const undoTo = async (name: string) => {
      for (;;) {
        const [last] = (await ds.query(
          `SELECT name FROM ${dialect === 'mariadb' ? '`schema_migrations`' : '"schema_migrations"'} ORDER BY id DESC LIMIT 1`,
        )) as {
          name: string;
        }[];
        await ds.undoLastMigration({ transaction: 'each' });
        if (last!.name === name) return;
      }
    };
    await undoTo('RequesterChannels1797060000000');
    const at = '2026-12-01 08:00:00.000';
    // the old schema has no entity any more: plain SQL, quoted for the dialect
    const quote = (name: string) => (dialect === 'mariadb' ? `\`${name}\`` : `"${name}"`);
    const insert = (table: string, row: Record<string, unknown>) =>
      ds.query(
        `INSERT INTO ${quote(table)} (${Object.keys(row).map(quote).join(', ')}) VALUES (${Object.keys(row)
          .map(() => '?')
          .join(', ')})`,
        Object.values(row),
      );
    await insert('requesters', { telegramId: 9_001, channel: 'telegram', username: 'tg_user', reachable: 1, fullName: 'الف', nameKey: 'الف' });
    await insert('requesters', { telegramId: 9_001, channel: 'bale', username: null, reachable: 0, fullName: 'ب', nameKey: 'ب' });
    const [tg, bl] = (await ds.query('SELECT id FROM requesters ORDER BY id')) as { id: number }[];
    for (const [n, r] of [
      [1, tg!.id],
      [2, bl!.id],
    ] as const)
      await insert('tickets', { number: n, title: `t${n}`, requesterId: r, createdAt: at, updatedAt: at, lastActivityAt: at });
    const ticketIds = ((await ds.query('SELECT id FROM tickets ORDER BY id')) as { id: number }[]).map((x) => x.id);
    for (const id of ticketIds)
      await insert('ticket_messages', {
        ticketId: id,
        direction: 'in',
        authorKind: 'requester',
        requesterChatId: 9_001,
        requesterMessageId: id, // unique without the channel before the migration
        createdAt: at,
      });

    await ds.runMigrations({ transaction: 'each' });
    const accounts = await ds.getRepository(RequesterChannel).find({ order: { requesterId: 'ASC' } });
    expect(accounts.map((a) => [Number(a.requesterId), a.channel, a.userId, a.chatId, a.username, !!a.reachable, a.linkedAt])).toEqual([
      [Number(tg!.id), 'telegram', 9_001, 9_001, 'tg_user', true, null],
      [Number(bl!.id), 'bale', 9_001, 9_001, null, false, null],
    ]);
    const ts = await ds.getRepository(Ticket).find({ order: { id: 'ASC' } });
    expect(ts.map((x) => x.channel)).toEqual(['telegram', 'bale']);
    const ms = await ds.getRepository(TicketMessage).find({ order: { id: 'ASC' } });
    expect(ms.map((m) => m.channel)).toEqual(['telegram', 'bale']);
    // the new key takes the same message id on both channels
    await ds.getRepository(TicketMessage).update({ id: ms[1]!.id }, { requesterMessageId: ms[0]!.requesterMessageId });

    // and back: each requester gets his account's columns again
    await ds.getRepository(TicketMessage).update({ id: ms[1]!.id }, { requesterMessageId: 999 });
    await undoTo('RequesterChannels1797060000000');
    const back = (await ds.query('SELECT telegramId, channel, username FROM requesters ORDER BY id')) as {
      telegramId: unknown;
      channel: string;
      username: string | null;
    }[];
    expect(back.map((r) => [Number(r.telegramId), r.channel, r.username])).toEqual([
      [9_001, 'telegram', 'tg_user'],
      [9_001, 'bale', null],
    ]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.getRepository(RequesterChannel).count()).toBe(2);
  });
});
