/**
 * The live view's routes (core/infra/live.ts carries the signal between processes):
 * GET /assets/live.js              the page script (no inline script under the CSP)
 * GET /live/events[?ticket=<id>&v=<version the page shows>]   server-sent events: `ticket` (data: the ticket id; 0 = reload everything,
 *                                  after a gap longer than the log) for tickets the staff member may see — one
 *                                  ticket on its page, all of them for the inbox — and `presence` on a ticket
 *                                  page; every event has the log's id, and a reconnect with Last-Event-ID
 *                                  replays what was missed. A ticket page's stream is its viewer's presence.
 * GET /live/tickets/:id/viewers    the "also viewing" line (htmx)
 * POST /live/tickets/:id/typing    the composer's typing signal (throttled by the page's script); 204
 * GET /live/tickets/:id/activity   "X is typing…" / "X is answering from Telegram" (core/live/activity.ts): loaded
 *                                  on each `typing` or `ticket` event; while it names someone it asks again
 *                                  after ACTIVITY_RECHECK_MS, so that the line goes when the signal expires
 * Without a bus (a panel started without Redis, as some tests do) the stream answers 204 (EventSource then
 * stops) and the viewers line is empty. A stream ends after STREAM_LIFE_MS; the browser reconnects with the
 * last id, and the session is checked again.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { PRESENCE_REFRESH_MS, isStreamId, streamIdBefore, type LiveBus, type LiveEvent } from '../../core/infra/live.ts';
import { ticketActivity } from '../../core/live/activity.ts';
import { otherViewers } from '../../core/live/viewers.ts';
import { staffActor } from '../../core/services/actor.ts';
import { DomainError } from '../../core/services/errors.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { paramId } from '../forms.ts';
import { collisionGuard } from './guard.tsx';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = readFileSync(join(here, 'live.js'));
export const STREAM_LIFE_MS = 5 * 60_000;
export const ACTIVITY_RECHECK_MS = 3_000;

export function liveRoutes(deps: PanelDeps & { live?: LiveBus }): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core, live } = deps;

  app.get('/assets/live.js', (c) =>
    c.body(new Uint8Array(SCRIPT), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' }),
  );

  /** the ticket's version when the staff member may see it, else null */
  const visibleVersion = async (c: Context<PanelEnv>, id: number) => {
    try {
      return (await tickets.getTicket(core, staffActor(c.get('staff')), id)).version;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return null;
      throw err;
    }
  };
  const mayView = async (c: Context<PanelEnv>, id: number) => (await visibleVersion(c, id)) !== null;

  app.get('/live/tickets/:id/viewers', async (c) => {
    const id = paramId(c);
    if (id === null || !(await mayView(c, id))) return c.text('', 404);
    const names = live ? await otherViewers(core, live, id, c.get('staff').id) : [];
    if (!names.length) return c.html('');
    return c.html(
      <p class="viewers" role="status">
        {c.get('t')('live-viewing', { names: names.join('، '), count: names.length })}
      </p>,
    );
  });

  app.post('/live/tickets/:id/typing', async (c) => {
    const id = paramId(c);
    if (id === null || !(await mayView(c, id))) return c.text('', 404);
    if (live) await live.typing(id, c.get('staff').id);
    return c.body(null, 204);
  });

  app.get('/live/tickets/:id/activity', async (c) => {
    const id = paramId(c);
    if (id === null || !(await mayView(c, id))) return c.text('', 404);
    const t = c.get('t');
    const a = await ticketActivity(core, live, id, c.get('staff').id);
    if (!a.typing.length && !a.telegram.length) return c.html('');
    return c.html(
      <>
        {a.typing.length ? (
          <p class="activity typing" role="status" data-activity="typing">
            <span class="dots" aria-hidden="true"></span> {t('live-typing', { names: a.typing.join('، '), count: a.typing.length })}
          </p>
        ) : null}
        {a.telegram.length ? (
          <p class="activity telegram" role="status" data-activity="telegram">
            {t('live-answering-telegram', { names: a.telegram.map((x) => x.name).join('، '), count: a.telegram.length })}
          </p>
        ) : null}
        <span
          hidden
          hx-get={`/live/tickets/${id}/activity`}
          hx-trigger={`load delay:${ACTIVITY_RECHECK_MS / 1000}s`}
          hx-target="#live-activity"
          hx-swap="innerHTML"
        ></span>
      </>,
    );
  });

  app.get('/live/events', async (c) => {
    if (!live) return c.body(null, 204);
    const q = c.req.query('ticket');
    const ticketId = q && /^\d{1,10}$/.test(q) ? Number(q) : null;
    const version = ticketId !== null ? await visibleVersion(c, ticketId) : null;
    if (ticketId !== null && version === null) return c.text('', 404);
    // the ticket changed between the page's render and this stream (a first connection, no Last-Event-ID)
    const pageVersion = c.req.query('v');
    const stale = version !== null && !!pageVersion && /^\d{1,10}$/.test(pageVersion) && Number(pageVersion) !== version;
    const me = c.get('staff');
    const resumeFrom = c.req.header('last-event-id') ?? '';
    return streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      let open = true;
      const ping = () => wake?.();
      const unsubscribe = live.subscribe((e) => {
        if (ticketId !== null ? e.ticketId !== ticketId : e.kind !== 'ticket') return;
        queue.push(e);
        ping();
      });
      stream.onAbort(() => {
        open = false;
        ping();
      });
      let member: string | null = null;
      const heartbeat = setInterval(() => {
        if (ticketId !== null && member) void live.view(ticketId, me.id, member).catch(() => {});
        void stream.write(': keep-alive\n\n').catch(() => {});
      }, PRESENCE_REFRESH_MS);
      const ends = setTimeout(() => {
        open = false;
        ping();
      }, STREAM_LIFE_MS);
      try {
        let last = await live.lastId();
        if (isStreamId(resumeFrom) && streamIdBefore(resumeFrom, last)) {
          const missed = await live.since(resumeFrom);
          // the log was trimmed past the id the browser had: it reloads everything once
          if (!missed.length || streamIdBefore(missed[0]!.id, resumeFrom) || missed.length >= 1000) {
            await stream.writeSSE({ id: last, event: 'ticket', data: '0' });
          } else {
            queue.unshift(...missed.filter((e) => (ticketId !== null ? e.ticketId === ticketId : e.kind === 'ticket')));
            last = resumeFrom;
          }
        }
        await stream.writeSSE({ id: last, event: 'ready', data: '', retry: 1000 });
        if (stale && !isStreamId(resumeFrom)) await stream.writeSSE({ id: last, event: 'ticket', data: String(ticketId) });
        if (ticketId !== null) {
          member = await live.view(ticketId, me.id);
          await live.publish([ticketId], 'presence');
        }
        while (open) {
          const e = queue.shift();
          if (!e) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = null;
            continue;
          }
          // a typing signal is not in the log: no id (the browser's Last-Event-ID stays), never replayed
          if (e.kind === 'typing') {
            await stream.writeSSE({ event: 'typing', data: String(e.ticketId) });
            continue;
          }
          if (!streamIdBefore(last, e.id)) continue;
          last = e.id;
          // the staff member receives only changes of tickets he may see (checked at each event: an
          // assignment can change it)
          if (e.kind === 'ticket' && !(await mayView(c, e.ticketId))) continue;
          await stream.writeSSE({ id: e.id, event: e.kind, data: String(e.ticketId) });
        }
      } finally {
        clearInterval(heartbeat);
        clearTimeout(ends);
        unsubscribe();
        if (ticketId !== null && member) {
          await live.leave(ticketId, member).catch(() => {});
          await live.publish([ticketId], 'presence');
        }
      }
    });
  });

  app.post('/tickets/:id/reply', collisionGuard(deps));
  return app;
}
