/**
 * Inline mode in the fake, as Telegram does it:
 * - a user types `@bot words` in a chat: the bot gets an `inline_query` update (`from`, `query`, `chat_type`, no
 *   chat id) and answers with answerInlineQuery (once per query; at most 50 results; unique result ids of 1–64
 *   bytes; an article needs a title and an input_message_content with a non-empty message_text);
 * - the user picks a result: Telegram posts, in the chat and topic he was typing in, a message FROM HIM whose
 *   `via_bot` is the bot, with the result's input_message_content; the bot sees it as an ordinary message
 *   (it reads every message of a group where it is an administrator). A `chosen_inline_result` update (no
 *   chat, no thread) comes only when inline feedback is switched on with BotFather: `feedback` here.
 *
 *   const q = inlineQuery(fake, agent, 'ارسال');
 *   const results = await inlineAnswer(fake, q);              // what the bot offered
 *   chooseInline(fake, agent, group, results[0], { threadId, query: 'ارسال' });
 */
import type { FakeGroup, FakeUser } from './people.ts';
import type { FakeTelegramServer } from './server.ts';
import { TgError, type TgMessage } from './types.ts';

export interface InlineResult {
  type: string;
  id: string;
  title?: string;
  description?: string;
  input_message_content?: { message_text?: string; parse_mode?: string };
}

interface InlineState {
  asked: Set<string>;
  answered: Map<string, InlineResult[]>;
  waiters: (() => void)[];
}

const states = new WeakMap<FakeTelegramServer, InlineState>();
let seq = 0;

function stateOf(fake: FakeTelegramServer): InlineState {
  let s = states.get(fake);
  if (!s) states.set(fake, (s = { asked: new Set(), answered: new Map(), waiters: [] }));
  return s;
}

/** the user types `@bot query` in a group: one inline_query update; returns its id */
export function inlineQuery(fake: FakeTelegramServer, user: FakeUser, query: string, chatType: 'supergroup' | 'group' | 'private' = 'supergroup'): string {
  const id = `iq${++seq}_${Date.now().toString(36)}`;
  stateOf(fake).asked.add(id);
  fake.pushUpdate('inline_query', { id, from: user.user, query, offset: '', chat_type: chatType });
  return id;
}

/** answerInlineQuery, refused as Telegram refuses it (server.ts dispatches here) */
export function answerInlineQuery(fake: FakeTelegramServer, p: Record<string, unknown>): true {
  const s = stateOf(fake);
  const id = String(p.inline_query_id ?? '');
  if (!s.asked.has(id) || s.answered.has(id)) throw new TgError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
  const results = (typeof p.results === 'string' ? JSON.parse(p.results) : p.results) as InlineResult[] | undefined;
  if (!Array.isArray(results)) throw new TgError(400, 'Bad Request: RESULTS_INVALID');
  if (results.length > 50) throw new TgError(400, 'Bad Request: RESULTS_TOO_MUCH');
  const ids = new Set<string>();
  for (const r of results) {
    const bytes = Buffer.byteLength(String(r.id ?? ''));
    if (bytes < 1 || bytes > 64) throw new TgError(400, 'Bad Request: RESULT_ID_INVALID');
    if (ids.has(r.id)) throw new TgError(400, 'Bad Request: RESULT_ID_DUPLICATE');
    ids.add(r.id);
    if (r.type === 'article' && !r.title) throw new TgError(400, 'Bad Request: RESULT_TITLE_EMPTY');
    if (r.type === 'article' && !r.input_message_content?.message_text?.trim()) throw new TgError(400, 'Bad Request: MESSAGE_EMPTY');
  }
  s.answered.set(id, results);
  for (const w of s.waiters.splice(0)) w();
  return true;
}

/** the results the bot gave for a query (waits for the answer) */
export function inlineAnswer(fake: FakeTelegramServer, queryId: string, timeoutMs = 5000): Promise<InlineResult[]> {
  const s = stateOf(fake);
  return new Promise((resolve, reject) => {
    const check = () => {
      const r = s.answered.get(queryId);
      if (r) {
        clearTimeout(timer);
        resolve(r);
      } else s.waiters.push(check);
    };
    const timer = setTimeout(() => reject(new Error(`no answer to inline query ${queryId} within ${timeoutMs} ms`)), timeoutMs);
    check();
  });
}

/** the user picks a result: the message Telegram posts for him in the chat (via_bot), and the feedback update if asked */
export function chooseInline(
  fake: FakeTelegramServer,
  user: FakeUser,
  group: FakeGroup,
  result: InlineResult,
  opts: { threadId?: number; query?: string; feedback?: boolean } = {},
): TgMessage {
  const text = result.input_message_content?.message_text;
  if (!text) throw new Error('only text results are chosen in these tests');
  const msg = group.post(user, { text, entities: [], via_bot: fake.bot } as Partial<TgMessage>, { threadId: opts.threadId });
  if (opts.feedback) fake.pushUpdate('chosen_inline_result', { result_id: result.id, from: user.user, query: opts.query ?? '' });
  return msg;
}
