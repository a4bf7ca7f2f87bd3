/**
 * The admin panel: `createPanel(deps)` returns the Hono routes that createApp mounts at /.
 * Public: /assets/*, /login, /setup/<code>. Everything else needs a session (and a CSRF token on POST).
 * First run: main.ts prints the one-time setup link (ensureSetupCode) when no staff account exists;
 * `announceSetup` does the same for other entry points (or pass announceSetup: true).
 */
import { Hono } from 'hono';
import { ensureSetupCode } from '../core/services/codes.ts';
import { mountAssets } from './assets.ts';
import type { PanelDeps, PanelEnv } from './env.ts';
import { authRoutes } from './routes/auth.tsx';
import { catalogueRoutes } from './routes/catalogue.tsx';
import { inboxRoutes } from './routes/inbox.tsx';
import { ticketRoutes } from './routes/ticket.tsx';
import { panelHeaders, requireStaff } from './security.ts';

export type { PanelDeps } from './env.ts';

/** prints the first-run setup link when no account exists; returns the code (null once an account exists) */
export async function announceSetup(deps: Pick<PanelDeps, 'core' | 'log'>): Promise<string | null> {
  const code = await ensureSetupCode(deps.core);
  if (code) deps.log.warn({ url: `${deps.core.publicUrl}/setup/${code}` }, `no staff account yet: create the first admin at ${deps.core.publicUrl}/setup/${code}`);
  return code;
}

export function createPanel(deps: PanelDeps): Hono {
  const app = new Hono<PanelEnv>();
  const headers = panelHeaders();
  for (const p of ['/assets/*', '/login', '/logout', '/setup/*', '/tickets', '/tickets/*', '/config/*', '/']) app.use(p, headers);
  mountAssets(app);
  app.route('/', authRoutes(deps));
  const guard = requireStaff(deps);
  app.use('/tickets', guard);
  app.use('/tickets/*', guard);
  app.use('/config/*', guard);
  app.use('/', guard);
  app.get('/', (c) => c.redirect('/tickets', 303));
  app.route('/', inboxRoutes(deps));
  app.route('/', ticketRoutes(deps));
  app.route('/', catalogueRoutes(deps));
  if (deps.announceSetup === true) {
    announceSetup(deps).catch((err) => deps.log.error({ err }, 'could not prepare the first-run setup link'));
  }
  return app as unknown as Hono;
}
