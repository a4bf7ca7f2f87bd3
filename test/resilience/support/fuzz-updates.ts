/**
 * Random and malformed Telegram updates for the fuzz scenario, from a seeded generator. Returns the
 * bodies to post (objects, and a few strings that are not updates at all), a count per kind, and what
 * must be answered: the private chats of well-formed messages from strangers (each stranger writes
 * once, so no rate limit hides an answer) and the ids of well-formed callback queries — except those
 * carried by an update whose update_id came before (a duplicate, dropped by design).
 */
import type { TgChat, TgUser } from '../../fake-telegram/index.ts';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'سلام',
  'زعفران',
  'انگور',
  'گل محمدی',
  'درخواست',
  'پیگیری',
  '؟؟؟؟',
  '!!!!',
  'salam',
  'help',
  'كيك',
  'يك',
  '۱۲۳۴',
  '😀',
  '\u200c',
  '<b>',
  '</i>',
  '&amp;',
  '"\'`',
  '\u202e',
  '\u0000',
  'ﷺ',
  '𝔘𝔫𝔦',
];
const COMMANDS = [
  '/start',
  '/start ref_123',
  '/help',
  '/new',
  '/my',
  '/cancel',
  '/lang',
  '/note',
  '/take',
  '/resolve',
  '/close x',
  '/bind',
  '/link ABC',
  '/unknown',
  '/start@helpdesk_test_bot',
  '/',
];

export interface Fuzz {
  updates: (Record<string, unknown> | string)[];
  kinds: Record<string, number>;
  expectAnswer: { chats: Set<number>; callbacks: Set<string> };
}

export function fuzzUpdates(opts: {
  count: number;
  random: () => number;
  /** a new stranger (a fake user whose private chat exists, so answers can be delivered) */
  stranger: () => TgUser;
  requesters: TgUser[];
  group: TgChat;
  botId: number;
}): Fuzz {
  const r = opts.random;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (n: number) => Math.floor(r() * n);
  const text = (): string => {
    const size = r() < 0.02 ? 50_000 + int(60_000) : r() < 0.1 ? 4000 + int(200) : 1 + int(30);
    const parts: string[] = [];
    let len = 0;
    while (len < size) {
      const w = r() < 0.05 ? String.fromCodePoint(int(0x10ffff + 1) & ~0x800) : pick(WORDS);
      parts.push(w);
      len += w.length + 1;
    }
    return parts.join(' ').slice(0, size);
  };
  const now = () => Math.floor(Date.now() / 1000);
  let updateId = 500_000;
  let messageId = 900_000;
  const kinds: Record<string, number> = {};
  const chats = new Set<number>();
  const callbacks = new Set<string>();
  const privateChat = (u: TgUser): TgChat => ({ id: u.id, type: 'private', first_name: u.first_name });

  const makers: [string, number, () => Record<string, unknown> | string][] = [
    [
      'stranger text',
      20,
      () => {
        const u = opts.stranger();
        chats.add(u.id);
        const t = r() < 0.3 ? pick(COMMANDS) + (r() < 0.5 ? ` ${text()}` : '') : text();
        return {
          message: {
            message_id: messageId++,
            date: now(),
            chat: privateChat(u),
            from: u,
            text: t,
            ...(t.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: t.split(' ')[0]!.length }] } : {}),
          },
        };
      },
    ],
    [
      'stranger media',
      5,
      () => {
        const u = opts.stranger();
        chats.add(u.id);
        const media = pick([
          { photo: [{ file_id: 'x', file_unique_id: 'y', width: 1, height: 1 }] },
          { sticker: { file_id: 's', file_unique_id: 's', width: 1, height: 1, is_animated: false, is_video: false, type: 'regular' } },
          { contact: { phone_number: pick(['+989121234567', 'abc', '']), first_name: 'x', user_id: r() < 0.5 ? u.id : 1 } },
          { location: { latitude: 91, longitude: -500 } },
          { document: { file_id: 'd', file_unique_id: 'd' } },
          { voice: { file_id: 'v', file_unique_id: 'v', duration: -1 } },
          { dice: { emoji: '🎲', value: 7 } },
          { poll: { id: '1', question: '?', options: [] } },
        ]);
        return { message: { message_id: messageId++, date: now(), chat: privateChat(u), from: u, ...media, ...(r() < 0.3 ? { caption: text() } : {}) } };
      },
    ],
    [
      'requester text',
      0.15,
      () => {
        const u = pick(opts.requesters);
        return { message: { message_id: messageId++, date: now(), chat: privateChat(u), from: u, text: text() } };
      },
    ],
    [
      'edited message',
      4,
      () => {
        const u = r() < 0.2 ? pick(opts.requesters) : opts.stranger();
        return { edited_message: { message_id: int(1000), date: now(), edit_date: now(), chat: privateChat(u), from: u, text: text() } };
      },
    ],
    [
      'callback garbage',
      15,
      () => {
        const u = opts.stranger();
        const id = `cb${updateId}`;
        callbacks.add(id);
        const data = pick([
          '',
          'x',
          'fu:1:2',
          'fu:999999999:1',
          'nt:0:1',
          'rs:y:1',
          'rs:n:-1',
          'st:take:1',
          'st:pri:1:zzz',
          'pg:-1',
          '\u0000',
          text().slice(0, 64),
          'a'.repeat(64),
        ]);
        const message =
          r() < 0.7
            ? { message_id: int(100) + 1, date: now(), chat: privateChat(u), from: { id: opts.botId, is_bot: true, first_name: 'bot' }, text: 'x' }
            : undefined;
        return { callback_query: { id, from: u, chat_instance: String(int(1e9)), ...(r() < 0.9 ? { data } : {}), ...(message ? { message } : {}) } };
      },
    ],
    ['inline query', 8, () => ({ inline_query: { id: `iq${updateId}`, from: opts.stranger(), query: text().slice(0, 256), offset: '' } })],
    [
      'channel post',
      6,
      () => {
        const chat = { id: -1_009_000_000_000 - int(1000), type: 'channel', title: text().slice(0, 20) };
        return pick([
          { channel_post: { message_id: messageId++, date: now(), chat, text: text() } },
          { edited_channel_post: { message_id: int(1000), date: now(), chat, text: text() } },
        ]);
      },
    ],
    [
      'stranger in group',
      8,
      () => {
        const inStaff = r() < 0.5;
        const chat = inStaff ? opts.group : { id: -1_000_000_000 - int(1e6), type: 'supergroup', title: 'other' };
        const from = opts.stranger();
        const t = r() < 0.4 ? pick(COMMANDS) : text();
        return {
          message: {
            message_id: messageId++,
            date: now(),
            chat,
            from,
            text: t,
            ...(r() < 0.3 ? { message_thread_id: int(50), is_topic_message: true } : {}),
            ...(r() < 0.2 ? { reply_to_message: { message_id: int(50), date: now(), chat, text: 'x' } } : {}),
          },
        };
      },
    ],
    [
      'chat member',
      4,
      () => {
        const from = opts.stranger();
        const chat = r() < 0.5 ? opts.group : privateChat(from);
        const status = () => pick(['member', 'left', 'kicked', 'administrator', 'creator', 'restricted', 'weird']);
        return {
          [pick(['my_chat_member', 'chat_member'])]: {
            chat,
            from,
            date: now(),
            old_chat_member: { status: status(), user: { id: opts.botId, is_bot: true, first_name: 'b' } },
            new_chat_member: { status: status(), user: { id: opts.botId, is_bot: true, first_name: 'b' } },
          },
        };
      },
    ],
    [
      'unknown type',
      5,
      () => ({
        [pick(['message_reaction', 'poll_answer', 'shipping_query', 'business_message', 'purchased_paid_media', 'zz_future_update'])]: {
          id: int(1e6),
          from: opts.stranger(),
          data: text().slice(0, 100),
        },
      }),
    ],
    [
      'missing fields',
      12,
      () => {
        const u = opts.stranger();
        const base: Record<string, unknown> = { message_id: messageId++, date: now(), chat: privateChat(u), from: u, text: text() };
        const drop = pick(['chat', 'from', 'date', 'message_id', 'text', 'chat.type', 'chat.id', 'from.id']);
        const [k, sub] = drop.split('.');
        if (sub) base[k!] = Object.fromEntries(Object.entries(base[k!] as object).filter(([x]) => x !== sub));
        else delete base[k!];
        return { message: base };
      },
    ],
    [
      'wrong types',
      8,
      () => {
        const u = opts.stranger();
        return pick([
          { message: { message_id: 'one', date: 'today', chat: { id: String(u.id), type: 'private' }, from: u, text: 12345 } },
          { message: { message_id: messageId++, date: now(), chat: privateChat(u), from: { ...u, id: null }, text: ['a'] } },
          { message: null },
          { message: 'hello' },
          {
            message: {
              message_id: messageId++,
              date: now(),
              chat: privateChat(u),
              from: u,
              text: '/start',
              entities: [{ type: 'bot_command', offset: 5, length: 99 }],
            },
          },
          { callback_query: { id: 7, from: u, data: { a: 1 } } },
          { inline_query: { id: `iq${updateId}`, query: null } },
          { message: { message_id: messageId++, date: now(), chat: privateChat(u), from: u, text: 'x', reply_to_message: { message_id: -1 } } },
          { edited_message: {} },
          { callback_query: {} },
        ]);
      },
    ],
    [
      'not an update',
      0.5,
      () => pick(['', 'null', '[]', '"text"', '{', '{"update_id":"x"}', '{}', '12', 'true', '{"update_id":1,"message":', '\u0000\u0001', 'x'.repeat(200_000)]),
    ],
  ];
  const total = makers.reduce((a, [, w]) => a + w, 0);
  const updates: (Record<string, unknown> | string)[] = [];
  for (let i = 0; i < opts.count; i++) {
    let x = r() * total;
    const m = makers.find(([, w]) => (x -= w) < 0) ?? makers[0]!;
    kinds[m[0]] = (kinds[m[0]] ?? 0) + 1;
    const body = m[2]();
    updates.push(typeof body === 'string' ? body : { update_id: r() < 0.01 ? -int(100) : updateId++, ...body });
  }
  // a repeated update_id (the few negative ones collide) is a duplicate by definition: the bot drops it
  // unseen, as it must, so nothing is owed to the chat or the query it carried
  const seen = new Set<unknown>();
  let repeated = 0;
  for (const u of updates) {
    if (typeof u === 'string') continue;
    if (seen.has(u.update_id)) {
      repeated++;
      const chat = (u.message as { chat?: { id?: unknown } } | undefined)?.chat?.id;
      const query = (u.callback_query as { id?: unknown } | undefined)?.id;
      if (typeof chat === 'number') chats.delete(chat);
      if (typeof query === 'string') callbacks.delete(query);
    }
    seen.add(u.update_id);
  }
  kinds['repeated update_id'] = repeated;
  return { updates, kinds, expectAnswer: { chats, callbacks } };
}
