/**
 * The report pages' chrome: the tabs (volume, breakdown, SLA, agents, ratings), the filter form (Jalali
 * date range with quick ranges, team, value chain, department, subject, agent, priority, internal, bucket
 * size) and, for print, a line that says which range and filters the figures are for.
 */
import type { Team } from '../../../core/entities/org.ts';
import { PRIORITIES } from '../../../core/entities/enums.ts';
import { GRANULARITIES } from '../../../core/services/reports/index.ts';
import { formatJalaliDate, toJalali } from '../../../core/text/index.ts';
import type { CatalogueItem, PickerOptions } from '../../options.ts';
import { REPORT_TABS, reportParams, shownDay, type ReportTab } from './params.ts';
import type { View } from './table.tsx';

export interface FormOptions {
  teams: Team[];
  agents: { id: number; displayName: string }[];
  catalogue: Pick<PickerOptions, 'valueChains' | 'departments' | 'subjects'>;
}

export function ReportTabs({ tab, v }: { tab: ReportTab; v: View }) {
  const base = reportParams(v.q).toString();
  return (
    <nav class="tabs no-print" aria-label={v.t('rpp-reports')}>
      {REPORT_TABS.map((x) => (
        <a href={`/reports/${x}?${base}`} class={x === tab ? 'on' : ''} aria-current={x === tab ? 'page' : undefined} data-tab={x}>
          {v.t(`rpp-tab-${x}`)}
        </a>
      ))}
    </nav>
  );
}

/** quick ranges: the last 7 and 30 days, and the current Jalali month (to today) */
function quickRanges(now: Date, timeZone: string) {
  const day = (back: number) => formatJalaliDate(toJalali(new Date(now.getTime() - back * 86_400_000), timeZone), 'en');
  const today = toJalali(now, timeZone);
  return [
    { key: 'rpp-range-7', from: day(6), to: day(0) },
    { key: 'rpp-range-30', from: day(29), to: day(0) },
    { key: 'rpp-range-month', from: formatJalaliDate({ ...today, d: 1 }, 'en'), to: day(0) },
  ];
}

export function ReportFilters({ tab, v, o, now }: { tab: ReportTab; v: View; o: FormOptions; now: Date }) {
  const { t, q } = v;
  const f = q.filters;
  const name = (x: CatalogueItem) => (v.locale === 'fa' ? x.nameFa : x.nameEn);
  const sel = (a: number | null | undefined, b: number) => a != null && a === b;
  const err = (k: string) => (q.errors[k] ? <p class="field-error">{t(`rpp-error-${q.errors[k]}`)}</p> : null);
  return (
    <form class="card filters report-filters no-print" method="get" action={`/reports/${tab}`} id="report-filters">
      <div>
        <label for="r-from">{t('admin-filter-from')}</label>
        <input
          type="text"
          id="r-from"
          name="from"
          data-jalali=""
          autocomplete="off"
          value={shownDay(q.from, v.locale)}
          dir="ltr"
          inputmode="numeric"
          placeholder={shownDay('1405/09/01', v.locale)}
          aria-invalid={q.errors.from ? 'true' : undefined}
          aria-describedby="r-date-hint"
        />
        {err('from')}
      </div>
      <div>
        <label for="r-to">{t('admin-filter-to')}</label>
        <input
          type="text"
          id="r-to"
          name="to"
          data-jalali=""
          autocomplete="off"
          value={shownDay(q.to, v.locale)}
          dir="ltr"
          inputmode="numeric"
          placeholder={shownDay('1405/09/30', v.locale)}
          aria-invalid={q.errors.to ? 'true' : undefined}
          aria-describedby="r-date-hint"
        />
        {err('to')}
      </div>
      <div>
        <label for="r-by">{t('rpp-granularity')}</label>
        <select id="r-by" name="by">
          {GRANULARITIES.map((g) => (
            <option value={g} selected={q.granularity === g}>
              {t(`rp-granularity-${g}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="r-team">{t('admin-filter-team')}</label>
        <select id="r-team" name="team">
          <option value="">{t('admin-filter-any')}</option>
          {o.teams.map((tm) => (
            <option value={String(tm.id)} selected={sel(f.teamId, tm.id)}>
              {tm.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="r-vc">{t('admin-filter-value-chain')}</label>
        <select id="r-vc" name="vc">
          <option value="">{t('admin-filter-any')}</option>
          {o.catalogue.valueChains.map((x) => (
            <option value={String(x.id)} selected={sel(f.valueChainId, x.id)}>
              {name(x)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="r-dept">{t('admin-filter-department')}</label>
        <select id="r-dept" name="dept">
          <option value="">{t('admin-filter-any')}</option>
          {o.catalogue.valueChains.map((vc) => (
            <optgroup label={name(vc)}>
              {o.catalogue.departments
                .filter((d) => d.parentId === vc.id)
                .map((d) => (
                  <option value={String(d.id)} selected={sel(f.departmentId, d.id)}>
                    {name(d)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label for="r-subject">{t('admin-filter-subject')}</label>
        <select id="r-subject" name="subject">
          <option value="">{t('admin-filter-any')}</option>
          {o.catalogue.departments.map((d) => (
            <optgroup label={name(d)}>
              {o.catalogue.subjects
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
        <label for="r-agent">{t('rp-agent')}</label>
        <select id="r-agent" name="agent">
          <option value="">{t('admin-filter-any')}</option>
          {o.agents.map((s) => (
            <option value={String(s.id)} selected={sel(f.agentId, s.id)}>
              {s.displayName}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="r-priority">{t('admin-filter-priority')}</label>
        <select id="r-priority" name="priority">
          <option value="">{t('admin-filter-any')}</option>
          {PRIORITIES.map((p) => (
            <option value={p} selected={f.priority === p}>
              {t(`admin-priority-${p}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="r-internal">{t('admin-filter-internal')}</label>
        <select id="r-internal" name="internal">
          <option value="">{t('admin-filter-any')}</option>
          <option value="yes" selected={f.internal === true}>
            {t('admin-internal-only')}
          </option>
          <option value="no" selected={f.internal === false}>
            {t('admin-internal-none')}
          </option>
        </select>
      </div>
      <div class="buttons">
        <button type="submit">{t('admin-filter-apply')}</button>
        <a href={`/reports/${tab}`}>{t('admin-filter-clear')}</a>
      </div>
      <p class="hint wide" id="r-date-hint">
        {t('rpp-date-hint')}{' '}
        {quickRanges(now, v.timeZone).map((r) => (
          <a class="quick" href={`/reports/${tab}?${reportParams({ ...q, from: r.from, to: r.to }).toString()}`}>
            {t(r.key)}
          </a>
        ))}
      </p>
    </form>
  );
}

/** "From … to …, team …" for the printed page (and the screen reader) */
export function PrintedScope({ v, o }: { v: View; o: FormOptions }) {
  const { t, q } = v;
  const team = q.filters.teamId != null ? o.teams.find((x) => x.id === q.filters.teamId)?.name : null;
  const agent = q.filters.agentId != null ? o.agents.find((x) => x.id === q.filters.agentId)?.displayName : null;
  return (
    <p class="scope" dir="auto">
      {t('rpp-range', { from: shownDay(q.from, v.locale), to: shownDay(q.to, v.locale) })}
      {team ? ` · ${t('rp-team')}: ${team}` : ''}
      {agent ? ` · ${t('rp-agent')}: ${agent}` : ''}
      {q.filters.priority ? ` · ${t(`admin-priority-${q.filters.priority}`)}` : ''}
    </p>
  );
}
