/**
 * Outbox delivery under Telegram's limits and faults: everything delivered once, per-chat order kept,
 * every 429 honoured, never faster than the limits allow (how close: test/bench/outbox.bench.ts); permanent
 * refusals recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat } from '../../core/entities/org.ts';
import { ChatMigration } from '../../core/entities/system.ts';
import { MessageLink, Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { TelegramLimiter, TELEGRAM_LIMITS } from '../../jobs/outbox/limiter.ts';
import { DIALECTS } from '../support/db.ts';
import { outboxHarness, until, type OutboxHarness } from './outbox-harness.ts';
import { drainJobId } from '../../jobs/outbox/queue.ts';
import { accountOfUser, saveRequester } from '../support/requesters.ts';

describe.each(DIALECTS)('outbox on %s', (dialect) => {
  const SCALE = 0.05; // a group's 20/minute becomes 20 per 3 s

  describe('outbox delivery at Telegram speed', () => {
    let h: OutboxHarness;
    beforeAll(async () => {
      h = await outboxHarness({ timeScale: SCALE, database: dialect });
      await h.startWorkers();
    });
    afterAll(() => h.close());

    it('300 answers to 100 requesters and 100 cards to one group: all delivered in order, 429s honoured, never faster than the limits allow', async () => {
      const users = Array.from({ length: 100 }, (_, i) => h.fake.user({ first_name: `u${i}` }));
      const group = h.fake.group({ title: 'desk' });
      group.addBot({ admin: true });
      const perChat = new Map<number, number>();
      await h.stopWorkers(); // the burst is written first, then delivered
      // each requester's answers are written one after the other (as one ticket's are); ten tickets put
      // ten cards each into the group, the tickets concurrently
      const writes: Promise<unknown>[] = users.map(async (u) => {
        for (let round = 0; round < 3; round++) {
          await h.write({
            chatId: u.id,
            method: 'sendMessage',
            payload: { text: `پاسخ ${round} به <b>${u.user.first_name}</b>`, parse_mode: 'HTML' },
            purpose: 'answer',
          });
        }
        perChat.set(u.id, 3);
      });
      for (let k = 0; k < 10; k++) {
        writes.push(
          (async () => {
            for (let i = 0; i < 10; i++) await h.write({ chatId: group.id, method: 'sendMessage', payload: { text: `card ${k}-${i}` }, purpose: 'card' });
          })(),
        );
      }
      perChat.set(group.id, 100);
      await Promise.all(writes);
      const started = Date.now();
      await h.startWorkers();
      await until(async () => (await h.rows()).every((r) => r.status === 'sent'), 60_000, 'all sent');
      const total = Date.now() - started;
      // the run: from the first send to the last (worker start-up is not Telegram's doing)
      const sends = h.fake.calls.filter((c) => c.method === 'sendMessage');
      const elapsed = sends.at(-1)!.at - sends[0]!.at;
      const minimum = TelegramLimiter.minimumMs(perChat, { ...TELEGRAM_LIMITS, timeScale: SCALE });
      for (const u of users) expect(u.inbox.map((m) => m.text!.split(' ')[1])).toEqual(['0', '1', '2']);
      const cards = group.botMessages().map((m) => m.text!);
      expect(cards).toHaveLength(100);
      for (let k = 0; k < 10; k++) expect(cards.filter((c) => c.startsWith(`card ${k}-`))).toEqual(Array.from({ length: 10 }, (_, i) => `card ${k}-${i}`));
      expect(h.fake.stats.unhonoured429).toBe(0);
      // never faster than the limits allow; how close to that floor it comes is measured in test/bench/outbox.bench.ts
      expect(elapsed).toBeGreaterThanOrEqual(0.95 * minimum);
      console.log(
        `outbox: ${elapsed} ms from first to last send (${total} ms with start-up) for 400 messages; minimum ${Math.round(minimum)} ms; 429s ${h.fake.stats.r429}`,
      );
    });

    it('a blocked requester: failed with the reason, marked unreachable, later rows still go', async () => {
      const u = h.fake.user({ first_name: 'blocker' });
      const other = h.fake.user({ first_name: 'other' });
      await saveRequester(h.db.ds.manager, { telegramId: u.id, fullName: 'B' });
      u.block();
      const [id, second] = await h.write(
        { chatId: u.id, method: 'sendMessage', payload: { text: 'x' }, purpose: 'answer' },
        { chatId: u.id, method: 'sendMessage', payload: { text: 'x2' }, purpose: 'answer' },
      );
      await h.write({ chatId: other.id, method: 'sendMessage', payload: { text: 'y' }, purpose: 'answer' });
      await until(async () => (await h.rows()).filter((r) => r.id === id || r.id === second).every((r) => r.status === 'failed'), 10_000);
      expect((await h.rows()).find((r) => r.id === id)!.lastError).toMatch(/403 .*blocked/);
      // the chat refused: the row behind it fails with it, without a call of its own
      expect((await h.rows()).find((r) => r.id === second)!.lastError).toMatch(/blocked/);
      expect(h.fake.calls.filter((c) => c.payload.chat_id === u.id)).toHaveLength(1);
      expect((await accountOfUser(h.db.ds.manager, u.id))!.reachable).toBe(false);
      await other.waitForMessage((m) => m.text === 'y');
    });

    it('a missing chat is failed, not retried', async () => {
      const [id] = await h.write({ chatId: 55555, method: 'sendMessage', payload: { text: 'x' }, purpose: 'answer' });
      await until(async () => (await h.rows()).find((r) => r.id === id)!.status === 'failed', 10_000);
      const row = (await h.rows()).find((r) => r.id === id)!;
      expect(row.lastError).toMatch(/chat not found/);
      expect(h.fake.calls.filter((c) => c.payload.chat_id === 55555)).toHaveLength(1);
    });

    it('5xx bursts are retried with back-off and delivered once', async () => {
      const u = h.fake.user({ first_name: 'flaky' });
      h.fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway', times: 2 });
      await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: 'after faults' }, purpose: 'answer' });
      await u.waitForMessage((m) => m.text === 'after faults', 15_000);
      expect(u.inbox).toHaveLength(1);
    });

    it('a deleted forum topic is recreated, stored on the ticket, and the message resent there', async () => {
      const g = h.fake.group({ title: 'forum', forum: true });
      g.addBot({ admin: true });
      const now = new Date();
      const t = await h.db.ds.getRepository(Ticket).save({
        number: 5001,
        title: 'زعفران',
        titleKey: 'زعفران',
        state: 'open',
        priority: 'normal',
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
      } as Ticket);
      await h.write({ chatId: g.id, method: 'createForumTopic', payload: { name: '#5001 · زعفران' }, purpose: 'topic', ticketId: t.id });
      await h.write({ chatId: g.id, threadId: -1, method: 'sendMessage', payload: { text: 'first' }, purpose: 'relay', ticketId: t.id });
      await g.waitForMessage((m) => m.text === 'first');
      const first = (await h.db.ds.getRepository(Ticket).findOneBy({ id: t.id }))!.forumThreadId!;
      g.deleteTopic(first);
      await h.write({ chatId: g.id, threadId: -1, method: 'sendMessage', payload: { text: 'second' }, purpose: 'relay', ticketId: t.id });
      const second = await g.waitForMessage((m) => m.text === 'second', 10_000);
      const now2 = (await h.db.ds.getRepository(Ticket).findOneBy({ id: t.id }))!.forumThreadId!;
      expect(now2).not.toBe(first);
      expect(second.message_thread_id).toBe(now2);
      await until(async () => (await h.db.ds.getRepository(MessageLink).countBy({ ticketId: t.id })) === 2, 5000, 'two links');
    });

    it('a group upgraded to a supergroup: the new id is stored and the message resent there', async () => {
      const g = h.fake.group({ title: 'plain' });
      g.addBot({ admin: true });
      await h.db.ds.getRepository(StaffChat).insert({ chatId: g.id, title: 'plain', layout: 'plain', status: 'active' });
      const next = g.migrateToSupergroup();
      await h.write(
        { chatId: g.id, method: 'sendMessage', payload: { text: 'to the new group' }, purpose: 'card' },
        { chatId: g.id, method: 'sendMessage', payload: { text: 'and the next one' }, purpose: 'card' },
      );
      await next.waitForMessage((m) => m.text === 'and the next one', 10_000);
      expect(next.botMessages().map((m) => m.text)).toEqual(['to the new group', 'and the next one']);
      expect((await h.rows()).filter((r) => r.chatId === g.id)).toHaveLength(0); // every row moved with the chat
      expect((await h.db.ds.getRepository(StaffChat).findOneBy({ title: 'plain' }))!.chatId).toBe(next.id);
      expect(await h.db.ds.getRepository(ChatMigration).findOneBy({ fromChatId: g.id })).toMatchObject({ toChatId: next.id });
    });

    it('a 429 is honoured exactly: nothing goes to the chat before retry_after, then the row is sent once', async () => {
      const u = h.fake.user({ first_name: 'flooded' });
      h.fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 0.8 } });
      await h.write(
        { chatId: u.id, method: 'sendMessage', payload: { text: 'first' }, purpose: 'answer' },
        { chatId: u.id, method: 'sendMessage', payload: { text: 'second' }, purpose: 'answer' },
      );
      await until(() => h.fake.calls.filter((c) => c.payload.chat_id === u.id).length === 3, 10_000, 'three calls');
      const calls = h.fake.calls.filter((c) => c.payload.chat_id === u.id);
      expect(calls.map((c) => [c.payload.text, c.error === undefined])).toEqual([
        ['first', false],
        ['first', true],
        ['second', true],
      ]);
      const gap = calls[1]!.at - calls[0]!.at;
      expect(gap).toBeGreaterThanOrEqual(800);
      expect(u.inbox.map((m) => m.text)).toEqual(['first', 'second']);
    });

    it('when Telegram is stricter than our limiter, its 429s are all honoured and order is kept', async () => {
      const before = { ...h.fake.stats };
      h.fake.limits = { global: 2 }; // our limiter plans for 30/s: the fake refuses most of a burst
      try {
        const users = Array.from({ length: 10 }, (_, i) => h.fake.user({ first_name: `s${i}` }));
        for (const u of users)
          for (let i = 0; i < 3; i++) await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: `n${i}` }, purpose: 'answer' });
        await until(() => users.every((u) => u.inbox.length === 3), 30_000, 'all delivered');
        for (const u of users) expect(u.inbox.map((m) => m.text)).toEqual(['n0', 'n1', 'n2']);
        expect(h.fake.stats.r429 - before.r429).toBeGreaterThan(0);
        expect(h.fake.stats.unhonoured429 - before.unhonoured429).toBe(0);
      } finally {
        h.fake.limits = { global: 30 };
      }
    });

    it('network errors are retried like 5xx', async () => {
      const u = h.fake.user({ first_name: 'dropped' });
      h.fake.dropConnections(1);
      await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: 'through a dropped connection' }, purpose: 'answer' });
      await u.waitForMessage((m) => m.text === 'through a dropped connection', 15_000);
      expect(u.inbox).toHaveLength(1);
    });

    it('an edit that changes nothing ("message is not modified") counts as sent', async () => {
      const u = h.fake.user({ first_name: 'edited' });
      const [id] = await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: 'same' }, purpose: 'answer' });
      await until(async () => (await h.rows()).find((r) => r.id === id)!.status === 'sent', 10_000);
      const messageId = ((await h.rows()).find((r) => r.id === id)!.result as { message_id: number }).message_id;
      const [edit] = await h.write({ chatId: u.id, method: 'editMessageText', payload: { message_id: messageId, text: 'same' }, purpose: 'answer_edit' });
      await until(
        async () => (await h.rows()).find((r) => r.id === edit)!.status === 'sent' || (await h.rows()).find((r) => r.id === edit)!.status === 'failed',
        10_000,
      );
      expect((await h.rows()).find((r) => r.id === edit)).toMatchObject({ status: 'sent', result: { notModified: true } });
    });

    it('an answer to a ticket is linked for reply routing and its delivered id stored on the message', async () => {
      const u = h.fake.user({ first_name: 'linked' });
      const now = new Date();
      const t = await h.db.ds.getRepository(Ticket).save({
        number: 5002,
        title: 'انگور',
        titleKey: 'انگور',
        state: 'answered',
        priority: 'normal',
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
      } as Ticket);
      const msg = await h.db.ds.getRepository(TicketMessage).save({
        ticketId: t.id,
        kind: 'message',
        direction: 'out',
        authorKind: 'staff',
        text: 'پاسخ',
        attachments: [],
        via: 'panel',
        previousTexts: [],
        createdAt: now,
      } as unknown as TicketMessage);
      await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: 'پاسخ' }, purpose: 'answer', ticketId: t.id, ticketMessageId: msg.id });
      const got = await u.waitForMessage((m) => m.text === 'پاسخ', 10_000);
      await until(async () => (await h.db.ds.getRepository(MessageLink).countBy({ ticketId: t.id })) === 1, 5000, 'the link');
      expect(await h.db.ds.getRepository(MessageLink).findOneBy({ ticketId: t.id })).toMatchObject({
        chatId: u.id,
        messageId: got.message_id,
        ticketMessageId: msg.id,
        side: 'requester',
      });
      expect(await h.db.ds.getRepository(TicketMessage).findOneBy({ id: msg.id })).toMatchObject({ requesterMessageId: got.message_id, requesterChatId: u.id });
    });

    it('long texts are split at 4096 visible characters without breaking tags', async () => {
      const u = h.fake.user({ first_name: 'long' });
      const text = `<b>${'سلام دنیا '.repeat(900)}</b>`;
      await h.write({ chatId: u.id, method: 'sendMessage', payload: { text, parse_mode: 'HTML' }, purpose: 'answer' });
      await until(() => u.inbox.length === 3, 15_000, 'three parts');
      expect(
        u.inbox
          .map((m) => m.text!)
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ).toBe('سلام دنیا '.repeat(900).trim());
    });

    it('a caption over 1024 characters: the photo with the first part, the rest as messages', async () => {
      const u = h.fake.user({ first_name: 'photo' });
      const caption = `<i>${'عکس مزرعه '.repeat(150)}</i>`;
      await h.write({ chatId: u.id, method: 'sendPhoto', payload: { photo: 'AgACAgQAAxkBAAI', caption, parse_mode: 'HTML' }, purpose: 'answer' });
      await until(() => u.inbox.length === 2, 15_000, 'photo and rest');
      expect(u.inbox[0]!.photo).toBeTruthy();
      expect(u.inbox[0]!.caption!.length).toBeLessThanOrEqual(1024);
      expect(`${u.inbox[0]!.caption} ${u.inbox[1]!.text}`.replace(/\s+/g, ' ').trim()).toBe('عکس مزرعه '.repeat(150).trim());
    });
  });

  describe('a smaller burst with faults', () => {
    it('delivers a burst to requesters and a group in order, once, with faults on the way', { timeout: 60_000 }, async () => {
      const h = await outboxHarness({ timeScale: SCALE, database: dialect });
      try {
        await h.startWorkers();
        const users = Array.from({ length: 20 }, (_, i) => h.fake.user({ first_name: `q${i}` }));
        const g = h.fake.group({ title: 'sqlite desk' });
        g.addBot({ admin: true });
        h.fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway', times: 3 });
        h.fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 0.3 } });
        await Promise.all([
          ...users.map(async (u) => {
            for (let i = 0; i < 3; i++) await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: `r${i}` }, purpose: 'answer' });
          }),
          (async () => {
            for (let i = 0; i < 20; i++) await h.write({ chatId: g.id, method: 'sendMessage', payload: { text: `c${i}` }, purpose: 'card' });
          })(),
        ]);
        await until(async () => (await h.rows()).every((r) => r.status === 'sent'), 40_000, 'all sent');
        for (const u of users) expect(u.inbox.map((m) => m.text)).toEqual(['r0', 'r1', 'r2']);
        expect(g.botMessages().map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
        expect(h.fake.stats.unhonoured429).toBe(0);
      } finally {
        await h.close();
      }
    });
  });

  describe('stopping a worker', () => {
    it('gives its chats back at once: the stop is quick, no claim is left, the next worker goes on in order', { timeout: 60_000 }, async () => {
      const h = await outboxHarness({ timeScale: 0.2, database: dialect });
      try {
        const g = h.fake.group({ title: 'slow lane' });
        g.addBot({ admin: true });
        for (let i = 0; i < 15; i++) await h.write({ chatId: g.id, method: 'sendMessage', payload: { text: `card ${i}` }, purpose: 'card' });
        await h.startWorkers();
        await until(() => g.botMessages().length >= 3, 10_000, 'three cards');
        await h.stopWorkers(); // a drain would otherwise hold the chat for 12 more cards, 0.63 s apart
        expect((await h.rows()).filter((r) => r.status === 'sending')).toHaveLength(0);
        expect((await h.rows()).filter((r) => r.status === 'pending').length).toBeGreaterThan(5);
        await h.startWorkers();
        await until(async () => (await h.rows()).every((r) => r.status === 'sent'), 30_000, 'all sent');
        expect(g.botMessages().map((m) => m.text)).toEqual(Array.from({ length: 15 }, (_, i) => `card ${i}`));
        expect(h.fake.stats.unhonoured429).toBe(0);
      } finally {
        await h.close();
      }
    });
  });

  describe('giving up', () => {
    it('a row that keeps meeting 5xx is failed after the last attempt, with the reason; the chat goes on', async () => {
      const h = await outboxHarness({ timeScale: SCALE, database: dialect, jobs: { outboxMaxAttempts: 3 } });
      try {
        await h.startWorkers();
        const u = h.fake.user({ first_name: 'down' });
        h.fake.failNext('sendMessage', { code: 500, description: 'Internal Server Error', times: 3 });
        const [id] = await h.write(
          { chatId: u.id, method: 'sendMessage', payload: { text: 'never' }, purpose: 'answer' },
          { chatId: u.id, method: 'sendMessage', payload: { text: 'after' }, purpose: 'answer' },
        );
        await u.waitForMessage((m) => m.text === 'after', 20_000);
        const row = (await h.rows()).find((r) => r.id === id)!;
        expect(row).toMatchObject({ status: 'failed', attempts: 3 });
        expect(row.lastError).toMatch(/gave up after 3 attempts: 500/);
        // back-off between attempts: about 1 s, then 2 s (±20 %)
        const at = h.fake.calls.filter((c) => c.payload.chat_id === u.id).map((c) => c.at);
        expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(750);
        expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(1550);
      } finally {
        await h.close();
      }
    });
  });

  describe('outbox self-repair', () => {
    it('rows written while no worker runs, and a Redis flush, are delivered once workers (re)start', async () => {
      const h = await outboxHarness({ timeScale: SCALE, database: dialect, sweepEveryMs: 500 });
      try {
        const u = h.fake.user({ first_name: 'later' });
        await h.write({ chatId: u.id, method: 'sendMessage', payload: { text: 'queued while down' }, purpose: 'answer' });
        // the drain job is queued after the commit, without waiting: let it land before the flush, or the flush can
        // race the add's script and leave half a job behind (a state only a test's key-by-key delete makes)
        await until(async () => (await h.client.outbox.queue.getJobState(drainJobId(u.id))) !== 'unknown', 5000, 'the drain job queued');
        // Redis loses everything (the queued drain job included)
        const { clearPrefix } = await import('../support/redis.ts');
        await clearPrefix(h.prefix);
        await h.startWorkers();
        await u.waitForMessage((m) => m.text === 'queued while down', 10_000);
        expect(u.inbox).toHaveLength(1);
      } finally {
        await h.close();
      }
    });
  });
});
