/**
 * GET /tickets/:id — the ticket page (timeline, reply and note boxes, actions, SLA badges, requester card);
 * POST /tickets/:id/<action> — each action is one core service call (the core checks the permission and the
 * transition table); a ticket the staff member may not see is a 404 (NotFoundError from the core).
 */
import { Hono, type Context } from 'hono';
import { In } from 'typeorm';
import { PRIORITIES, type Priority } from '../../core/entities/enums.ts';
import { Team } from '../../core/entities/org.ts';
import { Requester, StaffAccount } from '../../core/entities/people.ts';
import { SlaTarget } from '../../core/entities/sla.ts';
import { staffActor } from '../../core/services/actor.ts';
import { DomainError } from '../../core/services/errors.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { canAct } from '../../core/services/permissions.ts';
import { formatIranPhone, ticketRef } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { Csrf, Layout } from '../views/layout.tsx';
import { when } from '../views/format.ts';

const ERROR_CODES = ['not_found', 'forbidden', 'illegal_transition', 'ticket_finished', 'validation', 'conflict'];

function slaStatus(s: SlaTarget, now: Date): 'met' | 'failed' | 'risk' | 'running' | 'paused' {
  if (s.breached) return 'failed';
  if (s.reachedAt) return 'met';
  if (s.paused) return 'paused';
  if (s.deadline && s.deadline <= now) return 'failed';
  if (s.warnAt && s.warnAt <= now) return 'risk';
  return 'running';
}
const SLA_CLASS = { met: 'met', failed: 'failed', risk: 'risk', running: '', paused: '' } as const;
const SLA_KEY = { met: 'met', failed: 'failed', risk: 'at-risk', running: 'running', paused: 'paused' } as const;

function ticketId(c: Context<PanelEnv>): number | null {
  const id = c.req.param('id') ?? '';
  return /^\d{1,10}$/.test(id) ? Number(id) : null;
}

export function ticketRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  const notFound = (c: Context<PanelEnv>) => {
    const t = c.get('t');
    return c.html(
      <Layout t={t} locale={c.get('locale')} title={t('admin-not-found')} csrf={c.get('csrf')} staff={c.get('staff')}>
        <div class="card"><p>{t('admin-not-found')}</p><a href="/tickets">{t('admin-back-inbox')}</a></div>
      </Layout>,
      404,
    );
  };

  app.get('/tickets/:id', async (c) => {
    const id = ticketId(c);
    if (id === null) return notFound(c);
    const t = c.get('t');
    const locale = c.get('locale');
    const me = c.get('staff');
    const actor = staffActor(me);
    let tl: tickets.Timeline;
    try {
      tl = await tickets.ticketTimeline(core, actor, id);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return notFound(c);
      throw err;
    }
    const tk = tl.ticket;
    const staffIds = [...new Set([tk.assigneeId, ...tl.messages.map((m) => m.staffId), ...tl.events.map((e) => (e.actorKind === 'staff' ? e.actorId : null))])]
      .filter((x): x is number => x !== null);
    const staff = new Map((staffIds.length ? await core.ds.getRepository(StaffAccount).find({ where: { id: In(staffIds) } }) : []).map((s) => [s.id, s]));
    const requester = tk.requesterId ? await core.ds.getRepository(Requester).findOne({ where: { id: tk.requesterId } }) : null;
    const team = tk.teamId ? await core.ds.getRepository(Team).findOne({ where: { id: tk.teamId } }) : null;
    const slas = await core.ds.getRepository(SlaTarget).find({ where: { ticketId: tk.id }, order: { kind: 'ASC' } });
    const em = core.ds.manager;
    const may = {
      reply: await canAct(em, actor, tk, 'agent_reply'),
      assignMe: tk.assigneeId !== me.id && (await canAct(em, actor, tk, 'assign_to_me')),
      resolve: await canAct(em, actor, tk, 'resolve'),
      close: await canAct(em, actor, tk, 'close'),
      reopen: await canAct(em, actor, tk, 'reopen'),
      priority: await canAct(em, actor, tk, 'set_priority'),
    };
    const fromState = (a: tickets.TicketAction) => tickets.canMove(a, tk.state);
    const now = core.clock.now();
    const err = c.req.query('e');
    const name = (sid: number | null) => (sid ? staff.get(sid)?.displayName ?? `#${sid}` : '');
    const csrf = c.get('csrf');
    const at = (d: Date | null) => when(d, locale, core.timeZone);

    return c.html(
      <Layout t={t} locale={locale} title={ticketRef(tk.number, locale)} csrf={csrf} staff={me}>
        <p><a href="/tickets">{t('admin-back-inbox')}</a></p>
        <h1>
          <span>{ticketRef(tk.number, locale)}</span> · <span dir="auto">{tk.title}</span>
        </h1>
        {err ? <p class="error" role="alert">{t(ERROR_CODES.includes(err) ? `admin-err-${err}` : 'admin-err-unknown')}</p> : null}
        {c.req.query('ok') ? <p class="ok" role="status">{t('admin-done')}</p> : null}
        <div class="grid">
          <section>
            <div class="card">
              <h2>{t('admin-timeline')}</h2>
              <ol class="timeline">
                {tl.entries.map((e) => {
                  if (e.type === 'message') {
                    const m = e.message;
                    const who = m.kind === 'note' ? t('admin-note-by', { name: name(m.staffId) })
                      : m.direction === 'in' ? t('admin-from-requester') : t('admin-from-staff', { name: name(m.staffId) });
                    return (
                      <li class={m.kind === 'note' ? 'note' : m.direction} id={`m${m.id}`}>
                        <div class="muted">{who} · {at(m.createdAt)}</div>
                        {m.text ? <div class="msg" dir="auto">{m.text}</div> : null}
                        {m.attachments.length ? <div class="muted">{t('admin-attachments', { count: m.attachments.length })}</div> : null}
                      </li>
                    );
                  }
                  const ev = e.event;
                  const label = ev.kind === 'state'
                    ? t('admin-event-state', { from: t(`admin-state-${String(ev.before?.state ?? 'new')}`), to: t(`admin-state-${String(ev.after?.state ?? '')}`) })
                    : t(`admin-event-${ev.kind}`);
                  return (
                    <li class="event">
                      <bdi>{label}</bdi>
                      {ev.actorKind === 'staff' ? <> · <bdi>{name(ev.actorId)}</bdi></> : null}
                      {ev.note ? <> · <bdi>{ev.note}</bdi></> : null} · {at(ev.createdAt)}
                    </li>
                  );
                })}
              </ol>
            </div>
            {may.reply && fromState('agent_reply') ? (
              <form class="card" method="post" action={`/tickets/${tk.id}/reply`}>
                <Csrf token={csrf} />
                <label for="reply">{t('admin-reply')}</label>
                <textarea id="reply" name="text" required dir="auto" maxlength={4000}></textarea>
                <button type="submit">{t('admin-reply-send')}</button>
              </form>
            ) : null}
            {fromState('note') ? (
              <form class="card" method="post" action={`/tickets/${tk.id}/note`}>
                <Csrf token={csrf} />
                <label for="note">{t('admin-note')}</label>
                <textarea id="note" name="text" required dir="auto" maxlength={4000}></textarea>
                <button class="secondary" type="submit">{t('admin-note-add')}</button>
              </form>
            ) : null}
          </section>
          <aside>
            <div class="card">
              <p>
                <span class="badge">{t(`admin-state-${tk.state}`)}</span>{' '}
                <span class={`badge ${tk.priority}`}>{t(`admin-priority-${tk.priority}`)}</span>
              </p>
              <p>{t('admin-col-team')}: <span dir="auto">{team?.name ?? ''}</span></p>
              <p>{t('admin-col-assignee')}: <span dir="auto">{tk.assigneeId ? name(tk.assigneeId) : t('admin-unassigned')}</span></p>
              <p class="muted">{at(tk.createdAt)}</p>
            </div>
            {slas.length ? (
              <div class="card">
                <h3>{t('admin-sla')}</h3>
                {slas.map((s) => {
                  const st = slaStatus(s, now);
                  return (
                    <p>
                      {t(`admin-sla-${s.kind}`)}: <span class={`badge ${SLA_CLASS[st]}`} data-sla={st}>{t(`admin-sla-${SLA_KEY[st]}`)}</span>
                      {s.deadline && !s.reachedAt ? <span class="muted"> {t('admin-deadline', { at: at(s.deadline) })}</span> : null}
                    </p>
                  );
                })}
              </div>
            ) : null}
            {requester ? (
              <div class="card">
                <h3>{t('admin-requester')}</h3>
                <p dir="auto">{requester.fullName}</p>
                {requester.phone ? <p dir="ltr">{formatIranPhone(requester.phone, locale)}</p> : null}
              </div>
            ) : null}
            <div class="card actions">
              <h3>{t('admin-actions')}</h3>
              {may.assignMe && fromState('assign_to_me') ? (
                <form method="post" action={`/tickets/${tk.id}/assign-me`}><Csrf token={csrf} /><button type="submit">{t('admin-assign-me')}</button></form>
              ) : null}
              {may.resolve && fromState('resolve') ? (
                <form method="post" action={`/tickets/${tk.id}/resolve`}><Csrf token={csrf} /><button type="submit">{t('admin-resolve')}</button></form>
              ) : null}
              {may.reopen && fromState('reopen') ? (
                <form method="post" action={`/tickets/${tk.id}/reopen`}><Csrf token={csrf} /><button type="submit">{t('admin-reopen')}</button></form>
              ) : null}
              {may.priority && fromState('set_priority') ? (
                <form method="post" action={`/tickets/${tk.id}/priority`}>
                  <Csrf token={csrf} />
                  <label for="priority">{t('admin-set-priority')}</label>
                  <select id="priority" name="priority">
                    {PRIORITIES.map((p) => <option value={p} selected={p === tk.priority}>{t(`admin-priority-${p}`)}</option>)}
                  </select>
                  <button class="secondary" type="submit">{t('admin-set-priority')}</button>
                </form>
              ) : null}
              {may.close && fromState('close') ? (
                <form method="post" action={`/tickets/${tk.id}/close`}>
                  <Csrf token={csrf} />
                  <label for="reason">{t('admin-close-reason')}</label>
                  <input type="text" id="reason" name="reason" maxlength={300} dir="auto" />
                  <button class="secondary" type="submit">{t('admin-close')}</button>
                </form>
              ) : null}
            </div>
          </aside>
        </div>
      </Layout>,
    );
  });

  /** one action: the core does the work and the checks; domain errors come back to the page as ?e=<code> */
  const action = (path: string, run: (id: number, body: Record<string, string>, c: Context<PanelEnv>) => Promise<unknown>) => {
    app.post(`/tickets/:id/${path}`, async (c) => {
      const id = ticketId(c);
      if (id === null) return notFound(c);
      const raw = await c.req.parseBody();
      const body: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') body[k] = v;
      try {
        await run(id, body, c);
      } catch (err) {
        if (err instanceof DomainError) {
          if (err.code === 'not_found') return notFound(c);
          c.get('log')?.info({ ticketId: id, action: path, code: err.code }, 'panel action refused');
          return c.redirect(`/tickets/${id}?e=${err.code}`, 303);
        }
        throw err;
      }
      return c.redirect(`/tickets/${id}?ok=1`, 303);
    });
  };
  const me = (c: Context<PanelEnv>) => staffActor(c.get('staff'));

  action('reply', (id, b, c) => tickets.agentReply(core, me(c), id, { text: b.text ?? '', via: 'panel' }));
  action('note', (id, b, c) => tickets.addNote(core, me(c), id, { text: b.text ?? '', via: 'panel' }));
  action('assign-me', (id, _b, c) => tickets.assignToMe(core, me(c), id));
  action('resolve', (id, _b, c) => tickets.resolve(core, me(c), id));
  action('close', (id, b, c) => tickets.close(core, me(c), id, (b.reason ?? '').trim() || null));
  action('reopen', (id, _b, c) => tickets.reopen(core, me(c), id));
  action('priority', (id, b, c) => {
    if (!(PRIORITIES as readonly string[]).includes(b.priority ?? '')) return tickets.getTicket(core, me(c), id).then(() => { throw new DomainError('validation', 'priority'); });
    return tickets.setPriority(core, me(c), id, b.priority as Priority);
  });

  return app;
}
