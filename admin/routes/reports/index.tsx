/**
 * Dashboards and reports in the panel (issue 8):
 * - GET /dashboard: every staff member (dashboard.tsx);
 * - GET /reports/<volume|breakdown|sla|agents|ratings>: supervisors for the teams they supervise, admins for
 *   all (the core services enforce it; another team → 403); filters in the query string (params.ts);
 *   `?format=csv&table=<key>` downloads a table as CSV (UTF-8 with BOM);
 * - GET /reports/style.css: the charts', tiles' and print styles (the CSP allows no inline style);
 * - GET /reports/jalali-picker.js: the date fields' Jalali month grid (progressive: typing works without it).
 * Each answer carries Server-Timing with the time spent in the report queries.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { CoreContext } from '../../../core/context.ts';
import { staffActor, type Actor } from '../../../core/services/actor.ts';
import { ForbiddenError, ValidationError } from '../../../core/services/errors.ts';
import { reportTeamScope } from '../../../core/services/reports/index.ts';
import { scopeMemberIds, scopeTeams } from '../../../core/services/reports/scope.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { pickerOptions } from '../../options.ts';
import { page } from '../../views/layout.tsx';
import { AgentsView, agentsTables, loadAgents } from './agents.tsx';
import { BreakdownView, breakdownTables, loadBreakdown } from './breakdown.tsx';
import { dashboardHandler } from './dashboard.tsx';
import { PrintedScope, ReportFilters, ReportTabs, type FormOptions } from './form.tsx';
import { parseReportQuery, REPORT_TABS, reportParams, type ReportQuery, type ReportTab } from './params.ts';
import { RatingsView, ratingsTables, loadRatings } from './ratings.tsx';
import { SlaView, slaTables, loadSla } from './sla.tsx';
import { csvResponse, type Table, type View } from './table.tsx';
import { VolumeView, volumeTables, loadVolume } from './volume.tsx';

const here = dirname(fileURLToPath(import.meta.url));
const css = readFileSync(join(here, '../../views/charts/charts.css'));
const picker = readFileSync(join(here, 'assets/jalali-picker.js'));

interface Report<D> {
  load: (core: CoreContext, actor: Actor, q: ReportQuery) => Promise<D>;
  tables: (d: D, v: View) => Table[];
  view: (d: D, v: View) => Child;
}
const report = <D,>(r: Report<D>) => r as Report<unknown>;

const REPORTS: Record<ReportTab, Report<unknown>> = {
  volume: report({ load: loadVolume, tables: volumeTables, view: (d, v) => <VolumeView rows={d} v={v} /> }),
  breakdown: report({ load: loadBreakdown, tables: breakdownTables, view: (d, v) => <BreakdownView data={d} v={v} /> }),
  sla: report({ load: loadSla, tables: slaTables, view: (d, v) => <SlaView data={d} v={v} /> }),
  agents: report({ load: loadAgents, tables: agentsTables, view: (d, v) => <AgentsView rows={d} v={v} /> }),
  ratings: report({ load: loadRatings, tables: ratingsTables, view: (d, v) => <RatingsView data={d} v={v} /> }),
};

export function reportRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  app.get('/reports/style.css', (c) =>
    c.body(new Uint8Array(css), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/reports/jalali-picker.js', (c) =>
    c.body(new Uint8Array(picker), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/dashboard', dashboardHandler(deps));
  app.get('/reports', (c) => {
    const qs = new URL(c.req.url).search;
    return c.redirect(`/reports/volume${qs}`, 303);
  });

  /** the teams and agents the form offers: those of the actor's scope */
  async function formOptions(scope: number[] | null): Promise<FormOptions> {
    const o = await pickerOptions(core);
    const ids = new Set((await scopeTeams(core, scope)).map((x) => x.id));
    const teams = o.teams.filter((x) => ids.has(x.id));
    const members = await scopeMemberIds(core, scope);
    const agents = o.staff.filter((s) => (s.role !== 'admin' || scope === null) && (!members || members.has(s.id)));
    return { teams, agents: agents.map((s) => ({ id: s.id, displayName: s.displayName })), catalogue: o };
  }

  const refuse = (c: Context<PanelEnv>) =>
    page(
      c,
      c.get('t')('rpp-reports'),
      <p class="error" role="alert">
        {c.get('t')('admin-err-forbidden')}
      </p>,
      403,
    );

  app.get('/reports/:tab', async (c) => {
    const tab = c.req.param('tab') as ReportTab;
    if (!(REPORT_TABS as readonly string[]).includes(tab)) return c.notFound();
    const t = c.get('t');
    const locale = c.get('locale');
    const staff = c.get('staff');
    const actor = staffActor(staff);
    const now = core.clock.now();
    const query = c.req.query();
    const q: ReportQuery = parseReportQuery(query, now, core.timeZone);

    let scope: number[] | null;
    try {
      scope = await reportTeamScope(core, actor, q.filters.teamId);
      if (q.filters.teamId != null) scope = await reportTeamScope(core, actor); // the form lists every team in scope
    } catch (err) {
      if (err instanceof ForbiddenError) return refuse(c);
      throw err;
    }
    const v: View = { t, locale, timeZone: core.timeZone, q, self: (extra = {}) => `/reports/${tab}?${reportParams(q, extra).toString()}` };
    const r = REPORTS[tab];

    let data: unknown = null;
    const started = performance.now();
    if (!Object.keys(q.errors).length) {
      try {
        data = await r.load(core, actor, q);
      } catch (err) {
        if (err instanceof ForbiddenError) return refuse(c);
        if (!(err instanceof ValidationError)) throw err;
        Object.assign(q.errors, err.fields);
      }
    }
    c.header('server-timing', `report;dur=${(performance.now() - started).toFixed(1)}`);

    if (query.format === 'csv') {
      if (data === null) return c.text(t('rpp-csv-invalid'), 400);
      const tables = r.tables(data, v);
      const table = tables.find((x) => x.key === query.table) ?? tables[0]!;
      return csvResponse(c, table, `report-${tab}-${q.from}-${q.to}`);
    }

    const o = await formOptions(scope);
    const title = `${t(`rpp-tab-${tab}`)} · ${t('rpp-reports')}`;
    return page(
      c,
      title,
      <>
        <link rel="stylesheet" href="/reports/style.css" />
        <script src="/reports/jalali-picker.js" defer></script>
        <div class="page-head">
          <h1>{t('rpp-reports')}</h1>
          <a class="no-print" href="/dashboard">
            {t('rp-my-dashboard')}
          </a>
        </div>
        <ReportTabs tab={tab} v={v} />
        <ReportFilters tab={tab} v={v} o={o} now={now} />
        <PrintedScope v={v} o={o} />
        <div class="report" data-report={tab}>
          {data === null ? (
            <p class="error" role="alert">
              {t('rpp-fix-filters')}
            </p>
          ) : (
            r.view(data, v)
          )}
        </div>
      </>,
      data === null ? 400 : 200,
    );
  });

  return app;
}
