/**
 * The process (all roles, long polling) killed with SIGKILL four times while a requester goes through the
 * new-ticket conversation, and started again each time: waiting at the subject step, at the description
 * step, at the summary, and — the dangerous one — the instant the confirmed ticket is in the database,
 * before the bot has finished with the confirmation. The requester just carries on from the last prompt
 * he sees (pressing Confirm again if no confirmation came); the ticket is created exactly once, with
 * everything he chose and typed, and its staff topic exactly once.
 *
 * Then the process killed in the middle of a burst of requesters' follow-ups: what was in hand at that
 * instant is measured, not hidden (see the second test).
 */
import { updateSettings } from '../../core/services/settings.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { FaqEntry } from '../../core/entities/org.ts';
import { KvEntry } from '../../core/entities/system.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import type { TgMessage } from '../fake-telegram/index.ts';
import { withButton } from '../bot/world.ts';
import { inboundOnce, noUnhandled, outboxSettled, until } from './support/checks.ts';
import { scenario, seconds } from './support/figures.ts';
import { launchSystem, type RunningSystem } from './support/process.ts';
import { resilienceWorld, type World } from './support/world.ts';

const WAIT = 20_000;
const TITLE = 'زردی برگ زعفران پس از آبیاری';
const DESCRIPTION = 'از هفتهٔ پیش برگ‌های مزرعهٔ زعفران ما در نیشابور زرد شده‌اند و نوک آن‌ها خشک می‌شود.';
/** a bot message that begins like this Persian text (tags dropped, cut at its first placeholder) */
const says = (key: string) => {
  const start = t('fa', key, { max: '\u0000', min: '\u0000', count: '\u0000' })
    .split('\u0000')[0]!
    .replace(/<[^>]+>/g, '')
    .replace(/[\u2068\u2069]/g, '')
    .trim();
  return (m: TgMessage) => (m.text ?? '').includes(start);
};

describe('SIGKILL during the intake conversation', () => {
  let w: World | undefined;
  let sys: RunningSystem | undefined;
  const logs: { msg?: string }[] = [];
  afterAll(async () => {
    await sys?.stop();
    await w?.close();
  });

  it('the requester carries on after each restart; the ticket is created once with everything he typed', { timeout: 180_000 }, async () => {
    const report = scenario(
      {
        id: '1-kill-intake',
        title: 'SIGKILL during the new-ticket conversation',
        broken:
          'The process (every role, long polling) is killed with SIGKILL four times while a requester opens a ticket through the bot, and started again each time: (1) waiting at the subject step, (2) at the description step after the title was typed, (3) at the summary after a photo was attached, (4) the instant the confirmed ticket appears in the database, while the bot is still answering the confirmation.',
        asserted: [
          'each time, the requester carries on from the last prompt he sees: a button on the old prompt, or his next text, is taken at the step he had reached (the conversation lives in the database)',
          'after kill 4 he gets the confirmation with the ticket number — at once if the bot had sent it, else by pressing Confirm again — and every confirmation he got names the same number',
          'exactly one ticket exists, with the subject, priority and title he chose, his description as its first message (stored once) and his photo attached',
          'its staff-group topic is created exactly once — or twice when kill 4 caught the createForumTopic call in flight (made at Telegram, not yet recorded; Telegram has no way to look a topic up, so the retry makes a second one)',
          'every outbox row ends sent; no unhandled rejection in any of the five processes',
        ],
        notAsserted: [
          'a message or press the bot had taken from Telegram but not finished when the process died: the long-polling runner confirms updates to Telegram before they are handled, so such an update is not handed out again — the user sees no answer and has to repeat it. The kills here come when the bot waits for the user (1–3) or after the ticket is committed (4); a kill in the middle of handling a message is not tested',
          'what follows when kill 4 fell after the confirmation but before the conversation row was deleted (reported below): the row stays at the summary until it expires (the intake timeout), so a free message of the requester meanwhile gets "please use the buttons" instead of being added to his ticket — not tested',
        ],
      },
      import.meta.filename,
    );
    w = await resilienceWorld({ requesters: 1, limits: { timeScale: 0.1 } });
    const { b } = w;
    await w.ds.getRepository(FaqEntry).insert({
      subjectId: b.subjectA.id,
      questionFa: 'بهترین زمان کاشت زعفران کی است؟',
      answerFa: 'از اواسط شهریور تا اواسط مهر.',
      questionEn: 'When to plant saffron?',
      answerEn: 'September.',
      sortOrder: 1,
      active: true,
    });
    const user = w.people[0]!.user;
    const conv = async () => (await w!.ds.getRepository(KvEntry).findOneBy({ key: `conv:${user.id}` }))?.value ?? null;
    const restarts: number[] = [];
    sys = await launchSystem(w.env());

    /** does `act`, returns the bot's next message matching `match`, and waits until the conversation row has been written for it */
    const step = async (act: () => void, match: (m: TgMessage) => boolean): Promise<TgMessage> => {
      const before = await conv();
      const next = user.next(match, WAIT);
      act();
      const msg = await next.catch((e) => {
        console.log('the process said', JSON.stringify(sys!.logs().slice(-10)).slice(0, 5000));
        console.log(
          'calls to the chat',
          JSON.stringify(
            w!.fake.calls
              .filter((c) => Number(c.payload.chat_id) === user.id)
              .map((c) => [c.method, c.error ?? 'ok', String(c.payload.text ?? '').slice(0, 20)]),
          ),
        );
        throw e;
      });
      await until(async () => (await conv()) !== before, 10_000, 'the conversation row written');
      return msg;
    };
    /** SIGKILL, `atKill` while it is down, then a new process */
    const kill = async (atKill?: () => Promise<void>) => {
      logs.push(...sys!.logs());
      expect(await sys!.kill('SIGKILL')).toBeNull();
      await atKill?.();
      const at = Date.now();
      sys = await launchSystem(w!.env());
      restarts.push(Date.now() - at);
    };

    // menu → value chain → department; killed at the subject step
    const chain = await step(() => user.send(t('fa', 'menu-new')), withButton(`c:v:${b.valueChain.id}`));
    const dept = await step(() => user.press(chain, `c:v:${b.valueChain.id}`), withButton(`c:v:${b.department.id}`));
    const subject = await step(() => user.press(dept, `c:v:${b.department.id}`), withButton(`c:v:${b.subjectB.id}`));
    await kill();

    // subject on the prompt from before the kill → FAQ "still need help" → priority → title; killed at the description step
    const faq = await step(() => user.press(subject, `c:v:${b.subjectA.id}`), withButton('c:fm'));
    const priority = await step(() => user.press(faq, 'c:fm'), withButton('c:v:high'));
    await step(() => user.press(priority, 'c:v:high'), says('intake-ask-title'));
    await step(() => user.send(TITLE), says('intake-ask-description'));
    await kill();

    // the description typed to the new process → a photo → Done; killed at the summary
    let descriptionMsg!: TgMessage;
    const attachments = await step(() => void (descriptionMsg = user.send(DESCRIPTION)), withButton('c:d'));
    await step(() => user.photo(), says('intake-attachment-received'));
    const summary = await step(() => user.press(attachments, 'c:d'), withButton('c:ok'));
    expect(summary.text).toContain(TITLE);
    await kill();

    // Confirm, with Telegram handing the press twice; killed the instant the ticket is in the database
    const isCreated = (m: TgMessage) => (m.text ?? '').includes('درخواست شما ثبت شد');
    const mine = () => w!.ds.getRepository(Ticket).findBy({ requesterId: w!.people[0]!.requester.id });
    w.fake.duplicateNextUpdate();
    user.press(summary, 'c:ok');
    await until(async () => (await mine()).length > 0, WAIT, 'the ticket committed');
    // a Telegram call in flight at the kill (made, not yet recorded) is made again after the restart: for the
    // forum topic that means a second, empty topic — allowed only if its row was in flight
    let topicInFlight = false;
    await kill(async () => void (topicInFlight = (await w!.outbox()).some((r) => r.method === 'createForumTopic' && r.status === 'sending')));
    const confirmedBeforeKill = user.inbox.some(isCreated);
    if (!confirmedBeforeKill) {
      // no confirmation came: the requester presses Confirm again on the same summary
      const created = user.next(isCreated, WAIT);
      user.press(summary, 'c:ok');
      await created;
    }

    const tickets = await mine();
    expect(tickets).toHaveLength(1);
    const ticket = tickets[0]!;
    expect(ticket).toMatchObject({ title: TITLE, subjectId: b.subjectA.id, departmentId: b.department.id, priority: 'high' });
    const inbound = await w.ds.getRepository(TicketMessage).find({ where: { ticketId: ticket.id, direction: 'in' }, order: { id: 'ASC' } });
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ text: DESCRIPTION, requesterMessageId: descriptionMsg.message_id });
    expect(inbound[0]!.attachments).toHaveLength(1);
    const numbers = new Set(user.inbox.filter(isCreated).map((m) => /#([\d۰-۹]+)/.exec(m.text ?? '')?.[1]));
    expect(numbers.size).toBe(1);
    await outboxSettled(w, 60_000);
    await until(() => [...w!.group.topics.values()].some((x) => x.name.startsWith(`#${ticket.number}`)), WAIT, 'the staff topic');
    const topics = [...w.group.topics.values()].filter((x) => x.name.startsWith(`#${ticket.number}`)).length;
    expect(topics).toBeLessThanOrEqual(topicInFlight ? 2 : 1);
    logs.push(...sys.logs());
    noUnhandled(logs);
    const leftover = (await conv()) !== null;
    report.done({
      'SIGKILLs / restarts': `4 / 4 (each restart ready in ${restarts.map((ms) => seconds(ms)).join(', ')})`,
      'kill 4 came': confirmedBeforeKill
        ? 'after the confirmation had reached the requester'
        : 'before the confirmation was sent: the requester pressed Confirm again and got the same ticket',
      'tickets created': 1,
      'confirmations received (all with the same number)': user.inbox.filter(isCreated).length,
      'description stored / photos attached': `1 / ${inbound[0]!.attachments.length}`,
      'staff topics for the ticket': `${topics}${topicInFlight ? ` (its createForumTopic was in flight at kill 4${topics > 1 ? ': made, not recorded, made again' : ''})` : ''}`,
      'conversation row left after the end': leftover
        ? "yes (kill 4 fell between the confirmation and the row's deletion; it expires after the intake timeout)"
        : 'no',
    });
  });

  it('a burst of follow-ups with a SIGKILL in the middle: every message stored once', { timeout: 120_000 }, async () => {
    const ROUNDS = 40;
    const KILL_AFTER = 20;
    const report = scenario(
      {
        id: '1b-kill-follow-ups',
        title: "SIGKILL in the middle of a burst of requesters' messages",
        broken: `The process (every role, long polling) is killed with SIGKILL while 3 requesters, each with one open ticket, send a follow-up every 40 ms (${ROUNDS} each); the kill comes after round ${KILL_AFTER}, the rest are sent while it is down, then it is started again.`,
        asserted: [
          'no message is stored twice',
          'no message is lost: the ones the killed process had fetched but not handled are in the update journal (bot/update-journal.ts) and the new process handles them first; the ones sent while it was down wait at Telegram',
          'every message the bot confirmed ("added to ticket #…") is stored: no confirmation for a message that was then lost',
          'no unhandled rejection',
        ],
        notAsserted: ['that the requester gets a confirmation for a message handled twice (the second is refused by the database as a duplicate)'],
      },
      import.meta.filename,
    );
    await sys?.stop();
    await w?.close();
    w = await resilienceWorld({ requesters: 3, limits: { timeScale: 0.1 } });
    // 40 messages each within seconds: above the default 20 a minute the bot would (rightly) refuse the rest
    await updateSettings(w.core, w.b.admin.id, { requesterRatePerMinute: 600 });
    sys = await launchSystem(w.env());
    await w.openTickets();
    const people = w.people;
    const sent: { user: number; id: number; round: number; afterKill: boolean }[] = [];
    let killedAt = 0;
    for (let k = 0; k < ROUNDS; k++) {
      for (const p of people) sent.push({ user: p.user.id, id: p.user.send(`توضیح بیشتر ${k}`).message_id, round: k, afterKill: killedAt > 0 });
      if (k === KILL_AFTER) {
        logs.push(...sys.logs());
        await sys.kill('SIGKILL');
        killedAt = Date.now();
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    sys = await launchSystem(w.env());
    const restartMs = Date.now() - killedAt;
    const stored = async () =>
      new Set((await w!.ds.getRepository(TicketMessage).findBy({ direction: 'in' })).map((m) => `${m.requesterChatId}:${m.requesterMessageId}`));
    const key = (s: { user: number; id: number }) => `${s.user}:${s.id}`;
    await until(
      async () => {
        const got = await stored();
        return sent.every((s) => got.has(key(s)));
      },
      30_000,
      'every message sent, before, at and after the kill, stored',
    );
    await new Promise((r) => setTimeout(r, 1000)); // the last confirmations
    const got = await stored();
    for (const p of people) expect(await inboundOnce(w, p.user)).toBe(1 + sent.filter((s) => s.user === p.user.id && got.has(key(s))).length);
    // the bot's "✅ added to ticket #…", a reply to the message it confirms
    const confirmed = people.flatMap((p) =>
      p.user.inbox.filter((m) => m.reply_to_message && (m.text ?? '').startsWith('✅')).map((m) => `${p.user.id}:${m.reply_to_message!.message_id}`),
    );
    expect(confirmed.filter((c) => !got.has(c))).toEqual([]);
    logs.push(...sys.logs());
    noUnhandled(logs);
    const lost = sent.filter((s) => !got.has(key(s)));
    expect(lost).toEqual([]);
    report.done({
      'messages sent: before the kill / while it was down': `${sent.filter((s) => !s.afterKill).length} / ${sent.filter((s) => s.afterKill).length}`,
      'restart (ready)': seconds(restartMs),
      'stored once': sent.length - lost.length,
      'stored twice': 0,
      lost: `${lost.length} of ${sent.length}`,
      'confirmations received for stored messages': confirmed.length,
    });
  });
});
