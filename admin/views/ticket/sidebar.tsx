/**
 * The ticket page's side column, upper part: state, priority and channel badges, the facts (team, assignee,
 * type, tags, dates, close reason), the merge link, the SLA targets, the rating card and the followers
 * (admin/views/ticket-side.tsx), and the requester's card with his other tickets. The action forms are
 * admin/views/ticket/actions.tsx.
 */
import type { Context } from 'hono';
import type { CoreContext } from '../../../core/context.ts';
import { slaStatus, type SlaStatus } from '../../../core/sla/status.ts';
import type { TicketPage } from '../../../core/read/ticket-page.ts';
import { ticketRef } from '../../../core/text/index.ts';
import type { PanelEnv } from '../../env.ts';
import { when } from '../format.ts';
import { FollowersCard, RatingCard } from '../ticket-side.tsx';

const SLA_CLASS: Record<SlaStatus, string> = { met: 'met', failed: 'failed', risk: 'risk', running: '', paused: '', cancelled: '' };

export function SideCards({ c, core, d }: { c: Context<PanelEnv>; core: CoreContext; d: TicketPage }) {
  const t = c.get('t');
  const locale = c.get('locale');
  const me = c.get('staff');
  const csrf = c.get('csrf');
  const tk = d.tl.ticket;
  const now = core.clock.now();
  const at = (x: Date | null) => when(x, locale, core.timeZone);
  const name = (sid: number | null | undefined) => (sid ? (d.staff.get(sid)?.displayName ?? `#${sid}`) : '');
  const base = `/tickets/${tk.id}`;
  const team = d.teams.find((x) => x.id === tk.teamId);
  return (
    <>
      {/* id: the live reload swaps this card too (admin/live/view.tsx liveTimeline, hx-select-oob) */}
      <div class="card" id="ticket-facts">
        <p>
          <span class={`badge state-${tk.state}`}>{t(`admin-state-${tk.state}`)}</span>{' '}
          <span class={`badge ${tk.priority}`}>{t(`admin-priority-${tk.priority}`)}</span>
          {d.requester ? (
            <>
              {' '}
              <span class={`badge channel-${d.requester.channel}`} data-channel={d.requester.channel} title={t('admin-channel')}>
                {t(`channel-${d.requester.channel}`)}
              </span>
            </>
          ) : null}
        </p>
        <dl class="facts">
          <dt>{t('admin-col-team')}</dt>
          <dd dir="auto">{team?.name ?? '—'}</dd>
          <dt>{t('admin-col-assignee')}</dt>
          <dd dir="auto">{tk.assigneeId ? name(tk.assigneeId) : t('admin-unassigned')}</dd>
          <dt>{t('admin-type')}</dt>
          <dd dir="auto">{tk.type ?? '—'}</dd>
          <dt>{t('admin-tags')}</dt>
          <dd>
            {tk.tags.length
              ? tk.tags.map((x) => (
                  <span class="tag" dir="auto">
                    {x}
                  </span>
                ))
              : '—'}
          </dd>
          <dt>{t('admin-created')}</dt>
          <dd>{at(tk.createdAt)}</dd>
          {tk.closeReason ? (
            <>
              <dt>{t('admin-close-reason')}</dt>
              <dd dir="auto">{tk.closeReason}</dd>
            </>
          ) : null}
        </dl>
        {tk.state !== 'closed' && tk.state !== 'cancelled' && tk.state !== 'finished' ? (
          <a class="button secondary" href={`/tickets/${tk.id}/merge`}>
            {t('admin-merge-button')}
          </a>
        ) : null}
      </div>
      {d.slas.length ? (
        <div class="card">
          <h3>{t('admin-sla')}</h3>
          {d.slas.map((s) => {
            const st = slaStatus(s, now, d.atRiskMinutes);
            return (
              <p class="sla">
                {t(`admin-sla-${s.kind}`)}:{' '}
                <span class={`badge ${SLA_CLASS[st]}`} data-sla={st}>
                  {t(`admin-sla-${st}`)}
                </span>
                {s.deadline && !s.reachedAt && !s.cancelled ? <span class="muted"> {t('admin-deadline', { at: at(s.deadline) })}</span> : null}
                {s.reachedAt ? <span class="muted"> {at(s.reachedAt)}</span> : null}
              </p>
            );
          })}
        </div>
      ) : null}
      <RatingCard t={t} ratings={d.tl.ratings} at={(x) => at(x)} locale={locale} />
      <FollowersCard t={t} f={d.followers} meId={me.id} base={base} csrf={csrf} />
      {d.requester ? (
        <div class="card requester">
          <h3>{t('admin-requester')}</h3>
          <p>
            <bdi dir="auto">{d.requester.fullName}</bdi>
            {d.requester.blocked ? <span class="badge failed">{t('admin-blocked')}</span> : null}
          </p>
          {d.phone ? <p dir="ltr">{d.phone}</p> : null}
          {d.requester.username ? <p dir="ltr">@{d.requester.username}</p> : null}
          {d.memberType ? <p class="muted">{locale === 'fa' ? d.memberType.nameFa : d.memberType.nameEn}</p> : null}
          {me.role !== 'agent' ? (
            <p>
              <a href={`/requesters/${d.requester.id}`}>{t('admin-requester-profile')}</a>
            </p>
          ) : null}
          {d.others.length ? (
            <>
              <h4>{t('admin-requester-others')}</h4>
              <ul class="others">
                {d.others.map((x) => (
                  <li>
                    <a href={`/tickets/${x.id}`}>{ticketRef(x.number, locale)}</a> <bdi dir="auto">{x.title}</bdi>{' '}
                    <span class="badge">{t(`admin-state-${x.state}`)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
