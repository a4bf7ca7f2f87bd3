/** Escaping for Telegram's HTML parse mode (core/text has the full toolkit). */
export function escapeHtmlBasic(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
