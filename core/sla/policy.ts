/** Which SLA policy a ticket gets: active policies whose conditions hold; the most specific wins. */
import { priorityRank, type Priority } from '../entities/enums.ts';

export interface PolicyLike {
  id: number;
  teamId: number | null;
  subjectId: number | null;
  minPriority: Priority | null;
  sortOrder: number;
  active: boolean;
}

export function policyMatches(p: PolicyLike, t: { teamId: number | null; subjectId: number | null; priority: Priority }): boolean {
  if (!p.active) return false;
  if (p.teamId !== null && p.teamId !== t.teamId) return false;
  if (p.subjectId !== null && p.subjectId !== t.subjectId) return false;
  if (p.minPriority !== null && priorityRank(t.priority) < priorityRank(p.minPriority)) return false;
  return true;
}

/** subject beats team beats minimum priority (a higher minimum is more specific); then sortOrder, then id */
export function matchPolicy<P extends PolicyLike>(policies: P[], t: { teamId: number | null; subjectId: number | null; priority: Priority }): P | null {
  const score = (p: P) => [p.subjectId !== null ? 1 : 0, p.teamId !== null ? 1 : 0, p.minPriority ? priorityRank(p.minPriority) + 1 : 0];
  let best: P | null = null;
  for (const p of policies) {
    if (!policyMatches(p, t)) continue;
    if (!best) {
      best = p;
      continue;
    }
    const [x, y] = [score(p), score(best)];
    const cmp = x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || best.sortOrder - p.sortOrder || best.id - p.id;
    if (cmp > 0) best = p;
  }
  return best;
}
