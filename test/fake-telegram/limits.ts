/**
 * Telegram's flood limits as the fake enforces them: about 30 messages/s overall, 1/s per private chat
 * (with a short burst), 20/minute per group. `timeScale` shrinks every window (0.05 → a group may send
 * 20 per 3 s) so tests of the group limit do not take minutes; retry_after is then given in scaled seconds.
 */
export interface LimitConfig {
  enabled: boolean;
  global: number; // per second
  perPrivateChat: number; // per second
  privateBurst: number;
  perGroup: number; // per minute
  /** edits, topic calls, chat actions: per chat per minute (Telegram publishes no figure; a gentle one) */
  otherPerMinute: number;
  timeScale: number;
}

export const DEFAULT_LIMITS: LimitConfig = { enabled: false, global: 30, perPrivateChat: 1, privateBurst: 3, perGroup: 20, otherPerMinute: 90, timeScale: 1 };

export class Limiter {
  private windows = new Map<string, number[]>();
  /** per chat: until when it is told to wait (ms since epoch) */
  readonly blockedUntil = new Map<number, number>();

  constructor(public config: LimitConfig) {}

  /**
   * seconds to wait, or 0 if the call may go now (and is counted): `messages` items for a send (an album's
   * length), 0 for a call that is not a message (it counts in the chat's gentle bucket for other calls)
   */
  check(chatId: number, now = Date.now(), messages = 1): number {
    const c = this.config;
    if (!c.enabled) return 0;
    if (messages === 0) return this.within([[`o${chatId}`, c.otherPerMinute, 60_000 * c.timeScale]], now, 1);
    const checks: [string, number, number][] = [['global', c.global, 1000 * c.timeScale]];
    if (chatId > 0) checks.push([`p${chatId}`, c.privateBurst, (1000 * c.privateBurst * c.timeScale) / c.perPrivateChat]);
    else checks.push([`g${chatId}`, c.perGroup, 60_000 * c.timeScale]);
    // private chats: a burst of `privateBurst`, but sustained at most perPrivateChat per second
    if (chatId > 0) checks.push([`s${chatId}`, c.perPrivateChat + 1, 1000 * c.timeScale]);
    return this.within(checks, now, messages);
  }

  private within(checks: [string, number, number][], now: number, n: number): number {
    let wait = 0;
    for (const [key, max, windowMs] of checks) {
      const list = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
      this.windows.set(key, list);
      // room for n more: the (n)th oldest that must leave the window first
      if (list.length + n > max) wait = Math.max(wait, (list[Math.min(list.length - 1, list.length + n - max - 1)] ?? now) + windowMs - now);
    }
    if (wait > 0) return wait / 1000;
    for (const [key] of checks) for (let i = 0; i < n; i++) this.windows.get(key)!.push(now);
    return 0;
  }

  /** retry_after as Telegram would give it (whole seconds), or finer when time is scaled */
  retryAfter(waitSeconds: number): number {
    if (this.config.timeScale >= 1) return Math.max(1, Math.ceil(waitSeconds));
    return Math.max(0.01, Math.ceil(waitSeconds * 100) / 100);
  }

  reset() {
    this.windows.clear();
    this.blockedUntil.clear();
  }
}
