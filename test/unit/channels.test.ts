import { describe, expect, it } from 'vitest';
import { adaptPayload, capabilities, htmlToPlain } from '../../core/channels.ts';
import { escapeHtml } from '../../core/text/html.ts';

describe('channel capabilities', () => {
  it('Telegram keeps HTML and topics, Bale gets neither', () => {
    expect(capabilities('telegram')).toMatchObject({ format: 'html', topics: true });
    expect(capabilities('bale')).toMatchObject({ format: 'plain', topics: false });
    expect(capabilities('bale').textLimit).toBeLessThanOrEqual(capabilities('telegram').textLimit);
  });

  it('the HTML the bot writes becomes plain text: tags gone, entities decoded, links keep their address', () => {
    const typed = '<b>bold?</b> a < b & *star* _under_';
    const html = `<b>پاسخ تیکت #1042</b>\n${escapeHtml(typed)}\n<a href="https://example.org/x?a=1&amp;b=2">فرم</a>`;
    const plain = htmlToPlain(html);
    expect(plain).toBe(`پاسخ تیکت #1042\n${typed}\nفرم (https://example.org/x?a=1&b=2)`);
  });

  it('a payload for Bale loses parse_mode and its forum thread; Telegram payloads pass unchanged', () => {
    const p = { text: '<i>سلام</i> &lt;b&gt;', parse_mode: 'HTML', message_thread_id: 5, reply_markup: { inline_keyboard: [] } };
    expect(adaptPayload('telegram', p)).toBe(p);
    expect(adaptPayload('bale', p)).toEqual({ text: 'سلام <b>', reply_markup: { inline_keyboard: [] } });
    expect(adaptPayload('bale', { photo: 'F1', caption: '<b>x</b>', parse_mode: 'HTML' })).toEqual({ photo: 'F1', caption: 'x' });
  });
});
