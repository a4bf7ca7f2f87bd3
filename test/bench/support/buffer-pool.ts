/**
 * The InnoDB buffer pool for a benchmark run: raised to `want` for the run (a server holding a million tickets
 * would be configured so; the machine's server keeps the 128 MiB default), given its old size back at the end.
 *
 * The server is shared, and shrinking the pool under a large load makes InnoDB fail that load with "The total
 * number of locks exceeds the lock table size" (seen when two runs overlapped). So runs coordinate with
 * user-level locks held on a connection of their own: the run that raised the pool holds OWNER; a run that
 * finds it raised already holds a GUEST slot and never resizes; the owner waits for the guests to finish
 * before it shrinks the pool.
 */
import type { QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { MARIADB_BASE } from '../../support/db.ts';

const OWNER = 'helpdesk_bench_pool_owner';
const GUESTS = Array.from({ length: 8 }, (_, i) => `helpdesk_bench_pool_guest_${i}`);
const log = (s: string) => process.stdout.write(`  ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BufferPool {
  /** bytes during the run and before it */
  during: number;
  before: number;
  /** raised by this run (and given back by it) */
  owner: boolean;
  restore(): Promise<void>;
}

async function one(q: QueryRunner, sql: string): Promise<unknown> {
  const rows = (await q.query(sql)) as Record<string, unknown>[];
  return Object.values(rows[0] ?? {})[0];
}

export async function raiseBufferPool(want: number): Promise<BufferPool> {
  const admin = new DataSource({ type: 'mariadb', url: `${MARIADB_BASE}/mysql` });
  await admin.initialize();
  const q = admin.createQueryRunner();
  const size = async () => Number(await one(q, 'SELECT @@GLOBAL.innodb_buffer_pool_size'));
  const close = async () => {
    await q.release();
    await admin.destroy();
  };
  const before = await size();
  if (before < want && Number(await one(q, `SELECT GET_LOCK('${OWNER}', 0)`)) === 1) {
    await q.query(`SET GLOBAL innodb_buffer_pool_size = ${want}`);
    return {
      during: want,
      before,
      owner: true,
      restore: async () => {
        try {
          await waitForGuests(q);
          await shrink(q, size, want, before);
        } finally {
          await close();
        }
      },
    };
  }
  let slot: string | undefined;
  for (const g of GUESTS)
    if (Number(await one(q, `SELECT GET_LOCK('${g}', 0)`)) === 1) {
      slot = g;
      break;
    }
  return {
    during: before,
    before,
    owner: false,
    restore: async () => {
      if (slot) await q.query(`SELECT RELEASE_LOCK('${slot}')`);
      await close();
    },
  };
}

async function waitForGuests(q: QueryRunner): Promise<void> {
  for (let said = false; ; said = true) {
    const used = await Promise.all(GUESTS.map(async (g) => (await one(q, `SELECT IS_USED_LOCK('${g}')`)) !== null));
    if (!used.some(Boolean)) return;
    if (!said) log('another benchmark run uses the raised buffer pool: waiting for it to end before giving the pool back');
    await sleep(5000);
  }
}

/** MariaDB 10.11 aborts a shrink while it cannot free blocks ("innodb_buffer_pool_size change aborted"): try again for a minute */
async function shrink(q: QueryRunner, size: () => Promise<number>, want: number, before: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if ((await size()) !== want) return; // somebody set it meanwhile: theirs
    try {
      await q.query(`SET GLOBAL innodb_buffer_pool_size = ${before}`);
      return;
    } catch (err) {
      if (attempt >= 20) {
        console.error(`could not give the buffer pool back its ${before} bytes: ${(err as Error).message}; run SET GLOBAL innodb_buffer_pool_size = ${before}`);
        return;
      }
      await sleep(3000);
    }
  }
}
