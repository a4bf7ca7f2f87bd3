/**
 * grammY chains a composer's middleware by nesting: every `use()` wraps the composer's whole handler so far in a
 * new `concat(previous, added)`, two async functions deep. An update entering a composer therefore goes in
 * through ALL its wrappers, outermost (the last `use`) first, before the first middleware runs — including the
 * wrappers of middleware it never reaches. The bot's main composer has some seventeen `use`s (dedupe, order,
 * context, the follow-up lane, the staff feature, the private-chat features); a follow-up ends in the lane, the
 * fourth, yet paid for all seventeen: the largest allocation grammY made per update
 * (test/bench/inbound.bench.ts; about 15 KB of a follow-up's 186 KB).
 *
 * `fastChains()` replaces `use` on Composer's prototype: a composer keeps the middleware it was given in a list,
 * and its handler walks the list, so an update pays only for the middleware it reaches. The semantics are
 * grammY's: the same order; `next()` runs the rest and then the composer's own `next`; calling `next()` twice
 * rejects with grammY's error; a throw (synchronous or not) rejects the update's promise; middleware added to
 * a composer later — `bot.on(...).use(...)` — is seen; what a composer held before its first `use` (the
 * constructor's middleware) runs first. test/bot/grammy-chain.test.ts checks the behaviours grammY's own chain has.
 */
import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from 'grammy';

const MARK = Symbol.for('helpdesk.fastChains');
const LIST = Symbol('helpdesk.chain');

/** what a Composer holds (grammY's `handler` is private to its typings) */
interface Chained<C extends Context> {
  handler: MiddlewareFn<C>;
  [LIST]?: MiddlewareFn<C>[];
}

/** the list from `i` on, then `done` */
function run<C extends Context>(list: MiddlewareFn<C>[], i: number, ctx: C, done: NextFunction): Promise<void> {
  if (i >= list.length) return done();
  let called = false;
  // passed inline, not bound to a name: tsx (keepNames) would wrap a named closure in a defineProperty call per update
  return invoke(list[i]!, ctx, () => {
    if (called) return Promise.reject(new Error('`next` already called before!'));
    called = true;
    return run(list, i + 1, ctx, done);
  });
}

function invoke<C extends Context>(mw: MiddlewareFn<C>, ctx: C, next: NextFunction): Promise<void> {
  try {
    const res: unknown = mw(ctx, next);
    if (res instanceof Promise) return res as Promise<void>;
    // a thenable of another kind is adopted, as grammY's `await` would
    return res !== null && typeof res === 'object' && typeof (res as PromiseLike<void>).then === 'function'
      ? Promise.resolve(res as PromiseLike<void>)
      : Promise.resolve();
  } catch (err) {
    return Promise.reject(err);
  }
}

export function fastChains(): void {
  const proto = Composer.prototype as unknown as Record<symbol, boolean> & {
    use<C extends Context>(this: Chained<C>, ...middleware: Middleware<C>[]): Composer<C>;
  };
  if (proto[MARK]) return;
  proto[MARK] = true;
  /** the handler of a composer nothing was given to (grammY's `pass`) */
  const pass = new Composer().middleware();
  proto.use = function use<C extends Context>(this: Chained<C>, ...middleware: Middleware<C>[]): Composer<C> {
    const composer = new Composer<C>(...middleware);
    let list = this[LIST];
    if (!list) {
      const own: MiddlewareFn<C>[] = this.handler === (pass as unknown) ? [] : [this.handler];
      list = this[LIST] = own;
      this.handler = (ctx: C, next: NextFunction) => run(own, 0, ctx, next);
    }
    // read at call time, as grammY's `flatten` does: what is added to `composer` later is seen
    list.push((ctx, next) => composer.middleware()(ctx, next));
    return composer;
  };
}

// installed when imported: bot/create-bot.ts and main.ts import this module before any module builds a composer
fastChains();
