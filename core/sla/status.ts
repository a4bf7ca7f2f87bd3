/**
 * THE status of an SLA target, once: the ticket page's badge, the inbox's "at risk" / "failed" tabs, the
 * dashboard's and the team cards' counts all use this rule — the function for one target in hand, the SQL
 * predicates (same rule) for lists and counts.
 * - cancelled: the target no longer applies (policy changed, ticket cancelled) — it counts nowhere;
 * - failed: marked breached, or still running (not reached, not paused) at or past its deadline;
 * - met: reached in time;
 * - paused: the ticket waits for the requester;
 * - risk: running, its deadline ahead but within settings.slaAtRiskMinutes, or its warning time passed;
 * - running: otherwise.
 */
import type { SlaTarget } from '../entities/sla.ts';

export type SlaStatus = 'met' | 'failed' | 'risk' | 'running' | 'paused' | 'cancelled';

type TargetFields = Pick<SlaTarget, 'breached' | 'reachedAt' | 'cancelled' | 'paused' | 'deadline' | 'warnAt'>;

export function slaStatus(s: TargetFields, now: Date, atRiskMinutes: number): SlaStatus {
  if (s.cancelled) return 'cancelled';
  if (s.breached) return 'failed';
  if (s.reachedAt) return 'met';
  if (s.paused) return 'paused';
  if (!s.deadline) return 'running';
  if (s.deadline <= now) return 'failed';
  if (s.deadline.getTime() - now.getTime() <= atRiskMinutes * 60_000) return 'risk';
  if (s.warnAt && s.warnAt <= now) return 'risk';
  return 'running';
}

const col = (alias: string, name: string) => `${alias}.\`${name}\``;

/**
 * SQL: the target under `alias` is failed (slaStatus = 'failed'). `now` is a parameter marker (`?` or
 * `:name`), used once.
 */
export function slaFailedSql(alias: string, now: string): string {
  const c = (n: string) => col(alias, n);
  return `(${c('cancelled')} = 0 AND (${c('breached')} = 1 OR (${c('reachedAt')} IS NULL AND ${c('paused')} = 0 AND ${c('deadline')} <= ${now})))`;
}

/**
 * SQL: the target under `alias` is at risk (slaStatus = 'risk'). Markers in order of appearance: `now`,
 * `edge` (now + slaAtRiskMinutes), `now` again — positional callers pass [now, edge, now].
 */
export function slaAtRiskSql(alias: string, now: string, edge: string): string {
  const c = (n: string) => col(alias, n);
  return (
    `(${c('cancelled')} = 0 AND ${c('breached')} = 0 AND ${c('reachedAt')} IS NULL AND ${c('paused')} = 0 AND ${c('deadline')} > ${now}` +
    ` AND (${c('deadline')} <= ${edge} OR ${c('warnAt')} <= ${now}))`
  );
}

/** the end of the "at risk" window from now */
export const atRiskEdge = (now: Date, atRiskMinutes: number): Date => new Date(now.getTime() + atRiskMinutes * 60_000);
