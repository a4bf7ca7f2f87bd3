/** GET /tickets: the inbox (tabs with counts, filters, search through core search, keyset pages). */
import { Hono } from 'hono';
import { In } from 'typeorm';
import { PRIORITIES, TICKET_STATES, type Locale } from '../../core/entities/enums.ts';
import { Team } from '../../core/entities/org.ts';
import { Requester, StaffAccount } from '../../core/entities/people.ts';
import type { Ticket } from '../../core/entities/ticket.ts';
import type { Translate } from '../../core/i18n/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import { searchTickets } from '../../core/services/search.ts';
import { ticketRef } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { inboxPage, parseCursor, parseFilters, tabCounts, TABS, type InboxFilters } from '../inbox.ts';
import { Layout } from '../views/layout.tsx';
import { when } from '../views/format.ts';

function query(f: InboxFilters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ tab: f.tab, state: f.state });
  if (f.priority) p.set('priority', f.priority);
  if (f.teamId !== null) p.set('team', String(f.teamId));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `/tickets?${p.toString()}`;
}

interface RowsProps {
  t: Translate;
  locale: Locale;
  timeZone: string;
  items: Ticket[];
  requesters: Map<number, Requester>;
  staff: Map<number, StaffAccount>;
  teams: Map<number, Team>;
}

function Rows({ t, locale, timeZone, items, requesters, staff, teams }: RowsProps) {
  if (!items.length) return <p class="muted">{t('admin-empty')}</p>;
  return (
    <table class="list">
      <thead>
        <tr>
          <th>{t('admin-col-number')}</th>
          <th>{t('admin-col-title')}</th>
          <th class="hide-sm">{t('admin-col-requester')}</th>
          <th>{t('admin-col-state')}</th>
          <th class="hide-sm">{t('admin-col-priority')}</th>
          <th class="hide-sm">{t('admin-col-team')}</th>
          <th class="hide-sm">{t('admin-col-assignee')}</th>
          <th class="hide-sm">{t('admin-col-updated')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((tk) => (
          <tr>
            <td><a href={`/tickets/${tk.id}`}>{ticketRef(tk.number, locale)}</a></td>
            <td><a href={`/tickets/${tk.id}`} dir="auto">{tk.title}</a></td>
            <td class="hide-sm" dir="auto">{tk.requesterId ? requesters.get(tk.requesterId)?.fullName ?? '' : ''}</td>
            <td><span class="badge">{t(`admin-state-${tk.state}`)}</span></td>
            <td class="hide-sm"><span class={`badge ${tk.priority}`}>{t(`admin-priority-${tk.priority}`)}</span></td>
            <td class="hide-sm" dir="auto">{tk.teamId ? teams.get(tk.teamId)?.name ?? '' : ''}</td>
            <td class="hide-sm" dir="auto">{tk.assigneeId ? staff.get(tk.assigneeId)?.displayName ?? '' : t('admin-unassigned')}</td>
            <td class="hide-sm">{when(tk.updatedAt, locale, timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function inboxRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  app.get('/tickets', async (c) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const me = c.get('staff');
    const q = c.req.query();
    const f = parseFilters(q);
    const search = (q.q ?? '').trim().slice(0, 200);

    let items: Ticket[];
    let nextHref: string | null = null;
    if (search) {
      const cursor = /^\d{1,10}$/.test(q.after ?? '') ? Number(q.after) : null;
      const r = await searchTickets(core, staffActor(me), search, { limit: 25, cursor });
      items = r.items;
      if (r.nextCursor) nextHref = `/tickets?${new URLSearchParams({ q: search, after: String(r.nextCursor) }).toString()}`;
    } else {
      const page = await inboxPage(core, me, f, parseCursor(q.after));
      items = page.items;
      if (page.next) nextHref = query(f, { after: page.next });
    }
    const counts = await tabCounts(core, me, f);
    const teams = new Map((await core.ds.getRepository(Team).find({ order: { name: 'ASC' } })).map((x) => [x.id, x]));
    const rIds = [...new Set(items.map((x) => x.requesterId).filter((x): x is number => x !== null))];
    const sIds = [...new Set(items.map((x) => x.assigneeId).filter((x): x is number => x !== null))];
    const requesters = new Map((rIds.length ? await core.ds.getRepository(Requester).find({ where: { id: In(rIds) } }) : []).map((x) => [x.id, x]));
    const staff = new Map((sIds.length ? await core.ds.getRepository(StaffAccount).find({ where: { id: In(sIds) } }) : []).map((x) => [x.id, x]));

    return c.html(
      <Layout t={t} locale={locale} title={t('admin-inbox')} csrf={c.get('csrf')} staff={me}>
        <h1>{t('admin-inbox')}</h1>
        <div class="card">
          <form class="filters" method="get" action="/tickets">
            <input type="hidden" name="tab" value={f.tab} />
            <div>
              <label for="f-state">{t('admin-filter-state')}</label>
              <select id="f-state" name="state">
                <option value="active" selected={f.state === 'active'}>{t('admin-filter-active')}</option>
                <option value="any" selected={f.state === 'any'}>{t('admin-filter-any')}</option>
                {TICKET_STATES.map((s) => <option value={s} selected={f.state === s}>{t(`admin-state-${s}`)}</option>)}
              </select>
            </div>
            <div>
              <label for="f-priority">{t('admin-filter-priority')}</label>
              <select id="f-priority" name="priority">
                <option value="">{t('admin-filter-any')}</option>
                {PRIORITIES.map((p) => <option value={p} selected={f.priority === p}>{t(`admin-priority-${p}`)}</option>)}
              </select>
            </div>
            <div>
              <label for="f-team">{t('admin-filter-team')}</label>
              <select id="f-team" name="team">
                <option value="">{t('admin-filter-any')}</option>
                {[...teams.values()].map((tm) => <option value={String(tm.id)} selected={f.teamId === tm.id}>{tm.name}</option>)}
              </select>
            </div>
            <div><button type="submit">{t('admin-filter-apply')}</button></div>
          </form>
          <form method="get" action="/tickets" role="search">
            <label for="q">{t('admin-search')}</label>
            <input type="search" id="q" name="q" value={search} dir="auto" />
          </form>
        </div>
        <div id="inbox-live" hx-get={c.req.url.replace(/^https?:\/\/[^/]+/, '')} hx-trigger="every 30s" hx-select="#inbox-live" hx-swap="outerHTML">
        <nav class="tabs">
          {TABS.map((tab) => (
            <a href={query({ ...f, tab })} class={!search && f.tab === tab ? 'on' : ''}>
              {t(`admin-tab-${tab}`)} ({counts[tab].toLocaleString(locale === 'fa' ? 'fa-IR' : 'en-US')})
            </a>
          ))}
        </nav>
        {search ? <p>{t('admin-search-results', { q: search })}</p> : null}
        <Rows t={t} locale={locale} timeZone={core.timeZone} items={items} requesters={requesters} staff={staff} teams={teams} />
        <p>
          {q.after ? <a href={search ? `/tickets?${new URLSearchParams({ q: search }).toString()}` : query(f)}>{t('admin-first-page')}</a> : null}
          {' '}
          {nextHref ? <a href={nextHref} rel="next">{t('admin-next-page')}</a> : null}
        </p>
        </div>
      </Layout>,
    );
  });

  return app;
}
