/**
 * The Bale dialect of the fake Bot API (issue 20): Bale (https://tapi.bale.ai/bot<token>/<method>) answers with
 * Telegram's envelope (`ok`, `result`, `error_code`, `description`) but has no forum topics and does not render
 * Telegram's HTML. Here, as the conservative reading of what Bale would do:
 * - the forum-topic methods do not exist (404 Not Found: method not found);
 * - a message_thread_id is refused (400);
 * - parse_mode HTML on a text or caption that holds HTML tags is refused (400): the bot must send plain text.
 * Everything else (chats, users, buttons, the contact button, long polling, webhooks, limits) is the
 * Telegram fake's. `htmlSeen` lists every text that reached a chat with something that looks like a tag.
 *
 *   const bale = await new FakeBale().start();   // BALE_API_ROOT = bale.apiRoot
 */
import type { IncomingMessage } from 'node:http';
import { FakeTelegram } from './index.ts';
import { TgError, type TgUser } from './types.ts';

const TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?>/i;

export class FakeBale extends FakeTelegram {
  override readonly bot: TgUser = { id: 888000222, is_bot: true, first_name: 'Helpdesk Bale', username: 'helpdesk_test_bale_bot' };
  /** texts and captions the bot sent that contain an HTML tag (none should) */
  readonly htmlSeen: string[] = [];

  protected override async dispatch(method: string, p: Record<string, any>, req: IncomingMessage): Promise<unknown> {
    if (/ForumTopic/.test(method)) throw new TgError(404, 'Not Found: method not found');
    if (p.message_thread_id !== undefined && p.message_thread_id !== null) throw new TgError(400, 'Bad Request: message threads are not supported');
    const shown = [p.text, p.caption].filter((x): x is string => typeof x === 'string');
    if (p.parse_mode === 'HTML' && shown.some((x) => TAG.test(x))) throw new TgError(400, "Bad Request: can't parse entities: HTML is not supported");
    const result = await super.dispatch(method, p, req);
    for (const x of shown) if (TAG.test(x)) this.htmlSeen.push(x);
    return result;
  }
}
