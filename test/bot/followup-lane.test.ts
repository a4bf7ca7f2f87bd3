/**
 * The follow-up lane (bot/features/index.ts): a registered user's plain text in a chat the process knows has no
 * conversation skips the features between the guard and the follow-ups. Walked as the citizen uses it: plain
 * messages land on the ticket (the first through the whole chain, the next through the lane); a menu button's
 * text, a command and a conversation's answer are not taken for follow-ups; after the conversation ends, plain
 * texts go to the ticket again. The predicate itself is checked against the conversation storage it trusts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { requesterActor } from '../../core/services/actor.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import type { BotContext, BotDeps } from '../../bot/context.ts';
import { conversationStorage } from '../../bot/conversations/storage.ts';
import { takesFollowUpLane } from '../../bot/features/index.ts';
import type { FakeUser } from '../fake-telegram/index.ts';
import { citizenWorld, containing, says, startIntakeToSubject, WAIT, type CitizenWorld } from './world.ts';
import { DIALECTS } from '../support/db.ts';

describe.each(DIALECTS)('the follow-up lane on %s', (dialect) => {
  let w: CitizenWorld;
  let user: FakeUser;
  let ticketId: number;
  const textsOn = async () =>
    (await w.h.db.ds.getRepository(TicketMessage).find({ where: { ticketId, direction: 'in' }, order: { id: 'ASC' } })).map((m) => m.text);

  beforeAll(async () => {
    w = await citizenWorld({ database: dialect });
    user = w.fake.user({ id: w.b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
    const r = await tickets.openTicket(w.h.system.core, requesterActor(w.b.requester), {
      subjectId: w.b.subjectA.id,
      title: 'زردی برگ انگور',
      text: 'برگ‌های تاک زرد شده‌اند',
    });
    ticketId = r.ticket.id;
  }, 60_000);
  afterAll(() => w?.close());

  it('plain texts land on the ticket, each once; a menu text and a command are answered as such, not stored', async () => {
    for (const text of ['پیام اول دربارهٔ تاک', 'پیام دوم دربارهٔ تاک', 'پیام سوم دربارهٔ تاک']) {
      const added = user.next(containing('افزوده شد'), WAIT);
      user.send(text);
      const reply = await added;
      expect(reply.text).toContain('افزوده شد');
    }
    expect(await textsOn()).toEqual(['برگ‌های تاک زرد شده‌اند', 'پیام اول دربارهٔ تاک', 'پیام دوم دربارهٔ تاک', 'پیام سوم دربارهٔ تاک']);

    // the menu's "My tickets" text: the list, not a follow-up
    const list = user.next(containing('زردی برگ انگور'), WAIT);
    user.send(t('fa', 'menu-tickets'));
    await list;
    // a command: its answer, not a follow-up
    const help = user.next(says('fa', 'unknown-command'), WAIT);
    user.send('/nosuchcommand');
    await help;
    expect(await textsOn()).toHaveLength(4);
  });

  it('inside a conversation a text is its answer, not a follow-up; after /cancel texts go to the ticket again', async () => {
    const subjectPrompt = await startIntakeToSubject(w, user, 'fa');
    expect(subjectPrompt.text).toBeTruthy();
    // the intake waits for a button: a text now belongs to the conversation (it answers with its own prompt)
    const botSaid = () => w.fake.chat(user.id).botMessages;
    const before = botSaid().length;
    user.send('این متن پاسخ گفت‌وگوست');
    await expect.poll(() => botSaid().length, { timeout: WAIT }).toBeGreaterThan(before);
    expect(botSaid().at(-1)!.text ?? '').not.toContain('افزوده شد');
    expect(await textsOn()).not.toContain('این متن پاسخ گفت‌وگوست');

    const left = user.next(containing('لغو شد'), WAIT);
    user.command('cancel');
    await left;
    for (const text of ['پس از لغو: پیام یک', 'پس از لغو: پیام دو']) {
      const added = user.next(containing('افزوده شد'), WAIT);
      user.send(text);
      await added;
    }
    const texts = await textsOn();
    expect(texts.slice(-2)).toEqual(['پس از لغو: پیام یک', 'پس از لغو: پیام دو']);
    expect(texts).not.toContain('این متن پاسخ گفت‌وگوست');
  });

  it('the lane trusts only what the storage read found: unknown chats, conversations, commands and menu texts take the chain', async () => {
    const deps = { core: w.h.system.core, log: w.h.system.core.log } as unknown as BotDeps;
    const storage = conversationStorage(deps) as unknown as {
      adapter: { read(ctx: BotContext): Promise<unknown>; write(ctx: BotContext, state: unknown): Promise<void> };
    };
    const chat = { id: 777_000_111, type: 'private' as const, first_name: 'x' };
    const ctx = (text: string, registered = true) =>
      ({ chat, message: { text, chat, message_id: 1, date: 0 }, requester: { registered }, update: { update_id: 1 } }) as unknown as BotContext;
    // not read yet: the chain (the conversations plugin reads the storage)
    expect(takesFollowUpLane(deps, ctx('سلام'))).toBe(false);
    await storage.adapter.read(ctx('سلام'));
    expect(takesFollowUpLane(deps, ctx('سلام'))).toBe(true);
    expect(takesFollowUpLane(deps, ctx('/start'))).toBe(false);
    expect(takesFollowUpLane(deps, ctx(t('en', 'menu-new')))).toBe(false);
    expect(takesFollowUpLane(deps, ctx(t('fa', 'menu-help')))).toBe(false);
    expect(takesFollowUpLane(deps, ctx('سلام', false))).toBe(false);
    // a conversation written for the chat: the chain again
    await storage.adapter.write(ctx('سلام'), { version: [0, 2], state: {} });
    expect(takesFollowUpLane(deps, ctx('سلام'))).toBe(false);
    // another bot's storage (a second system in this process) knows nothing of this one's chats
    const other = { ...deps } as BotDeps;
    conversationStorage(other);
    expect(takesFollowUpLane(other, ctx('سلام'))).toBe(false);
    await storage.adapter.read(ctx('سلام'));
    expect(takesFollowUpLane(deps, ctx('سلام'))).toBe(false);
  });
});
