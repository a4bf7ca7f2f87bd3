/**
 * The fake counts what Telegram counts: messages into a group (20 a minute, an album one per item), not
 * edits nor topic calls, which are paced apart (a flood of them is still refused). Time scaled: a minute is 1 s.
 */
import { Api, GrammyError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf } from '../../jobs/outbox/limiter.ts';
import { FakeTelegram } from './index.ts';

describe('fake Telegram limits', () => {
  let fake: FakeTelegram;
  let api: Api;
  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    api = new Api('123:fakefakefakefakefakefakefake', { apiRoot: fake.apiRoot });
  });
  afterAll(() => fake.stop());

  const code = (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e: unknown) => (e instanceof GrammyError ? e.error_code : -1),
    );

  it('a group takes 20 messages a minute, an album counting each item; edits and topic calls do not count', async () => {
    // a long minute (the window), so the checks below run well inside it
    fake.limits = { enabled: true, timeScale: 1 };
    fake.limiter.reset();
    const g = fake.group({ title: 'desk', forum: true });
    g.addBot({ admin: true });
    const first = await api.sendMessage(g.id, 'card 0');
    for (let i = 1; i < 10; i++) await api.sendMessage(g.id, `card ${i}`);
    // edits and topics in between take nothing from the 20
    for (let i = 0; i < 15; i++) await api.editMessageText(g.id, first.message_id, `card 0, edit ${i}`);
    for (let i = 0; i < 5; i++) await api.createForumTopic(g.id, `topic ${i}`);
    // an album of 10 is ten messages: the group's 20 are spent, the next message is refused
    const photo = fake.fileFrom({ upload: Buffer.from('P') }, 'p.jpg');
    expect(
      await code(
        api.sendMediaGroup(
          g.id,
          Array.from({ length: 10 }, () => ({ type: 'photo' as const, media: photo })),
        ),
      ),
    ).toBe(200);
    expect(await code(api.sendMessage(g.id, 'one too many'))).toBe(429);
    fake.limiter.reset();
    // an album that would pass the 20 is refused whole
    for (let i = 0; i < 15; i++) await api.sendMessage(g.id, `m ${i}`);
    expect(
      await code(
        api.sendMediaGroup(
          g.id,
          Array.from({ length: 6 }, () => ({ type: 'photo' as const, media: photo })),
        ),
      ),
    ).toBe(429);
    fake.limiter.reset();
    // edits are paced apart: a flood of them is refused too
    const refused: number[] = [];
    for (let i = 0; i < fake.limits.otherPerMinute + 1; i++) refused.push(await code(api.editMessageText(g.id, first.message_id, `flood ${i}`)));
    expect(refused.filter((c) => c === 429)).toHaveLength(1);
    expect(refused.at(-1)).toBe(429);
    fake.limits = { enabled: false };
    fake.limiter.reset();
  });

  it("the outbox's cost of a call matches: messages (album items each) or other calls", () => {
    expect(costOf('sendMessage')).toEqual({ kind: 'message', count: 1 });
    expect(costOf('copyMessage')).toEqual({ kind: 'message', count: 1 });
    expect(costOf('sendMediaGroup', { media: [1, 2, 3] })).toEqual({ kind: 'message', count: 3 });
    for (const m of [
      'editMessageText',
      'editMessageCaption',
      'editMessageReplyMarkup',
      'createForumTopic',
      'editForumTopic',
      'closeForumTopic',
      'reopenForumTopic',
      'sendChatAction',
    ]) {
      expect(costOf(m).kind, m).toBe('other');
    }
  });
});
