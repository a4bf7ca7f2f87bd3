/**
 * bot/grammy-chain.ts replaces grammY's Composer.use (nested async wrappers, every one entered by every update)
 * with a list each composer walks. Middleware must run exactly as with grammY's chain: the order across nested
 * composers, stopping where a middleware does not call next, the outer next after the last, `next` twice,
 * synchronous and asynchronous throws, middleware added later, the constructor's middleware first, error
 * boundaries and filters. (Without the import below, the same tests pass against grammY's own chain.)
 */
import { describe, expect, it } from 'vitest';
import { Bot, Composer, type Context, type NextFunction } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import '../../bot/grammy-chain.ts';

const me = { id: 42, is_bot: true, first_name: 'bot', username: 'helpdesk_bot' } as UserFromGetMe;
let n = 0;
const text = (t: string): Update => ({
  update_id: ++n,
  message: { message_id: n, date: 0, chat: { id: 7, type: 'private', first_name: 'u' }, from: { id: 7, is_bot: false, first_name: 'u' }, text: t },
});
const ctx = {} as Context;
const tick = () => new Promise((r) => setTimeout(r, 1));

describe("grammY's middleware with the list chain", () => {
  it('is installed on Composer', () => {
    expect((Composer.prototype as unknown as Record<symbol, boolean>)[Symbol.for('helpdesk.fastChains')]).toBe(true);
  });

  it('runs in order across nested composers, then the outer next, and unwinds in reverse', async () => {
    const seen: string[] = [];
    const c = new Composer();
    c.use(async (_ctx, next) => {
      seen.push('a in');
      await next();
      seen.push('a out');
    });
    const inner = c.use((_ctx, next) => (seen.push('b'), next()));
    inner.use(async (_ctx, next) => {
      await tick();
      seen.push('b2');
      await next();
    });
    c.use((_ctx, next) => (seen.push('c'), next()));
    await c.middleware()(ctx, async () => void seen.push('outer next'));
    expect(seen).toEqual(['a in', 'b', 'b2', 'c', 'outer next', 'a out']);
  });

  it('stops where a middleware does not call next: what follows and the outer next do not run', async () => {
    const seen: string[] = [];
    const c = new Composer();
    c.use((_ctx, next) => (seen.push('a'), next()));
    c.use(() => void seen.push('b (ends)'));
    c.use(() => void seen.push('c'));
    await c.middleware()(ctx, async () => void seen.push('outer next'));
    expect(seen).toEqual(['a', 'b (ends)']);
  });

  it('a middleware whose next is awaited later still runs the rest before the composer resolves', async () => {
    const seen: string[] = [];
    const c = new Composer();
    c.use(async (_ctx, next) => {
      await tick();
      await next();
      seen.push('a done');
    });
    c.use(async () => {
      await tick();
      seen.push('b');
    });
    await c.middleware()(ctx, async () => undefined);
    expect(seen).toEqual(['b', 'a done']);
  });

  it("rejects when next is called twice, with grammY's message", async () => {
    const c = new Composer();
    c.use(async (_ctx, next) => {
      await next();
      await next();
    });
    c.use(() => undefined);
    await expect(c.middleware()(ctx, async () => undefined)).rejects.toThrow('`next` already called before!');
  });

  it('turns a synchronous throw into a rejection, and passes an asynchronous one up through the chain', async () => {
    const sync = new Composer();
    sync.use((_ctx, next) => next());
    sync.use(() => {
      throw new Error('sync boom');
    });
    const p = sync.middleware()(ctx, async () => undefined);
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toThrow('sync boom');

    const caught: string[] = [];
    const async = new Composer();
    async.use(async (_ctx, next) => {
      try {
        await next();
      } catch (e) {
        caught.push((e as Error).message);
        throw e;
      }
    });
    async.use(async () => {
      await tick();
      throw new Error('async boom');
    });
    await expect(async.middleware()(ctx, async () => undefined)).rejects.toThrow('async boom');
    expect(caught).toEqual(['async boom']);
  });

  it('sees middleware added after the chain was used, on the composer and on the composers use() returned', async () => {
    const seen: string[] = [];
    const c = new Composer();
    const sub = c.use((_ctx, next) => next());
    const run = () => c.middleware()(ctx, async () => void seen.push('outer'));
    await run();
    expect(seen).toEqual(['outer']);
    sub.use((_ctx, next) => (seen.push('sub later'), next()));
    c.use((_ctx, next) => (seen.push('c later'), next()));
    seen.length = 0;
    await run();
    expect(seen).toEqual(['sub later', 'c later', 'outer']);
  });

  it("runs the constructor's middleware before what use() adds, and composers passed as middleware", async () => {
    const seen: string[] = [];
    const a = new Composer(
      (_ctx, next) => (seen.push('ctor 1'), next()),
      (_ctx, next) => (seen.push('ctor 2'), next()),
    );
    const part = new Composer();
    part.use((_ctx, next) => (seen.push('part'), next()));
    a.use(part);
    a.use((_ctx, next: NextFunction) => (seen.push('used'), next()));
    await a.middleware()(ctx, async () => void seen.push('outer'));
    expect(seen).toEqual(['ctor 1', 'ctor 2', 'part', 'used', 'outer']);
  });

  it('keeps error boundaries, filters and the bot: a caught error continues after the boundary only when its handler calls next', async () => {
    const seen: string[] = [];
    const b = new Bot('1:x', { botInfo: me });
    b.use((_ctx, next) => (seen.push('first'), next()));
    const safe = b.errorBoundary(
      (err, next) => {
        seen.push(`caught ${(err.error as Error).message}`);
        return next();
      },
      (_ctx, next) => next(),
    );
    safe.on('message:text', (ctx) => {
      if (ctx.message.text === 'boom') throw new Error('boom');
      seen.push(`text ${ctx.message.text}`);
    });
    b.on('message', () => void seen.push('after the boundary'));
    await b.handleUpdate(text('hi'));
    expect(seen).toEqual(['first', 'text hi']);
    seen.length = 0;
    await b.handleUpdate(text('boom'));
    expect(seen).toEqual(['first', 'caught boom', 'after the boundary']);
    // an error outside a boundary reaches handleUpdate's caller
    const c = new Bot('1:x', { botInfo: me });
    c.on('message', () => {
      throw new Error('unbounded');
    });
    await expect(c.handleUpdate(text('x'))).rejects.toThrow('unbounded');
  });
});
