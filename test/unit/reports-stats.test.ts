/** The counted-minutes statistics give exactly what the plain list gives (the reports now read counts). */
import { describe, expect, it } from 'vitest';
import { spread, weightedSpread, type Weighted } from '../../core/services/reports/stats.ts';
import { grainFor } from '../../core/services/reports/summary/cube.ts';

describe('weightedSpread', () => {
  it('equals spread over the expanded list, for odd, even and single counts', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const values: number[] = [];
      const counts = new Map<number, number>();
      const size = 1 + Math.floor(rnd() * 60);
      for (let i = 0; i < size; i++) {
        const v = Math.floor(rnd() * 20) * 15; // few distinct values: counts above 1
        values.push(v);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      // unsorted input, split rows of one value, and a zero count all allowed
      const weighted: Weighted = [...counts].reverse().flatMap(
        ([v, n]) =>
          (n > 1
            ? [
                [v, 1],
                [v, n - 1],
              ]
            : [[v, n]]) as Weighted,
      );
      weighted.push([999, 0]);
      expect(weightedSpread(weighted)).toEqual(spread(values));
    }
  });

  it('hand-made: 30 60 120 180 → median 90, p90 180; nothing → nulls', () => {
    expect(
      weightedSpread([
        [180, 1],
        [30, 1],
        [60, 1],
        [120, 1],
      ]),
    ).toEqual({ count: 4, median: 90, p90: 180 });
    expect(
      weightedSpread([
        [10, 9],
        [500, 1],
      ]),
    ).toEqual({ count: 10, median: 10, p90: 10 });
    expect(weightedSpread([])).toEqual({ count: 0, median: null, p90: null });
  });
});

describe('grainFor: the coarsest report_daily grain that keeps what a report groups and filters by', () => {
  const base = { metrics: ['ticket' as const], from: null, to: new Date(), filters: {}, scope: null };
  it('picks team, cat, agent or all', () => {
    expect(grainFor({ ...base, by: ['day'] })).toBe('team');
    expect(grainFor({ ...base, by: ['teamId', 'state'], scope: [3] })).toBe('team');
    expect(grainFor({ ...base, by: ['subjectId'] })).toBe('cat');
    expect(grainFor({ ...base, by: ['day'], filters: { departmentId: 2 } })).toBe('cat');
    expect(grainFor({ ...base, by: ['assigneeId', 'state', 'reopened'] })).toBe('agent');
    expect(grainFor({ ...base, by: ['ratedAssigneeId', 'score'] })).toBe('agent');
    expect(grainFor({ ...base, by: ['day'], filters: { priority: 'urgent' } })).toBe('all');
    expect(grainFor({ ...base, by: ['subjectId'], filters: { agentId: 4 } })).toBe('all');
    expect(grainFor({ ...base, by: ['teamId', 'policyId'], filters: { subjectId: 4 } })).toBe('all');
  });
});
