/**
 * The collision guard of the reply box: the form carries the ticket's version and the last event the page
 * showed (LiveStamp). When the ticket moved since — a citizen's message, a colleague's reply or note, a state
 * or assignment change — the reply is not sent: the answer lists what changed and offers the same text again
 * with the new version and `confirm=1` (sending it then goes through). With htmx only the reply box is
 * replaced (HX-Retarget), so the rest of the page stays; without JS a page with the same box (409).
 * Files chosen for the first attempt are not carried over: the box says to choose them again.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { staffNames } from '../../core/live/viewers.ts';
import { staffActor } from '../../core/services/actor.ts';
import { DomainError } from '../../core/services/errors.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import type { Timeline } from '../../core/services/tickets/read.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { files, paramId, readForm, str } from '../forms.ts';
import { page } from '../views/layout.tsx';
import { lastEventId } from './view.tsx';

const clip = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function collisionGuard(deps: Pick<PanelDeps, 'core'>): MiddlewareHandler<PanelEnv> {
  const { core } = deps;
  return async (c, next) => {
    const id = paramId(c);
    if (id === null) return next();
    const f = await readForm(c);
    const version = str(f, 'version');
    if (!/^\d{1,10}$/.test(version) || str(f, 'confirm') === '1') return next();
    let tl: Timeline;
    try {
      tl = await tickets.ticketTimeline(core, staffActor(c.get('staff')), id);
    } catch (err) {
      if (err instanceof DomainError) return next(); // the route itself answers (404, …)
      throw err;
    }
    if (tl.ticket.version === Number(version)) return next();
    const seen = Number(str(f, 'seen')) || 0;
    const changes = tl.events.filter((e) => e.id > seen);
    if (!changes.length) return next();
    return confirmation(c, deps, tl, changes, str(f, 'text'), files(f, 'file').length > 0);
  };
}

async function confirmation(
  c: Context<PanelEnv>,
  deps: Pick<PanelDeps, 'core'>,
  tl: Timeline,
  changes: Timeline['events'],
  text: string,
  hadFiles: boolean,
): Promise<Response> {
  const t = c.get('t');
  const tk = tl.ticket;
  const names = await staffNames(
    deps.core,
    changes.map((e) => (e.actorKind === 'staff' ? e.actorId : null)).filter((x): x is number => x !== null),
  );
  const messages = new Map(tl.messages.map((m) => [m.id, m]));
  const who = (e: Timeline['events'][number]) =>
    e.actorKind === 'staff' ? (names.get(e.actorId ?? -1) ?? '') : e.actorKind === 'requester' ? t('admin-from-requester') : t('admin-from-system');
  const label = (e: Timeline['events'][number]) => {
    const m = typeof e.after?.messageId === 'number' ? messages.get(e.after.messageId) : undefined;
    if (m) return `${t(m.kind === 'note' ? 'live-changed-note' : 'live-changed-message')}: ${clip(m.text ?? '')}`;
    if (e.kind === 'state')
      return t('admin-event-state', { from: t(`admin-state-${String(e.before?.state ?? 'new')}`), to: t(`admin-state-${String(e.after?.state ?? '')}`) });
    return t(`admin-event-${e.kind}`);
  };
  const base = `/tickets/${tk.id}`;
  // the composer's place and look (sticky at the bottom: admin/views/ticket/ticket.css); Ctrl+Enter confirms
  const box = (
    <div class="card composer" id="reply-box">
      <div class="collision" role="alert" id="collision">
        <h3>{t('live-changed-title')}</h3>
        <ul>
          {changes.map((e) => (
            <li>
              <bdi>{who(e)}</bdi> · <bdi dir="auto">{label(e)}</bdi>
            </li>
          ))}
        </ul>
        <p>{t('live-changed-ask')}</p>
        {hadFiles ? <p class="hint">{t('live-changed-files')}</p> : null}
      </div>
      <form
        method="post"
        action={`${base}/reply`}
        enctype="multipart/form-data"
        hx-post={`${base}/reply`}
        hx-target="#ticket"
        hx-swap="outerHTML"
        hx-encoding="multipart/form-data"
      >
        <input type="hidden" name="_csrf" value={c.get('csrf')} />
        <input type="hidden" name="version" value={String(tk.version)} />
        <input type="hidden" name="seen" value={String(lastEventId(tl))} />
        <input type="hidden" name="confirm" value="1" />
        <label for="reply-text">{t('admin-reply')}</label>
        <textarea id="reply-text" name="text" dir="auto" maxlength={16000} rows={5}>
          {text}
        </textarea>
        <label for="reply-file">{t('admin-attach')}</label>
        <input type="file" id="reply-file" name="file" multiple />
        <div class="row">
          <button type="submit" id="reply-confirm">
            {t('live-changed-send')}
          </button>
          <a href={base}>{t('live-changed-reload')}</a>
        </div>
      </form>
    </div>
  );
  if (c.req.header('hx-request')) {
    c.header('HX-Retarget', '#reply-box');
    c.header('HX-Reswap', 'outerHTML');
    return c.html(box);
  }
  const res = await page(c, t('live-changed-title'), <div id="ticket">{box}</div>);
  return new Response(res.body, { status: 409, headers: res.headers });
}
