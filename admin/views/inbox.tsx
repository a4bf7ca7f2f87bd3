/**
 * The inbox's parts (admin/routes/inbox.tsx renders the page): the rows with a checkbox each, the SLA due
 * column (the next deadline as a Jalali date-time and "in 2 h / 30 min late", coloured by the SLA rule of
 * core/sla/status.ts) and the unread state (bold); the bulk bar; the saved filters; the result of a bulk
 * action; the keyboard shortcuts' help (admin/inbox-keys.js handles the keys).
 */
import type { Locale } from '../../core/entities/enums.ts';
import type { StaffAccount } from '../../core/entities/people.ts';
import type { Translate } from '../../core/i18n/index.ts';
import type { SavedFilterView } from '../../core/services/saved-filters.ts';
import type { BulkResult } from '../../core/services/tickets/bulk.ts';
import { formatDuration, ticketRef } from '../../core/text/index.ts';
import { errorText } from '../error-text.ts';
import type { InboxDue, InboxRow } from '../inbox.ts';
import type { PickerOptions } from '../options.ts';
import { when } from './format.ts';
import { Csrf } from './layout.tsx';
import { PRIORITIES } from '../../core/entities/enums.ts';

export interface RowsProps {
  t: Translate;
  locale: Locale;
  timeZone: string;
  items: InboxRow[];
  staff: Map<number, StaffAccount>;
  options: PickerOptions;
  /** the link of the "SLA due" header: the same list sorted by due soonest */
  dueSortHref: string;
}

/** "in 2 h" / "30 min late" */
export const relativeDue = (t: Translate, locale: Locale, due: InboxDue) =>
  due.minutes >= 0 ? t('inbox-due-in', { d: formatDuration(due.minutes, locale) }) : t('inbox-due-late', { d: formatDuration(-due.minutes, locale) });

function DueCell({ t, locale, timeZone, row }: { t: Translate; locale: Locale; timeZone: string; row: InboxRow }) {
  const d = row.due;
  if (!d) return <td class="due">{row.paused ? <span class="badge">{t('inbox-due-paused')}</span> : <span class="muted">—</span>}</td>;
  const at = when(d.at, locale, timeZone);
  return (
    <td class="due" data-due={d.tone} title={t('inbox-due-title', { kind: t(`admin-sla-${d.kind}`), at })}>
      <span class={`badge due-${d.tone}`} data-sla={d.status}>
        {relativeDue(t, locale, d)}
      </span>
      <span class="due-at">{at}</span>
    </td>
  );
}

export function Rows({ t, locale, timeZone, items, staff, options, dueSortHref }: RowsProps) {
  if (!items.length) return <p class="muted">{t('admin-empty')}</p>;
  const teams = new Map(options.teams.map((x) => [x.id, x]));
  return (
    <table class="list inbox">
      <thead>
        <tr>
          <th class="pick">
            <input type="checkbox" id="pick-all" aria-label={t('inbox-pick-all')} />
          </th>
          <th>{t('admin-col-number')}</th>
          <th>{t('admin-col-title')}</th>
          <th class="hide-sm">{t('admin-col-requester')}</th>
          <th>{t('admin-col-state')}</th>
          <th class="hide-sm">{t('admin-col-priority')}</th>
          <th class="hide-sm">{t('admin-col-team')}</th>
          <th class="hide-sm">{t('admin-col-assignee')}</th>
          <th>
            <a href={dueSortHref}>{t('inbox-col-due')}</a>
          </th>
          <th class="hide-sm">{t('admin-col-updated')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((row) => {
          const tk = row.ticket;
          const ref = ticketRef(tk.number, locale);
          return (
            <tr data-ticket={String(tk.id)} data-number={ref} class={row.unread ? 'unread' : undefined} data-unread={row.unread ? '1' : '0'}>
              <td class="pick">
                <input type="checkbox" class="pick" name="id" value={String(tk.id)} form="bulk" aria-label={t('inbox-pick', { n: ref })} />
              </td>
              <td>
                <a href={`/tickets/${tk.id}`}>{ref}</a>
              </td>
              <td>
                <a href={`/tickets/${tk.id}`} class="open" dir="auto">
                  {tk.title}
                </a>
                {row.unread ? <span class="unread-dot" title={t('inbox-unread')} aria-label={t('inbox-unread')}></span> : null}
                {tk.internal ? <span class="badge">{t('admin-internal')}</span> : null}
              </td>
              <td class="hide-sm" dir="auto">
                {row.requesterName}
              </td>
              <td>
                <span class={`badge state-${tk.state}`}>{t(`admin-state-${tk.state}`)}</span>
              </td>
              <td class="hide-sm">
                <span class={`badge ${tk.priority}`}>{t(`admin-priority-${tk.priority}`)}</span>
              </td>
              <td class="hide-sm" dir="auto">
                {tk.teamId ? (teams.get(tk.teamId)?.name ?? '') : ''}
              </td>
              <td class="hide-sm" dir="auto">
                {tk.assigneeId ? (staff.get(tk.assigneeId)?.displayName ?? '') : t('admin-unassigned')}
              </td>
              <DueCell t={t} locale={locale} timeZone={timeZone} row={row} />
              <td class="hide-sm">{when(tk.updatedAt, locale, timeZone)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** the bulk bar: its form holds the rows' checkboxes (form="bulk"); htmx posts it and shows the result above */
export function BulkBar({ t, csrf, back, o }: { t: Translate; csrf: string; back: string; o: PickerOptions }) {
  return (
    <form id="bulk" class="card bulk" method="post" action="/tickets/bulk" hx-post="/tickets/bulk" hx-target="#bulk-result" hx-swap="innerHTML">
      <Csrf token={csrf} />
      <input type="hidden" name="back" value={back} />
      <strong>{t('inbox-bulk')}</strong> <span id="bulk-count" class="muted" data-template={t('inbox-bulk-selected', { count: '{n}' })}></span>
      <div class="bulk-actions">
        <button type="submit" name="action" value="assign_me" class="secondary small">
          {t('inbox-bulk-assign-me')}
        </button>
        <span class="group">
          <label for="bulk-staff" class="sr">
            {t('inbox-bulk-assignee')}
          </label>
          <select id="bulk-staff" name="staffId">
            {o.staff
              .filter((s) => s.active)
              .map((s) => (
                <option value={String(s.id)}>{s.displayName}</option>
              ))}
          </select>
          <button type="submit" name="action" value="assign" class="secondary small">
            {t('inbox-bulk-assign')}
          </button>
        </span>
        <span class="group">
          <label for="bulk-priority" class="sr">
            {t('admin-col-priority')}
          </label>
          <select id="bulk-priority" name="priority">
            {PRIORITIES.map((p) => (
              <option value={p}>{t(`admin-priority-${p}`)}</option>
            ))}
          </select>
          <button type="submit" name="action" value="priority" class="secondary small">
            {t('inbox-bulk-priority')}
          </button>
        </span>
        <span class="group">
          <label for="bulk-tags" class="sr">
            {t('inbox-bulk-tags')}
          </label>
          <input type="text" id="bulk-tags" name="tags" dir="auto" maxlength={400} placeholder={t('inbox-bulk-tags')} />
          <button type="submit" name="action" value="add_tags" class="secondary small">
            {t('inbox-bulk-add-tags')}
          </button>
          <button type="submit" name="action" value="remove_tags" class="secondary small">
            {t('inbox-bulk-remove-tags')}
          </button>
        </span>
        <span class="group">
          <label for="bulk-reason" class="sr">
            {t('inbox-bulk-close-reason')}
          </label>
          <input type="text" id="bulk-reason" name="reason" dir="auto" maxlength={300} placeholder={t('inbox-bulk-close-reason')} />
          <button type="submit" name="action" value="close" class="secondary small">
            {t('inbox-bulk-close')}
          </button>
        </span>
      </div>
    </form>
  );
}

/** the words for a refusal: the field's own text when there is one, else the error code's */
function refusalText(t: Translate, code: string, field: string | null): string {
  const own = field ? t(`inbox-refused-${field}`) : '';
  return own && own !== `inbox-refused-${field}` ? own : errorText(t, code);
}

/** one message: how many changed, and which were refused and why */
export function BulkOutcome({ t, locale, r }: { t: Translate; locale: Locale; r: BulkResult }) {
  return (
    <div class={r.refused.length ? 'error' : 'ok'} role="status" id="bulk-outcome">
      <p>{t('inbox-bulk-done', { changed: r.changed.length, unchanged: r.unchanged.length, refused: r.refused.length })}</p>
      {r.refused.length ? (
        <>
          <p>{t('inbox-bulk-refused')}</p>
          <ul class="refused">
            {r.refused.map((x) => (
              <li data-refused={String(x.ticketId)}>
                {x.number !== null ? ticketRef(x.number, locale) : t('inbox-bulk-hidden', { id: x.ticketId })}: {refusalText(t, x.code, x.field)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** his saved filters (links), each with a delete button, and the form that saves the current filters */
export function SavedFilters({
  t,
  csrf,
  saved,
  query,
  error,
  ok,
}: {
  t: Translate;
  csrf: string;
  saved: SavedFilterView[];
  query: string;
  error: string;
  ok: boolean;
}) {
  return (
    <section class="card saved-filters" aria-label={t('inbox-saved')}>
      <strong>{t('inbox-saved')}</strong>{' '}
      {saved.length ? (
        <ul class="saved">
          {saved.map((s) => (
            <li data-saved={String(s.id)}>
              <a href={`/tickets?${s.query}`} dir="auto" class={s.query === query ? 'on' : undefined}>
                {s.name}
              </a>
              <form method="post" action="/tickets/saved-filters/delete" class="inline">
                <Csrf token={csrf} />
                <input type="hidden" name="id" value={String(s.id)} />
                <input type="hidden" name="back" value={query} />
                <button type="submit" class="link" aria-label={t('inbox-saved-delete', { name: s.name })} title={t('inbox-saved-delete', { name: s.name })}>
                  ×
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <span class="muted">{t('inbox-saved-none')}</span>
      )}
      <form method="post" action="/tickets/saved-filters" class="save-filter">
        <Csrf token={csrf} />
        <input type="hidden" name="query" value={query} />
        <label for="save-name" class="sr">
          {t('inbox-save-name')}
        </label>
        <input
          type="text"
          id="save-name"
          name="name"
          dir="auto"
          maxlength={80}
          required
          placeholder={t('inbox-save-name')}
          aria-invalid={error ? 'true' : undefined}
        />
        <button type="submit" class="secondary small">
          {t('inbox-save')}
        </button>
        {error ? <p class="field-error">{error === 'too_many' ? t('inbox-err-too_many') : errorText(t, error)}</p> : null}
        {ok ? (
          <span class="ok" role="status">
            {t('inbox-saved-ok')}
          </span>
        ) : null}
      </form>
    </section>
  );
}

const KEYS: [string, string][] = [
  ['j', 'inbox-key-j'],
  ['k', 'inbox-key-k'],
  ['Enter', 'inbox-key-enter'],
  ['r', 'inbox-key-r'],
  ['n', 'inbox-key-n'],
  ['a', 'inbox-key-a'],
  ['x', 'inbox-key-x'],
  ['/', 'inbox-key-slash'],
  ['?', 'inbox-key-help'],
  ['Esc', 'inbox-key-esc'],
];

/** the shortcuts' list, shown by "?" (hidden until then) */
export function KeyHelp({ t }: { t: Translate }) {
  return (
    <>
      <p class="muted keys-hint">{t('inbox-keys-hint')}</p>
      <div id="kb-help" class="kb-help" role="dialog" aria-modal="false" aria-labelledby="kb-help-title" hidden>
        <h2 id="kb-help-title">{t('inbox-keys')}</h2>
        <dl>
          {KEYS.map(([k, label]) => (
            <>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </>
          ))}
        </dl>
        <p class="muted">{t('inbox-key-note')}</p>
      </div>
      <p id="kb-status" class="kb-status" role="status" data-assigned={t('inbox-assigned-me', { n: '{n}' })}></p>
    </>
  );
}
