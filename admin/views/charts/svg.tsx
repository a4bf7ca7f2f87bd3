/**
 * Shared pieces of the server-rendered SVG charts: the palette (presentation attributes, not styles — the
 * CSP allows no inline style), mirroring for right-to-left pages (a chart is laid out in logical
 * coordinates from the inline start and flipped for fa), label truncation and the legend.
 * The SVG root carries `direction`, so text-anchor start/end are logical too.
 */
import type { Locale } from '../../../core/entities/enums.ts';

export type Tone = 'blue' | 'green' | 'red' | 'amber' | 'gray' | 'purple' | 'teal';

export const COLORS: Record<Tone, string> = {
  blue: '#4a6fa5',
  green: '#2f7a4f',
  red: '#b42318',
  amber: '#c17d00',
  gray: '#8a94a3',
  purple: '#6b4c9a',
  teal: '#2e6f5e',
};

export const isRtl = (locale: Locale) => locale === 'fa';

/** a logical x (from the inline start) → the physical x of a chart `width` wide */
export const mirror =
  (rtl: boolean, width: number) =>
  (x: number, w = 0) =>
    rtl ? width - x - w : x;

/** a label cut to `max` characters with an ellipsis */
export function clip(s: string, max = 22): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

export interface LegendItem {
  name: string;
  tone: Tone;
}

/** a legend row at the top of a chart, from the inline start */
export function Legend({ items, width, rtl, y = 14 }: { items: LegendItem[]; width: number; rtl: boolean; y?: number }) {
  const X = mirror(rtl, width);
  let x = 4;
  return (
    <g class="legend">
      {items.map((it) => {
        const at = x;
        x += 22 + [...it.name].length * 7 + 14;
        return (
          <g>
            <rect x={X(at, 12)} y={y - 10} width="12" height="12" rx="2" fill={COLORS[it.tone]} />
            <text x={X(at + 16)} y={y} font-size="12" text-anchor="start" fill="#1d2330">
              {it.name}
            </text>
          </g>
        );
      })}
    </g>
  );
}
