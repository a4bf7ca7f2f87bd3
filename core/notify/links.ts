/**
 * Links in notifications. Telegram refuses a URL button whose address it does not consider public
 * ("Bad Request: inline keyboard button URL '…' is invalid: Wrong HTTP URL"): localhost, a bare host
 * name, an IP address of a private, loopback or link-local range. One place decides whether the panel's
 * PUBLIC_URL can be a button; when it cannot, the notification goes without the button (its text
 * names the ticket, which the agent opens in the panel).
 */

/** true when Telegram accepts this address in a URL button: https and a public host name or address */
export function telegramAcceptsUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  const host = u.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (!host) return false;
  if (/^[\d.]+$/.test(host)) return isPublicIpv4(host);
  if (host.includes(':')) return isPublicIpv6(host);
  if (!host.includes('.')) return false; // localhost, a machine name
  if (/(^|\.)(localhost|local|internal|localdomain|lan|home|corp|intranet|test|example|invalid)$/.test(host)) return false;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,63}$|^[a-z0-9-]+(\.[a-z0-9-]+)*\.xn--[a-z0-9-]+$/.test(host);
}

function isPublicIpv4(host: string): boolean {
  const p = host.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return false;
  const [a, b] = p as [number, number, number, number];
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0) return false;
  if (a === 198 && (b === 18 || b === 19)) return false;
  return true;
}

function isPublicIpv6(host: string): boolean {
  const h = host.toLowerCase();
  if (h === '::' || h === '::1') return false;
  if (/^(fc|fd|fe[89ab])/.test(h)) return false; // unique local, link-local
  if (h.startsWith('::ffff:')) return isPublicIpv4(h.slice(7));
  return true;
}

/** a URL button to a page of the panel, or null when Telegram would refuse the panel's address */
export function panelButton(publicUrl: string, path: string, text: string): { text: string; url: string } | null {
  const url = `${publicUrl.replace(/\/$/, '')}${path}`;
  return telegramAcceptsUrl(url) ? { text, url } : null;
}

/** an inline keyboard of one panel button, or nothing (spread into a payload) */
export function panelKeyboard(publicUrl: string, path: string, text: string): { reply_markup?: { inline_keyboard: { text: string; url: string }[][] } } {
  const b = panelButton(publicUrl, path, text);
  return b ? { reply_markup: { inline_keyboard: [[b]] } } : {};
}
