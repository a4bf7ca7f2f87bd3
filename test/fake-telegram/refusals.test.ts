/** The fake refuses what Telegram refuses in a message's extras: URL buttons to non-public hosts, identical edits, edits of others' messages, replies to missing messages. */
import { Api, GrammyError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from './index.ts';

describe('fake Telegram refusals', () => {
  let fake: FakeTelegram;
  let api: Api;
  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    api = new Api('123:fakefakefakefakefakefakefake', { apiRoot: fake.apiRoot });
  });
  afterAll(() => fake.stop());

  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GrammyError);
    return (err as GrammyError).description;
  };

  it('URL buttons: a public host is taken, localhost, a machine name and private addresses are refused', async () => {
    const u = fake.user({ first_name: 'Sara' });
    const kb = (url: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'open', url }]] } });
    const ok = await api.sendMessage(u.id, 'public', kb('https://helpdesk.saffron-portal.ir/tickets/1'));
    expect(ok.reply_markup?.inline_keyboard[0]![0]).toMatchObject({ url: 'https://helpdesk.saffron-portal.ir/tickets/1' });
    for (const url of ['http://localhost:3000/tickets/1', 'http://helpdesk/x', 'https://192.168.1.2/x', 'https://10.1.2.3/x', 'http://127.0.0.1:3000/x']) {
      expect(await refusal(api.sendMessage(u.id, 'x', kb(url)))).toBe(`Bad Request: inline keyboard button URL '${url}' is invalid: Wrong HTTP URL`);
    }
    expect(await refusal(api.editMessageText(u.id, ok.message_id, 'edited', kb('http://localhost/x')))).toContain('Wrong HTTP URL');
  });

  it('an identical edit is "message is not modified"; an edit of a message the bot did not send is refused', async () => {
    const u = fake.user({ first_name: 'Reza' });
    const m = await api.sendMessage(u.id, 'same');
    expect(await refusal(api.editMessageText(u.id, m.message_id, 'same'))).toMatch(/^Bad Request: message is not modified: /);
    const his = u.wrote('mine');
    expect(await refusal(api.editMessageText(u.id, his.message_id, 'changed'))).toBe("Bad Request: message can't be edited");
  });

  it('a reply to a missing message is refused unless allowed without it', async () => {
    const u = fake.user({ first_name: 'Ali' });
    expect(await refusal(api.sendMessage(u.id, 'x', { reply_parameters: { message_id: 999 } }))).toBe('Bad Request: message to be replied not found');
    const sent = await api.sendMessage(u.id, 'x', { reply_parameters: { message_id: 999, allow_sending_without_reply: true } });
    expect(sent.reply_to_message).toBeUndefined();
  });
});
