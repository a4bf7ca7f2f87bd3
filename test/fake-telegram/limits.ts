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
  timeScale: number;
}

export const DEFAULT_LIMITS: LimitConfig = { enabled: false, global: 30, perPrivateChat: 1, privateBurst: 3, perGroup: 20, timeScale: 1 };

export class Limiter {
  private windows = new Map<string, number[]>();
  /** per chat: until when it is told to wait (ms since epoch) */
  readonly blockedUntil = new Map<number, number>();

  constructor(public config: LimitConfig) {}

  /** seconds to wait, or 0 if the send may go now (and is counted) */
  check(chatId: number, now = Date.now()): number {
    const c = this.config;
    if (!c.enabled) return 0;
    const checks: [string, number, number][] = [['global', c.global, 1000 * c.timeScale]];
    if (chatId > 0) checks.push([`p${chatId}`, c.privateBurst, (1000 * c.privateBurst * c.timeScale) / c.perPrivateChat]);
    else checks.push([`g${chatId}`, c.perGroup, 60_000 * c.timeScale]);
    // private chats: a burst of `privateBurst`, but sustained at most perPrivateChat per second
    if (chatId > 0) checks.push([`s${chatId}`, c.perPrivateChat + 1, 1000 * c.timeScale]);
    let wait = 0;
    for (const [key, max, windowMs] of checks) {
      const list = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
      this.windows.set(key, list);
      if (list.length >= max) wait = Math.max(wait, list[0]! + windowMs - now);
    }
    if (wait > 0) return wait / 1000;
    for (const [key] of checks) this.windows.get(key)!.push(now);
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
