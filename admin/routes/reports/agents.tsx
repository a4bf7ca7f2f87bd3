/**
 * Agents report: per assignee, tickets handled and closed, first response and resolution in working minutes
 * (median, p90), reopen rate, ratings (count, average, satisfied %).
 */
import type { CoreContext } from '../../../core/context.ts';
import type { Actor } from '../../../core/services/actor.ts';
import { agentsReport, type AgentRow } from '../../../core/services/reports/index.ts';
import { BarChart } from '../../views/charts/bars.tsx';
import { fmtMinutes, fmtNum, fmtPct } from '../../views/charts/format.ts';
import { reportParams, type ReportQuery } from './params.ts';
import { DataTable, type Table, type View } from './table.tsx';

export const loadAgents = (core: CoreContext, actor: Actor, q: ReportQuery) => agentsReport(core, actor, q.filters);

export function agentsTables(rows: AgentRow[], v: View): Table[] {
  const t = v.t;
  const table: Table<AgentRow> = {
    key: 'agents',
    title: t('rp-agents'),
    rows,
    cols: [
      {
        label: t('rp-agent'),
        csv: (r) => r.name,
        html: (r) => (
          <>
            <a href={`/tickets?${new URLSearchParams({ tab: 'all', state: 'any', assignee: String(r.staffId) }).toString()}`} dir="auto">
              {r.name}
            </a>
            {r.ratings ? (
              <a class="sub-link no-print" href={`/reports/ratings?${reportParams(v.q, { agent: String(r.staffId) }).toString()}`}>
                {t('rpp-agent-comments')}
              </a>
            ) : null}
          </>
        ),
      },
      { label: t('rp-handled'), csv: (r) => r.handled, num: true },
      { label: t('rp-closed'), csv: (r) => r.closed, num: true },
      { label: t('rpp-fr-median'), csv: (r) => r.firstResponseMinutes.median, num: true, html: (r) => fmtMinutes(r.firstResponseMinutes.median, v.locale) },
      { label: t('rpp-fr-p90'), csv: (r) => r.firstResponseMinutes.p90, num: true, html: (r) => fmtMinutes(r.firstResponseMinutes.p90, v.locale) },
      { label: t('rpp-res-median'), csv: (r) => r.resolutionMinutes.median, num: true, html: (r) => fmtMinutes(r.resolutionMinutes.median, v.locale) },
      { label: t('rpp-res-p90'), csv: (r) => r.resolutionMinutes.p90, num: true, html: (r) => fmtMinutes(r.resolutionMinutes.p90, v.locale) },
      { label: t('rp-reopen-pct'), csv: (r) => r.reopenPct, num: true, html: (r) => fmtPct(r.reopenPct, v.locale) },
      { label: t('rp-ratings'), csv: (r) => r.ratings, num: true },
      { label: t('rp-avg-rating'), csv: (r) => r.avgRating, num: true },
      { label: t('rp-satisfied-pct'), csv: (r) => r.satisfiedPct, num: true, html: (r) => fmtPct(r.satisfiedPct, v.locale) },
    ],
  };
  return [table];
}

export function AgentsView({ rows, v }: { rows: AgentRow[]; v: View }) {
  const t = v.t;
  const [table] = agentsTables(rows, v) as [Table<AgentRow>];
  const top = rows.slice(0, 20);
  return (
    <>
      <section class="card chart-card">
        <h2>{t('rp-agents')}</h2>
        <div class="charts">
          <div>
            <h3>{t('rp-handled')}</h3>
            <BarChart
              id="chart-handled"
              title={t('rp-handled')}
              locale={v.locale}
              items={top.map((r) => ({ label: r.name, value: r.handled, display: `${fmtNum(r.handled, v.locale)} / ${fmtNum(r.closed, v.locale)}` }))}
            />
          </div>
          <div>
            <h3>{t('rpp-fr-median')}</h3>
            <BarChart
              id="chart-fr"
              title={t('rpp-fr-median')}
              locale={v.locale}
              items={top.map((r) => ({
                label: r.name,
                value: r.firstResponseMinutes.median ?? 0,
                display: fmtMinutes(r.firstResponseMinutes.median, v.locale),
                tone: 'blue' as const,
              }))}
            />
          </div>
          <div>
            <h3>{t('rp-satisfied-pct')}</h3>
            <BarChart
              id="chart-satisfied"
              title={t('rp-satisfied-pct')}
              locale={v.locale}
              max={100}
              items={top.map((r) => ({ label: r.name, value: r.satisfiedPct ?? 0, display: fmtPct(r.satisfiedPct, v.locale), tone: 'green' as const }))}
            />
          </div>
        </div>
      </section>
      <section class="card">
        <DataTable table={table} v={v} />
      </section>
    </>
  );
}
