/**
 * One line of text for a ticket event (state, assignment, transfer, priority, type, tags, follow, SLA…) on the
 * ticket page's conversation (admin/views/ticket/conversation.tsx).
 */
import type { Translate } from '../../../core/i18n/index.ts';
import { ratingSuffix } from '../ticket-side.tsx';

export interface Names {
  staff: (id: number | null | undefined) => string;
  team: (id: unknown) => string;
}

export function eventLabel(
  t: Translate,
  n: Names,
  kind: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  action: string | null = null,
): string {
  switch (kind) {
    case 'state':
      return (
        t('admin-event-state', { from: t(`admin-state-${String(before?.state ?? 'new')}`), to: t(`admin-state-${String(after?.state ?? '')}`) }) +
        (action === 'step_back' ? ` (${t('admin-step-back')})` : '') +
        ratingSuffix(after)
      );
    case 'follow':
    case 'unfollow':
      return `${t(`admin-event-${kind}`)}: ${n.staff(after?.staffId as number)}`;
    case 'assign':
    case 'unassign':
      return t(`admin-event-${kind}`) + (after?.assigneeId ? ` → ${n.staff(after.assigneeId as number)}` : '');
    case 'transfer':
      return (
        t('admin-event-transfer') +
        (after?.teamId !== before?.teamId ? ` → ${n.team(after?.teamId)}` : '') +
        (after?.assigneeId ? ` · ${n.staff(after.assigneeId as number)}` : '')
      );
    case 'priority':
      return `${t('admin-event-priority')}: ${t(`admin-priority-${String(after?.priority ?? '')}`)}`;
    case 'type':
      return `${t('admin-event-type')}: ${String(after?.type ?? '—')}`;
    case 'tags':
      return `${t('admin-event-tags')}: ${Array.isArray(after?.tags) ? (after!.tags as string[]).join('، ') : ''}`;
    default:
      return t(`admin-event-${kind}`);
  }
}
