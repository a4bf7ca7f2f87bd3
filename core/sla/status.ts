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

/**
 * The inbox's "due": of a ticket's targets, those still counting down (not reached, not cancelled, not paused,
 * with a deadline — a breached one still counts: it is overdue), and of them the earliest deadline. The same
 * rule in JS (countsDown, nextDue: the rows shown) and in SQL (countsDownSql, nextDueTargetSql, noDueSql: the
 * "due soonest" sort).
 */
type DueFields = Pick<SlaTarget, 'id' | 'deadline' | 'reachedAt' | 'cancelled' | 'paused'>;

export const countsDown = (s: Omit<DueFields, 'id'>): boolean => !s.cancelled && !s.reachedAt && !s.paused && s.deadline !== null;

/** the earliest deadline among the targets that count down (as early: the smaller id), or null */
export function nextDue<T extends DueFields>(targets: readonly T[]): T | null {
  let best: T | null = null;
  for (const s of targets) {
    if (!countsDown(s)) continue;
    const d = s.deadline!.getTime() - (best?.deadline!.getTime() ?? Infinity);
    if (!best || d < 0 || (d === 0 && s.id < best.id)) best = s;
  }
  return best;
}

/**
 * SQL: the target under `alias` counts down (countsDown). The inbox's due sort walks these in deadline order on
 * the index ix_sla_due (cancelled, paused, reachedAt, deadline, ticketId).
 */
export function countsDownSql(alias: string): string {
  const c = (n: string) => col(alias, n);
  return `${c('cancelled')} = 0 AND ${c('paused')} = 0 AND ${c('reachedAt')} IS NULL AND ${c('deadline')} IS NOT NULL`;
}

/**
 * SQL: the target under `alias` is its ticket's next due one (nextDue): it counts down and no other target of the
 * ticket that counts down is earlier (nor as early with a smaller id) — so a ticket appears once, at its due time.
 */
export function nextDueTargetSql(targetsTable: string, alias: string): string {
  const c = (n: string) => col(alias, n);
  const o = (n: string) => col('o', n);
  return (
    `${countsDownSql(alias)} AND NOT EXISTS (SELECT 1 FROM ${targetsTable} o WHERE ${o('ticketId')} = ${c('ticketId')} AND ${countsDownSql('o')}` +
    ` AND (${o('deadline')} < ${c('deadline')} OR (${o('deadline')} = ${c('deadline')} AND ${o('id')} < ${c('id')})))`
  );
}

/** SQL: the ticket whose id is `ticketId` (a column) has no due time: none of its targets counts down */
export function noDueSql(targetsTable: string, ticketId: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${targetsTable} n WHERE ${col('n', 'ticketId')} = ${ticketId} AND ${countsDownSql('n')})`;
}

/** the colour of a due time: the badge classes of the ticket page (red failed, amber at risk) and green otherwise */
export function dueTone(status: SlaStatus): 'failed' | 'risk' | 'ok' {
  return status === 'failed' ? 'failed' : status === 'risk' ? 'risk' : 'ok';
}
