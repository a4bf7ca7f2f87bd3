/** The inbox's filter form (admin/routes/inbox.tsx): state, priority, team, assignee, catalogue, internal, dates, unread, sort. */
import { PRIORITIES, TICKET_STATES, type Locale } from '../../core/entities/enums.ts';
import type { Translate } from '../../core/i18n/index.ts';
import { SORTS, type InboxFilters } from '../inbox.ts';
import type { PickerOptions } from '../options.ts';

export function Filters({ t, locale, f, o }: { t: Translate; locale: Locale; f: InboxFilters; o: PickerOptions }) {
  const name = (x: { nameFa: string; nameEn: string }) => (locale === 'fa' ? x.nameFa : x.nameEn);
  const sel = (a: number | string | null, b: number | string) => a !== null && String(a) === String(b);
  const deptsOf = (vc: number) => o.departments.filter((d) => d.parentId === vc);
  return (
    <details
      class="card filters-box"
      open={
        !!(
          f.priority ||
          f.teamId ||
          f.assignee !== null ||
          f.valueChainId ||
          f.departmentId ||
          f.subjectId ||
          f.internal !== null ||
          f.from ||
          f.to ||
          f.unread ||
          f.state !== 'active' ||
          f.sort !== 'updated_desc'
        )
      }
    >
      <summary>{t('admin-filters')}</summary>
      <form class="filters" method="get" action="/tickets" id="filters">
        <input type="hidden" name="tab" value={f.tab} />
        <div>
          <label for="f-state">{t('admin-filter-state')}</label>
          <select id="f-state" name="state">
            <option value="active" selected={f.state === 'active'}>
              {t('admin-filter-active')}
            </option>
            <option value="any" selected={f.state === 'any'}>
              {t('admin-filter-any')}
            </option>
            {TICKET_STATES.map((s) => (
              <option value={s} selected={f.state === s}>
                {t(`admin-state-${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-priority">{t('admin-filter-priority')}</label>
          <select id="f-priority" name="priority">
            <option value="">{t('admin-filter-any')}</option>
            {PRIORITIES.map((p) => (
              <option value={p} selected={f.priority === p}>
                {t(`admin-priority-${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-team">{t('admin-filter-team')}</label>
          <select id="f-team" name="team">
            <option value="">{t('admin-filter-any')}</option>
            {o.teams.map((tm) => (
              <option value={String(tm.id)} selected={sel(f.teamId, tm.id)}>
                {tm.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-assignee">{t('admin-filter-assignee')}</label>
          <select id="f-assignee" name="assignee">
            <option value="">{t('admin-filter-any')}</option>
            <option value="none" selected={f.assignee === 'none'}>
              {t('admin-unassigned')}
            </option>
            {o.staff
              .filter((s) => s.active)
              .map((s) => (
                <option value={String(s.id)} selected={sel(f.assignee, s.id)}>
                  {s.displayName}
                </option>
              ))}
          </select>
        </div>
        <div>
          <label for="f-vc">{t('admin-filter-value-chain')}</label>
          <select id="f-vc" name="vc">
            <option value="">{t('admin-filter-any')}</option>
            {o.valueChains.map((v) => (
              <option value={String(v.id)} selected={sel(f.valueChainId, v.id)}>
                {name(v)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-dept">{t('admin-filter-department')}</label>
          <select id="f-dept" name="dept">
            <option value="">{t('admin-filter-any')}</option>
            {o.valueChains.map((v) => (
              <optgroup label={name(v)}>
                {deptsOf(v.id).map((d) => (
                  <option value={String(d.id)} selected={sel(f.departmentId, d.id)}>
                    {name(d)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label for="f-subject">{t('admin-filter-subject')}</label>
          <select id="f-subject" name="subject">
            <option value="">{t('admin-filter-any')}</option>
            {o.departments.map((d) => (
              <optgroup label={name(d)}>
                {o.subjects
                  .filter((s) => s.parentId === d.id)
                  .map((s) => (
                    <option value={String(s.id)} selected={sel(f.subjectId, s.id)}>
                      {name(s)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label for="f-internal">{t('admin-filter-internal')}</label>
          <select id="f-internal" name="internal">
            <option value="">{t('admin-filter-any')}</option>
            <option value="yes" selected={f.internal === true}>
              {t('admin-internal-only')}
            </option>
            <option value="no" selected={f.internal === false}>
              {t('admin-internal-none')}
            </option>
          </select>
        </div>
        <div>
          <label for="f-from">{t('admin-filter-from')}</label>
          <input
            type="text"
            id="f-from"
            name="from"
            value={f.from}
            dir="ltr"
            placeholder="۱۴۰۵/۰۱/۰۱"
            aria-invalid={f.from && !f.fromAt ? 'true' : undefined}
          />
          {f.from && !f.fromAt ? <p class="field-error">{t('org-error-invalid_date')}</p> : null}
        </div>
        <div>
          <label for="f-to">{t('admin-filter-to')}</label>
          <input type="text" id="f-to" name="to" value={f.to} dir="ltr" placeholder="۱۴۰۵/۱۲/۲۹" aria-invalid={f.to && !f.toAt ? 'true' : undefined} />
          {f.to && !f.toAt ? <p class="field-error">{t('org-error-invalid_date')}</p> : null}
        </div>
        <div>
          <label for="f-unread">{t('inbox-filter-unread')}</label>
          <input type="checkbox" id="f-unread" name="unread" value="1" checked={f.unread} />
        </div>
        <div>
          <label for="f-sort">{t('admin-sort')}</label>
          <select id="f-sort" name="sort">
            {SORTS.map((s) => (
              <option value={s} selected={f.sort === s}>
                {t(`admin-sort-${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="buttons">
          <button type="submit">{t('admin-filter-apply')}</button>
          <a href={`/tickets?tab=${f.tab}`}>{t('admin-filter-clear')}</a>
        </div>
      </form>
    </details>
  );
}
