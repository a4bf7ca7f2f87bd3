/**
 * The ticket page and its actions (the view: admin/views/ticket.tsx).
 * GET  /tickets/:id[?all=1|from=<message id>]   the conversation (the latest messages; all=1: all of them; from:
 *                                 from that message on — the live reload's) with the events,
 *                                 the composer (reply / note, canned replies, files), actions, SLA badges,
 *                                 the requester's card and his other tickets.
 * GET  /tickets/:id/older?before=<message id>   the conversation's slice before that message (htmx)
 * GET  /tickets/:id/canned/search?q=            canned replies matching q (the composer's picker)
 * GET  /tickets/:id/canned        the reply box with a canned reply inserted (the old picker's htmx call, kept for
 *                                 pages still open; the composer's picker uses /canned/search, and without JS
 *                                 the page itself takes ?canned=<id>).
 * POST /tickets/:id/<action>      reply, note, assign, assign-me, transfer, priority, type, tags, resolve,
 *                                 close, cancel, reopen, step-back, followers/add, followers/remove (staffId) —
 *                                 each one core service call: the core checks the
 *                                 permission and the transition table. With htmx the answer is the #ticket
 *                                 fragment; without, a redirect (or the page again with the error and draft).
 * GET  /tickets/:id/files/:m/:i   an attachment through the proxy (Telegram getFile, or the uploads folder),
 *                                 after the same visibility check as the ticket.
 * The side column shows the requester's rating and the followers (admin/views/ticket-side.tsx); /notices (the
 * panel notices of followers without Telegram) is admin/routes/notices.tsx, mounted here.
 * A ticket the staff member may not see is a 404 everywhere (NotFoundError from the core: no existence leak).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { PRIORITIES, type Priority } from '../../core/entities/enums.ts';
import { ticketMessageFor, ticketPage } from '../../core/read/ticket-page.ts';
import { staffActor } from '../../core/services/actor.ts';
import { findCanned } from '../../core/services/canned.ts';
import { markTicketSeen } from '../../core/services/inbox-state.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { ticketRef } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { files, id as idField, paramId, readForm, str, type Form } from '../forms.ts';
import { downloadFile } from '../telegram.ts';
import { localFile, maxUpload, saveUploads } from '../uploads.ts';
import { isInlineImage, playableType } from '../views/attachments.tsx';
import { page } from '../views/layout.tsx';
import { noticeRoutes } from './notices.tsx';
import { chatItems, chatWindow, ChatItems, OlderEntry } from '../views/ticket/conversation.tsx';
import { chatProps, outcomeOf, TicketView, type Loaded, type Outcome } from '../views/ticket/page.tsx';

export function ticketRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;
  app.route('/', noticeRoutes(deps));

  const notFound = (c: Context<PanelEnv>) => {
    const t = c.get('t');
    return page(
      c,
      t('admin-not-found'),
      <div class="card">
        <p>{t('admin-not-found')}</p>
        <a href="/tickets">{t('admin-back-inbox')}</a>
      </div>,
      404,
    );
  };

  /** everything the page shows (core's read model); NotFoundError when the staff member may not see the ticket */
  const load = (c: Context<PanelEnv>, id: number): Promise<Loaded> => ticketPage(core, c.get('staff'), id, c.get('locale'));

  async function show(c: Context<PanelEnv>, id: number, o: Outcome, status: 200 | 400 = 200, fragment = false): Promise<Response> {
    let d: Loaded;
    try {
      d = await load(c, id);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return notFound(c);
      throw err;
    }
    const cannedId = /^\d{1,10}$/.test(c.req.query('canned') ?? '') ? Number(c.req.query('canned')) : null;
    const get = c.req.method === 'GET';
    const all = get && c.req.query('all') === '1';
    const from = get && /^\d{1,10}$/.test(c.req.query('from') ?? '') ? Number(c.req.query('from')) : null;
    const view = <TicketView c={c} core={core} d={d} o={o} cannedId={get ? cannedId : null} all={all} from={from} maxBytes={maxUpload(deps)} />;
    if (fragment) return c.html(view);
    return page(c, `${ticketRef(d.tl.ticket.number, c.get('locale'))} ${d.tl.ticket.title}`, view, status);
  }

  /** the route's ticket id when the staff member may see that ticket, else null (answered 404) */
  async function visibleTicketId(c: Context<PanelEnv>): Promise<number | null> {
    const id = paramId(c);
    if (id === null) return null;
    try {
      await tickets.getTicket(core, staffActor(c.get('staff')), id);
      return id;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return null;
      throw err;
    }
  }

  app.get('/tickets/:id', async (c) => {
    const id = paramId(c);
    if (id === null) return notFound(c);
    const e = c.req.query('e');
    const res = await show(c, id, { ok: !!c.req.query('ok'), error: e && /^[a-z_]{1,40}$/.test(e) ? { code: e } : null });
    // the inbox's unread state (core/services/inbox-state.ts): marked only once the page was shown (not for a ticket he may not see)
    if (res.status === 200) await markTicketSeen(core, c.get('staff').id, id);
    return res;
  });

  /** the slice of the conversation before message `before` (htmx: replaces the "older messages" entry) */
  app.get('/tickets/:id/older', async (c) => {
    const id = paramId(c);
    const before = Number(c.req.query('before'));
    if (id === null || !Number.isSafeInteger(before) || before <= 0) return notFound(c);
    let d: Loaded;
    try {
      d = await load(c, id);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return notFound(c);
      throw err;
    }
    const p = chatProps(c, core, d);
    const slice = chatWindow(chatItems(d.tl, d.slas), before);
    return c.html(
      <>
        {slice.older !== null ? <OlderEntry p={p} before={slice.older} /> : null}
        <ChatItems p={p} items={slice.items} />
      </>,
    );
  });

  /**
   * canned replies matching `q` (title, text or shortcut: the core's search, as in the staff group's inline
   * mode): list items for the composer's picker (fetched by its script, x-fragment header); without JS a page
   * of links that insert one (?canned=<id>)
   */
  app.get('/tickets/:id/canned/search', async (c) => {
    const id = await visibleTicketId(c);
    if (id === null) return notFound(c);
    const t = c.get('t');
    const rows = await findCanned(core, c.get('staff'), (c.req.query('q') ?? '').slice(0, 100), 12);
    const items = rows.map((r, i) => (
      <li role="option" id={`canned-${r.id}`} data-canned={String(r.id)} aria-selected={i === 0 ? 'true' : 'false'}>
        <a href={`/tickets/${id}?canned=${r.id}#reply-box`} data-body={r.body}>
          <bdi dir="auto" class="canned-title">
            {r.title}
          </bdi>{' '}
          <bdi dir="ltr" class="canned-shortcut muted">{`/${r.shortcut}`}</bdi>
          <span class="canned-body muted" dir="auto">
            {r.body.length > 120 ? `${r.body.slice(0, 120)}…` : r.body}
          </span>
        </a>
      </li>
    ));
    if (c.req.header('x-fragment')) return c.html(<>{items.length ? items : <li class="muted">{t('chat-canned-none')}</li>}</>);
    return page(
      c,
      t('admin-canned-insert'),
      <div class="card">
        <h1>{t('admin-canned-insert')}</h1>
        <ul class="canned-page">{items}</ul>
        <a href={`/tickets/${id}`}>{t('chat-back-ticket')}</a>
      </div>,
    );
  });

  /** the reply box with a canned reply appended to what was typed (htmx) */
  app.get('/tickets/:id/canned', async (c) => {
    const id = await visibleTicketId(c);
    if (id === null) return notFound(c);
    const cannedId = Number(c.req.query('canned'));
    const reply = (await findCanned(core, c.get('staff'), '', 200)).find((r) => r.id === cannedId);
    const typed = (c.req.query('text') ?? '').slice(0, 16000);
    const text = [typed, reply?.body ?? ''].filter(Boolean).join('\n');
    return c.html(
      <textarea id="reply-text" name="text" dir="auto" maxlength={16000} rows={5}>
        {text}
      </textarea>,
    );
  });

  /** one action: the core does the work and the checks */
  const action = (path: string, run: (id: number, f: Form, c: Context<PanelEnv>) => Promise<unknown>, draftOf?: (f: Form) => Outcome['draft']) => {
    app.post(`/tickets/:id/${path}`, async (c) => {
      const id = paramId(c);
      if (id === null) return notFound(c);
      const f = await readForm(c);
      const fragment = !!c.req.header('hx-request');
      try {
        await run(id, f, c);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code === 'not_found') return notFound(c);
        c.get('log')?.info({ ticketId: id, action: path, code: err.code }, 'panel action refused');
        // htmx swaps only 2xx answers: the fragment with the error comes back as 200
        return show(c, id, { error: outcomeOf(err), draft: draftOf?.(f) }, fragment ? 200 : 400, fragment);
      }
      if (fragment) return show(c, id, { ok: true }, 200, true);
      return c.redirect(`/tickets/${id}?ok=1`, 303);
    });
  };
  const me = (c: Context<PanelEnv>) => staffActor(c.get('staff'));
  const nullableId = (f: Form, k: string) => idField(f, k);

  action(
    'reply',
    async (id, f, c) => {
      // the ticket must be visible before anything is written to disk
      await tickets.getTicket(core, me(c), id);
      const attachments = await saveUploads(deps, files(f, 'file'), core.clock.now());
      return tickets.agentReply(core, me(c), id, { text: str(f, 'text'), attachments, via: 'panel' });
    },
    (f) => ({ reply: str(f, 'text') }),
  );
  action(
    'note',
    async (id, f, c) => {
      await tickets.getTicket(core, me(c), id);
      const attachments = await saveUploads(deps, files(f, 'file'), core.clock.now());
      return tickets.addNote(core, me(c), id, { text: str(f, 'text'), attachments, via: 'panel' });
    },
    (f) => ({ note: str(f, 'text') }),
  );
  action('assign-me', (id, _f, c) => tickets.assignToMe(core, me(c), id));
  action('assign', (id, f, c) => tickets.assign(core, me(c), id, nullableId(f, 'staffId')));
  action('transfer', (id, f, c) =>
    tickets.transfer(core, me(c), id, {
      teamId: nullableId(f, 'teamId'),
      departmentId: nullableId(f, 'departmentId'),
      staffId: nullableId(f, 'staffId'),
      note: str(f, 'note') || null,
    }),
  );
  action('priority', async (id, f, c) => {
    const p = str(f, 'priority');
    if (!(PRIORITIES as readonly string[]).includes(p)) {
      await tickets.getTicket(core, me(c), id);
      throw new ValidationError({ priority: 'invalid' });
    }
    return tickets.setPriority(core, me(c), id, p as Priority);
  });
  action('type', (id, f, c) => tickets.setType(core, me(c), id, str(f, 'type').trim() || null));
  action('tags', (id, f, c) =>
    tickets.setTags(
      core,
      me(c),
      id,
      str(f, 'tags')
        .split(/[,،]/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  );
  action('resolve', (id, _f, c) => tickets.resolve(core, me(c), id));
  action('close', (id, f, c) => tickets.close(core, me(c), id, str(f, 'reason').trim() || null));
  action('cancel', (id, f, c) => tickets.cancel(core, me(c), id, str(f, 'other').trim() || str(f, 'reason')));
  action('reopen', (id, f, c) => tickets.reopen(core, me(c), id, str(f, 'note') || null));
  action('step-back', (id, f, c) => tickets.stepBack(core, me(c), id, str(f, 'note') || null));
  const staffIdOf = (f: Form) => {
    const v = nullableId(f, 'staffId');
    if (v === null) throw new ValidationError({ staffId: 'required' });
    return v;
  };
  action('followers/add', (id, f, c) => tickets.addTicketFollower(core, me(c), id, staffIdOf(f)));
  action('followers/remove', (id, f, c) => tickets.removeTicketFollower(core, me(c), id, staffIdOf(f)));

  /** an attachment, after the ticket's visibility check: the uploads folder or Telegram's getFile */
  app.get('/tickets/:id/files/:mid/:idx', async (c) => {
    const id = paramId(c);
    const mid = paramId(c, 'mid');
    const idx = paramId(c, 'idx');
    if (id === null || mid === null || idx === null) return notFound(c);
    let message;
    try {
      message = await ticketMessageFor(core, me(c), id, mid);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return notFound(c);
      throw err;
    }
    const a = message?.attachments?.[idx];
    if (!a || a.kind === 'location' || a.kind === 'contact') return notFound(c);
    const image = isInlineImage(a);
    // images, voice, audio and video play in the page (<img>, <audio>, <video>); everything else downloads
    const playable = playableType(a);
    const type = image ? (a.kind === 'photo' && !a.mimeType ? 'image/jpeg' : a.mimeType!) : (playable ?? 'application/octet-stream');
    const name = a.fileName ?? `${a.kind}-${mid}-${idx}${image ? '.jpg' : ''}`;
    const headers: Record<string, string> = {
      'content-type': type,
      'content-disposition': `${image || playable ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
    };
    if (a.localPath) {
      const path = localFile(deps, a.localPath);
      const info = path ? await stat(path).catch(() => null) : null;
      if (!path || !info) return notFound(c);
      headers['content-length'] = String(info.size);
      return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, { status: 200, headers });
    }
    if (!a.fileId) return notFound(c);
    // a requester's own file is of the messenger he wrote on; what staff sent came through Telegram
    const channel = message?.direction === 'in' && message.authorKind === 'requester' ? message.channel : 'telegram';
    try {
      const file = await downloadFile(deps, channel, a.fileId);
      if (!file) return c.text(c.get('t')('admin-err-no_bot'), 503);
      if (file.size) headers['content-length'] = String(file.size);
      return new Response(file.body, { status: 200, headers });
    } catch (err) {
      c.get('log')?.warn({ err: (err as Error).message, ticketId: id, messageId: mid }, 'attachment download failed');
      return c.text(c.get('t')('admin-err-file_unavailable'), 502);
    }
  });

  return app;
}
