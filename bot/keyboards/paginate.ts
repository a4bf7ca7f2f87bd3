/**
 * A list of choices as an inline keyboard, one per row, with ◀ ▶ page buttons when the list is long
 * and any extra rows (Back, Cancel) under it. Every callback_data is ASCII and at most 64 bytes.
 */
import { InlineKeyboard } from 'grammy';

export interface Choice {
  label: string;
  data: string;
}

export interface PageOptions {
  perPage?: number;
  /** callback data that shows page `p` (0-based) */
  pageData: (p: number) => string;
  /** rows appended under the list */
  extra?: Choice[][];
}

export const PER_PAGE = 6;

export function pageCount(total: number, perPage = PER_PAGE): number {
  return Math.max(1, Math.ceil(total / perPage));
}

export function pagedKeyboard(items: Choice[], page: number, opts: PageOptions): InlineKeyboard {
  const perPage = opts.perPage ?? PER_PAGE;
  const pages = pageCount(items.length, perPage);
  const p = Math.min(Math.max(0, page), pages - 1);
  const kb = new InlineKeyboard();
  for (const item of items.slice(p * perPage, p * perPage + perPage)) kb.text(item.label, checked(item.data)).row();
  if (pages > 1) {
    if (p > 0) kb.text('◀', checked(opts.pageData(p - 1)));
    kb.text(`${p + 1}/${pages}`, checked(opts.pageData(p)));
    if (p < pages - 1) kb.text('▶', checked(opts.pageData(p + 1)));
    kb.row();
  }
  for (const row of opts.extra ?? []) {
    for (const b of row) kb.text(b.label, checked(b.data));
    kb.row();
  }
  // no empty rows (each .row() above leaves one at the end)
  return InlineKeyboard.from(kb.inline_keyboard.filter((row) => row.length > 0));
}

/** callback data must be ASCII and ≤ 64 bytes; a violation is a programming error */
export function checked(data: string): string {
  if (!/^[\x20-\x7e]{1,64}$/.test(data)) throw new Error(`bad callback_data "${data}"`);
  return data;
}
