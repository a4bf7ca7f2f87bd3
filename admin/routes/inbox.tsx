/**
 * GET /tickets — the inbox: tabs, filters, search (core search), sort and keyset pages. The list part
 * (#inbox-live) refreshes itself every 30 s with htmx: a request with HX-Request gets only that fragment.
 * GET /tickets/counts — the tabs with their (capped) counts, loaded by htmx after the page and every 30 s,
 * so the page itself stays a handful of queries.
 */
import { Hono, type Context } from 'hono';
import { PRIORITIES, TICKET_STATES, type Locale } from '../../core/entities/enums.ts';
import type { StaffAccount } from '../../core/entities/people.ts';
import type { Translate } from '../../core/i18n/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import { requesterNames } from '../../core/services/requesters.ts';
import { searchTickets } from '../../core/services/search.ts';
import { staffByIds } from '../../core/services/staff.ts';
import { ticketRef } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { COUNT_CAP, filterParams, inboxPage, parseCursor, parseFilters, SORTS, tabCounts, TABS, type InboxFilters, type InboxRow, type Tab } from '../inbox.ts';
import { pickerOptions, type PickerOptions } from '../options.ts';
import { page } from '../views/layout.tsx';
import { when } from '../views/format.ts';

const href = (f: InboxFilters, extra: Record<string, string> = {}) => `/tickets?${filterParams(f, extra).toString()}`;

interface RowsProps {
  t: Translate;
  locale: Locale;
  timeZone: string;
  items: InboxRow[];
  staff: Map<number, StaffAccount>;
  options: PickerOptions;
}

function Rows({ t, locale, timeZone, items, staff, options }: RowsProps) {
  if (!items.length) return <p class="muted">{t('admin-empty')}</p>;
  const teams = new Map(options.teams.map((x) => [x.id, x]));
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
        {items.map(({ ticket: tk, requesterName }) => (
          <tr data-ticket={String(tk.id)}>
            <td>
              <a href={`/tickets/${tk.id}`}>{ticketRef(tk.number, locale)}</a>
            </td>
            <td>
              <a href={`/tickets/${tk.id}`} dir="auto">
                {tk.title}
              </a>
              {tk.internal ? <span class="badge">{t('admin-internal')}</span> : null}
            </td>
            <td class="hide-sm" dir="auto">
              {requesterName}
            </td>
            <td>
              <span class={`badge state-${tk.state}`}>{t(`admin-state-${tk.state}`)}</span>
            </td>
            <td class="hide-sm">
              <span class={`badge ${tk.priority}`}>{t(`admin-priority-${tk.priority}`)}</span>
            </td>
            <td class="hide-sm" dir="auto">
              {tk.teamId ? (teams.get(tk.teamId)?.name ?? '') : ''}
            </td>
            <td class="hide-sm" dir="auto">
              {tk.assigneeId ? (staff.get(tk.assigneeId)?.displayName ?? '') : t('admin-unassigned')}
            </td>
            <td class="hide-sm">{when(tk.updatedAt, locale, timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Tabs({ t, locale, f, counts, search }: { t: Translate; locale: Locale; f: InboxFilters; counts: Record<Tab, number> | null; search: boolean }) {
  const digits = (n: number) => n.toLocaleString(locale === 'fa' ? 'fa-IR' : 'en-US');
  const shown = (n: number) => (n >= COUNT_CAP ? `${digits(COUNT_CAP - 1)}+` : digits(n));
  const countsUrl = `/tickets/counts?${filterParams(f).toString()}`;
  return (
    <nav
      class="tabs"
      id="tabs"
      aria-label={t('admin-tabs')}
      hx-get={countsUrl}
      hx-trigger={counts ? 'every 30s, live-inbox from:body' : 'load, every 30s, live-inbox from:body'}
      hx-swap="outerHTML"
    >
      {TABS.map((tab) => (
        <a href={href({ ...f, tab })} class={!search && f.tab === tab ? 'on' : ''} aria-current={!search && f.tab === tab ? 'page' : undefined} data-tab={tab}>
          {t(`admin-tab-${tab}`)}
          {counts ? (
            <span class="count" data-count={String(counts[tab])}>
              {' '}
              ({shown(counts[tab])})
            </span>
          ) : null}
        </a>
      ))}
    </nav>
  );
}

function Filters({ t, locale, f, o }: { t: Translate; locale: Locale; f: InboxFilters; o: PickerOptions }) {
  const name = (x: { nameFa: string; nameEn: string }) => (locale === 'fa' ? x.nameFa : x.nameEn);
  const sel = (a: number | string | null, b: number | string) => a !== null && String(a) === String(b);
  const deptsOf = (vc: number) => o.departments.filter((d) => d.parentId === vc);
  return (
    <details
      class="card filters-box"
      open={
        !!(
          f.priority ||
          f.teamId ||
          f.assignee !== null ||
          f.valueChainId ||
          f.departmentId ||
          f.subjectId ||
          f.internal !== null ||
          f.from ||
          f.to ||
          f.state !== 'active' ||
          f.sort !== 'updated_desc'
        )
      }
    >
      <summary>{t('admin-filters')}</summary>
      <form class="filters" method="get" action="/tickets" id="filters">
        <input type="hidden" name="tab" value={f.tab} />
        <div>
          <label for="f-state">{t('admin-filter-state')}</label>
          <select id="f-state" name="state">
            <option value="active" selected={f.state === 'active'}>
              {t('admin-filter-active')}
            </option>
            <option value="any" selected={f.state === 'any'}>
              {t('admin-filter-any')}
            </option>
            {TICKET_STATES.map((s) => (
              <option value={s} selected={f.state === s}>
                {t(`admin-state-${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-priority">{t('admin-filter-priority')}</label>
          <select id="f-priority" name="priority">
            <option value="">{t('admin-filter-any')}</option>
            {PRIORITIES.map((p) => (
              <option value={p} selected={f.priority === p}>
                {t(`admin-priority-${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-team">{t('admin-filter-team')}</label>
          <select id="f-team" name="team">
            <option value="">{t('admin-filter-any')}</option>
            {o.teams.map((tm) => (
              <option value={String(tm.id)} selected={sel(f.teamId, tm.id)}>
                {tm.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-assignee">{t('admin-filter-assignee')}</label>
          <select id="f-assignee" name="assignee">
            <option value="">{t('admin-filter-any')}</option>
            <option value="none" selected={f.assignee === 'none'}>
              {t('admin-unassigned')}
            </option>
            {o.staff
              .filter((s) => s.active)
              .map((s) => (
                <option value={String(s.id)} selected={sel(f.assignee, s.id)}>
                  {s.displayName}
                </option>
              ))}
          </select>
        </div>
        <div>
          <label for="f-vc">{t('admin-filter-value-chain')}</label>
          <select id="f-vc" name="vc">
            <option value="">{t('admin-filter-any')}</option>
            {o.valueChains.map((v) => (
              <option value={String(v.id)} selected={sel(f.valueChainId, v.id)}>
                {name(v)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-dept">{t('admin-filter-department')}</label>
          <select id="f-dept" name="dept">
            <option value="">{t('admin-filter-any')}</option>
            {o.valueChains.map((v) => (
              <optgroup label={name(v)}>
                {deptsOf(v.id).map((d) => (
                  <option value={String(d.id)} selected={sel(f.departmentId, d.id)}>
                    {name(d)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label for="f-subject">{t('admin-filter-subject')}</label>
          <select id="f-subject" name="subject">
            <option value="">{t('admin-filter-any')}</option>
            {o.departments.map((d) => (
              <optgroup label={name(d)}>
                {o.subjects
                  .filter((s) => s.parentId === d.id)
                  .map((s) => (
                    <option value={String(s.id)} selected={sel(f.subjectId, s.id)}>
                      {name(s)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label for="f-internal">{t('admin-filter-internal')}</label>
          <select id="f-internal" name="internal">
            <option value="">{t('admin-filter-any')}</option>
            <option value="yes" selected={f.internal === true}>
              {t('admin-internal-only')}
            </option>
            <option value="no" selected={f.internal === false}>
              {t('admin-internal-none')}
            </option>
          </select>
        </div>
        <div>
          <label for="f-from">{t('admin-filter-from')}</label>
          <input
            type="text"
            id="f-from"
            name="from"
            value={f.from}
            dir="ltr"
            placeholder="۱۴۰۵/۰۱/۰۱"
            aria-invalid={f.from && !f.fromAt ? 'true' : undefined}
          />
          {f.from && !f.fromAt ? <p class="field-error">{t('org-error-invalid_date')}</p> : null}
        </div>
        <div>
          <label for="f-to">{t('admin-filter-to')}</label>
          <input type="text" id="f-to" name="to" value={f.to} dir="ltr" placeholder="۱۴۰۵/۱۲/۲۹" aria-invalid={f.to && !f.toAt ? 'true' : undefined} />
          {f.to && !f.toAt ? <p class="field-error">{t('org-error-invalid_date')}</p> : null}
        </div>
        <div>
          <label for="f-sort">{t('admin-sort')}</label>
          <select id="f-sort" name="sort">
            {SORTS.map((s) => (
              <option value={s} selected={f.sort === s}>
                {t(`admin-sort-${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="buttons">
          <button type="submit">{t('admin-filter-apply')}</button>
          <a href={`/tickets?tab=${f.tab}`}>{t('admin-filter-clear')}</a>
        </div>
      </form>
    </details>
  );
}

export function inboxRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  /** the assignees of a page: from the picker list, plus any it lacks (none, normally) */
  async function staffOf(items: InboxRow[], o: PickerOptions): Promise<Map<number, StaffAccount>> {
    const map = new Map(o.staff.map((s) => [s.id, s]));
    const missing = [...new Set(items.map((x) => x.ticket.assigneeId).filter((x): x is number => x !== null && !map.has(x)))];
    for (const s of await staffByIds(core, missing)) map.set(s.id, s);
    return map;
  }

  app.get('/tickets', async (c: Context<PanelEnv>) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const me = c.get('staff');
    const q = c.req.query();
    const f = parseFilters(q, core.timeZone);
    const search = (q.q ?? '').trim().slice(0, 200);

    let items: InboxRow[];
    let nextHref: string | null = null;
    if (search) {
      const cursor = /^\d{1,10}$/.test(q.after ?? '') ? Number(q.after) : null;
      const r = await searchTickets(core, staffActor(me), search, { limit: 25, cursor });
      const byId = await requesterNames(
        core,
        r.items.map((x) => x.requesterId).filter((x): x is number => x !== null),
      );
      items = r.items.map((ticket) => ({ ticket, requesterName: ticket.requesterId ? (byId.get(ticket.requesterId) ?? '') : '' }));
      if (r.nextCursor) nextHref = `/tickets?${new URLSearchParams({ q: search, after: String(r.nextCursor) }).toString()}`;
    } else {
      const result = await inboxPage(core, me, f, parseCursor(q.after));
      items = result.items;
      if (result.next) nextHref = href(f, { after: result.next });
    }
    const o = await pickerOptions(core);
    const staff = await staffOf(items, o);
    const self = search
      ? `/tickets?${new URLSearchParams({ q: search, ...(q.after ? { after: q.after } : {}) }).toString()}`
      : href(f, q.after ? { after: q.after } : {});

    const live = (
      <div id="inbox-live" hx-get={self} hx-trigger="every 30s, live-inbox from:body" hx-swap="outerHTML">
        {search ? <p>{t('admin-search-results', { q: search })}</p> : null}
        <Rows t={t} locale={locale} timeZone={core.timeZone} items={items} staff={staff} options={o} />
        <p class="pager">
          {q.after ? <a href={search ? `/tickets?${new URLSearchParams({ q: search }).toString()}` : href(f)}>{t('admin-first-page')}</a> : null}{' '}
          {nextHref ? (
            <a href={nextHref} rel="next">
              {t('admin-next-page')}
            </a>
          ) : null}
        </p>
      </div>
    );
    if (c.req.header('hx-request') && c.req.header('hx-target') === 'inbox-live') return c.html(live);

    return page(
      c,
      t('admin-inbox'),
      <>
        <h1>{t('admin-inbox')}</h1>
        <form method="get" action="/tickets" role="search" class="card search">
          <label for="q">{t('admin-search')}</label>
          <div class="row">
            <input type="search" id="q" name="q" value={search} dir="auto" />
            <button type="submit">{t('admin-search-go')}</button>
          </div>
        </form>
        <Filters t={t} locale={locale} f={f} o={o} />
        <Tabs t={t} locale={locale} f={f} counts={null} search={!!search} />
        {live}
      </>,
    );
  });

  app.get('/tickets/counts', async (c) => {
    const f = parseFilters(c.req.query(), core.timeZone);
    const counts = await tabCounts(core, c.get('staff'), f);
    return c.html(<Tabs t={c.get('t')} locale={c.get('locale')} f={f} counts={counts} search={false} />);
  });

  return app;
}
