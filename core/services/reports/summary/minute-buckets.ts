/**
 * Buckets of whole working minutes for the monthly minute counts (report_daily, MINUTE_GRAIN): exact below
 * 32 minutes, then 16 buckets per doubling (each about 6 % wide: 32–33, …, 1,024–1,087, …), so a month of a
 * team's or an agent's tickets fits in a few hundred rows whatever its spread. The buckets only say where the
 * median and the 90th percentile lie; their exact values are then read from report_ticket_facts inside those
 * buckets (minutes.ts).
 */

/** a figure in minutes rounded half up to the whole minute, as the reports count it */
export const wholeMinutes = (x: number): number => Math.floor(x + 0.5);

/** the bucket of a whole minute count (≥ 0) */
export function minuteBucket(w: number): number {
  if (w < 32) return Math.max(0, w);
  const e = Math.floor(Math.log2(w));
  // log2 of a power of two can come out a hair low or high: settle e so that 2^e ≤ w < 2^(e+1)
  const exp = 2 ** e > w ? e - 1 : 2 ** (e + 1) <= w ? e + 1 : e;
  const step = 2 ** (exp - 4);
  return 32 + (exp - 5) * 16 + (Math.floor(w / step) - 16);
}

/** the whole minutes of a bucket: [lo, hi) */
export function bucketRange(b: number): [lo: number, hi: number] {
  if (b < 32) return [b, b + 1];
  const exp = 5 + Math.floor((b - 32) / 16);
  const sub = 16 + ((b - 32) % 16);
  const step = 2 ** (exp - 4);
  return [sub * step, (sub + 1) * step];
}
