/**
 * Numbers for charts and report tables in the reader's locale: Persian digits and the Persian percent sign
 * for fa, ASCII for en; null (no data) as an em dash. Also a "nice" axis maximum.
 */
import type { Locale } from '../../../core/entities/enums.ts';
import { formatDuration } from '../../../core/text/index.ts';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale): Intl.NumberFormat {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : 'en-US', { maximumFractionDigits: 1, useGrouping: true });
    formatters.set(locale, f);
  }
  return f;
}

export const NO_DATA = '—';

/** 1234.5 → ۱٬۲۳۴٫۵ (fa) / 1,234.5 (en) */
export function fmtNum(n: number | null | undefined, locale: Locale): string {
  return n === null || n === undefined || !Number.isFinite(n) ? NO_DATA : formatter(locale).format(n);
}

/** 40 → ۴۰٪ (fa) / 40% (en) */
export function fmtPct(n: number | null | undefined, locale: Locale): string {
  return n === null || n === undefined ? NO_DATA : `${fmtNum(n, locale)}${locale === 'fa' ? '٪' : '%'}`;
}

/** working minutes as a duration: ۱ ساعت و ۳۰ دقیقه / 1 h 30 min */
export function fmtMinutes(n: number | null | undefined, locale: Locale): string {
  return n === null || n === undefined ? NO_DATA : formatDuration(n, locale);
}

/** the smallest of 1, 2, 2.5, 5 × 10^k at or above the largest value (at least 1) */
export function niceMax(values: readonly number[]): number {
  const max = Math.max(1, ...values.filter((v) => Number.isFinite(v)));
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}
