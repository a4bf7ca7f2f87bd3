/**
 * GET /tickets — the inbox: tabs, filters, search (core search), sort (the SLA due soonest too) and keyset
 * pages; the rows carry the SLA due column and the unread state, a checkbox each for the bulk bar, and the
 * keyboard works on them (admin/inbox-keys.js). The list part (#inbox-live) refreshes itself with htmx (every 30 s
 * and on the live signal): a request with HX-Request gets only its content (swapped inside it).
 * GET /tickets/counts — the tabs' links with their (capped) counts, swapped inside the tabs bar by htmx after the
 * page, every 30 s and on the live signal, so the page itself stays a handful of queries (`search=1`: asked by a
 * search page, whose tabs mark none as current).
 * GET /assets/inbox.js, /assets/inbox.css — the inbox's script (admin/inbox-keys.js: not inbox.js, which is
 * admin/inbox.ts compiled in dist/) and styles (admin/inbox.css), linked by the layout.
 * The bulk actions and the saved filters' writes: admin/routes/inbox-actions.tsx.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import type { Locale } from '../../core/entities/enums.ts';
import type { StaffAccount } from '../../core/entities/people.ts';
import type { Translate } from '../../core/i18n/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import { savedFilters } from '../../core/services/saved-filters.ts';
import { searchTickets } from '../../core/services/search.ts';
import { staffByIds } from '../../core/services/staff.ts';
import type { BulkResult } from '../../core/services/tickets/bulk.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import {
  COUNT_CAP,
  filterParams,
  inboxPage,
  inboxRows,
  parseCursor,
  parseFilters,
  tabCounts,
  TABS,
  type InboxFilters,
  type InboxRow,
  type Tab,
} from '../inbox.ts';
import { pickerOptions, type PickerOptions } from '../options.ts';
import { BulkBar, BulkOutcome, KeyHelp, Rows, SavedFilters } from '../views/inbox.tsx';
import { Filters } from '../views/inbox-filters.tsx';
import { page } from '../views/layout.tsx';
import { inboxActionRoutes } from './inbox-actions.tsx';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = readFileSync(join(here, '..', 'inbox-keys.js'));
const STYLES = readFileSync(join(here, '..', 'inbox.css'));

const href = (f: InboxFilters, extra: Record<string, string> = {}) => `/tickets?${filterParams(f, extra).toString()}`;

/** what a POST shows on the page it renders again (no JS: the bulk bar and the saved filters' forms) */
export interface InboxNotice {
  bulk?: BulkResult;
  bulkError?: string;
}

type TabsProps = { t: Translate; locale: Locale; f: InboxFilters; counts: Record<Tab, number> | null; search: boolean };

/** the tabs bar; it reloads its links with their counts (innerHTML: see the list's note in the route) */
function Tabs(p: TabsProps) {
  return (
    <nav
      class="tabs"
      id="tabs"
      aria-label={p.t('admin-tabs')}
      hx-get={`/tickets/counts?${filterParams(p.f, p.search ? { search: '1' } : {}).toString()}`}
      hx-trigger="load, every 30s, live-inbox from:body"
      hx-swap="innerHTML"
    >
      <TabLinks {...p} />
    </nav>
  );
}

function TabLinks({ t, locale, f, counts, search }: TabsProps) {
  const digits = (n: number) => n.toLocaleString(locale === 'fa' ? 'fa-IR' : 'en-US');
  const shown = (n: number) => (n >= COUNT_CAP ? `${digits(COUNT_CAP - 1)}+` : digits(n));
  return (
    <>
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
    </>
  );
}

export function inboxRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;
  const asset = (body: Buffer, type: string) => (c: Context) =>
    c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  app.get('/assets/inbox.js', asset(SCRIPT, 'text/javascript; charset=utf-8'));
  app.get('/assets/inbox.css', asset(STYLES, 'text/css; charset=utf-8'));

  /** the assignees of a page: from the picker list, plus any it lacks (none, normally) */
  async function staffOf(items: InboxRow[], o: PickerOptions): Promise<Map<number, StaffAccount>> {
    const map = new Map(o.staff.map((s) => [s.id, s]));
    const missing = [...new Set(items.map((x) => x.ticket.assigneeId).filter((x): x is number => x !== null && !map.has(x)))];
    for (const s of await staffByIds(core, missing)) map.set(s.id, s);
    return map;
  }

  /** the inbox for a query string (GET, or a form's POST rendering the page again with its notice) */
  async function render(c: Context<PanelEnv>, q: Record<string, string | undefined>, notice: InboxNotice = {}): Promise<Response> {
    const t = c.get('t');
    const locale = c.get('locale');
    const me = c.get('staff');
    const f = parseFilters(q, core.timeZone);
    const search = (q.q ?? '').trim().slice(0, 200);

    let items: InboxRow[];
    let nextHref: string | null = null;
    if (search) {
      const cursor = /^\d{1,10}$/.test(q.after ?? '') ? Number(q.after) : null;
      const r = await searchTickets(core, staffActor(me), search, { limit: 25, cursor });
      items = await inboxRows(
        core,
        me,
        r.items.map((x) => x.id),
      );
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

    // the list reloads its content, not itself: a change announced while a reload is under way queues a
    // second reload on this element, and htmx drops a queued request of an element that was swapped out
    const content = (
      <>
        {search ? <p>{t('admin-search-results', { q: search })}</p> : null}
        <Rows t={t} locale={locale} timeZone={core.timeZone} items={items} staff={staff} options={o} dueSortHref={href({ ...f, sort: 'due_asc' })} />
        <p class="pager">
          {q.after ? <a href={search ? `/tickets?${new URLSearchParams({ q: search }).toString()}` : href(f)}>{t('admin-first-page')}</a> : null}{' '}
          {nextHref ? (
            <a href={nextHref} rel="next">
              {t('admin-next-page')}
            </a>
          ) : null}
        </p>
      </>
    );
    if (c.req.header('hx-request') && c.req.header('hx-target') === 'inbox-live') return c.html(content);
    const live = (
      <div id="inbox-live" hx-get={self} hx-trigger="every 30s, live-inbox from:body" hx-swap="innerHTML">
        {content}
      </div>
    );

    const query = filterParams(f).toString();
    const saved = await savedFilters(core, me.id);
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
        <SavedFilters t={t} csrf={c.get('csrf')} saved={saved} query={query} error={/^[a-z_]{1,30}$/.test(q.fe ?? '') ? q.fe! : ''} ok={q.saved === '1'} />
        <Filters t={t} locale={locale} f={f} o={o} />
        <div class="quick">
          <Tabs t={t} locale={locale} f={f} counts={null} search={!!search} />
          <a href={href({ ...f, unread: !f.unread })} class={f.unread ? 'on' : undefined} aria-pressed={f.unread ? 'true' : 'false'} id="unread-toggle">
            {t('inbox-unread-only')}
          </a>
        </div>
        <BulkBar t={t} csrf={c.get('csrf')} back={search ? new URLSearchParams({ q: search }).toString() : query} o={o} />
        <div id="bulk-result">
          {notice.bulk ? <BulkOutcome t={t} locale={locale} r={notice.bulk} /> : null}
          {notice.bulkError ? (
            <p class="error" role="alert">
              {notice.bulkError}
            </p>
          ) : null}
        </div>
        <KeyHelp t={t} />
        {live}
      </>,
      notice.bulkError ? 400 : 200,
    );
  }

  app.get('/tickets', (c) => render(c, c.req.query()));

  app.get('/tickets/counts', async (c) => {
    const f = parseFilters(c.req.query(), core.timeZone);
    const counts = await tabCounts(core, c.get('staff'), f);
    // on a search page no tab is the current one, before the counts and after
    return c.html(<TabLinks t={c.get('t')} locale={c.get('locale')} f={f} counts={counts} search={c.req.query('search') === '1'} />);
  });

  app.route('/', inboxActionRoutes(deps, render));
  return app;
}
