/**
 * Horizontal bar charts (server-rendered SVG, numbers written beside every bar, right-to-left in fa):
 * - BarChart: one bar per row (ratings distribution, tickets per subject …);
 * - StackedBarChart: parts of a whole per row (SLA met / failed / running);
 * - GoalBar: a value against a goal, with the goal marked (my closed tickets per day).
 * Each bar carries data-value (ASCII) so tests and scripts can read the figures.
 */
import type { Locale } from '../../../core/entities/enums.ts';
import { fmtNum, niceMax } from './format.ts';
import { clip, COLORS, isRtl, Legend, mirror, type LegendItem, type Tone } from './svg.tsx';

export interface BarItem {
  label: string;
  value: number;
  /** the text beside the bar (default: the value in the locale's digits) */
  display?: string;
  tone?: Tone;
}

const W = 560;
const LABEL_W = 170;
const VALUE_W = 90;
const ROW = 28;

export function BarChart({ items, locale, title, max, id }: { items: BarItem[]; locale: Locale; title: string; max?: number; id?: string }) {
  const rtl = isRtl(locale);
  const X = mirror(rtl, W);
  const top = max ?? niceMax(items.map((i) => i.value));
  const barW = W - LABEL_W - VALUE_W;
  const h = Math.max(1, items.length) * ROW + 8;
  return (
    <svg class="chart bars" id={id} role="img" aria-label={title} viewBox={`0 0 ${W} ${h}`} width={W} height={h} direction={rtl ? 'rtl' : 'ltr'}>
      <title>{title}</title>
      {items.map((it, i) => {
        const y = 4 + i * ROW;
        const w = top > 0 ? Math.max(0, (it.value / top) * barW) : 0;
        return (
          <g class="bar" data-label={it.label} data-value={String(it.value)}>
            <text x={X(LABEL_W - 8)} y={y + 17} font-size="13" text-anchor="end" fill="#1d2330">
              <title>{it.label}</title>
              {clip(it.label)}
            </text>
            <rect x={X(LABEL_W, w)} y={y + 4} width={w.toFixed(1)} height="18" rx="3" fill={COLORS[it.tone ?? 'teal']} />
            <text class="value" x={X(LABEL_W + w + 6)} y={y + 17} font-size="13" text-anchor="start" fill="#1d2330">
              {it.display ?? fmtNum(it.value, locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface StackedItem {
  label: string;
  parts: number[];
  /** text after the bar (e.g. the success rate) */
  display?: string;
}

export function StackedBarChart({ items, series, locale, title }: { items: StackedItem[]; series: LegendItem[]; locale: Locale; title: string }) {
  const rtl = isRtl(locale);
  const X = mirror(rtl, W);
  const top = niceMax(items.map((i) => i.parts.reduce((a, b) => a + b, 0)));
  const barW = W - LABEL_W - VALUE_W;
  const head = 24;
  const h = head + Math.max(1, items.length) * ROW + 8;
  return (
    <svg class="chart stacked" role="img" aria-label={title} viewBox={`0 0 ${W} ${h}`} width={W} height={h} direction={rtl ? 'rtl' : 'ltr'}>
      <title>{title}</title>
      <Legend items={series} width={W} rtl={rtl} />
      {items.map((it, i) => {
        const y = head + i * ROW;
        let at = LABEL_W;
        return (
          <g class="bar" data-label={it.label} data-value={it.parts.join(',')}>
            <text x={X(LABEL_W - 8)} y={y + 17} font-size="13" text-anchor="end" fill="#1d2330">
              <title>{it.label}</title>
              {clip(it.label)}
            </text>
            {it.parts.map((v, k) => {
              const w = top > 0 ? (v / top) * barW : 0;
              const x0 = at;
              at += w;
              return v > 0 ? (
                <g>
                  <rect x={X(x0, w)} y={y + 4} width={w.toFixed(1)} height="18" fill={COLORS[series[k]?.tone ?? 'gray']}>
                    <title>{`${series[k]?.name ?? ''}: ${fmtNum(v, locale)}`}</title>
                  </rect>
                  {w >= 18 ? (
                    <text x={X(x0 + w / 2)} y={y + 17} font-size="12" text-anchor="middle" fill="#fff">
                      {fmtNum(v, locale)}
                    </text>
                  ) : null}
                </g>
              ) : null;
            })}
            <text class="value" x={X(at + 6)} y={y + 17} font-size="13" text-anchor="start" fill="#1d2330">
              {it.display ?? ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** a value against a goal: the bar is green when it reaches the goal, the goal is a dark tick */
export function GoalBar({ value, goal, locale, title, display }: { value: number; goal: number; locale: Locale; title: string; display?: string }) {
  const w = 300;
  const h = 34;
  const rtl = isRtl(locale);
  const X = mirror(rtl, w);
  const top = niceMax([value, goal * 1.25]);
  const span = w - 70;
  const bar = (value / top) * span;
  const mark = (goal / top) * span;
  const met = value >= goal;
  return (
    <svg
      class="chart goal"
      role="img"
      aria-label={title}
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      direction={rtl ? 'rtl' : 'ltr'}
      data-value={String(value)}
      data-goal={String(goal)}
    >
      <title>{title}</title>
      <rect x={X(0, span)} y="8" width={span} height="16" rx="3" fill="#eef0f3" />
      <rect x={X(0, bar)} y="8" width={bar.toFixed(1)} height="16" rx="3" fill={COLORS[met ? 'green' : 'amber']} />
      <line x1={X(mark)} x2={X(mark)} y1="3" y2="29" stroke="#1d2330" stroke-width="2" />
      <text class="value" x={X(span + 6)} y="21" font-size="13" text-anchor="start" fill="#1d2330">
        {display ?? fmtNum(value, locale)}
      </text>
    </svg>
  );
}
