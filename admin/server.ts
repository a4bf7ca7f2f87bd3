/** Serves the web app on Node's HTTP server, and closes it gracefully. */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface WebServer {
  port: number;
  close(): Promise<void>;
}

export function startWebServer(app: Hono<any>, opts: { port: number; host: string }): Promise<WebServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              const s = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
              s.closeIdleConnections?.();
              setTimeout(() => s.closeAllConnections?.(), 3000).unref();
            }),
        });
      });
      server.once('error', reject);
    } catch (err) {
      reject(err);
    }
  });
}
