/**
 * Telegram's flood limits, kept in Redis and shared by every worker process: about 30 messages/s
 * overall, 1/s per private chat, 20/minute per group. Only messages count there, each item of an album
 * as one (`costOf`); edits, topic calls and chat actions do not count towards those limits, but Telegram
 * still refuses floods of them, so they have a gentle bucket of their own per chat (`otherPerSecond`).
 * A 429 stops both kinds for the chat until its retry_after. A GCRA per bucket (a "theoretical arrival time");
 * one Lua call checks the global and the chat bucket together and reserves a slot in both, or says how
 * long to wait. No bursts: sends are spaced evenly (groups 3 s apart), because Telegram's windows slide,
 * and a burst that fits one window can trip the next.
 */
import type { Redis } from 'ioredis';

export interface LimitSettings {
  globalPerSecond: number;
  privatePerSecond: number;
  groupPerMinute: number;
  /** edits, topic calls and chat actions, per chat (not counted as messages by Telegram) */
  otherPerSecond: number;
  /** < 1 shortens every interval (tests run group limits in seconds, matching the fake's time scale) */
  timeScale: number;
}

export const TELEGRAM_LIMITS: LimitSettings = { globalPerSecond: 30, privatePerSecond: 1, groupPerMinute: 20, otherPerSecond: 1, timeScale: 1 };

/** what a call costs: messages (an album: one per item) or an uncounted call (edit, topic, chat action) */
export interface CallCost {
  kind: 'message' | 'other';
  count: number;
}

const SENDS = /^(send|copyMessage$|copyMessages$|forwardMessage)/;

export function costOf(method: string, payload: Record<string, unknown> = {}): CallCost {
  if (method === 'sendChatAction') return { kind: 'other', count: 1 };
  if (!SENDS.test(method)) return { kind: 'other', count: 1 };
  const items =
    method === 'sendMediaGroup' && Array.isArray(payload.media)
      ? payload.media.length
      : method === 'copyMessages' && Array.isArray(payload.message_ids)
        ? payload.message_ids.length
        : 1;
  return { kind: 'message', count: Math.max(1, items) };
}

export const MESSAGE: CallCost = { kind: 'message', count: 1 };

const SCRIPT = `
local now = tonumber(ARGV[1])
local wait = 0
for i = 1, #KEYS do
  local tolerance = tonumber(ARGV[3 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat - tolerance > now then
    local w = tat - tolerance - now
    if w > wait then wait = w end
  end
end
-- whole milliseconds, at least 1 (Redis would truncate a fraction to 0, which means "granted")
if wait > 0 then return math.ceil(wait) end
for i = 1, #KEYS do
  local interval = tonumber(ARGV[3 * i - 1])
  local credit = tonumber(ARGV[3 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  -- a credit (a share of an interval): the time spent between one send and asking for the next is not
  -- lost, yet n + 1 sends never span less than (n - credit) intervals
  if tat < now - credit then tat = now - credit end
  -- as an integer string: Lua would print a large float as 1.76e+12 and lose the milliseconds
  redis.call('SET', KEYS[i], string.format('%d', math.ceil(tat + interval)), 'PX', math.ceil(interval + 60000))
end
return 0
`;

export class TelegramLimiter {
  constructor(
    private redis: Redis,
    private prefix: string,
    public settings: LimitSettings = TELEGRAM_LIMITS,
  ) {}

  /**
   * [interval, credit, tolerance] of the global bucket and of the chat's. Margins over the nominal
   * intervals: Telegram counts arrivals, and arrivals jitter (HTTP and database time between our
   * reservation and the request). 5 % for a group, 10 % overall (many chats send at once and their
   * arrivals bunch) and for a private chat, whose window may hold as few as three sends (3 in 3 s: 4 sends
   * must span more than 3 intervals; they span at least 3 × 1.1 − 0.1 = 3.2). Credits (a share of an
   * interval): half where windows hold many sends (30 a second overall; 20 a minute in a group: 21 sends
   * span at least 20 × 1.05 − 0.5 = 20.5 intervals), a tenth in a private chat.
   * Tolerance: a group, the slow lane, may take the overall bucket up to two intervals ahead of time, so
   * it is not starved by hundreds of private chats asking at once (a group slot lost is lost for good);
   * the overall count stays within its window (1 s holds at most 27.3 + 0.5 + 2 < 30 sends).
   */
  private buckets(chatId: number): [number, number, number][] {
    const s = this.settings;
    const global = (1000 / s.globalPerSecond) * 1.1 * s.timeScale;
    const chat = chatId > 0 ? (1000 / s.privatePerSecond) * 1.1 * s.timeScale : (60_000 / s.groupPerMinute) * 1.05 * s.timeScale;
    return [
      [global, global / 2, chatId < 0 ? 2 * global : 0],
      [chat, chatId > 0 ? chat / 10 : chat / 2, 0],
    ];
  }

  /**
   * reserves a call to this chat now (0) or says how many ms to wait before asking again. Messages take
   * `count` slots of the global and the chat's bucket; other calls one slot of the chat's gentle bucket.
   */
  async reserve(chatId: number, cost: CallCost = MESSAGE): Promise<number> {
    if (cost.kind === 'other') {
      const interval = (1000 / this.settings.otherPerSecond) * 1.1 * this.settings.timeScale;
      const wait = await this.redis.eval(SCRIPT, 1, this.otherKey(chatId), Date.now(), interval, interval / 2, 0);
      return Number(wait);
    }
    const keys = [`${this.prefix}:tg:rate:global`, `${this.prefix}:tg:rate:${chatId}`];
    const args = this.buckets(chatId).flatMap(([interval, credit, tolerance]) => [interval * cost.count, credit, tolerance]);
    const wait = (await this.redis.eval(SCRIPT, 2, ...keys, Date.now(), ...args)) as number;
    return Number(wait);
  }

  private otherKey(chatId: number) {
    return `${this.prefix}:tg:rate:other:${chatId}`;
  }

  /** Telegram said 429: nothing goes to this chat before retry_after (messages nor other calls) */
  async penalise(chatId: number, ms: number): Promise<void> {
    const until = Date.now() + ms;
    await this.redis.set(`${this.prefix}:tg:rate:${chatId}`, until, 'PX', ms + 60_000);
    await this.redis.set(this.otherKey(chatId), until, 'PX', ms + 60_000);
  }

  /** the least time the limits allow for sends to these chats (messages per chat), for tests and benchmarks */
  static minimumMs(perChat: Map<number, number>, s: LimitSettings = TELEGRAM_LIMITS): number {
    let total = 0;
    let worst = 0;
    for (const [chat, n] of perChat) {
      total += n;
      const interval = chat > 0 ? (1000 / s.privatePerSecond) * s.timeScale : (60_000 / s.groupPerMinute) * s.timeScale;
      worst = Math.max(worst, (n - 1) * interval);
    }
    return Math.max(worst, ((total - 1) * 1000 * s.timeScale) / s.globalPerSecond);
  }
}
