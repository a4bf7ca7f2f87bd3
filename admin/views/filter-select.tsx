/**
 * The filter selects the inbox (admin/views/inbox-filters.tsx) and the reports (admin/routes/reports/form.tsx)
 * share: a labelled <select> with an optional "any" entry, and the catalogue's three (value chain; departments
 * grouped by value chain; subjects grouped by department), each id prefixed by the form's own (`f-`, `r-`).
 */
import { PRIORITIES, type Locale, type Priority } from '../../core/entities/enums.ts';
import type { Translate } from '../../core/i18n/index.ts';
import type { PickerOptions } from '../options.ts';

/** [value, label, selected] */
export type Choice = [string, string, boolean];

export function FilterSelect(props: { id: string; name: string; label: string; any?: string; choices?: Choice[]; groups?: [string, Choice[]][] }) {
  const option = ([value, label, selected]: Choice) => (
    <option value={value} selected={selected}>
      {label}
    </option>
  );
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.any !== undefined ? <option value="">{props.any}</option> : null}
        {(props.choices ?? []).map(option)}
        {(props.groups ?? []).map(([label, choices]) => (
          <optgroup label={label}>{choices.map(option)}</optgroup>
        ))}
      </select>
    </div>
  );
}

/** the same id (a filter's value may be a number or a string such as 'none') */
export const sameId = (a: number | string | null | undefined, b: number | string) => a !== null && a !== undefined && String(a) === String(b);

export function CatalogueSelects(props: {
  t: Translate;
  locale: Locale;
  prefix: string;
  catalogue: Pick<PickerOptions, 'valueChains' | 'departments' | 'subjects'>;
  selected: { valueChainId?: number | null; departmentId?: number | null; subjectId?: number | null };
}) {
  const { t, prefix, catalogue: c, selected: s } = props;
  const name = (x: { nameFa: string; nameEn: string }) => (props.locale === 'fa' ? x.nameFa : x.nameEn);
  const any = t('admin-filter-any');
  return (
    <>
      <FilterSelect
        id={`${prefix}vc`}
        name="vc"
        label={t('admin-filter-value-chain')}
        any={any}
        choices={c.valueChains.map((v) => [String(v.id), name(v), sameId(s.valueChainId, v.id)])}
      />
      <FilterSelect
        id={`${prefix}dept`}
        name="dept"
        label={t('admin-filter-department')}
        any={any}
        groups={c.valueChains.map((v) => [
          name(v),
          c.departments.filter((d) => d.parentId === v.id).map((d) => [String(d.id), name(d), sameId(s.departmentId, d.id)] as Choice),
        ])}
      />
      <FilterSelect
        id={`${prefix}subject`}
        name="subject"
        label={t('admin-filter-subject')}
        any={any}
        groups={c.departments.map((d) => [
          name(d),
          c.subjects.filter((x) => x.parentId === d.id).map((x) => [String(x.id), name(x), sameId(s.subjectId, x.id)] as Choice),
        ])}
      />
    </>
  );
}

export const PrioritySelect = (props: { t: Translate; prefix: string; value: Priority | null | undefined }) => (
  <FilterSelect
    id={`${props.prefix}priority`}
    name="priority"
    label={props.t('admin-filter-priority')}
    any={props.t('admin-filter-any')}
    choices={PRIORITIES.map((p) => [p, props.t(`admin-priority-${p}`), props.value === p])}
  />
);

/** internal tickets only, none, or either */
export const InternalSelect = (props: { t: Translate; prefix: string; value: boolean | null | undefined }) => (
  <FilterSelect
    id={`${props.prefix}internal`}
    name="internal"
    label={props.t('admin-filter-internal')}
    any={props.t('admin-filter-any')}
    choices={[
      ['yes', props.t('admin-internal-only'), props.value === true],
      ['no', props.t('admin-internal-none'), props.value === false],
    ]}
  />
);
