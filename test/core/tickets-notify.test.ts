/**
 * What the requester's chat is sent (core/notify): outbox rows written in the change's transaction (a
 * rolled-back change leaves none), the reply header with the agent's name or the team alias, HTML
 * escaping, replies to the requester's message, media with captions, the resolve question with its
 * buttons, close/reopen/cancel messages, the staff-side hook list, and the callback_data codec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { OutboxMessage, Requester, Ticket, TicketEvent } from '../../core/entities/index.ts';
import { decodeTicketCallback, encodeNotResolved, encodeRating, encodeResolved, ratingKeyboard, resolutionKeyboard } from '../../core/notify/callbacks.ts';
import { registerNotifier } from '../../core/notify/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { updateSettings } from '../../core/services/settings.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { transact } from '../../core/tx.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';

describe.each(DIALECTS)('tickets-notify on %s', (dialect) => {
  describe('callback_data', () => {
    it('round-trips and stays ASCII under 64 bytes', () => {
      const id = 2_147_483_647;
      for (const data of [encodeResolved(id), encodeNotResolved(id), encodeRating(id, 5)]) {
        expect(/^[\x20-\x7e]+$/.test(data)).toBe(true);
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      }
      expect(encodeResolved(42)).toBe('rs:y:42');
      expect(encodeNotResolved(42)).toBe('rs:n:42');
      expect(encodeRating(42, 3)).toBe('rt:42:3');
      expect(decodeTicketCallback('rs:y:42')).toEqual({ kind: 'resolved', ticketId: 42 });
      expect(decodeTicketCallback('rs:n:42')).toEqual({ kind: 'not_resolved', ticketId: 42 });
      expect(decodeTicketCallback('rt:42:3')).toEqual({ kind: 'rate', ticketId: 42, score: 3 });
      for (const bad of ['rs:x:1', 'rt:1:6', 'rt:1:0', 'rs:y:0', 'rs:y:01', 'rs:y:99999999999', 'rt:1:3:4', '', null, 'rs:y:-1']) {
        expect(decodeTicketCallback(bad)).toBeNull();
      }
      expect(() => encodeRating(1, 6)).toThrow(RangeError);
      expect(resolutionKeyboard('en', 7).inline_keyboard[0]!.map((k) => k.callback_data)).toEqual(['rs:y:7', 'rs:n:7']);
      expect(ratingKeyboard('fa', 7).inline_keyboard[0]!.map((k) => k.text)).toEqual(['۱ ⭐', '۲ ⭐', '۳ ⭐', '۴ ⭐', '۵ ⭐']);
    });
  });

  describe('requester notifications', () => {
    let db: TestDatabase;
    let ds: DataSource;
    let b: Basics;
    let ctx: ReturnType<typeof testContext>;
    let msgId = 900;

    beforeAll(async () => {
      db = await createTestDb(dialect);
      ds = db.ds;
      b = await seedBasics(ds);
      ctx = testContext(ds);
      await updateSettings(ctx, null, { maxOpenTicketsPerRequester: 50 });
    });
    afterAll(async () => db?.close());

    const rows = (ticketId: number) => ds.getRepository(OutboxMessage).find({ where: { ticketId }, order: { id: 'ASC' } });
    const open = async () =>
      (
        await tickets.openTicket(ctx, requesterActor(b.requester), {
          subjectId: b.subjectA.id,
          title: 'آبیاری <مزرعه>',
          text: 'چند بار در هفته آبیاری کنم؟',
          requesterChatId: b.requester.telegramId,
          requesterMessageId: msgId++,
        })
      ).ticket;

    it('opening and requester messages send the requester nothing (the bot answers him itself)', async () => {
      const t = await open();
      await tickets.addRequesterMessage(ctx, requesterActor(b.requester), t.id, { text: 'یک سؤال دیگر' });
      expect(await rows(t.id)).toEqual([]);
    });

    it('an agent reply: one sendMessage to the requester, escaped, with the agent name, the ref and a reply to his message', async () => {
      const t = await open();
      const firstMsg = (await tickets.ticketTimeline(ctx, staffActor(b.agentA1), t.id)).messages[0]!;
      const seen = ctx.outboxSeen.length;
      const res = await tickets.agentReply(ctx, staffActor(b.agentA1), t.id, {
        text: 'هفته‌ای دو بار <b>نه</b> بیشتر & کمتر',
        via: 'panel',
        replyToMessageId: firstMsg.id,
      });
      const out = await rows(t.id);
      expect(out).toHaveLength(1);
      const row = out[0]!;
      expect(row).toMatchObject({
        chatId: b.requester.telegramId,
        method: 'sendMessage',
        purpose: 'answer',
        ticketMessageId: res.message.id,
        status: 'pending',
      });
      expect(row.payload.parse_mode).toBe('HTML');
      const text = String(row.payload.text);
      expect(text).toContain('علی رضایی');
      expect(text).toContain(`#${t.number.toString().replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)}`);
      expect(text).toContain('&lt;b&gt;نه&lt;/b&gt; بیشتر &amp; کمتر');
      expect(row.payload.reply_parameters).toEqual({ message_id: firstMsg.requesterMessageId, allow_sending_without_reply: true });
      expect(row.payload.chat_id).toBeUndefined();
      // the context was told after commit
      expect(ctx.outboxSeen.slice(seen)).toEqual([row.id]);
    });

    it("agentNameMode 'team' shows the team alias; English requesters get English", async () => {
      await updateSettings(ctx, null, { agentNameMode: 'team' });
      await ds.getRepository(Requester).update({ id: b.requester.id }, { locale: 'en' });
      try {
        const t = await open();
        await tickets.agentReply(ctx, staffActor(b.agentA1), t.id, { text: 'hello', via: 'panel' });
        const text = String((await rows(t.id))[0]!.payload.text);
        expect(text).toContain('Team A alias');
        expect(text).not.toContain('علی رضایی');
        expect(text).toContain(`ticket #${t.number}`);
      } finally {
        await updateSettings(ctx, null, { agentNameMode: 'agent' });
        await ds.getRepository(Requester).update({ id: b.requester.id }, { locale: null });
      }
    });

    it('media go with the text as caption when it fits, else the text first', async () => {
      const t = await open();
      await tickets.agentReply(ctx, staffActor(b.agentA1), t.id, {
        text: 'نمونه برگه',
        via: 'telegram',
        attachments: [
          { kind: 'photo', fileId: 'PHOTO1' },
          { kind: 'document', fileId: 'DOC1', fileName: 'a.pdf' },
        ],
      });
      let out = await rows(t.id);
      expect(out.map((r) => r.method)).toEqual(['sendPhoto', 'sendDocument']);
      expect(out[0]!.payload).toMatchObject({ photo: 'PHOTO1', parse_mode: 'HTML' });
      expect(String(out[0]!.payload.caption)).toContain('نمونه برگه');
      expect(String(out[1]!.payload.caption)).not.toContain('نمونه برگه');
      const long = 'متن بلند '.repeat(200);
      await tickets.agentReply(ctx, staffActor(b.agentA1), t.id, { text: long, via: 'panel', attachments: [{ kind: 'photo', fileId: 'PHOTO2' }] });
      out = (await rows(t.id)).slice(2);
      expect(out.map((r) => r.method)).toEqual(['sendMessage', 'sendPhoto']);
      expect(String(out[0]!.payload.text)).toContain(long.trim());
    });

    it('resolve asks Resolved / Not resolved with the buttons; agent close, reopen and cancel tell the requester', async () => {
      const t = await makeTicket(ds, b, { state: 'open', assigneeId: b.agentA1.id, title: 'سم‌پاشی' });
      await tickets.resolve(ctx, staffActor(b.agentA1), t.id);
      let out = await rows(t.id);
      expect(out).toHaveLength(1);
      expect(out[0]!.purpose).toBe('resolve_ask');
      expect(out[0]!.payload.reply_markup).toEqual(resolutionKeyboard('fa', t.id));
      await tickets.close(ctx, staffActor(b.agentA1), t.id, 'پاسخ <کامل> داده شد');
      await tickets.reopen(ctx, staffActor(b.agentA1), t.id);
      await tickets.cancel(ctx, staffActor(b.agentA1), t.id, 'duplicate');
      out = (await rows(t.id)).slice(1);
      expect(out).toHaveLength(3);
      expect(String(out[0]!.payload.text)).toContain('پاسخ &lt;کامل&gt; داده شد');
      expect(String(out[1]!.payload.text)).toContain('دوباره باز');
      expect(String(out[2]!.payload.text)).toContain('تکراری');
    });

    it('changes made by the requester himself and notes send him nothing; auto-close tells him', async () => {
      const t = await makeTicket(ds, b, { state: 'resolved', assigneeId: b.agentA1.id });
      await tickets.confirmResolved(ctx, requesterActor(b.requester), t.id, { score: 4 });
      await tickets.addNote(ctx, staffActor(b.agentA1), t.id, { text: 'یادداشت', via: 'panel' });
      expect(await rows(t.id)).toEqual([]);
      const idle = await makeTicket(ds, b, { state: 'answered', assigneeId: b.agentA1.id });
      await tickets.autoClose(ctx, idle.id);
      const out = await rows(idle.id);
      expect(out).toHaveLength(1);
      expect(String(out[0]!.payload.text)).toContain('خودکار');
    });

    it('outbox rows and events share the transaction: a rollback leaves none', async () => {
      const t = await makeTicket(ds, b, { state: 'open', assigneeId: b.agentA1.id });
      const before = { out: (await rows(t.id)).length, ev: await ds.getRepository(TicketEvent).count({ where: { ticketId: t.id } }) };
      const unregister = registerNotifier({
        async agentReplied() {
          throw new Error('staff side failed');
        },
      });
      try {
        await expect(tickets.agentReply(ctx, staffActor(b.agentA1), t.id, { text: 'پاسخ', via: 'panel' })).rejects.toThrow('staff side failed');
      } finally {
        unregister();
      }
      expect((await rows(t.id)).length).toBe(before.out);
      expect(await ds.getRepository(TicketEvent).count({ where: { ticketId: t.id } })).toBe(before.ev);
      expect((await ds.getRepository(Ticket).findOneByOrFail({ id: t.id })).state).toBe('open');
      // and by hand: a transaction that writes a row and then fails
      await expect(
        transact(ctx, async (tx) => {
          await tx.outbox({ chatId: 1, method: 'sendMessage', payload: { text: 'x' }, purpose: 'notify', ticketId: t.id });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await rows(t.id)).length).toBe(before.out);
    });

    it('registered notifiers get every hook with the ticket in its new state', async () => {
      const seen: string[] = [];
      const unregister = registerNotifier({
        async ticketOpened(_tx, ticket) {
          seen.push(`opened:${ticket.state}`);
        },
        async assigned(_tx, ticket, staffId) {
          seen.push(`assigned:${staffId === b.agentA2.id}:${ticket.state}`);
        },
        async stateChanged(_tx, ticket, before, _actor, extra) {
          seen.push(`state:${before}->${ticket.state}:${extra.action}`);
        },
        async noteAdded(_tx, _ticket, msg) {
          seen.push(`note:${msg.kind}`);
        },
        async fieldChanged(_tx, _ticket, change) {
          seen.push(`field:${change.field}:${String(change.after)}`);
        },
      });
      try {
        const t = await open();
        await tickets.assignToMe(ctx, staffActor(b.agentA2), t.id);
        await tickets.addNote(ctx, staffActor(b.agentA2), t.id, { text: 'ی', via: 'panel' });
        await tickets.setPriority(ctx, staffActor(b.agentA2), t.id, 'urgent');
        await tickets.setPriority(ctx, staffActor(b.agentA2), t.id, 'urgent'); // no-op: no hook
      } finally {
        unregister();
      }
      expect(seen).toEqual(['opened:new', 'assigned:true:open', 'state:new->open:assign_to_me', 'note:note', 'field:priority:urgent']);
    });
  });
});
