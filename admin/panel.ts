/**
 * The admin panel: `createPanel(deps)` returns the Hono routes that createApp mounts at /.
 * Public: /assets/*, /login (and its second step /login/code, /login/enrol), /setup/<code>. Everything else needs a session, and every POST/PUT/PATCH/DELETE
 * a CSRF token (security.ts). Secure headers with a CSP without inline scripts on every answer; the queue
 * dashboard (/admin/queues, admins only) allows inline styles for bull-board's UI, never inline scripts.
 * First run: main.ts prints the one-time setup link (ensureSetupCode) when no staff account exists;
 * `announceSetup` does the same for other entry points (or pass announceSetup: true).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ensureSetupCode } from '../core/services/codes.ts';
import { mountAssets } from './assets.ts';
import type { PanelDeps, PanelEnv } from './env.ts';
import { liveRoutes } from './live/routes.tsx';
import { invalidateOptions } from './options.ts';
import { accountRoutes } from './routes/account.tsx';
import { auditRoutes } from './routes/audit.tsx';
import { authRoutes } from './routes/auth.tsx';
import { configRoutes } from './routes/config/index.tsx';
import { inboxRoutes } from './routes/inbox.tsx';
import { queueRoutes, QUEUES_PATH } from './routes/queues.ts';
import { reportRoutes } from './routes/reports/index.tsx';
import { requesterRoutes } from './routes/requesters.tsx';
import { ticketRoutes } from './routes/ticket.tsx';
import { colleagueRoutes } from './routes/colleague.tsx';
import { ticketMergeRoutes } from './routes/ticket-merge.tsx';
import { clientIpMiddleware, panelHeaders, requireStaff } from './security.ts';
import { maxUpload } from './uploads.ts';

export type { PanelDeps } from './env.ts';

/** prints the first-run setup link when no account exists; returns the code (null once an account exists) */
export async function announceSetup(deps: Pick<PanelDeps, 'core' | 'log'>): Promise<string | null> {
  const code = await ensureSetupCode(deps.core);
  if (code)
    deps.log.warn({ url: `${deps.core.publicUrl}/setup/${code}` }, `no staff account yet: create the first admin at ${deps.core.publicUrl}/setup/${code}`);
  return code;
}

const PUBLIC = [/^\/assets\//, /^\/login$/, /^\/login\/(code|enrol)$/, /^\/setup\//];

export function createPanel(deps: PanelDeps): Hono {
  const app = new Hono<PanelEnv>();
  const strict = panelHeaders();
  const relaxed = panelHeaders({ inlineStyles: true });
  const queuesPrefix = `${QUEUES_PATH}/`;
  const files = panelHeaders({ files: true });
  const FILE_PATH = /^\/tickets\/\d+\/files\//;
  app.use('*', (c, next) =>
    c.req.path === QUEUES_PATH || c.req.path.startsWith(queuesPrefix) ? relaxed(c, next) : FILE_PATH.test(c.req.path) ? files(c, next) : strict(c, next),
  );

  app.use('*', clientIpMiddleware(deps));

  // a request body is read whole (the CSRF check parses it): bound its size before anything reads it
  const limit = bodyLimit({ maxSize: maxUpload(deps) + 1024 * 1024, onError: (c) => c.text(c.get('t')?.('admin-err-too_large') ?? 'Payload Too Large', 413) });
  app.use('*', limit);

  const guard = requireStaff(deps);
  const queueGuard = requireStaff(deps, { csrf: 'origin' });
  const guarded: MiddlewareHandler<PanelEnv> = (c, next) => {
    if (PUBLIC.some((re) => re.test(c.req.path))) return next();
    return c.req.path.startsWith(queuesPrefix) ? queueGuard(c, next) : guard(c, next);
  };
  app.use('*', guarded);

  // a configuration change made here is visible at once in the pickers (teams, staff, catalogue)
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.status < 400) invalidateOptions(deps.core.ds);
  });

  // every route after the guard (Hono runs handlers in the order they were added)
  mountAssets(app);
  app.route('/', authRoutes(deps));

  app.get('/', (c) => c.redirect('/tickets', 303));
  app.route('/', liveRoutes(deps)); // before the ticket routes: its collision guard runs before a reply
  app.route('/', inboxRoutes(deps));
  app.route('/', ticketRoutes(deps));
  app.route('/', ticketMergeRoutes(deps));
  app.route('/', colleagueRoutes(deps));
  app.route('/', requesterRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', configRoutes(deps));
  app.route('/', reportRoutes(deps));
  app.route('/', queueRoutes(deps));

  if (deps.announceSetup === true) {
    announceSetup(deps).catch((err) => deps.log.error({ err }, 'could not prepare the first-run setup link'));
  }
  return app as unknown as Hono;
}
