/** Volume report: opened, closed, cancelled, reopened per bucket and the backlog at each bucket's end. */
import type { CoreContext } from '../../../core/context.ts';
import type { Actor } from '../../../core/services/actor.ts';
import { volumeReport, type VolumeRow } from '../../../core/services/reports/index.ts';
import { toPersianDigits } from '../../../core/text/index.ts';
import { ColumnChart } from '../../views/charts/columns.tsx';
import type { ReportQuery } from './params.ts';
import { DataTable, type Table, type View } from './table.tsx';

export const loadVolume = (core: CoreContext, actor: Actor, q: ReportQuery) => volumeReport(core, actor, q.filters, q.granularity);

export function volumeTables(rows: VolumeRow[], v: View): Table[] {
  const t = v.t;
  const table: Table<VolumeRow> = {
    key: 'volume',
    title: t('rp-volume'),
    rows,
    cols: [
      { label: t('rp-bucket'), csv: (r) => r.label, html: (r) => (v.locale === 'fa' ? toPersianDigits(r.label) : r.label) },
      { label: t('rp-opened'), csv: (r) => r.opened, num: true },
      { label: t('rp-closed'), csv: (r) => r.closed, num: true },
      { label: t('rp-cancelled'), csv: (r) => r.cancelled, num: true },
      { label: t('rp-reopened'), csv: (r) => r.reopened, num: true },
      { label: t('rp-backlog'), csv: (r) => r.backlog, num: true },
    ],
  };
  return [table];
}

export function VolumeView({ rows, v }: { rows: VolumeRow[]; v: View }) {
  const t = v.t;
  const labels = rows.map((r) => (v.locale === 'fa' ? toPersianDigits(r.label) : r.label));
  const totals = rows.reduce(
    (a, r) => ({ opened: a.opened + r.opened, closed: a.closed + r.closed, cancelled: a.cancelled + r.cancelled, reopened: a.reopened + r.reopened }),
    { opened: 0, closed: 0, cancelled: 0, reopened: 0 },
  );
  return (
    <>
      <section class="card chart-card">
        <h2>{t('rp-volume')}</h2>
        <p class="muted">
          {t('rpp-volume-totals', {
            opened: totals.opened,
            closed: totals.closed,
            cancelled: totals.cancelled,
            reopened: totals.reopened,
            backlog: rows.at(-1)?.backlog ?? 0,
          })}
        </p>
        <ColumnChart
          id="chart-volume"
          title={t('rp-volume')}
          locale={v.locale}
          categories={labels}
          series={[
            { name: t('rp-opened'), tone: 'blue', values: rows.map((r) => r.opened) },
            { name: t('rp-closed'), tone: 'green', values: rows.map((r) => r.closed) },
            { name: t('rp-cancelled'), tone: 'gray', values: rows.map((r) => r.cancelled) },
            { name: t('rp-reopened'), tone: 'amber', values: rows.map((r) => r.reopened) },
          ]}
        />
        <h3>{t('rp-backlog')}</h3>
        <ColumnChart
          id="chart-backlog"
          title={t('rp-backlog')}
          locale={v.locale}
          categories={labels}
          series={[{ name: t('rp-backlog'), tone: 'purple', values: rows.map((r) => r.backlog) }]}
        />
      </section>
      <section class="card">
        {volumeTables(rows, v).map((tb) => (
          <DataTable table={tb} v={v} />
        ))}
      </section>
    </>
  );
}
