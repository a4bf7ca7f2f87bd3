/**
 * CSV export of any report table: UTF-8 with a byte-order mark (so Excel shows Persian), CRLF line ends,
 * RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted, quotes doubled). Dates as ISO 8601,
 * null and undefined as empty fields, booleans as true/false.
 */
export interface CsvColumn<T> {
  /** a property of the row, or a function of it */
  key: keyof T | ((row: T) => unknown);
  label: string;
}

export const BOM = '\uFEFF';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => cell(c.label)).join(',')];
  for (const row of rows) {
    lines.push(columns.map((c) => cell(typeof c.key === 'function' ? c.key(row) : row[c.key])).join(','));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}

/** the same as bytes, for an HTTP response (Content-Type: text/csv; charset=utf-8) */
export function toCsvBuffer<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): Buffer {
  return Buffer.from(toCsv(rows, columns), 'utf8');
}
