/**
 * The citizen's side of the system for bot tests: the whole system (all roles, MariaDB, Redis, the
 * outbox workers) against the fake Telegram, an organisation from seedBasics with a FAQ entry, and steps
 * a user takes (register, open a ticket) that check what the chat actually shows at each step.
 */
import { expect } from 'vitest';
import type { Locale } from '../../core/entities/enums.ts';
import { FaqEntry } from '../../core/entities/org.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { FakeTelegram, buttons, type FakeUser, type TgMessage } from '../fake-telegram/index.ts';
import type { Dialect } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { startTestSystem, type SystemHarness } from '../support/system.ts';
import { kvWithPrefix } from '../../core/services/kv.ts';

export const WAIT = 10_000;

export interface CitizenWorld {
  fake: FakeTelegram;
  h: SystemHarness;
  b: Basics;
  close(): Promise<void>;
}

export async function citizenWorld(opts: { database?: Dialect } = {}): Promise<CitizenWorld> {
  const fake = await new FakeTelegram().start();
  let b!: Basics;
  const h = await startTestSystem({
    apiRoot: fake.apiRoot,
    database: opts.database,
    prepare: async (db) => {
      b = await seedBasics(db.ds);
      await db.ds.getRepository(FaqEntry).insert({
        subjectId: b.subjectA.id,
        questionFa: 'بهترین زمان کاشت زعفران کی است؟',
        answerFa: 'از اواسط شهریور تا اواسط مهر.',
        questionEn: 'When is the best time to plant saffron?',
        answerEn: 'From early September to early October.',
        sortOrder: 1,
        active: true,
      });
    },
  });
  return {
    fake,
    h,
    b,
    async close() {
      await h.close();
      await fake.stop();
    },
  };
}

/** a message of the bot that carries a button with this callback data */
export const withButton = (data: string) => (m: TgMessage) => buttons(m).some((x) => x.callback_data === data);
export const containing = (s: string) => (m: TgMessage) => (m.text ?? m.caption ?? '').includes(s);
const strip = (html: string) => html.replace(/<[^>]+>/g, '');
/** a text of the Fluent files as the user sees it (tags removed), cut before the first placeholder */
export const says = (locale: Locale, key: string, args?: Record<string, string | number>) => {
  const full = strip(t(locale, key, args)).replace(/[\u2068\u2069]/g, '');
  return containing(args ? full : full.split('{')[0]!.trim());
};

/** /start → language → own contact → Telegram's name → member type: registered, with the main menu */
export async function register(w: CitizenWorld, user: FakeUser, locale: Locale, opts: { memberTypeId?: number } = {}): Promise<void> {
  const askLang = user.next(withButton(`c:v:${locale}`), WAIT);
  user.command('start');
  user.press(await askLang, `c:v:${locale}`);
  await user.next(says(locale, 'register-ask-contact'), WAIT);
  const askName = user.next(withButton('c:tg'), WAIT);
  user.shareContact({ phone_number: '+98 912 555 0101' });
  user.press(await askName, 'c:tg');
  const typeId = opts.memberTypeId ?? w.b.farmer.id;
  const askType = await user.next(withButton(`c:v:${typeId}`), WAIT);
  const done = user.next(says(locale, 'register-done', { name: user.user.first_name }), WAIT);
  user.press(askType, `c:v:${typeId}`);
  const doneMsg = await done;
  expect(JSON.stringify(doneMsg.reply_markup)).toContain(t(locale, 'menu-new'));
}

/** menu → value chain → department (stops there when `until` is 'department') */
export async function startIntakeToSubject(w: CitizenWorld, user: FakeUser, locale: Locale): Promise<TgMessage> {
  // each wait starts after the previous prompt arrived (ids of chains, departments and subjects overlap)
  const chain = user.next(withButton(`c:v:${w.b.valueChain.id}`), WAIT);
  user.send(t(locale, 'menu-new'));
  const chainMsg = await chain;
  const dept = user.next(withButton(`c:v:${w.b.department.id}`), WAIT);
  user.press(chainMsg, `c:v:${w.b.valueChain.id}`);
  const deptMsg = await dept;
  const subject = user.next(withButton(`c:v:${w.b.subjectB.id}`), WAIT);
  user.press(deptMsg, `c:v:${w.b.department.id}`);
  return subject;
}

/** from the subject prompt to the created ticket: FAQ "still need help", priority, title, a photo with a caption, Done, confirm */
export async function finishIntake(
  w: CitizenWorld,
  user: FakeUser,
  locale: Locale,
  subjectPrompt: TgMessage,
  text: { title: string; description: string },
): Promise<Ticket> {
  const faq = user.next(withButton('c:fm'), WAIT);
  user.press(subjectPrompt, `c:v:${w.b.subjectA.id}`);
  const faqMsg = await faq;
  expect(faqMsg.text).toContain(locale === 'fa' ? 'بهترین زمان کاشت' : 'best time to plant');
  const priority = user.next(withButton('c:v:high'), WAIT);
  user.press(faqMsg, 'c:fm');
  const priorityMsg = await priority;
  const title = user.next(withButton('c:b'), WAIT);
  user.press(priorityMsg, 'c:v:high');
  await title;
  const description = user.next(withButton('c:b'), WAIT);
  user.send(text.title);
  await description;
  const attachments = user.next(withButton('c:d'), WAIT);
  user.photo({ caption: text.description });
  const attachmentsMsg = await attachments;
  const summary = user.next(withButton('c:ok'), WAIT);
  user.press(attachmentsMsg, 'c:d');
  const summaryMsg = await summary;
  expect(summaryMsg.text).toContain(text.title);
  const number = user.next((m) => /#[\d۰-۹]+/.test(m.text ?? '') && (m.text ?? '').includes(locale === 'fa' ? 'ثبت شد' : 'registered'), WAIT);
  user.press(summaryMsg, 'c:ok');
  await number;
  const ticket = await w.h.db.ds.getRepository(Ticket).findOneOrFail({ where: { title: text.title } });
  return ticket;
}

/** an agent of team A answers through the core service (as the panel or a staff group would) */
export async function agentAnswers(w: CitizenWorld, ticketId: number, text: string): Promise<void> {
  await tickets.agentReply(w.h.system.core, staffActor(w.b.agentA1), ticketId, { text, via: 'panel' });
}

export async function agentResolves(w: CitizenWorld, ticketId: number): Promise<void> {
  const actor = staffActor(w.b.agentA1);
  const t0 = await w.h.db.ds.getRepository(Ticket).findOneOrFail({ where: { id: ticketId } });
  if (t0.assigneeId !== w.b.agentA1.id) await tickets.assign(w.h.system.core, staffActor(w.b.admin), ticketId, w.b.agentA1.id);
  await tickets.resolve(w.h.system.core, actor, ticketId);
}

/**
 * Resolves once every update pushed so far was handled: Telegram (the fake) was told it was received and
 * the update journal holds none of them any more (a row goes once its update was handled). What a test
 * checks as "nothing happened" after this, did not happen.
 */
export async function allHandled(w: CitizenWorld, timeoutMs = WAIT): Promise<void> {
  const last = w.fake.lastUpdateId();
  await expect
    .poll(async () => w.fake.ackedUpTo() >= last && (await kvWithPrefix(w.h.db.ds, 'upd:')).length === 0, { timeout: timeoutMs, interval: 25 })
    .toBe(true);
}
