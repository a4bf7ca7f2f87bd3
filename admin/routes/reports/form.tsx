/**
 * The report pages' chrome: the tabs (volume, breakdown, SLA, agents, ratings), the filter form (Jalali
 * date range with quick ranges, team, value chain, department, subject, agent, priority, internal, bucket
 * size) and, for print, a line that says which range and filters the figures are for.
 */
import type { Team } from '../../../core/entities/org.ts';
import { CHANNELS } from '../../../core/entities/enums.ts';
import { GRANULARITIES } from '../../../core/services/reports/index.ts';
import { formatJalaliDate, toJalali } from '../../../core/text/index.ts';
import type { PickerOptions } from '../../options.ts';
import { CatalogueSelects, FilterSelect, InternalSelect, PrioritySelect, sameId } from '../../views/filter-select.tsx';
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
  const any = t('admin-filter-any');
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
      <FilterSelect id="r-by" name="by" label={t('rpp-granularity')} choices={GRANULARITIES.map((g) => [g, t(`rp-granularity-${g}`), q.granularity === g])} />
      <FilterSelect
        id="r-team"
        name="team"
        label={t('admin-filter-team')}
        any={any}
        choices={o.teams.map((tm) => [String(tm.id), tm.name, sameId(f.teamId, tm.id)])}
      />
      <CatalogueSelects t={t} locale={v.locale} prefix="r-" catalogue={o.catalogue} selected={f} />
      <FilterSelect
        id="r-agent"
        name="agent"
        label={t('rp-agent')}
        any={any}
        choices={o.agents.map((s) => [String(s.id), s.displayName, sameId(f.agentId, s.id)])}
      />
      <PrioritySelect t={t} prefix="r-" value={f.priority} />
      <InternalSelect t={t} prefix="r-" value={f.internal} />
      <FilterSelect id="r-channel" name="channel" label={t('admin-channel')} any={any} choices={CHANNELS.map((c) => [c, t(`channel-${c}`), f.channel === c])} />
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
      {q.filters.channel ? ` · ${t(`channel-${q.filters.channel}`)}` : ''}
    </p>
  );
}
