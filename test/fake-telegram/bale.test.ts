/** The fake's Bale dialect refuses what Bale would not take: HTML with parse_mode, topics, threads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBale } from './bale.ts';

describe('fake Bale dialect', () => {
  let bale: FakeBale;
  const call = async (method: string, body: Record<string, unknown>) => {
    const res = await fetch(`${bale.apiRoot}/bot654321:TOKEN/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { ok: boolean; error_code?: number; description?: string; result?: { text?: string } } };
  };
  beforeAll(async () => {
    bale = await new FakeBale().start();
  });
  afterAll(() => bale.stop());

  it("takes plain text, refuses HTML tags with parse_mode HTML, topics and threads, in Telegram's envelope", async () => {
    const user = bale.user({ first_name: 'Ali' });
    user.command('start');
    const plain = await call('sendMessage', { chat_id: user.id, text: 'سلام <b> & *' });
    expect(plain.body).toMatchObject({ ok: true, result: { text: 'سلام <b> & *' } });
    const html = await call('sendMessage', { chat_id: user.id, text: '<b>سلام</b>', parse_mode: 'HTML' });
    expect(html).toMatchObject({ status: 400, body: { ok: false, error_code: 400 } });
    expect(html.body.description).toMatch(/HTML/);
    expect((await call('createForumTopic', { chat_id: -100123, name: 'x' })).body).toMatchObject({ ok: false, error_code: 404 });
    expect((await call('sendMessage', { chat_id: user.id, text: 'x', message_thread_id: 3 })).body).toMatchObject({ ok: false, error_code: 400 });
    expect((await call('getMe', {})).body.result).toMatchObject({ username: 'helpdesk_test_bale_bot' });
  });
});
