import type { EntityManager } from 'typeorm';
import type { Locale } from '../entities/enums.ts';
import { SlaTarget } from '../entities/sla.ts';
import { t } from '../i18n/index.ts';
import { formatJalali } from '../text/index.ts';

const L: Locale = 'fa';

/**
 * The card's SLA line: each target's status from what is recorded (breached, reached, paused, warned), not
 * from the clock, so the card changes only when the SLA does (the warning and the breach edit it, as the
 * first answer and the state changes do) and an unchanged card is never edited.
 */
export async function slaLine(em: EntityManager, ticketId: number): Promise<string | null> {
  const targets = await em.find(SlaTarget, { where: { ticketId, cancelled: false }, order: { kind: 'ASC' } });
  if (!targets.length) return null;
  const items = targets.map((x) => {
    const status = x.breached ? 'failed' : x.reachedAt ? 'met' : x.paused ? 'paused' : x.warnedAt ? 'risk' : 'running';
    const kind = t(L, `sla-kind-${x.kind}`);
    const label = t(L, `st-sla-${status}`);
    return x.deadline && (status === 'running' || status === 'risk')
      ? t(L, 'st-sla-due', { kind, status: label, due: formatJalali(x.deadline, { withTime: true }) })
      : t(L, 'st-sla-item', { kind, status: label });
  });
  return t(L, 'st-card-sla', { items: items.join(' · ') });
}
