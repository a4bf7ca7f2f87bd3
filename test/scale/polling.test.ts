/**
 * Two bot processes in long-polling mode on one MariaDB and one Redis: exactly one of them polls (the lease in
 * Redis), so Telegram never answers 409 "terminated by other getUpdates request"; both handle updates; after
 * a SIGKILL of the poller the other one takes the lease and answers a new message within 15 s — with the
 * production lease (10 s), not a shortened one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { openTicket } from '../../core/services/tickets/index.ts';
import { pollerKey } from '../../bot/ingest/poller.ts';
import { pidOf, scaleWorld, until, type ScaleWorld } from './support.ts';

const ack = (m: { text?: string }) => (m.text ?? '').startsWith('✅');

describe('two bot processes, long polling', () => {
  let w: ScaleWorld | undefined;
  afterAll(async () => w?.close());

  it('one polls at a time, both handle, and the other takes over within 15 s of a SIGKILL', { timeout: 120_000 }, async () => {
    w = await scaleWorld({ requesters: 12 });
    for (const p of w.people)
      await openTicket(w.core, requesterActor(p.requester), { subjectId: w.b.subjectA.id, title: `آبیاری ${p.requester.id}`, text: 'پرسش' });
    const a = await w.launch('bot,worker', { BOT_MODE: 'polling', LOG_LEVEL: 'info' });
    const b = await w.launch('bot,worker', { BOT_MODE: 'polling', LOG_LEVEL: 'info' });
    const poller = async () => pidOf(await w!.redis.get(pollerKey(w!.prefix)));
    await until(async () => [a.child.pid, b.child.pid].includes(await poller()), 20_000, 'one of the two holds the polling lease');

    // every requester writes three follow-ups at once: each stored once, each acknowledged, in order
    const sent = w.people.flatMap((p) => [1, 2, 3].map((k) => ({ p, m: p.user.send(`توضیح ${k} از ${p.requester.fullName}`) })));
    await until(() => w!.people.every((p) => p.user.inbox.filter(ack).length === 3), 30_000, 'every follow-up acknowledged');
    for (const p of w.people) {
      const mine = sent.filter((s) => s.p === p).map((s) => s.m.message_id);
      expect(p.user.inbox.filter(ack).map((m) => m.reply_to_message?.message_id)).toEqual(mine);
      const stored = (await w.db.ds.getRepository(TicketMessage).findBy({ requesterChatId: p.user.id, direction: 'in' })).map((r) => r.requesterMessageId);
      expect(stored).toEqual(expect.arrayContaining(mine));
      expect(new Set(stored).size).toBe(stored.length);
    }
    // one of them polled
    const handledBy = (run: typeof a) => run.logs().filter((l) => l.msg === 'this process took the long-polling lease').length;
    expect(handledBy(a) + handledBy(b)).toBe(1);
    expect(w.fake.stats.conflicts409).toBe(0);

    // SIGKILL the poller; a new message is answered by the other within 15 s
    const pid = await poller();
    const [victim, survivor] = pid === a.child.pid ? [a, b] : [b, a];
    expect(await victim.kill('SIGKILL')).toBeNull();
    const p = w.people[0]!;
    const before = p.user.inbox.filter(ack).length;
    const at = Date.now();
    const m = p.user.send('پیامی پس از توقف ناگهانی');
    await until(() => p.user.inbox.filter(ack).length > before, 15_000, 'the new message answered by the surviving process');
    const tookOverMs = Date.now() - at;
    expect(p.user.inbox.filter(ack).at(-1)!.reply_to_message?.message_id).toBe(m.message_id);
    expect(await poller()).toBe(survivor.child.pid);
    expect(survivor.logs().some((l) => l.msg === 'this process took the long-polling lease')).toBe(true);
    expect(w.fake.stats.conflicts409).toBe(0);
    expect(await w.db.ds.getRepository(TicketMessage).countBy({ requesterChatId: p.user.id, requesterMessageId: m.message_id })).toBe(1);
    console.log(`long polling: the surviving process answered ${tookOverMs} ms after the poller's SIGKILL (lease 6 s); 409s: ${w.fake.stats.conflicts409}`);
  });
});
