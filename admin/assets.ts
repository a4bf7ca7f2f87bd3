/**
 * Static assets served from node_modules (no CDN): htmx, the Vazirmatn font; and the panel's stylesheet, the
 * ticket page's stylesheet and script.
 * Read once at start; long cache with immutable file names is not needed at this size (1 day).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { PanelEnv } from './env.ts';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

function pkgFile(pkg: string, rel: string): Buffer {
  return readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), rel));
}

export function mountAssets(app: Hono<PanelEnv>): void {
  const files: Record<string, { body: Buffer; type: string }> = {
    '/assets/htmx.js': { body: pkgFile('htmx.org', 'dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
    '/assets/vazirmatn.woff2': {
      body: pkgFile('vazirmatn', 'fonts/webfonts/Vazirmatn[wght].woff2'),
      type: 'font/woff2',
    },
    '/assets/panel.css': { body: readFileSync(join(here, 'panel.css')), type: 'text/css; charset=utf-8' },
    '/assets/panel-ticket.css': { body: readFileSync(join(here, 'panel-ticket.css')), type: 'text/css; charset=utf-8' },
    '/assets/panel-catalogue.css': { body: readFileSync(join(here, 'panel-catalogue.css')), type: 'text/css; charset=utf-8' },
    // the ticket page's conversation and composer (admin/views/ticket/)
    '/assets/ticket.css': { body: readFileSync(join(here, 'views/ticket/ticket.css')), type: 'text/css; charset=utf-8' },
    '/assets/ticket.js': { body: readFileSync(join(here, 'views/ticket/ticket.js')), type: 'text/javascript; charset=utf-8' },
  };
  for (const [path, f] of Object.entries(files)) {
    app.get(path, (c) => c.body(new Uint8Array(f.body), 200, { 'content-type': f.type, 'cache-control': 'public, max-age=86400' }));
  }
}
