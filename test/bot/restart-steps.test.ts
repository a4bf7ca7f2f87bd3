/**
 * An update handed to the bot again after a restart costs the citizen no step, shown at the two exact instants a
 * kill can leave behind (test/bot/kill-restart.test.ts kills a real process; here the database is set to what
 * such a kill leaves, then the system restarts and its update journal hands the update back):
 *   - the FAQ question was sent and recorded, the conversation's row not yet written: the question is not
 *     sent again and the press on it is taken;
 *   - the title was handled in full (row written), the journal row not yet deleted: the title is not taken a
 *     second time as the description.
 * And `/cancel` inside the intake says that the new ticket was cancelled, not that the user went elsewhere.
 * On MariaDB and on the SQLite default.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvEntry } from '../../core/entities/system.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import type { FakeUser, TgMessage } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { testRedisOptions } from '../support/redis.ts';
import { InboundKeys } from '../../jobs/inbound/queue.ts';
import { citizenWorld, containing, register, startIntakeToSubject, WAIT, withButton, type CitizenWorld } from './world.ts';

const TITLE = 'زردی برگ زعفران پس از آبیاری';
const DESCRIPTION = 'از هفتهٔ پیش برگ‌های مزرعهٔ زعفران ما زرد شده‌اند و نوک آن‌ها خشک می‌شود.';
const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/[\u2068\u2069]/g, '');
/** a bot message showing this Persian text (its part before the first placeholder) */
const says = (key: string) =>
  containing(
    plain(t('fa', key, { max: '\u0000', min: '\u0000', count: '\u0000' }))
      .split('\u0000')[0]!
      .trim(),
  );

describe.each(DIALECTS)('an update handed again after a restart, on %s', (dialect) => {
  let w: CitizenWorld;
  beforeAll(async () => {
    w = await citizenWorld({ database: dialect });
  }, 60_000);
  afterAll(() => w?.close());

  const kv = () => w.h.db.ds.getRepository(KvEntry);
  const convRow = async (user: FakeUser) => (await kv().findOneBy({ key: `conv:${user.id}` }))?.value ?? null;
  /** the id of the update the fake handed out last */
  const lastUpdateId = () => (w.fake as unknown as { nextUpdateId: number }).nextUpdateId - 1;
  /** waits until every update taken was handled in full (its journal row deleted) */
  const settled = () => expect.poll(() => kv().createQueryBuilder('k').where('k.key LIKE :p', { p: 'upd:%' }).getCount(), { timeout: WAIT }).toBe(0);
  /**
   * What a killed process leaves: the update in the journal, to be handed to the bot first at the next start,
   * and not marked handled in Redis (the inbound queue marks an update done only after its handling ended,
   * jobs/inbound/queue.ts; a kill before that leaves no mark, so the journal's row is queued again)
   */
  const journal = async (update: Record<string, unknown> & { update_id: number }) => {
    await kv().insert({ key: `upd:${update.update_id}`, value: JSON.stringify(update), updatedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) });
    const redis = new Redis(testRedisOptions());
    try {
      await redis.zrem(new InboundKeys(w.h.config.REDIS_PREFIX).done, String(update.update_id));
    } finally {
      redis.disconnect();
    }
  };
  /** the messages sent to the user that carry a button with this data */
  const sentWith = (user: FakeUser, data: string) =>
    w.fake.calls.filter(
      (c) =>
        c.method === 'sendMessage' &&
        c.error === undefined &&
        Number(c.payload.chat_id) === user.id &&
        JSON.stringify(c.payload.reply_markup ?? '').includes(`"${data}"`),
    ).length;

  it('killed after the FAQ question was recorded, before the row was written: not sent again, the press on it is taken', async () => {
    const user = w.fake.user({ id: w.b.requester.telegramId, first_name: 'مریم' });
    const subjectMsg = await startIntakeToSubject(w, user, 'fa');
    await settled();
    const rowAtSubject = (await convRow(user))!;
    const faq = user.next(withButton('c:fm'), WAIT);
    const cqId = user.press(subjectMsg, `c:v:${w.b.subjectA.id}`);
    const press = lastUpdateId();
    const faqMsg: TgMessage = await faq;
    await settled();
    // the row back at the subject step, the press still in the journal: the state a kill right after the send leaves
    await kv().update({ key: `conv:${user.id}` }, { value: rowAtSubject });
    await journal({
      update_id: press,
      callback_query: { id: cqId, from: user.user, chat_instance: `ci${user.id}`, data: `c:v:${w.b.subjectA.id}`, message: subjectMsg },
    });
    await w.h.restart();

    const priority = user.next(withButton('c:v:high'), WAIT);
    user.press(faqMsg, 'c:fm');
    await priority;
    expect(sentWith(user, 'c:fm')).toBe(1);
    expect(w.fake.callsOf('answerCallbackQuery').filter((c) => c.payload.text === t('fa', 'stale-action'))).toEqual([]);
  });

  it('/cancel inside the intake says the new ticket was cancelled, shows the main menu and ends the intake', async () => {
    const user = w.fake.user({ first_name: 'سارا', language_code: 'fa' });
    await register(w, user, 'fa');
    const subjectMsg = await startIntakeToSubject(w, user, 'fa');
    const cancelled = user.next(says('conv-cancelled-intake'), WAIT);
    const menu = user.next(says('menu-shown'), WAIT);
    user.command('cancel');
    await cancelled;
    expect(JSON.stringify((await menu).reply_markup)).toContain(t('fa', 'menu-new'));
    expect(user.inbox.filter(says('conv-left-intake'))).toEqual([]);
    await expect.poll(() => convRow(user), { timeout: WAIT }).toBeNull();
    // the intake is over: a button of its last prompt is answered "no longer available"
    const cq = user.press(subjectMsg, `c:v:${w.b.subjectA.id}`);
    await w.fake.waitFor(
      () => w.fake.callsOf('answerCallbackQuery').some((c) => c.payload.callback_query_id === cq && c.payload.text === t('fa', 'stale-action')),
      WAIT,
    );
  });

  it('killed after the title was handled in full, before its journal row went: the title is not taken again as the description', async () => {
    const user = w.fake.user({ id: w.b.requester2.telegramId, first_name: 'رضا' });
    const subjectMsg = await startIntakeToSubject(w, user, 'fa');
    const faq = user.next(withButton('c:fm'), WAIT);
    user.press(subjectMsg, `c:v:${w.b.subjectA.id}`);
    const priority = user.next(withButton('c:v:high'), WAIT);
    user.press(await faq, 'c:fm');
    const title = user.next(says('intake-ask-title'), WAIT);
    user.press(await priority, 'c:v:high');
    await title;
    const description = user.next(says('intake-ask-description'), WAIT);
    const titleMsg = user.send(TITLE);
    const titleUpdate = lastUpdateId();
    await description;
    await settled();
    await journal({ update_id: titleUpdate, message: titleMsg });
    await w.h.restart();

    const attachments = user.next(withButton('c:d'), WAIT);
    user.send(DESCRIPTION);
    const attachmentsMsg = await attachments;
    const summary = user.next(withButton('c:ok'), WAIT);
    user.press(attachmentsMsg, 'c:d');
    const summaryMsg = await summary;
    expect(summaryMsg.text).toContain(DESCRIPTION);
    expect(sentWith(user, 'c:d')).toBe(1);
    const created = user.next(containing('ثبت شد'), WAIT);
    user.press(summaryMsg, 'c:ok');
    await created;
    const tickets = await w.h.db.ds.getRepository(Ticket).findBy({ requesterId: w.b.requester2.id });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ title: TITLE, priority: 'high' });
    // the description is what he wrote as the description, alone: the title was not taken for it
    const inbound = await w.h.db.ds.getRepository(TicketMessage).find({ where: { ticketId: tickets[0]!.id, direction: 'in' } });
    expect(inbound.map((m) => m.text)).toEqual([DESCRIPTION]);
    expect(user.inbox.filter(says('intake-text-added'))).toEqual([]);
  });
});
