/** What every scenario asserts: nothing lost, nothing twice, and the system back on its own. */
import { expect } from 'vitest';
import type { OutboxMessage } from '../../../core/entities/system.ts';
import { TicketMessage } from '../../../core/entities/ticket.ts';
import type { FakeUser, TgMessage } from '../../fake-telegram/index.ts';
import type { World } from './world.ts';

export async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * every outbox row is sent, failed with a reason, or cancelled with a reason (a card edit superseded by a
 * later one: core/notify/staff.ts); returns the failed rows
 */
export async function outboxSettled(w: World, timeoutMs: number): Promise<OutboxMessage[]> {
  const settled = ['sent', 'failed', 'cancelled'];
  await until(async () => (await w.outbox()).every((r) => settled.includes(r.status)), timeoutMs, 'every outbox row sent, failed or cancelled');
  const rows = await w.outbox();
  const failed = rows.filter((r) => r.status === 'failed');
  for (const r of failed) expect(r.lastError, `outbox row ${r.id} failed without a reason`).toBeTruthy();
  for (const r of rows.filter((x) => x.status === 'cancelled')) {
    expect(r.lastError, `outbox row ${r.id} cancelled without a reason`).toBeTruthy();
    expect(r.method, `outbox row ${r.id}: only a card edit is ever cancelled`).toMatch(/^edit/);
  }
  return failed;
}

/**
 * The user received exactly the messages carrying the tokens of `want`, in this order, each once — except
 * tokens in `mayRepeat` (rows in flight when the process died: sent to Telegram, not yet recorded),
 * which may come twice in a row. Tokens are unique markers such as `[a1001.03]` inside the texts.
 */
export function receivedInOrder(user: FakeUser, want: string[], mayRepeat: Set<string> = new Set()): void {
  const got = user.texts().flatMap((t) => want.filter((token) => t.includes(token)));
  const collapsed = got.filter((t, i) => !(i > 0 && got[i - 1] === t && mayRepeat.has(t)));
  expect(collapsed).toEqual(want);
}

/**
 * The message carrying `token` as the user received it, once its outbox row is recorded as sent (and
 * with it the link that routes a reply to it to its ticket): what a requester replies to.
 */
export async function deliveredAnswer(w: World, user: FakeUser, token: string, timeoutMs: number): Promise<TgMessage> {
  await until(
    async () => (await w.outbox()).some((r) => r.status === 'sent' && r.chatId === user.id && String(r.payload.text).includes(token)),
    timeoutMs,
    `${token} delivered`,
  );
  const m = user.inbox.find((x) => (x.text ?? '').includes(token));
  if (!m) throw new Error(`${token} recorded as sent, but not in the chat`);
  return m;
}

/** the requester's messages stored on their tickets: each Telegram message once */
export async function inboundOnce(w: World, user: FakeUser): Promise<number> {
  const rows = await w.ds.getRepository(TicketMessage).findBy({ requesterChatId: user.id, direction: 'in' });
  const ids = rows.map((r) => r.requesterMessageId);
  expect(new Set(ids).size).toBe(ids.length);
  return rows.length;
}

/** the log lines of a crash-free run: no unhandled rejection */
export function noUnhandled(logs: { msg?: string }[]): void {
  expect(logs.filter((l) => l.msg === 'unhandled rejection' || l.msg === 'uncaught exception')).toEqual([]);
}
