/**
 * A fake Telegram Bot API for tests. The real bot talks to it over HTTP (`TELEGRAM_API_ROOT` = fake.apiRoot).
 *
 *   const fake = await new FakeTelegram().start();
 *   const ali = fake.user({ first_name: 'علی', language_code: 'fa' });
 *   ali.command('start');
 *   const welcome = await ali.next((m) => m.text!.includes('خوش آمدید'));
 *   ali.press(welcome, 'fa');                     // an inline button, by text or callback_data
 *   const group = fake.group({ title: 'Saffron desk', forum: true }); group.addBot({ admin: true });
 *   agent.sendIn(group, 'سلام', { threadId });    // a message in a forum topic
 *   fake.limits = { enabled: true, timeScale: 0.05 }; // 30/s, 1/s per private chat, 20/min per group (scaled)
 *   fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway' });
 *   fake.stats                                   // { requests, byMethod, r429, unhonoured429, faults }
 *   fake.chat(id).messages                       // what a chat contains now, both ways
 *   ali.media('voice'); ali.album(['photo', 'photo'], { caption }) // every kind of content; albums (media.ts)
 *   fake.uploads                                 // files the bot uploaded as multipart: { fileId, fileName, size }
 *   await fake.stop();
 *
 * Errors are Telegram's: 400 chat not found / message thread not found / can't parse entities / message
 * is too long / caption too long / not modified; 403 bot was blocked by the user; 400 group upgraded with
 * parameters.migrate_to_chat_id; 429 with parameters.retry_after; 409 getUpdates while a webhook is set;
 * 400 wrong file identifier/HTTP URL specified for a JSON object where a file is expected; album rules.
 */
import { FakeGroup, FakeUser } from './people.ts';
import { FakeTelegramServer } from './server.ts';
import type { TgUser } from './types.ts';

export { FakeGroup, FakeUser, button, buttons } from './people.ts';
export type { TgMessage, TgUser, TgChat, TgUpdate } from './types.ts';
export type { Call, Fault } from './server.ts';
export { inlineQuery, inlineAnswer, chooseInline, type InlineResult } from './inline.ts';
export { fileIdIn, kindOf, WRONG_FILE, type ContentKind, type UploadRecord } from './media.ts';

export class FakeTelegram extends FakeTelegramServer {
  user(init: Partial<TgUser> & { first_name: string }): FakeUser {
    return new FakeUser(this, init);
  }

  group(init: { title: string; forum?: boolean; supergroup?: boolean; id?: number }): FakeGroup {
    return new FakeGroup(this, init);
  }

  chat(id: number) {
    const c = this.chats.get(id);
    if (!c) throw new Error(`no chat ${id}`);
    return { chat: c.chat, messages: c.messages, topics: c.topics, botMessages: c.messages.filter((m) => m.from?.id === this.bot.id) };
  }

  /** successful bot calls, in order */
  get sent() {
    return this.calls.filter((c) => c.error === undefined);
  }

  callsOf(method: string) {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.limiter.reset();
    Object.assign(this.stats, { requests: 0, byMethod: {}, r429: 0, unhonoured429: 0, faults: 0 });
  }
}
