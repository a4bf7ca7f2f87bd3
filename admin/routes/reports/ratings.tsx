/** Ratings report: the distribution of scores 1–5, count, average and satisfied %, the trend, the latest comments. */
import type { CoreContext } from '../../../core/context.ts';
import type { Actor } from '../../../core/services/actor.ts';
import { ratingsReport, type RatingComment, type RatingsReport } from '../../../core/services/reports/index.ts';
import { formatJalali, ticketRef, toPersianDigits } from '../../../core/text/index.ts';
import { BarChart } from '../../views/charts/bars.tsx';
import { ColumnChart } from '../../views/charts/columns.tsx';
import { fmtNum, fmtPct } from '../../views/charts/format.ts';
import type { Tone } from '../../views/charts/svg.tsx';
import type { ReportQuery } from './params.ts';
import { DataTable, type Table, type View } from './table.tsx';

export const loadRatings = (core: CoreContext, actor: Actor, q: ReportQuery) => ratingsReport(core, actor, q.filters, q.granularity, 50);

type Trend = RatingsReport['trend'][number];
interface Score {
  score: number;
  count: number;
  pct: number | null;
}

const SCORE_TONES: Tone[] = ['red', 'amber', 'gray', 'teal', 'green'];

export function ratingsTables(r: RatingsReport, v: View): Table[] {
  const t = v.t;
  const label = (s: string) => (v.locale === 'fa' ? toPersianDigits(s) : s);
  const distribution: Table<Score> = {
    key: 'distribution',
    title: t('rp-distribution'),
    rows: r.distribution.map((count, i) => ({ score: i + 1, count, pct: r.count ? Math.round((count / r.count) * 1000) / 10 : null })),
    cols: [
      { label: t('rp-score'), csv: (x) => x.score, num: true },
      { label: t('rp-count'), csv: (x) => x.count, num: true },
      { label: t('rpp-share'), csv: (x) => x.pct, num: true, html: (x) => fmtPct(x.pct, v.locale) },
    ],
  };
  const trend: Table<Trend> = {
    key: 'trend',
    title: t('rpp-ratings-trend'),
    rows: r.trend,
    cols: [
      { label: t('rp-bucket'), csv: (x) => x.label, html: (x) => label(x.label) },
      { label: t('rp-count'), csv: (x) => x.count, num: true },
      { label: t('rp-avg-rating'), csv: (x) => x.average, num: true },
    ],
  };
  const comments: Table<RatingComment> = {
    key: 'comments',
    title: t('rp-latest-comments'),
    rows: r.comments,
    cols: [
      { label: t('rp-ticket'), csv: (x) => x.ticketNumber, html: (x) => <a href={`/tickets/${x.ticketId}`}>{ticketRef(x.ticketNumber, v.locale)}</a> },
      { label: t('rp-score'), csv: (x) => x.score, num: true },
      {
        label: t('rp-comment'),
        csv: (x) => x.comment,
        html: (x) => (
          <span class="msg" dir="auto">
            {x.comment}
          </span>
        ),
      },
      { label: t('rp-agent'), csv: (x) => x.assigneeName },
      {
        label: t('rp-date'),
        csv: (x) => formatJalali(x.createdAt, { withTime: true, locale: 'en', timeZone: v.timeZone }),
        html: (x) => formatJalali(x.createdAt, { withTime: true, locale: v.locale, timeZone: v.timeZone }),
      },
    ],
  };
  return [distribution, trend, comments];
}

export function RatingsView({ data, v }: { data: RatingsReport; v: View }) {
  const t = v.t;
  const [distribution, trend, comments] = ratingsTables(data, v) as [Table<Score>, Table<Trend>, Table<RatingComment>];
  return (
    <>
      <section class="card chart-card">
        <h2>{t('rp-distribution')}</h2>
        <p class="figures">
          <span>
            {t('rp-count')}: <b data-figure="count">{fmtNum(data.count, v.locale)}</b>
          </span>
          <span>
            {t('rp-avg-rating')}: <b data-figure="average">{fmtNum(data.average, v.locale)}</b>
          </span>
          <span>
            {t('rp-satisfied-pct')}: <b data-figure="satisfied">{fmtPct(data.satisfiedPct, v.locale)}</b>
          </span>
        </p>
        <BarChart
          id="chart-distribution"
          title={t('rp-distribution')}
          locale={v.locale}
          items={distribution.rows.map((x) => ({
            label: t('rpp-score-n', { score: x.score }),
            value: x.count,
            display: `${fmtNum(x.count, v.locale)} (${fmtPct(x.pct, v.locale)})`,
            tone: SCORE_TONES[x.score - 1],
          }))}
        />
        <DataTable table={distribution} v={v} />
      </section>
      <section class="card chart-card">
        <h2>{trend.title}</h2>
        <ColumnChart
          id="chart-ratings-trend"
          title={trend.title}
          locale={v.locale}
          categories={data.trend.map((x) => (v.locale === 'fa' ? toPersianDigits(x.label) : x.label))}
          series={[{ name: t('rp-count'), tone: 'teal', values: data.trend.map((x) => x.count) }]}
        />
        <DataTable table={trend} v={v} />
      </section>
      <section class="card">
        <DataTable table={comments} v={v} />
      </section>
    </>
  );
}
