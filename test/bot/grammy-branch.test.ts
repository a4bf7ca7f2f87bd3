/**
 * bot/grammy-branch.ts replaces grammY's Composer.branch (behind every filter) with one that builds its sides
 * once. The filters must behave exactly as grammY's: routing, falling through, middleware added to a filter's
 * composer after it was declared, async predicates, drop, a throwing predicate.
 */
import { describe, expect, it } from 'vitest';
import { Bot, Composer, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import '../../bot/grammy-branch.ts';

const me: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: 'bot',
  username: 'helpdesk_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

let n = 0;
const text = (t: string, chat: 'private' | 'supergroup' = 'private'): Update => ({
  update_id: ++n,
  message: {
    message_id: n,
    date: 0,
    chat: chat === 'private' ? { id: 7, type: 'private', first_name: 'u' } : { id: -100, type: 'supergroup', title: 'g' },
    from: { id: 7, is_bot: false, first_name: 'u' },
    text: t,
    ...(t.startsWith('/') ? { entities: [{ type: 'bot_command' as const, offset: 0, length: t.split(' ')[0]!.length }] } : {}),
  },
});
const press = (data: string): Update => ({
  update_id: ++n,
  callback_query: { id: String(n), chat_instance: 'x', from: { id: 7, is_bot: false, first_name: 'u' }, data },
});

function bot(build: (b: Bot, seen: string[]) => void) {
  const b = new Bot('1:x', { botInfo: me });
  const seen: string[] = [];
  build(b, seen);
  return { run: async (u: Update) => void (await b.handleUpdate(u)), seen };
}

describe("grammY's filters with the faster branch", () => {
  it('is installed on Composer', () => {
    expect((Composer.prototype as unknown as Record<symbol, boolean>)[Symbol.for('helpdesk.fastBranches')]).toBe(true);
  });

  it('routes by filter query, chat type, command and callback data, and falls through to the next middleware', async () => {
    const t = bot((b, seen) => {
      b.command('start', (ctx) => void seen.push(`start:${ctx.match}`));
      b.chatType('supergroup').on('message:text', () => void seen.push('group text'));
      b.callbackQuery(/^fu:(\d+)$/, (ctx) => void seen.push(`fu ${ctx.match[1]}`));
      b.hears('hi', () => void seen.push('hears'));
      b.on('message:text', async (ctx, next) => {
        seen.push(`text:${ctx.message.text}`);
        await next();
      });
      b.use(() => void seen.push('last'));
    });
    await t.run(text('/start abc'));
    await t.run(text('hello', 'supergroup'));
    await t.run(text('hello'));
    await t.run(text('hi'));
    await t.run(press('fu:12'));
    await t.run(press('other'));
    expect(t.seen).toEqual(['start:abc', 'group text', 'text:hello', 'last', 'hears', 'fu 12', 'last']);
  });

  it("sees middleware added to a filter's composer after the filter was declared", async () => {
    let filtered!: ReturnType<Composer<Context>['on']>;
    const t = bot((b) => {
      filtered = b.on('message');
    });
    filtered.use(() => void t.seen.push('added later'));
    filtered.on('message:text').use(() => void t.seen.push('nested, later still'));
    await t.run(text('x'));
    expect(t.seen).toEqual(['added later']);
  });

  it('awaits async predicates, drops, and rejects when a predicate throws', async () => {
    const t = bot((b, seen) => {
      b.filter((ctx) => {
        if (ctx.message?.text === 'boom') throw new Error('predicate failed');
        return false;
      });
      b.filter(
        async (ctx) => (await Promise.resolve(ctx.message?.text)) === 'async',
        () => void seen.push('async yes'),
      );
      b.drop(
        (ctx) => ctx.message?.text === 'drop me',
        () => void seen.push('not dropped'),
      );
      b.use(() => void seen.push('end'));
    });
    await t.run(text('async'));
    await t.run(text('drop me'));
    await t.run(text('keep'));
    expect(t.seen).toEqual(['async yes', 'end', 'not dropped']);
    await expect(t.run(text('boom'))).rejects.toThrow(/predicate failed/);
  });

  it('takes arrays of middleware on either side of branch', async () => {
    const t = bot((b, seen) => {
      b.branch(
        (ctx) => ctx.message?.text === 'yes',
        [async (_ctx, next) => void (seen.push('t1'), await next()), () => void seen.push('t2')],
        [async (_ctx, next) => void (seen.push('f1'), await next()), () => void seen.push('f2')],
      );
    });
    await t.run(text('yes'));
    await t.run(text('no'));
    expect(t.seen).toEqual(['t1', 't2', 'f1', 'f2']);
  });
});
