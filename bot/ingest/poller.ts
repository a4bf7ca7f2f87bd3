/**
 * Long polling with any number of `bot` processes: exactly one of them polls, the holder of a lease in Redis
 * (`<prefix>:in:poller`, SET NX PX with this process's id, renewed every leaseMs/4 while it polls, given back on
 * stop). The others try to take it every second or so; when the poller dies its lease runs out and one of them
 * polls within leaseMs plus a try. Each getUpdates waits at most a third of the lease, so a poller that lost
 * its lease (it was paused) has no call left open at Telegram for long. A batch is recorded in the inbound
 * queue (database and Redis) before the next getUpdates confirms it to Telegram; every bot process handles
 * them (jobs/inbound/consumer.ts). A new poller starts without an offset: Telegram hands it what the last
 * one had not confirmed, and the queue drops the ids it already has.
 */
import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/infra/logger.ts';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export const pollerKey = (prefix: string) => `${prefix}:in:poller`;

export interface PollerOptions {
  api: Api;
  redis: Redis;
  prefix: string;
  instance: string;
  log: Logger;
  allowedUpdates: readonly string[];
  accept(updates: Update[]): Promise<unknown>;
  /** the lease (default 6 s): how long a dead poller keeps the others waiting */
  leaseMs?: number;
}

export interface Poller {
  /** this process polls now */
  polling(): boolean;
  stop(): Promise<void>;
}

export function startPoller(o: PollerOptions): Poller {
  const leaseMs = o.leaseMs ?? 6_000;
  const key = pollerKey(o.prefix);
  const timeout = Math.max(1, Math.floor(leaseMs / 3000));
  let stopped = false;
  let holding = false;
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;
  const nap = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });

  const renew = async (): Promise<boolean> => Number(await o.redis.eval(RENEW, 1, key, o.instance, String(leaseMs))) === 1;
  // renewed while a getUpdates waits; a lost lease aborts the call at once
  const renewer = setInterval(
    () => {
      if (!holding || stopped || o.redis.status !== 'ready') return;
      renew()
        .then((ok) => {
          if (ok || !holding) return;
          holding = false;
          o.log.warn('the long-polling lease was lost; this process stops polling');
          current?.abort();
        })
        .catch((err) => o.log.warn({ err: (err as Error).message }, 'could not renew the long-polling lease'));
    },
    Math.max(250, Math.floor(leaseMs / 4)),
  );
  renewer.unref();

  const loop = async () => {
    let offset: number | undefined;
    let failures = 0;
    let outage = false;
    while (!stopped) {
      try {
        if (!holding) {
          const got = await o.redis.set(key, o.instance, 'PX', leaseMs, 'NX');
          if (got !== 'OK') {
            await nap(Math.min(1000, Math.floor(leaseMs / 5)));
            continue;
          }
          holding = true;
          offset = undefined;
          o.log.info({ instance: o.instance }, 'this process took the long-polling lease');
        }
        if (o.redis.status !== 'ready') {
          // Redis is down for every process: nobody else can take the lease, so its holder keeps polling (the
          // inbound queue hands the updates to this process's bot meanwhile); the lease is checked again when it is back
          if (!outage) o.log.warn('Redis cannot be reached: this process keeps the long-polling lease it holds and polls on');
          outage = true;
        } else {
          outage = false;
          if (!(await renew())) {
            holding = false;
            continue;
          }
        }
        current = new AbortController();
        const updates = await o.api.getUpdates({ offset, limit: 100, timeout, allowed_updates: o.allowedUpdates as never }, current.signal as never);
        current = null;
        if (updates.length) {
          // recorded before the next getUpdates confirms them; until then they are not ours to lose
          await o.accept(updates);
          offset = updates.at(-1)!.update_id + 1;
        }
        failures = 0;
      } catch (err) {
        current = null;
        if (stopped) break;
        const wait = Math.min(5000, 250 * 2 ** Math.min(failures++, 5));
        o.log.warn({ err: (err as Error).message, retryInMs: wait }, 'long polling failed; trying again');
        await nap(wait);
      }
    }
  };
  const done = loop();

  return {
    polling: () => holding,
    async stop() {
      stopped = true;
      clearInterval(renewer);
      current?.abort();
      wake?.();
      await done;
      if (holding) {
        holding = false;
        await o.redis.eval(RELEASE, 1, key, o.instance).catch(() => undefined);
      }
    },
  };
}
