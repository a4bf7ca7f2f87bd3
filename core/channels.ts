/**
 * The messengers a requester can write from, and what each one can do. Telegram is the full Bot API; Bale
 * (بله, https://tapi.bale.ai) speaks the same methods and envelopes but has no forum topics, does not render
 * Telegram's HTML and publishes no limits — so everything unknown about Bale takes the conservative path.
 * Code that behaves differently per channel asks this map, never the channel's name.
 */
import { CHANNELS, type Channel } from './entities/enums.ts';
import { visibleText } from './text/html.ts';

export { CHANNELS, type Channel };

export interface ChannelCapabilities {
  /** how the bot's texts are sent: Telegram HTML, or plain text (no parse_mode, tags converted away) */
  format: 'html' | 'plain';
  /** forum topics in groups (the staff side always stays on Telegram) */
  topics: boolean;
  textLimit: number;
  captionLimit: number;
  /** the media kinds the bot may send there */
  media: readonly string[];
  /** reply-keyboard buttons: the contact request (registration) */
  contactButton: boolean;
  inlineButtons: boolean;
  /** the outbox limiter's defaults for this channel (overridable by configuration) */
  rate: { globalPerSecond: number; privatePerSecond: number };
}

export const CAPABILITIES: Record<Channel, ChannelCapabilities> = {
  telegram: {
    format: 'html',
    topics: true,
    textLimit: 4096,
    captionLimit: 1024,
    media: ['photo', 'document', 'video', 'audio', 'voice', 'animation'],
    contactButton: true,
    inlineButtons: true,
    rate: { globalPerSecond: 30, privatePerSecond: 1 },
  },
  // Bale publishes no limits: shorter texts and captions than Telegram's and a slower pace are assumed
  bale: {
    format: 'plain',
    topics: false,
    textLimit: 4000,
    captionLimit: 1000,
    media: ['photo', 'document', 'video', 'audio', 'voice'],
    contactButton: true,
    inlineButtons: true,
    rate: { globalPerSecond: 10, privatePerSecond: 1 },
  },
};

export const capabilities = (channel: Channel): ChannelCapabilities => CAPABILITIES[channel];

export const isChannel = (v: unknown): v is Channel => typeof v === 'string' && (CHANNELS as readonly string[]).includes(v);

/**
 * Telegram HTML as the plain text a channel without HTML shows: links keep their address, tags go, entities
 * are decoded. The result is sent without parse_mode, so nothing a citizen typed (`<b>`, `*`, `_`) can be
 * read as formatting or break the message.
 */
export function htmlToPlain(html: string): string {
  const withLinks = html.replace(/<a\s+href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
    const url = decodeAttr(href);
    const text = visibleText(label);
    return text && text !== url ? `${label} (${escapeForHtml(url)})` : label;
  });
  return visibleText(withLinks);
}

function decodeAttr(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeForHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A Bot API payload made fit for the channel: for a plain-text channel the HTML text / caption becomes plain
 * text and parse_mode goes; a forum thread is dropped where there are no topics.
 */
export function adaptPayload(channel: Channel, payload: Record<string, unknown>): Record<string, unknown> {
  const caps = CAPABILITIES[channel];
  if (caps.format === 'html' && caps.topics) return payload;
  const out: Record<string, unknown> = { ...payload };
  if (caps.format === 'plain') {
    const html = out.parse_mode === 'HTML';
    if (html && typeof out.text === 'string') out.text = htmlToPlain(out.text);
    if (html && typeof out.caption === 'string') out.caption = htmlToPlain(out.caption);
    delete out.parse_mode;
    delete out.entities;
    delete out.link_preview_options;
  }
  if (!caps.topics) delete out.message_thread_id;
  return out;
}
