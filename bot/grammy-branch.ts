/**
 * grammY's filters (`on`, `chatType`, `command`, `callbackQuery`, `hears`, `filter`, `drop`) all end in
 * `Composer.branch`, which grammY writes with `Composer.lazy`: on EVERY update that reaches a filter it builds a
 * new Composer of the chosen side (its middleware mapped and chained again) and awaits the predicate and the
 * factory. A follow-up passes some twenty filters before it is handled, and that rebuilding was the largest
 * allocation of the inbound path (test/bench/inbound.bench.ts; about a fifth of what a follow-up allocated).
 *
 * `fastBranches()` replaces `branch` on Composer's prototype with the same semantics built once: each side is
 * made into a Composer when the filter is declared (a Composer passed as a side is still read at call time,
 * so middleware added to a filter's composer later — `bot.on(...).use(...)` — is seen as before), and a
 * predicate that answers synchronously (all of grammY's filter queries do) is not awaited. Async predicates
 * and the error behaviour (a throw rejects the update's promise) are unchanged. test/bot/grammy-branch.test.ts
 * checks the behaviours grammY's own branch has.
 */
import { Composer, type Context, type Middleware, type MiddlewareFn } from 'grammy';

type MaybeArray<T> = T | T[];
const MARK = Symbol.for('helpdesk.fastBranches');

export function fastBranches(): void {
  const proto = Composer.prototype as unknown as Record<symbol, boolean> & {
    branch<C extends Context>(
      this: Composer<C>,
      predicate: (ctx: C) => boolean | Promise<boolean>,
      trueMiddleware: MaybeArray<Middleware<C>>,
      falseMiddleware: MaybeArray<Middleware<C>>,
    ): Composer<C>;
  };
  if (proto[MARK]) return;
  proto[MARK] = true;
  proto.branch = function branch<C extends Context>(
    this: Composer<C>,
    predicate: (ctx: C) => boolean | Promise<boolean>,
    trueMiddleware: MaybeArray<Middleware<C>>,
    falseMiddleware: MaybeArray<Middleware<C>>,
  ): Composer<C> {
    const onTrue: MiddlewareFn<C> = new Composer<C>(...(Array.isArray(trueMiddleware) ? trueMiddleware : [trueMiddleware])).middleware();
    const onFalse: MiddlewareFn<C> = new Composer<C>(...(Array.isArray(falseMiddleware) ? falseMiddleware : [falseMiddleware])).middleware();
    return this.use((ctx, next) => {
      const chosen = predicate(ctx);
      if (chosen === true) return onTrue(ctx, next);
      if (chosen === false) return onFalse(ctx, next);
      return Promise.resolve(chosen).then((yes) => (yes ? onTrue(ctx, next) : onFalse(ctx, next)));
    });
  };
}

// installed when imported: bot/create-bot.ts and main.ts import this module before any feature module declares its filters
fastBranches();
