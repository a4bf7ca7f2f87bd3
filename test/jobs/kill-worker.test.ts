/**
 * A worker process killed with SIGKILL in the middle of a burst, then restarted: every message is
 * delivered in order, and none that had been recorded as sent is sent again. Only a row claimed
 * (`sending`) at the moment of the kill may have reached Telegram without being recorded: it is sent
 * again once its lease ends, and is the only kind of repeat allowed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { outboxHarness, TOKEN, until } from './outbox-harness.ts';

describe.each(DIALECTS)('kill-worker on %s', (dialect) => {
  const ROOT = resolve(import.meta.dirname, '../..');
  const LEASE_MS = 3000;

  function worker(env: Record<string, string>): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs/worker-child.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((done, fail) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && done(child));
      child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
    });
  }

  describe('a worker killed mid-burst', () => {
    let h: Awaited<ReturnType<typeof outboxHarness>>;
    let second: ChildProcess | undefined;
    afterAll(async () => {
      second?.kill('SIGKILL');
      await h?.close();
    });

    it('loses nothing, keeps order, and repeats nothing that was recorded as sent', { timeout: 120_000 }, async () => {
      h = await outboxHarness({ timeScale: 0.2, database: dialect });
      const users = Array.from({ length: 20 }, (_, i) => h.fake.user({ first_name: `k${i}` }));
      const group = h.fake.group({ title: 'desk' });
      group.addBot({ admin: true });
      for (let round = 0; round < 5; round++) {
        for (const u of users) await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: `m${round}` }, purpose: 'answer' });
        await h.write({ chatId: group.id, method: 'sendMessage', payload: { text: `g${round}` }, purpose: 'card' });
      }
      const env = {
        ...(h.db.target.kind === 'sqlite' ? { CHILD_SQLITE_PATH: h.db.target.path } : { CHILD_DB_URL: h.db.url! }),
        CHILD_PREFIX: h.prefix,
        CHILD_TOKEN: TOKEN,
        CHILD_API_ROOT: h.fake.apiRoot,
        CHILD_SCALE: '0.2',
        CHILD_LEASE_MS: String(LEASE_MS),
      };
      const first = await worker(env);
      await until(async () => (await h.rows()).filter((r) => r.status === 'sent').length >= 30, 20_000, 'a third sent');
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const atKill = await h.rows();
      const sentAtKill = new Set(atKill.filter((r) => r.status === 'sent').map((r) => r.id));
      const claimedAtKill = atKill.filter((r) => r.status === 'sending');
      expect(sentAtKill.size).toBeLessThan(105);
      const restarted = Date.now();
      second = await worker(env);
      await until(async () => (await h.rows()).every((r) => r.status === 'sent'), 60_000, 'all sent after the restart');
      const rows = await h.rows();
      for (const chat of [
        ...users.map((u) => ({ id: u.id, texts: u.inbox.map((m) => m.text!), want: ['m0', 'm1', 'm2', 'm3', 'm4'] })),
        { id: group.id, texts: group.botMessages().map((m) => m.text!), want: ['g0', 'g1', 'g2', 'g3', 'g4'] },
      ]) {
        // every message arrived, in order (a repeat can only be the row in flight at the kill, right after itself)
        expect([...new Set(chat.texts)]).toEqual(chat.want);
        for (const r of rows.filter((x) => x.chatId === chat.id)) {
          const times = chat.texts.filter((t) => t === r.payload.text).length;
          if (sentAtKill.has(r.id)) expect(times).toBe(1);
          else if (!claimedAtKill.some((c) => c.id === r.id)) expect(times).toBe(1);
          else expect(times).toBeLessThanOrEqual(2);
        }
      }
      // a claimed row was taken over only after its lease
      for (const c of claimedAtKill) {
        const calls = h.fake.calls.filter((x) => x.payload.chat_id === c.chatId && x.payload.text === c.payload.text && x.at >= restarted);
        if (calls.length) expect(calls[0]!.at).toBeGreaterThanOrEqual(c.nextAttemptAt!.getTime() - 50);
      }
      console.log(
        `kill test: ${sentAtKill.size} sent before the kill, ${claimedAtKill.length} claimed in flight; all ${rows.length} delivered after the restart in ${Date.now() - restarted} ms`,
      );
    });
  });
});
