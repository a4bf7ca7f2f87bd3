/**
 * The ticket page's action forms (side column): assign to me, resolve, reopen, step back, assign, transfer,
 * priority, type, tags, close, cancel — each shown only when the core allows it (d.may) and posted with htmx
 * to POST /tickets/:id/<action> (admin/routes/ticket.tsx), which answers with the #ticket fragment.
 */
import type { Context } from 'hono';
import { PRIORITIES } from '../../../core/entities/enums.ts';
import type { TicketPage } from '../../../core/read/ticket-page.ts';
import * as tickets from '../../../core/services/tickets/index.ts';
import type { PanelEnv } from '../../env.ts';

export function ActionsCard({ c, d }: { c: Context<PanelEnv>; d: TicketPage }) {
  const t = c.get('t');
  const locale = c.get('locale');
  const csrf = c.get('csrf');
  const tk = d.tl.ticket;
  const base = `/tickets/${tk.id}`;
  const hx = (path: string) => ({ 'hx-post': `${base}/${path}`, 'hx-target': '#ticket', 'hx-swap': 'outerHTML' });
  return (
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
  );
}
