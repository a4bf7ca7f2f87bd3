/**
 * The ticket page's view (admin/routes/ticket.tsx loads the data and runs the actions): the timeline with
 * attachments, notes and events, the reply box (canned replies, files), the note box, SLA badges, the
 * requester's card with his other tickets, and the action forms the staff member may use. User text is
 * escaped by hono/jsx and marked dir="auto".
 */
import type { Context } from 'hono';
import type { CoreContext } from '../../core/context.ts';
import { PRIORITIES } from '../../core/entities/enums.ts';
import type { Translate } from '../../core/i18n/index.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { ticketRef } from '../../core/text/index.ts';
import type { TicketPage } from '../../core/read/ticket-page.ts';
import type { PanelEnv } from '../env.ts';
import { slaStatus, type SlaStatus } from '../../core/sla/status.ts';
import { Attachments } from './attachments.tsx';
import { FollowersCard, RatingCard, ratingSuffix } from './ticket-side.tsx';
import { errorText } from './form.tsx';
import { when } from './format.ts';
import { LivePresence, LiveStamp, liveTimeline } from '../live/view.tsx';

const SLA_CLASS: Record<SlaStatus, string> = { met: 'met', failed: 'failed', risk: 'risk', running: '', paused: '', cancelled: '' };

/** labels of the fields ticket services name in their validation errors */
const FIELD_LABELS: Record<string, string> = {
  text: 'admin-reply',
  reason: 'admin-close-reason',
  staffId: 'admin-col-assignee',
  teamId: 'admin-col-team',
  departmentId: 'admin-filter-department',
  tags: 'admin-tags',
  type: 'admin-type',
  file: 'admin-attach',
  priority: 'admin-col-priority',
};

export interface Outcome {
  /** an error to show: a domain error code, or field: code */
  error?: { code: string; field?: string } | null;
  ok?: boolean;
  /** what was typed in the reply / note box, kept after an error */
  draft?: { reply?: string; note?: string };
}

/** everything the page shows: core's read model of the ticket page */
export type Loaded = TicketPage;

function ErrorBox({ t, error }: { t: Translate; error: Outcome['error'] }) {
  if (!error) return null;
  const text = error.field
    ? `${FIELD_LABELS[error.field] ? t(FIELD_LABELS[error.field]!) : error.field}: ${errorText(t, error.code)}`
    : errorText(t, error.code);
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}

/** the error of a refused action: the first field of a ValidationError, or the domain code */
export function outcomeOf(err: DomainError): NonNullable<Outcome['error']> {
  if (err instanceof ValidationError) {
    const [field, code] = Object.entries(err.fields)[0] ?? ['_', 'invalid'];
    return { field: field === '_' ? undefined : field, code: /^[a-z_]+$/.test(code) ? code : 'invalid' };
  }
  return { code: err.code };
}

export function TicketView({ c, core, d, o, cannedId }: { c: Context<PanelEnv>; core: CoreContext; d: Loaded; o: Outcome; cannedId?: number | null }) {
  const t = c.get('t');
  const locale = c.get('locale');
  const me = c.get('staff');
  const csrf = c.get('csrf');
  const tk = d.tl.ticket;
  const now = core.clock.now();
  const at = (x: Date | null) => when(x, locale, core.timeZone);
  const name = (sid: number | null | undefined) => (sid ? (d.staff.get(sid)?.displayName ?? `#${sid}`) : '');
  const teamName = (tid: unknown) => (typeof tid === 'number' ? (d.teams.find((x) => x.id === tid)?.name ?? `#${tid}`) : '');
  const base = `/tickets/${tk.id}`;
  const hx = (path: string) => ({ 'hx-post': `${base}/${path}`, 'hx-target': '#ticket', 'hx-swap': 'outerHTML' });
  const canned = cannedId ? d.canned.find((x) => x.id === cannedId) : undefined;
  const replyText = [o.draft?.reply ?? '', canned?.body ?? ''].filter(Boolean).join('\n');
  const team = d.teams.find((x) => x.id === tk.teamId);
  const eventLabel = (kind: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null, action: string | null = null): string => {
    switch (kind) {
      case 'state':
        return (
          t('admin-event-state', { from: t(`admin-state-${String(before?.state ?? 'new')}`), to: t(`admin-state-${String(after?.state ?? '')}`) }) +
          (action === 'step_back' ? ` (${t('admin-step-back')})` : '') +
          ratingSuffix(after)
        );
      case 'follow':
      case 'unfollow':
        return `${t(`admin-event-${kind}`)}: ${name(after?.staffId as number)}`;
      case 'assign':
      case 'unassign':
        return t(`admin-event-${kind}`) + (after?.assigneeId ? ` → ${name(after.assigneeId as number)}` : '');
      case 'transfer':
        return (
          t('admin-event-transfer') +
          (after?.teamId !== before?.teamId ? ` → ${teamName(after?.teamId)}` : '') +
          (after?.assigneeId ? ` · ${name(after.assigneeId as number)}` : '')
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
  };

  return (
    <div id="ticket">
      <p>
        <a href="/tickets">{t('admin-back-inbox')}</a>
      </p>
      <h1>
        <span>{ticketRef(tk.number, locale)}</span> · <bdi dir="auto">{tk.title}</bdi>
        {tk.internal ? <span class="badge">{t('admin-internal')}</span> : null}
      </h1>
      <LivePresence ticketId={tk.id} version={tk.version} />
      <ErrorBox t={t} error={o.error} />
      {o.ok ? (
        <p class="ok" role="status">
          {t('admin-done')}
        </p>
      ) : null}
      <div class="grid">
        <section>
          <div class="card">
            <h2>{t('admin-timeline')}</h2>
            <ol class="timeline" {...liveTimeline(tk.id)}>
              {d.tl.entries.map((e) => {
                if (e.type === 'message') {
                  const m = e.message;
                  const who =
                    m.kind === 'note'
                      ? t('admin-note-by', { name: name(m.staffId) })
                      : m.direction === 'in'
                        ? t('admin-from-requester')
                        : m.authorKind === 'system'
                          ? t('admin-from-system')
                          : t('admin-from-staff', { name: name(m.staffId) });
                  return (
                    <li class={m.kind === 'note' ? 'note' : m.direction} id={`m${m.id}`} data-kind={m.kind}>
                      <div class="meta muted">
                        <bdi>{who}</bdi> · {at(m.createdAt)}
                        {m.editedAt ? ` · ${t('admin-edited')}` : ''}
                        {m.via === 'panel' ? ` · ${t('admin-via-panel')}` : ''}
                      </div>
                      {m.text ? (
                        <div class="msg" dir="auto">
                          {m.text}
                        </div>
                      ) : null}
                      {m.undeliveredAt ? (
                        <p class="badge failed undelivered" role="status">
                          ⚠️ {t('dl-panel-undelivered')}
                        </p>
                      ) : null}
                      <Attachments t={t} ticketId={tk.id} messageId={m.id} list={m.attachments} locale={locale} />
                    </li>
                  );
                }
                const ev = e.event;
                if (ev.kind === 'reply' || ev.kind === 'note' || ev.kind === 'message') return null; // the message itself is shown
                return (
                  <li class="event">
                    <bdi>{eventLabel(ev.kind, ev.before, ev.after, ev.action)}</bdi>
                    {ev.actorKind === 'staff' ? (
                      <>
                        {' '}
                        · <bdi>{name(ev.actorId)}</bdi>
                      </>
                    ) : null}
                    {ev.note ? (
                      <>
                        {' '}
                        · <bdi dir="auto">{ev.note}</bdi>
                      </>
                    ) : null}{' '}
                    · {at(ev.createdAt)}
                  </li>
                );
              })}
            </ol>
          </div>
          {d.may.agent_reply ? (
            <div class="card" id="reply-box">
              {d.canned.length ? (
                <form method="get" action={base} class="canned" hx-get={`${base}/canned`} hx-include="#reply-text" hx-target="#reply-text" hx-swap="outerHTML">
                  <label for="canned">{t('admin-canned-insert')}</label>
                  <div class="row">
                    <select id="canned" name="canned">
                      {d.canned.map((r) => (
                        <option value={String(r.id)}>{`${r.title} (/${r.shortcut})`}</option>
                      ))}
                    </select>
                    <button class="secondary" type="submit">
                      {t('admin-canned-use')}
                    </button>
                  </div>
                </form>
              ) : null}
              <form method="post" action={`${base}/reply`} enctype="multipart/form-data" {...hx('reply')} hx-encoding="multipart/form-data">
                <input type="hidden" name="_csrf" value={csrf} />
                <LiveStamp tl={d.tl} />
                <label for="reply-text">{t('admin-reply')}</label>
                <textarea id="reply-text" name="text" dir="auto" maxlength={16000} rows={5}>
                  {replyText}
                </textarea>
                <label for="reply-file">{t('admin-attach')}</label>
                <input type="file" id="reply-file" name="file" multiple />
                <button type="submit">{t('admin-reply-send')}</button>
              </form>
            </div>
          ) : null}
          {d.may.note ? (
            <form class="card" method="post" action={`${base}/note`} enctype="multipart/form-data" {...hx('note')} hx-encoding="multipart/form-data">
              <input type="hidden" name="_csrf" value={csrf} />
              <label for="note-text">{t('admin-note')}</label>
              <textarea id="note-text" name="text" dir="auto" maxlength={16000} rows={3}>
                {o.draft?.note ?? ''}
              </textarea>
              <label for="note-file">{t('admin-attach')}</label>
              <input type="file" id="note-file" name="file" multiple />
              <button class="secondary" type="submit">
                {t('admin-note-add')}
              </button>
            </form>
          ) : null}
        </section>
        <aside>
          <div class="card">
            <p>
              <span class={`badge state-${tk.state}`}>{t(`admin-state-${tk.state}`)}</span>{' '}
              <span class={`badge ${tk.priority}`}>{t(`admin-priority-${tk.priority}`)}</span>
              {d.requester ? (
                <>
                  {' '}
                  <span class={`badge channel-${tk.channel}`} data-channel={tk.channel} title={t('admin-channel')}>
                    {t(`channel-${tk.channel}`)}
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
              {d.accounts.map((a) => (
                <p class="account" data-channel={a.channel}>
                  {t(`channel-${a.channel}`)}: <span dir="ltr">{a.username ? `@${a.username}` : String(a.userId)}</span>
                </p>
              ))}
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
          <div class="card actions">
            <h3>{t('admin-actions')}</h3>
            {d.may.assign_to_me ? (
              <form method="post" action={`${base}/assign-me`} {...hx('assign-me')}>
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit">{t('admin-assign-me')}</button>
              </form>
            ) : null}
            {d.may.resolve ? (
              <form method="post" action={`${base}/resolve`} {...hx('resolve')}>
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit">{t('admin-resolve')}</button>
              </form>
            ) : null}
            {d.may.reopen ? (
              <form method="post" action={`${base}/reopen`} {...hx('reopen')}>
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit">{t('admin-reopen')}</button>
              </form>
            ) : null}
            {d.may.step_back ? (
              <form method="post" action={`${base}/step-back`} {...hx('step-back')}>
                <input type="hidden" name="_csrf" value={csrf} />
                <button class="secondary" type="submit">
                  {t('admin-step-back')}
                </button>
              </form>
            ) : null}
            {d.may.assign || d.may.unassign ? (
              <form method="post" action={`${base}/assign`} {...hx('assign')} class="block">
                <input type="hidden" name="_csrf" value={csrf} />
                <label for="assign-to">{t('admin-assign')}</label>
                <select id="assign-to" name="staffId">
                  {d.may.unassign ? <option value="">{t('admin-unassigned')}</option> : null}
                  {d.assignable.map((s) => (
                    <option value={String(s.id)} selected={s.id === tk.assigneeId}>
                      {s.displayName}
                    </option>
                  ))}
                </select>
                <button class="secondary" type="submit">
                  {t('admin-assign')}
                </button>
              </form>
            ) : null}
            {d.may.transfer ? (
              <details class="block">
                <summary>{t('admin-transfer')}</summary>
                <form method="post" action={`${base}/transfer`} {...hx('transfer')}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <label for="tr-team">{t('admin-col-team')}</label>
                  <select id="tr-team" name="teamId">
                    <option value="">—</option>
                    {d.teams
                      .filter((x) => x.active)
                      .map((x) => (
                        <option value={String(x.id)}>{x.name}</option>
                      ))}
                  </select>
                  <label for="tr-dept">{t('admin-filter-department')}</label>
                  <select id="tr-dept" name="departmentId">
                    <option value="">—</option>
                    {d.departments.map((x) => (
                      <option value={String(x.id)}>{locale === 'fa' ? x.nameFa : x.nameEn}</option>
                    ))}
                  </select>
                  <label for="tr-staff">{t('admin-col-assignee')}</label>
                  <select id="tr-staff" name="staffId">
                    <option value="">—</option>
                    {d.activeStaff.map((s) => (
                      <option value={String(s.id)}>{s.displayName}</option>
                    ))}
                  </select>
                  <label for="tr-note">{t('admin-transfer-note')}</label>
                  <textarea id="tr-note" name="note" dir="auto" rows={2} maxlength={2000}></textarea>
                  <button class="secondary" type="submit">
                    {t('admin-transfer')}
                  </button>
                </form>
              </details>
            ) : null}
            {d.may.set_priority ? (
              <form method="post" action={`${base}/priority`} {...hx('priority')} class="block">
                <input type="hidden" name="_csrf" value={csrf} />
                <label for="priority">{t('admin-set-priority')}</label>
                <select id="priority" name="priority">
                  {PRIORITIES.map((p) => (
                    <option value={p} selected={p === tk.priority}>
                      {t(`admin-priority-${p}`)}
                    </option>
                  ))}
                </select>
                <button class="secondary" type="submit">
                  {t('admin-set-priority')}
                </button>
              </form>
            ) : null}
            {d.may.set_type ? (
              <form method="post" action={`${base}/type`} {...hx('type')} class="block">
                <input type="hidden" name="_csrf" value={csrf} />
                <label for="type">{t('admin-type')}</label>
                <input type="text" id="type" name="type" value={tk.type ?? ''} maxlength={48} dir="auto" />
                <button class="secondary" type="submit">
                  {t('admin-save')}
                </button>
              </form>
            ) : null}
            {d.may.set_tags ? (
              <form method="post" action={`${base}/tags`} {...hx('tags')} class="block">
                <input type="hidden" name="_csrf" value={csrf} />
                <label for="tags">{t('admin-tags')}</label>
                <input type="text" id="tags" name="tags" value={tk.tags.join('، ')} dir="auto" aria-describedby="tags-hint" />
                <p class="hint" id="tags-hint">
                  {t('admin-tags-hint')}
                </p>
                <button class="secondary" type="submit">
                  {t('admin-save')}
                </button>
              </form>
            ) : null}
            {d.may.close ? (
              <form method="post" action={`${base}/close`} {...hx('close')} class="block">
                <input type="hidden" name="_csrf" value={csrf} />
                <label for="reason">{t('admin-close-reason')}</label>
                <input type="text" id="reason" name="reason" maxlength={300} dir="auto" required />
                <button class="secondary" type="submit">
                  {t('admin-close')}
                </button>
              </form>
            ) : null}
            {d.may.cancel ? (
              <details class="block">
                <summary>{t('admin-cancel')}</summary>
                <form method="post" action={`${base}/cancel`} {...hx('cancel')}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <label for="cancel-reason">{t('admin-cancel-reason')}</label>
                  <select id="cancel-reason" name="reason">
                    {tickets.CANCEL_REASONS.map((r) => (
                      <option value={r}>{t(`admin-cancel-${r}`)}</option>
                    ))}
                  </select>
                  <label for="cancel-other">{t('admin-cancel-other')}</label>
                  <input type="text" id="cancel-other" name="other" maxlength={300} dir="auto" />
                  <button class="danger" type="submit">
                    {t('admin-cancel')}
                  </button>
                </form>
              </details>
            ) : null}
          </div>
        </aside>
      </div>
    </div>
  );
}
