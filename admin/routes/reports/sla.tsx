/**
 * SLA report: the stored targets met / failed / running per target kind, per team and per policy, and the
 * median and 90th percentile of first response and resolution in working minutes.
 */
import type { CoreContext } from '../../../core/context.ts';
import type { Actor } from '../../../core/services/actor.ts';
import { slaReport, type SlaOutcomeRow, type SlaReport, type TimeSpread } from '../../../core/services/reports/index.ts';
import { BarChart, StackedBarChart } from '../../views/charts/bars.tsx';
import { fmtMinutes, fmtNum, fmtPct } from '../../views/charts/format.ts';
import type { ReportQuery } from './params.ts';
import { DataTable, type Table, type View } from './table.tsx';

export const loadSla = (core: CoreContext, actor: Actor, q: ReportQuery) => slaReport(core, actor, q.filters);

interface TimeRow extends TimeSpread {
  key: 'first_response' | 'resolution';
}

export function slaTables(r: SlaReport, v: View): Table[] {
  const t = v.t;
  const outcome = (key: string, title: string, nameLabel: string, rows: SlaOutcomeRow[]): Table<SlaOutcomeRow> => ({
    key,
    title,
    rows,
    cols: [
      { label: nameLabel, csv: (x) => x.name || t('rpp-none') },
      { label: t('rpp-target-kind'), csv: (x) => t(`rp-sla-kind-${x.kind}`) },
      { label: t('rp-met'), csv: (x) => x.met, num: true },
      { label: t('rp-failed'), csv: (x) => x.failed, num: true, html: (x) => <span class={x.failed ? 'bad' : undefined}>{fmtNum(x.failed, v.locale)}</span> },
      { label: t('rp-running'), csv: (x) => x.running, num: true },
      { label: t('rp-sla-success-pct'), csv: (x) => x.successPct, num: true, html: (x) => fmtPct(x.successPct, v.locale) },
    ],
  });
  const times: Table<TimeRow> = {
    key: 'times',
    title: t('rpp-working-times'),
    rows: [
      { key: 'first_response', ...r.firstResponseMinutes },
      { key: 'resolution', ...r.resolutionMinutes },
    ],
    cols: [
      { label: t('rpp-target-kind'), csv: (x) => t(`rp-sla-kind-${x.key}`) },
      { label: t('rp-count'), csv: (x) => x.count, num: true },
      { label: t('rpp-median-minutes'), csv: (x) => x.median, num: true, html: (x) => fmtMinutes(x.median, v.locale) },
      { label: t('rpp-p90-minutes'), csv: (x) => x.p90, num: true, html: (x) => fmtMinutes(x.p90, v.locale) },
    ],
  };
  return [outcome('team', t('rpp-sla-by-team'), t('rp-team'), r.byTeam), outcome('policy', t('rpp-sla-by-policy'), t('rp-policy'), r.byPolicy), times];
}

export function SlaView({ data, v }: { data: SlaReport; v: View }) {
  const t = v.t;
  const [team, policy, times] = slaTables(data, v) as [Table<SlaOutcomeRow>, Table<SlaOutcomeRow>, Table<TimeRow>];
  const series = [
    { name: t('rp-met'), tone: 'green' as const },
    { name: t('rp-failed'), tone: 'red' as const },
    { name: t('rp-running'), tone: 'gray' as const },
  ];
  const items = (rows: SlaOutcomeRow[]) =>
    rows.map((x) => ({
      label: `${x.name || t('rpp-none')} · ${t(`rp-sla-kind-${x.kind}`)}`,
      parts: [x.met, x.failed, x.running],
      display: fmtPct(x.successPct, v.locale),
    }));
  const timeBars = times.rows.flatMap((x) => [
    { label: `${t(`rp-sla-kind-${x.key}`)} · ${t('rp-median')}`, value: x.median ?? 0, display: fmtMinutes(x.median, v.locale), tone: 'teal' as const },
    { label: `${t(`rp-sla-kind-${x.key}`)} · ${t('rp-p90')}`, value: x.p90 ?? 0, display: fmtMinutes(x.p90, v.locale), tone: 'purple' as const },
  ]);
  return (
    <>
      <section class="card chart-card">
        <h2>{team.title}</h2>
        <StackedBarChart title={team.title} locale={v.locale} series={series} items={items(team.rows)} />
        <DataTable table={team} v={v} />
      </section>
      <section class="card chart-card">
        <h2>{policy.title}</h2>
        <StackedBarChart title={policy.title} locale={v.locale} series={series} items={items(policy.rows)} />
        <DataTable table={policy} v={v} />
      </section>
      <section class="card chart-card">
        <h2>{times.title}</h2>
        <BarChart id="chart-times" title={times.title} locale={v.locale} items={timeBars} />
        <DataTable table={times} v={v} />
      </section>
    </>
  );
}
