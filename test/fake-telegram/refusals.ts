/**
 * What Telegram refuses in a message's extras, as the fake checks it (kept apart from server.ts):
 * an inline button whose URL is not a public web address — localhost, a host name without a dot, an IP
 * address of a private, loopback or link-local range, or not http(s) —
 * "Bad Request: inline keyboard button URL '…' is invalid: Wrong HTTP URL"; an edit of a message the bot did
 * not send — "Bad Request: message can't be edited".
 */
import { TgError } from './types.ts';

function publicHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (/^[\d.]+$/.test(h)) {
    const [a, b] = h.split('.').map(Number) as [number, number];
    return !(a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224);
  }
  if (h.includes(':')) return !(h === '::1' || /^(fc|fd|fe[89ab])/.test(h));
  return h.includes('.') && !/(^|\.)localhost$/.test(h);
}

function acceptedUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && publicHost(u.hostname);
  } catch {
    return false;
  }
}

/** throws Telegram's refusal for the first URL button that is not a public web address */
export function checkUrlButtons(markup: unknown): void {
  const rows = (markup as { inline_keyboard?: unknown } | null | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return;
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    for (const b of row as { url?: unknown }[]) {
      if (typeof b?.url === 'string' && !acceptedUrl(b.url))
        throw new TgError(400, `Bad Request: inline keyboard button URL '${b.url}' is invalid: Wrong HTTP URL`);
    }
  }
}

/** a bot edits only its own messages */
export function checkEditable(m: { from?: { id: number } }, botId: number): void {
  if (m.from?.id !== botId) throw new TgError(400, "Bad Request: message can't be edited");
}
