/**
 * After the ticket is open: free messages find their ticket (a reply to a bot message of it, the only open
 * one, or a choice between several), edits are recorded, Not resolved reopens the ticket with the user's
 * words, My tickets lists and shows them, and a user who blocks the bot is marked unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequesterChannel } from '../../core/entities/people.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import type { FakeUser } from '../fake-telegram/index.ts';
import { buttons } from '../fake-telegram/index.ts';
import { agentAnswers, agentResolves, citizenWorld, containing, WAIT, withButton, type CitizenWorld } from './world.ts';
import { DIALECTS } from '../support/db.ts';

describe.each(DIALECTS)('followups on %s', (dialect) => {
  describe('follow-ups and resolution', () => {
    let w: CitizenWorld;
    let user: FakeUser;
    const open = async (title: string) => {
      const r = await tickets.openTicket(w.h.system.core, requesterActor(w.b.requester), {
        subjectId: w.b.subjectA.id,
        title,
        text: `${title} — شرح کامل مشکل`,
      });
      return r.ticket;
    };
    const messagesOf = (ticketId: number) => w.h.db.ds.getRepository(TicketMessage).find({ where: { ticketId }, order: { id: 'ASC' } });

    beforeAll(async () => {
      w = await citizenWorld({ database: dialect });
      user = w.fake.user({ id: w.b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
    }, 60_000);
    afterAll(() => w?.close());

    it('one open ticket: a free message and a photo go to it; an edit is recorded as an edit', async () => {
      const first = await open('آفت پیاز زعفران');
      const added = user.next(containing('افزوده شد'), WAIT);
      const msg = user.send('پیاز‌ها هم نرم شده‌اند');
      await added;
      const photoAdded = user.next(containing('افزوده شد'), WAIT);
      user.photo();
      await photoAdded;
      let list = await messagesOf(first.id);
      expect(list.map((m) => m.text)).toContain('پیاز‌ها هم نرم شده‌اند');
      expect(list.at(-1)!.attachments.map((a) => a.kind)).toEqual(['photo']);

      user.edit(msg, 'پیاز‌ها هم نرم و قهوه‌ای شده‌اند');
      await expect
        .poll(async () => (await messagesOf(first.id)).find((m) => m.requesterMessageId === msg.message_id)?.text, { timeout: WAIT })
        .toBe('پیاز‌ها هم نرم و قهوه‌ای شده‌اند');
      list = await messagesOf(first.id);
      const edited = list.find((m) => m.requesterMessageId === msg.message_id)!;
      expect(edited.previousTexts).toEqual(['پیاز‌ها هم نرم شده‌اند']);
      expect(edited.editedAt).not.toBeNull();
    });

    it('two open tickets: the user is asked which one; a reply to a bot message of a ticket goes straight to it', async () => {
      const [first] = await w.h.db.ds.getRepository(Ticket).find({ where: { requesterId: w.b.requester.id }, order: { id: 'ASC' } });
      const second = await open('قیمت صادرات');
      const which = user.next((m) => buttons(m).some((b) => b.callback_data?.startsWith(`fu:${second.id}:`)), WAIT);
      user.send('آیا خبری شد؟');
      const whichMsg = await which;
      expect(buttons(whichMsg).map((b) => b.callback_data)).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^fu:${first!.id}:`)), expect.stringMatching(new RegExp(`^fu:${second.id}:`))]),
      );
      const data = buttons(whichMsg).find((b) => b.callback_data?.startsWith(`fu:${second.id}:`))!.callback_data!;
      const added = user.next(containing('افزوده شد'), WAIT);
      user.press(whichMsg, data);
      await added;
      expect((await messagesOf(second.id)).map((m) => m.text)).toContain('آیا خبری شد؟');
      // the same button again: the message is already on the ticket, nothing is added twice
      await w.fake.callbackAnswered(user.pressRaw(data, whichMsg)); // the press was handled
      expect((await messagesOf(second.id)).filter((m) => m.text === 'آیا خبری شد؟')).toHaveLength(1);

      // an agent answers the first ticket; the user replies to that answer → the first ticket
      const answer = user.next(containing('پاسخ کارشناس به تیکت اول'), WAIT);
      await agentAnswers(w, first!.id, 'پاسخ کارشناس به تیکت اول');
      const answerMsg = await answer;
      const added2 = user.next(containing('افزوده شد'), WAIT);
      user.reply(answerMsg, 'ممنون، انجام دادم');
      await added2;
      expect((await messagesOf(first!.id)).map((m) => m.text)).toContain('ممنون، انجام دادم');
      expect((await messagesOf(second.id)).map((m) => m.text)).not.toContain('ممنون، انجام دادم');
      await expect.poll(async () => (await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ id: first!.id })).state).toBe('open');
    });

    it('Not resolved: the user says what is still wrong and the ticket reopens with that message', async () => {
      const ticket = await w.h.db.ds.getRepository(Ticket).findOneOrFail({ where: { requesterId: w.b.requester.id, title: 'قیمت صادرات' } });
      const ask = user.next(withButton(`rs:n:${ticket.id}`), WAIT);
      await agentResolves(w, ticket.id);
      const askMsg = await ask;
      const prompt = user.next(withButton('c:x'), WAIT);
      user.press(askMsg, `rs:n:${ticket.id}`);
      await prompt;
      // a sticker is not an explanation
      const sticker = user.next(containing('استیکر'), WAIT);
      user.sticker();
      await sticker;
      const reopened = user.next(containing('دوباره باز شد'), WAIT);
      user.send('قیمت‌ها هنوز به‌روز نشده‌اند');
      await reopened;
      const after = await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id });
      expect(after.state).toBe('open');
      expect(after.assigneeId).toBe(w.b.agentA1.id);
      expect((await messagesOf(ticket.id)).at(-1)!.text).toBe('قیمت‌ها هنوز به‌روز نشده‌اند');
      // the old buttons no longer act
      user.pressRaw(`rs:y:${ticket.id}`, askMsg);
      await expect.poll(() => w.fake.callsOf('answerCallbackQuery').some((c) => c.payload.text === t('fa', 'stale-action')), { timeout: WAIT }).toBe(true);
      expect((await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).state).toBe('open');
    });

    it('My tickets lists both with their user-facing status and shows one with its latest messages', async () => {
      const list = user.next((m) => buttons(m).some((b) => b.callback_data?.startsWith('tk:v:')), WAIT);
      user.send(t('fa', 'menu-tickets'));
      const listMsg = await list;
      // both tickets, each with its subject and the user-facing status of DOMAIN.md (open, not "new")
      expect(buttons(listMsg).filter((b) => b.callback_data?.startsWith('tk:v:'))).toHaveLength(2);
      expect(listMsg.text).toContain('کاشت');
      expect(listMsg.text).toContain(t('fa', 'status-open'));
      const [first] = await w.h.db.ds.getRepository(Ticket).find({ where: { requesterId: w.b.requester.id }, order: { id: 'ASC' } });
      const view = user.next(containing('پاسخ کارشناس به تیکت اول'), WAIT);
      user.press(listMsg, `tk:v:${first!.id}`);
      const viewMsg = await view;
      expect(buttons(viewMsg).map((b) => b.callback_data)).toContain(`tk:w:${first!.id}`);
      // someone else's ticket id, forged: refused, nothing shown
      const other = await tickets.openTicket(w.h.system.core, requesterActor(w.b.requester2), {
        subjectId: w.b.subjectA.id,
        title: 'تیکت دیگری',
        text: 'متن تیکت شخص دیگر',
      });
      const before = user.inbox.length;
      await w.fake.callbackAnswered(user.pressRaw(`tk:v:${other.ticket.id}`, viewMsg)); // refused, and answered
      expect(user.inbox.slice(before).some((m) => (m.text ?? '').includes('تیکت دیگری'))).toBe(false);
    });

    it('an agent answers one message of the user: a Telegram reply to it; a long answer is split under 4,096 characters', async () => {
      const [first] = await w.h.db.ds.getRepository(Ticket).find({ where: { requesterId: w.b.requester.id }, order: { id: 'ASC' } });
      const asked = (await messagesOf(first!.id)).find((m) => m.text === 'ممنون، انجام دادم')!;
      const long = 'برای پیشگیری از آفت، پیاز‌ها را پیش از کاشت ضدعفونی کنید و آبیاری را کم کنید. '.repeat(70).trim();
      expect(long.length).toBeGreaterThan(5000);
      const before = user.inbox.length;
      await tickets.agentReply(w.h.system.core, staffActor(w.b.agentA1), first!.id, { text: long, via: 'panel', replyToMessageId: asked.id });
      await expect.poll(() => user.inbox.slice(before).length, { timeout: WAIT }).toBeGreaterThanOrEqual(2);
      const parts = user.inbox.slice(before);
      expect(parts.every((m) => (m.text ?? '').length <= 4096)).toBe(true);
      expect(parts[0]!.reply_to_message?.message_id).toBe(asked.requesterMessageId);
      // nothing lost, no word broken at the seam
      const joined = parts.map((m) => m.text ?? '').join(' ');
      expect(joined.replace(/\s+/g, ' ')).toContain(long.slice(-200).replace(/\s+/g, ' '));
      expect(parts[1]!.text!.split(/\s+/)[0]).toMatch(/^(برای|پیشگیری|از|آفت،|پیاز‌ها|را|پیش|کاشت|ضدعفونی|کنید|و|آبیاری|کم|کنید\.)$/);
    });

    it('blocking the bot marks the user unreachable; writing again makes him reachable', async () => {
      const repo = w.h.db.ds.getRepository(RequesterChannel);
      user.block();
      await expect.poll(async () => (await repo.findOneByOrFail({ requesterId: w.b.requester.id })).reachable, { timeout: WAIT }).toBe(false);
      user.unblock();
      await expect.poll(async () => (await repo.findOneByOrFail({ requesterId: w.b.requester.id })).reachable, { timeout: WAIT }).toBe(true);
    });
  });
});
