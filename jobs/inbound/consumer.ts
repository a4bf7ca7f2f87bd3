/**
 * The `bot` role's side of the inbound queue (queue.ts): a BullMQ worker whose jobs are chats; a job hands
 * its chat's updates to the bot one at a time, oldest first, until the chat is empty. Several processes run
 * this worker; BullMQ gives a job to one of them at a time and takes it back from a killed one after its
 * lock expires. The sweepers (repeatable jobs of the same queue, one run per interval across processes)
 * queue every chat with updates again and put back in Redis the journal's updates it lost.
 */
import { markRepeat } from '../../core/infra/repeats.ts';
import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../core/infra/logger.ts';
import { INBOUND_QUEUE, scripted, type InboundQueue } from './queue.ts';

const jobData = z.object({ lane: z.string().min(1) });

export interface InboundConsumerDeps {
  connection: ConnectionOptions;
  prefix: string;
  redis: Redis;
  queue: InboundQueue;
  log: Logger;
  /** this process, as the chats' last handler knows it */
  instance: string;
  /** handles one update (the bot); a throw is logged and the update counts as handled, as before */
  handle(update: Update): Promise<void>;
  /** another process handled this chat since this one last did: forget what this process remembers of it */
  movedHere?(lane: string): void;
  /** chats handled at once by this process (default 128: enough to keep the follow-up batches full, core/services/tickets/followup-batch.ts) */
  concurrency?: number;
  /** how long an emptied chat's job waits for its next update before it finishes (default 60 ms) */
  lingerMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** the sweeps: chats with updates queued again (default 10 s), the journal compared with Redis (default 60 s) */
  sweepEveryMs?: number;
  recoverEveryMs?: number;
}

export interface InboundConsumer {
  worker: Worker;
  /** hands the running chats back (another process takes them at once), then stops */
  close(): Promise<void>;
}

export async function startInboundConsumer(d: InboundConsumerDeps): Promise<InboundConsumer> {
  const redis = scripted(d.redis);
  const k = d.queue.keys;
  let stopping = false;

  const concurrency = d.concurrency ?? 128;
  const lingerMs = d.lingerMs ?? 60;
  let draining = 0;
  /** the chats this process drains now */
  const inHand = new Set<string>();
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const handleOne = async (lane: string, id: string, json: string | null, tries: number) => {
    if (json === null) return;
    let update: Update | null = null;
    try {
      update = JSON.parse(json) as Update;
    } catch {
      d.log.error({ update: id }, 'unreadable queued update dropped');
    }
    if (!update) return;
    if (Number(tries) > 0) {
      markRepeat(update); // its handling started before in a process that did not finish it
      d.log.warn({ update: update.update_id, lane }, 'handling an update again: the process that had it stopped before it finished');
    }
    try {
      await d.handle(update);
    } catch (err) {
      d.log.error({ update: update.update_id, err: (err as Error).message }, 'update handling failed');
    }
  };

  /**
   * A chat's updates, oldest first, until it is empty; one Redis call per update (the finish of one and the
   * head of the next are one script). An empty chat keeps its job a little (lingerMs, while this process has
   * free slots) for the next update of a chat that is talking, instead of a BullMQ job per update.
   */
  const drain = async (lane: string, job: Job, token?: string) => {
    const chatKey = k.chat(lane);
    const handBack = async () => {
      // the same job, due now: another process takes the chat where this one stops
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    };
    if (stopping) await handBack();
    const head = await redis.inHead(chatKey, k.data, k.tries, k.owner(lane), k.chats, d.instance, '1', lane);
    if (head[3] !== d.instance) d.movedHere?.(lane);
    let [id, json, tries] = head;
    for (;;) {
      if (id === null) {
        // nothing now: linger while the process is not busy with other chats
        const until = Date.now() + lingerMs;
        while (id === null && !stopping && draining * 2 <= concurrency && Date.now() < until) {
          await pause(10);
          [id, json, tries] = await redis.inHead(chatKey, k.data, k.tries, k.owner(lane), k.chats, d.instance, '0', lane);
        }
        if (id === null) return;
      }
      if (stopping) {
        // not started here after all: its count of starts goes back, so the next process does not take it for a repeat
        await redis.hincrby(k.tries, id, -1);
        await handBack();
      }
      await handleOne(lane, id, json, Number(tries));
      const done = Number(id);
      [id, json, tries] = await redis.inNext(chatKey, k.data, k.tries, k.done, k.chats, id, String(Date.now()), lane);
      d.queue.journalDone(done);
    }
  };

  const worker = new Worker(
    INBOUND_QUEUE,
    async (job: Job, token?: string) => {
      if (job.name === 'sweep') return { queued: await d.queue.sweep() };
      if (job.name === 'recover') return d.queue.recover();
      const { lane } = jobData.parse(job.data);
      // a Redis flushed while this process drains the chat lost that job; the journal queues the chat again, and
      // the new job waits until the old drain here is over: one chat is never drained twice at once in a process
      if (inHand.has(lane)) {
        await job.moveToDelayed(Date.now() + 50, token);
        throw new DelayedError();
      }
      inHand.add(lane);
      draining++;
      try {
        await drain(lane, job, token);
      } finally {
        draining--;
        inHand.delete(lane);
      }
      return { lane };
    },
    {
      connection: d.connection,
      prefix: d.prefix,
      concurrency,
      lockDuration: d.lockDurationMs ?? 30_000,
      stalledInterval: d.stalledIntervalMs ?? 30_000,
      // a process killed twice on the same chat must not lose the chat's job (the sweeper would requeue it, later)
      maxStalledCount: 10,
    },
  );
  // an update accepted after the drain's last look, whose add met the finishing job: queue its chat now
  const requeue = (lane: string) =>
    void d.redis
      .zcard(k.chat(lane))
      .then((n) => (n > 0 ? d.queue.kick(lane) : undefined))
      .catch((err) => d.log.warn({ lane, err: (err as Error).message }, 'could not re-queue a chat; the sweeper will'));
  worker.on('completed', (job) => {
    if (job.name === 'chat') requeue((job.data as { lane: string }).lane);
  });
  worker.on('failed', (job, err) => {
    d.log.error({ job: job?.id, err: err.message }, 'inbound job failed');
    // the chat keeps its place in the set of chats with work, so a new update would not add its job: add it now
    if (job?.name === 'chat') requeue((job.data as { lane: string }).lane);
  });
  worker.on('error', (err) => d.log.warn({ err: err.message }, 'inbound worker error'));

  const sentinel = `${d.prefix}:in:alive`;
  /** the sweepers' schedules, the journal's updates Redis does not hold, every chat with work queued again */
  const repair = async () => {
    await d.redis.set(sentinel, String(Date.now()));
    await d.queue.queue.upsertJobScheduler('inbound-sweep', { every: d.sweepEveryMs ?? 10_000 }, { name: 'sweep' });
    await d.queue.queue.upsertJobScheduler('inbound-recover', { every: d.recoverEveryMs ?? 60_000 }, { name: 'recover' });
    // what a stopped process left: the journal first (Redis may have lost it), then every chat with work
    await d.queue.recover().catch((err) => d.log.error({ err: (err as Error).message }, 'could not compare the update journal with Redis; the sweeper will'));
    await d.queue.sweep().catch((err) => d.log.warn({ err: (err as Error).message }, 'inbound sweep failed; it runs again'));
  };
  await repair();
  // a Redis flushed or restarted empty took the schedules with the queue: no sweeper would run again. Each bot
  // process checks a sentinel key (as the workers do for their jobs, jobs/reconcile.ts) and repairs at once
  let repairing = false;
  const watchdog = setInterval(
    () => {
      if (repairing || stopping) return;
      repairing = true;
      d.redis
        .exists(sentinel)
        .then(async (alive) => {
          if (alive) return;
          d.log.warn('Redis lost the inbound queue (flushed or restarted empty): queued again from the update journal');
          await repair();
        })
        .catch((err) => d.log.warn({ err: (err as Error).message }, 'inbound: could not check Redis; trying again'))
        .finally(() => (repairing = false));
    },
    Math.min(d.sweepEveryMs ?? 10_000, 10_000),
  );
  watchdog.unref();

  return {
    worker,
    close: async () => {
      stopping = true;
      clearInterval(watchdog);
      await worker.close();
    },
  };
}
