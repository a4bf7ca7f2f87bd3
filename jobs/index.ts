/**
 * The jobs side: a client every role uses to hand work to the queues (after a transaction commits),
 * and the workers (role `worker`). BullMQ on the shared Redis, keys under REDIS_PREFIX.
 */
import { Queue, Worker } from 'bullmq';
import { LessThan } from 'typeorm';
import type { Api } from 'grammy';
import type { CoreContext } from '../core/context.ts';
import { KvEntry } from '../core/entities/system.ts';
import type { Logger } from '../core/infra/logger.ts';
import type { RedisEndpoint } from '../core/infra/redis.ts';

export interface JobsDeps {
  core: CoreContext;
  log: Logger;
  redis: RedisEndpoint;
  prefix: string;
  /** Telegram, when a bot token is configured */
  telegram: Api | null;
}

export const QUEUES = { housekeeping: 'housekeeping' } as const;

export interface JobsClient {
  /** called after a commit with the outbox rows it wrote */
  outboxWritten(ids: number[]): void;
  queues(): Queue[];
  close(): Promise<void>;
}

export function createJobsClient(deps: JobsDeps): JobsClient {
  const connection = { ...deps.redis.options, maxRetriesPerRequest: null };
  const housekeeping = new Queue(QUEUES.housekeeping, { connection, prefix: deps.prefix });
  return {
    outboxWritten: () => {},
    queues: () => [housekeeping],
    close: async () => {
      await housekeeping.close();
    },
  };
}

export interface Workers {
  close(): Promise<void>;
}

export async function startWorkers(deps: JobsDeps, client: JobsClient): Promise<Workers> {
  const connection = { ...deps.redis.options, maxRetriesPerRequest: null };
  const [housekeepingQueue] = client.queues();
  await housekeepingQueue!.upsertJobScheduler('purge-expired', { every: 10 * 60_000 }, { name: 'purge-expired' });
  const worker = new Worker(
    QUEUES.housekeeping,
    async (job) => {
      if (job.name === 'purge-expired') {
        const res = await deps.core.ds.getRepository(KvEntry).delete({ expiresAt: LessThan(deps.core.clock.now()) });
        return { purged: res.affected ?? 0 };
      }
      throw new Error(`unknown housekeeping job ${job.name}`);
    },
    { connection, prefix: deps.prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => deps.log.error({ job: job?.name, err: err.message }, 'housekeeping job failed'));
  return {
    close: async () => {
      await worker.close();
    },
  };
}
