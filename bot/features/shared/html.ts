/** Escaping for Telegram's HTML parse mode: every user-supplied string goes through escapeHtml. */
import { escapeHtml as escape } from '../../../core/text/html.ts';

export function escapeHtml(s: string | null | undefined): string {
  return escape(s ?? '');
}

/** shortens a text for a summary line (on a word boundary when there is one), then escapes it */
export function excerpt(s: string | null | undefined, max: number): string {
  const text = (s ?? '').trim();
  if (text.length <= max) return escapeHtml(text);
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${escapeHtml(space > max * 0.6 ? cut.slice(0, space) : cut)}…`;
}
