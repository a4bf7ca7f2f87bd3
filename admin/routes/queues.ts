/**
 * /admin/queues — bull-board (@bull-board/hono) over the BullMQ queues of jobs/ (outbox, sla, housekeeping),
 * admins only. Its UI and static files come from node_modules (the page's Google Fonts link is blocked by
 * the CSP: no CDN). Its API calls send no CSRF token, so the panel's guard (panel.ts) requires instead that a
 * state-changing call comes from this site (Origin, or Sec-Fetch-Site: same-origin), with the admin's
 * session cookie (SameSite=Lax).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { forbidden } from '../forms.ts';

export const QUEUES_PATH = '/admin/queues';

const require = createRequire(import.meta.url);

export function queueRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const adminsOnly = new Hono<PanelEnv>();
  adminsOnly.use('*', async (c, next) => {
    if (c.get('staff').role !== 'admin') return forbidden(c);
    await next();
  });

  if (!deps.queues) {
    adminsOnly.get('*', (c) => c.text(c.get('t')('admin-queues-off'), 503));
    app.route(QUEUES_PATH, adminsOnly);
    return app;
  }

  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(QUEUES_PATH);
  // bull-board resolves its UI from @bull-board/ui, relative to the working directory for static files
  const ui = dirname(require.resolve('@bull-board/ui/package.json'));
  serverAdapter.setViewsPath(join(ui, 'dist')).setStaticPath('/static', join(ui, 'dist', 'static'));
  createBullBoard({
    queues: deps.queues().map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Helpdesk queues' } },
  });
  const board = serverAdapter.registerPlugin();

  adminsOnly.route('/', board as unknown as Hono<PanelEnv>);
  app.route(QUEUES_PATH, adminsOnly);
  return app;
}
