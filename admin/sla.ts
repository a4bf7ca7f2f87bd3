/**
 * The colour of an SLA target on the panel (green met, amber at risk, red failed), from the target's own
 * fields: failed when breached or past its deadline while running; at risk when its deadline is within the
 * settings' slaAtRiskMinutes or its warning time passed; paused while the ticket waits for the requester.
 * The inbox's "at risk" and "failed" tabs use the same rule in SQL (admin/inbox.ts).
 */
import type { SlaTarget } from '../core/entities/sla.ts';

export type SlaStatus = 'met' | 'failed' | 'risk' | 'running' | 'paused' | 'cancelled';

export function slaStatus(s: SlaTarget, now: Date, atRiskMinutes: number): SlaStatus {
  if (s.breached) return 'failed';
  if (s.reachedAt) return 'met';
  if (s.cancelled) return 'cancelled';
  if (s.paused) return 'paused';
  if (s.deadline && s.deadline <= now) return 'failed';
  if (s.deadline && s.deadline.getTime() - now.getTime() <= atRiskMinutes * 60_000) return 'risk';
  if (s.warnAt && s.warnAt <= now) return 'risk';
  return 'running';
}

export const SLA_CLASS: Record<SlaStatus, string> = { met: 'met', failed: 'failed', risk: 'risk', running: '', paused: '', cancelled: '' };
