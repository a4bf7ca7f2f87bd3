/** The inbox's filter form (admin/routes/inbox.tsx): state, priority, team, assignee, catalogue, internal, dates, unread, sort. */
import { TICKET_STATES, type Locale } from '../../core/entities/enums.ts';
import type { Translate } from '../../core/i18n/index.ts';
import { SORTS, type InboxFilters } from '../inbox.ts';
import type { PickerOptions } from '../options.ts';
import { CatalogueSelects, FilterSelect, InternalSelect, PrioritySelect, sameId, type Choice } from './filter-select.tsx';

export function Filters({ t, locale, f, o }: { t: Translate; locale: Locale; f: InboxFilters; o: PickerOptions }) {
  const any = t('admin-filter-any');
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
        <FilterSelect
          id="f-state"
          name="state"
          label={t('admin-filter-state')}
          choices={[
            ['active', t('admin-filter-active'), f.state === 'active'],
            ['any', t('admin-filter-any'), f.state === 'any'],
            ...TICKET_STATES.map((s): Choice => [s, t(`admin-state-${s}`), f.state === s]),
          ]}
        />
        <PrioritySelect t={t} prefix="f-" value={f.priority} />
        <FilterSelect
          id="f-team"
          name="team"
          label={t('admin-filter-team')}
          any={any}
          choices={o.teams.map((tm) => [String(tm.id), tm.name, sameId(f.teamId, tm.id)])}
        />
        <FilterSelect
          id="f-assignee"
          name="assignee"
          label={t('admin-filter-assignee')}
          any={any}
          choices={[
            ['none', t('admin-unassigned'), f.assignee === 'none'],
            ...o.staff.filter((s) => s.active).map((s): Choice => [String(s.id), s.displayName, sameId(f.assignee, s.id)]),
          ]}
        />
        <CatalogueSelects t={t} locale={locale} prefix="f-" catalogue={o} selected={f} />
        <InternalSelect t={t} prefix="f-" value={f.internal} />
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
        <FilterSelect id="f-sort" name="sort" label={t('admin-sort')} choices={SORTS.map((x) => [x, t(`admin-sort-${x}`), f.sort === x])} />
        <div class="buttons">
          <button type="submit">{t('admin-filter-apply')}</button>
          <a href={`/tickets?tab=${f.tab}`}>{t('admin-filter-clear')}</a>
        </div>
      </form>
    </details>
  );
}
