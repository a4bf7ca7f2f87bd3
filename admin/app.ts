/**
 * The web app factory: health and readiness, the Telegram webhook, metrics, and the admin panel.
 * Every request gets an id that its log lines carry.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CoreContext } from '../core/context.ts';
import type { Logger } from '../core/infra/logger.ts';

export interface WebDeps {
  core: CoreContext;
  log: Logger;
  /** each check resolves true when its dependency answers */
  readiness: Record<string, () => Promise<boolean>>;
  /** the Telegram webhook handler (BOT_MODE=webhook) */
  webhook?: (c: Context) => Promise<Response> | Response;
  /** the Bale bot's webhook (issue 20): POST /bale/webhook/<secret> — the secret is in the path, not a header; `handle` checks it (timing-safe, bot/ingest/webhook.ts) */
  baleWebhook?: { handle: (c: Context) => Promise<Response> | Response };
  /** Prometheus text for /metrics */
  metrics?: () => Promise<string>;
  /** the admin panel's routes, mounted at / */
  panel?: Hono;
}

export type AppEnv = { Variables: { log: Logger; requestId: string } };

/**
 * The largest webhook body taken. Telegram's updates are a few KB (a message holds at most 4,096 characters,
 * a caption 1,024); 1 MiB leaves room for any update with escaped text and entities.
 */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

let counter = 0;

export function createApp(deps: WebDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || `${Date.now().toString(36)}-${(++counter).toString(36)}`;
    const log = deps.log.child({ req: requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const ms = Math.round(performance.now() - started);
    if (c.req.path !== '/healthz' && c.req.path !== '/readyz') log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const checks: Record<string, boolean> = {};
    await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        checks[name] = await Promise.race([check().catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]);
      }),
    );
    const ok = Object.values(checks).every(Boolean);
    return c.json({ status: ok ? 'ready' : 'unavailable', checks }, ok ? 200 : 503);
  });

  if (deps.webhook) {
    const handle = deps.webhook;
    // a body Telegram would never send is the sender's mistake, answered 4xx and logged as a warning: over
    // the limit 413 (before it is read whole), not a JSON object (malformed, empty, null, an array) 400;
    // grammY then checks the secret token and handles the update
    const limit = bodyLimit({
      maxSize: WEBHOOK_MAX_BYTES,
      onError: (c) => {
        c.get('log').warn({ limit: WEBHOOK_MAX_BYTES }, 'webhook body over the limit refused');
        return c.text('Payload Too Large', 413);
      },
    });
    app.post('/telegram/webhook', limit, async (c) => {
      let update: unknown;
      try {
        update = await c.req.json();
      } catch {
        update = undefined;
      }
      if (update === null || typeof update !== 'object' || Array.isArray(update)) {
        c.get('log').warn({ contentLength: c.req.header('content-length') }, 'webhook body is not a JSON object; refused');
        return c.text('Bad Request: the body must be a JSON object (a Telegram update)', 400);
      }
      return handle(c);
    });
  }
  if (deps.baleWebhook) {
    const { handle } = deps.baleWebhook;
    app.post('/bale/webhook/:secret', (c) => handle(c));
  }

  if (deps.metrics) {
    const metrics = deps.metrics;
    app.get('/metrics', async (c) => c.text(await metrics(), 200, { 'content-type': 'text/plain; version=0.0.4' }));
  }

  if (deps.panel) app.route('/', deps.panel);

  app.onError((err, c) => {
    c.get('log')?.error({ err }, 'request failed');
    return c.text('Internal error — the error has been logged.', 500);
  });

  return app;
}
