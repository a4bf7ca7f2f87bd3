/**
 * Statistics over the rows a report fetched: median (the mean of the two middle values for an even count),
 * the 90th percentile by nearest rank (the value at position ceil(0.9·n) of the sorted list), means and
 * percentages rounded to one decimal. Empty input gives null (the panel shows a dash).
 */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

export const p90 = (values: number[]) => percentile(values, 90);

export function mean(values: number[]): number | null {
  return values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

/** part / whole as a percentage with one decimal; null when whole is 0 */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? round1((100 * part) / whole) : null;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** median and p90 of a list, rounded to one decimal */
export function spread(values: number[]): { count: number; median: number | null; p90: number | null } {
  const m = median(values);
  const p = p90(values);
  return { count: values.length, median: m === null ? null : round1(m), p90: p === null ? null : round1(p) };
}

/** values with their counts, as a GROUP BY of the summary gives them ([value, count]) */
export type Weighted = [value: number, count: number][];

/** the value at 1-based rank k of a sorted weighted list */
function atRank(sorted: Weighted, k: number): number {
  let seen = 0;
  for (const [v, n] of sorted) {
    seen += n;
    if (seen >= k) return v;
  }
  return sorted[sorted.length - 1]![0];
}

/** spread() over counted values: the same median (mean of the two middle values) and nearest-rank p90 */
export function weightedSpread(values: Weighted): { count: number; median: number | null; p90: number | null } {
  const sorted = values.filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((s, [, n]) => s + n, 0);
  if (!count) return { count: 0, median: null, p90: null };
  const mid = Math.floor(count / 2);
  const m = count % 2 ? atRank(sorted, mid + 1) : (atRank(sorted, mid) + atRank(sorted, mid + 1)) / 2;
  return { count, median: round1(m), p90: round1(atRank(sorted, Math.max(1, Math.ceil(0.9 * count)))) };
}
