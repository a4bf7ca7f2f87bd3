/**
 * The webhook on any `web` process (BOT_MODE=webhook): the secret token checked, the update recorded in the
 * inbound queue (database and Redis, jobs/inbound/queue.ts) and answered 200 at once; the `bot` processes
 * handle it. An update that cannot be recorded is answered 500, so Telegram sends it again. The Bale bot's
 * webhook (issue 20) is the same, its secret in the path and its updates in Bale's own queue (main.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { Update } from 'grammy/types';

export interface WebhookIngestOptions {
  secret: string;
  /** where the request carries the secret: Telegram's header by default (Bale's webhook has it in its path) */
  secretOf?: (c: Context) => string | undefined;
  accept(updates: Update[]): Promise<unknown>;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function webhookIngest(opts: WebhookIngestOptions): (c: Context) => Promise<Response> {
  return async (c) => {
    const given = opts.secretOf ? opts.secretOf(c) : c.req.header('x-telegram-bot-api-secret-token');
    if (!same(given ?? '', opts.secret)) return c.text('secret token is wrong', 401);
    let update: unknown;
    try {
      update = await c.req.json();
    } catch {
      return c.text('the body is not JSON', 400);
    }
    if (!update || typeof update !== 'object' || !Number.isSafeInteger((update as Update).update_id)) return c.text('not a Telegram update', 400);
    await opts.accept([update as Update]);
    return c.json({ ok: true });
  };
}
