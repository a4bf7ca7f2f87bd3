/**
 * A worker killed with SIGKILL in the middle of a burst, then restarted: every message is delivered, and
 * none that had been recorded as sent is sent again (a claim dies with its lease; the sweeper re-queues).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outboxHarness, TOKEN, until } from './outbox-harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function worker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs/worker-child.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && done(child));
    child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
  });
}

describe('a worker killed mid-burst', () => {
  let h: Awaited<ReturnType<typeof outboxHarness>>;
  afterAll(() => h?.close());

  it('loses nothing and repeats nothing that was recorded as sent (the dead worker\'s claims expire after their 15 s lease)', { timeout: 120_000 }, async () => {
    h = await outboxHarness({ timeScale: 0.2, sweepEveryMs: 500 });
    const users = Array.from({ length: 20 }, (_, i) => h.fake.user({ first_name: `k${i}` }));
    for (let round = 0; round < 5; round++) for (const u of users) await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: `m${round}` }, purpose: 'answer' });
    const env = { CHILD_DB_URL: h.db.url!, CHILD_PREFIX: h.prefix, CHILD_TOKEN: TOKEN, CHILD_API_ROOT: h.fake.apiRoot, CHILD_SCALE: '0.2' };
    const first = await worker(env);
    await until(async () => (await h.rows()).filter((r) => r.status === 'sent').length >= 30, 20_000, 'a third sent');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const sentAtKill = new Set((await h.rows()).filter((r) => r.status === 'sent').map((r) => r.id));
    expect(sentAtKill.size).toBeLessThan(100);
    const second = await worker(env);
    try {
      await until(async () => (await h.rows()).every((r) => r.status === 'sent'), 60_000, 'all sent after the restart');
    } finally {
      second.kill('SIGTERM');
    }
    const rows = await h.rows();
    for (const u of users) {
      const texts = u.inbox.map((m) => m.text);
      // every message arrived, in order
      expect([...new Set(texts)]).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
      // a message recorded as sent before the kill arrived exactly once
      for (const r of rows.filter((x) => x.chatId === u.id && sentAtKill.has(x.id))) {
        expect(texts.filter((t) => t === r.payload.text)).toHaveLength(1);
      }
    }
    // only sends that were in flight at the kill may repeat: at most one per chat
    const repeats = users.reduce((n, u) => n + u.inbox.length - 5, 0);
    expect(repeats).toBeLessThanOrEqual(users.length);
  });
});
