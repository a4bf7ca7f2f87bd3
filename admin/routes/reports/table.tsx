/**
 * One definition per report table serves both the page and the CSV export: a column has a label, the raw
 * value written to the CSV (numbers as numbers, minutes as minutes) and, optionally, how the page shows it
 * (Persian digits, durations, links). CSV answers are UTF-8 with a BOM (core toCsvBuffer), as attachments,
 * text that a spreadsheet would take for a formula defused.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Locale } from '../../../core/entities/enums.ts';
import type { Translate } from '../../../core/i18n/index.ts';
import { toCsvBuffer } from '../../../core/services/reports/index.ts';
import type { PanelEnv } from '../../env.ts';
import { fmtNum } from '../../views/charts/format.ts';
import type { ReportQuery } from './params.ts';

export interface Col<T> {
  label: string;
  csv: (row: T) => unknown;
  /** the cell on the page (default: numbers in the locale's digits, text as is) */
  html?: (row: T) => Child;
  /** numeric column (aligned to the end) */
  num?: boolean;
}

export interface Table<T = any> {
  /** the key of ?table= */
  key: string;
  title: string;
  rows: T[];
  cols: Col<T>[];
}

export interface View {
  t: Translate;
  locale: Locale;
  timeZone: string;
  q: ReportQuery;
  /** the URL of this report with extra parameters */
  self: (extra?: Record<string, string>) => string;
}

export function DataTable<T>({ table, v, csv = true }: { table: Table<T>; v: View; csv?: boolean }) {
  return (
    <div class="report-table" data-table={table.key}>
      <div class="table-head">
        <h3>{table.title}</h3>
        {csv ? (
          <a class="csv no-print" href={v.self({ format: 'csv', table: table.key })} download>
            {v.t('rp-export-csv')}
          </a>
        ) : null}
      </div>
      {table.rows.length ? (
        <table class="list report">
          <thead>
            <tr>
              {table.cols.map((c) => (
                <th class={c.num ? 'num' : undefined}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr>
                {table.cols.map((c) => {
                  const raw = c.csv(r);
                  const shown = c.html ? c.html(r) : typeof raw === 'number' ? fmtNum(raw, v.locale) : raw === null || raw === undefined ? '—' : String(raw);
                  return (
                    <td class={c.num ? 'num' : undefined} dir={c.num ? undefined : 'auto'}>
                      {shown}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{v.t('rpp-empty')}</p>
      )}
    </div>
  );
}

/**
 * A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first — e.g. a requester's
 * comment "=HYPERLINK(…)") gets a leading apostrophe, so Excel shows it as text (CSV injection).
 */
export const csvSafe = (v: unknown): unknown => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** the CSV download of one table */
export function csvResponse<T>(c: Context<PanelEnv>, table: Table<T>, name: string): Response {
  const body = toCsvBuffer(
    table.rows,
    table.cols.map((col) => ({ key: (row: T) => csvSafe(col.csv(row)), label: col.label })),
  );
  const file = `${name}-${table.key}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
  return c.body(new Uint8Array(body), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file}"`,
    'cache-control': 'no-store',
  });
}
