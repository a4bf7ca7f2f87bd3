/**
 * A column chart over time buckets (server-rendered SVG): one group of columns per bucket, one column per
 * series, the value written above each column while there is room (and always in its tooltip), a light
 * grid with the axis figures. In fa the time axis runs from right to left like the page.
 */
import type { Locale } from '../../../core/entities/enums.ts';
import { fmtNum, niceMax } from './format.ts';
import { clip, COLORS, isRtl, Legend, mirror, type Tone } from './svg.tsx';

export interface ColumnSeries {
  name: string;
  tone: Tone;
  values: number[];
}

const W = 760;
const H = 280;
const TOP = 34;
const BOTTOM = 44;
const AXIS = 44;

export function ColumnChart({
  categories,
  series,
  locale,
  title,
  id,
}: {
  categories: string[];
  series: ColumnSeries[];
  locale: Locale;
  title: string;
  id?: string;
}) {
  const rtl = isRtl(locale);
  const X = mirror(rtl, W);
  const n = Math.max(1, categories.length);
  const top = niceMax(series.flatMap((s) => s.values));
  const plotW = W - AXIS - 8;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / n;
  const colW = Math.min(40, Math.max(1, (slot * 0.75) / Math.max(1, series.length)));
  const inset = (slot - colW * series.length) / 2;
  const showValues = n * series.length <= 48;
  const labelEvery = Math.max(1, Math.ceil((n * 78) / plotW));
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const grid = [0, top / 2, top];
  return (
    <svg class="chart columns" id={id} role="img" aria-label={title} viewBox={`0 0 ${W} ${H}`} width={W} height={H} direction={rtl ? 'rtl' : 'ltr'}>
      <title>{title}</title>
      <Legend items={series} width={W} rtl={rtl} />
      {grid.map((g) => (
        <g class="grid">
          <line x1={X(AXIS)} x2={X(W - 4)} y1={y(g).toFixed(1)} y2={y(g).toFixed(1)} stroke="#e4e7ec" />
          <text x={X(AXIS - 6)} y={(y(g) + 4).toFixed(1)} font-size="11" text-anchor="end" fill="#5f6b7a">
            {fmtNum(g, locale)}
          </text>
        </g>
      ))}
      {categories.map((cat, i) => {
        const x0 = AXIS + i * slot + inset;
        return (
          <g class="bucket" data-label={cat}>
            {series.map((s, k) => {
              const v = s.values[i] ?? 0;
              const h = (v / top) * plotH;
              const x = x0 + k * colW;
              return (
                <g class="col" data-series={s.name} data-value={String(v)}>
                  <rect x={X(x, colW).toFixed(1)} y={y(v).toFixed(1)} width={Math.max(0.5, colW - 1).toFixed(1)} height={h.toFixed(1)} fill={COLORS[s.tone]}>
                    <title>{`${cat} · ${s.name}: ${fmtNum(v, locale)}`}</title>
                  </rect>
                  {showValues && v > 0 ? (
                    <text x={X(x + colW / 2).toFixed(1)} y={(y(v) - 3).toFixed(1)} font-size="10" text-anchor="middle" fill="#1d2330">
                      {fmtNum(v, locale)}
                    </text>
                  ) : null}
                </g>
              );
            })}
            {i % labelEvery === 0 ? (
              <text x={X(AXIS + i * slot + slot / 2).toFixed(1)} y={H - BOTTOM + 16} font-size="11" text-anchor="middle" fill="#5f6b7a">
                {clip(cat, 12)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
