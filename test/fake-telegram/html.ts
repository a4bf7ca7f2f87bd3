/** Telegram's HTML parse mode as the fake checks it: allowed tags, balance, and the visible length. */
import { TgError } from './types.ts';

const ALLOWED = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const ENTITY = /^&(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);/;

/** the visible text of an HTML-formatted message, or a 400 like Telegram's for bad markup */
export function parseHtml(html: string): string {
  let out = '';
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) throw bad(`unclosed start tag at byte offset ${i}`);
      const raw = html.slice(i + 1, end).trim();
      const closing = raw.startsWith('/');
      const name = (closing ? raw.slice(1) : raw).split(/\s/)[0]!.toLowerCase();
      if (!ALLOWED.has(name)) throw bad(`unsupported start tag "${name}" at byte offset ${i}`);
      if (closing) {
        if (stack.pop() !== name) throw bad(`unexpected end tag at byte offset ${i}`);
      } else stack.push(name);
      i = end + 1;
    } else if (ch === '&') {
      const m = ENTITY.exec(html.slice(i, i + 12));
      if (m) {
        const e = m[1]!;
        out +=
          e === 'amp'
            ? '&'
            : e === 'lt'
              ? '<'
              : e === 'gt'
                ? '>'
                : e === 'quot'
                  ? '"'
                  : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
        i += m[0].length;
      } else {
        out += ch;
        i++;
      }
    } else {
      out += ch;
      i++;
    }
  }
  if (stack.length) throw bad(`can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return out;
}

function bad(detail: string) {
  return new TgError(400, `Bad Request: can't parse entities: ${detail}`);
}

/** the text as the recipient sees it, and its length in UTF-16 code units (as Telegram counts) */
export function visible(text: string, parseMode?: string): string {
  return parseMode?.toUpperCase() === 'HTML' ? parseHtml(text) : text;
}
