/**
 * The ticket page of a long conversation (issue 19, item 1): a ticket of 200 messages renders at the server in
 * under 200 ms. One MariaDB database made by the run (the migrations build the schema; dropped at the end),
 * the organisation of the tests (seedBasics), and two tickets of the same requester written through the core
 * services as the bot and the panel write them — the requester and the assignee by turns, one staff turn in
 * 10 an internal note, one message in 8 with a photo, a priority change and a tag change every 40 messages:
 * the baseline ticket has 10 messages, the long one 200. Each page is requested through the app factory with
 * the assignee's session cookie (support/panel-timing.ts: one warm-up, then up to 20 runs, p95). The page
 * renders the latest 50 messages; the older ones load on demand (GET /tickets/:id/older), timed too, and so is
 * the whole conversation at once (?all=1, the page without JS), for comparison.
 */
import { pathToFileURL } from 'node:url';
import type { Attachment } from '../../core/entities/enums.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { createMariaDb } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { openPanel, type PageTiming } from './support/panel-timing.ts';
import type { BenchResult } from './run.ts';

export const title = 'Ticket page of a long conversation';
export let notes = '';

const GOAL_MS = 200;
const START = new Date('2026-12-01T06:00:00Z');
const SAYS = [
  'سلام، برگ‌های بوته‌های گل محمدی زرد شده‌اند و لکه‌های قهوه‌ای دارند. چه کنم؟',
  'لطفاً بفرمایید آخرین بار کی آبیاری کرده‌اید و خاک باغ چه نوعی است.',
  'هفتهٔ پیش آبیاری کردیم؛ خاک رسی است و زهکشی خوبی ندارد.',
  'احتمال بیماری قارچی هست. یک عکس نزدیک از برگ‌ها بفرستید تا کارشناس ببیند.',
];
const PHOTO: Attachment = { kind: 'photo', fileId: 'AgACAgQAAxkBAAIBbench', fileUniqueId: 'AQADbench', size: 84_000 };

async function conversation(ctx: ReturnType<typeof testContext>, clock: TestClock, b: Basics, messages: number): Promise<number> {
  const requester = requesterActor(b.requester);
  const agent = staffActor(b.agentA1);
  const { ticket } = await tickets.openTicket(ctx, requester, { subjectId: b.subjectA.id, title: `گفت‌وگوی ${messages} پیامی`, text: SAYS[0]! });
  clock.advance(60_000);
  await tickets.assignToMe(ctx, agent, ticket.id);
  for (let i = 1; i < messages; i++) {
    clock.advance(7 * 60_000);
    const text = `${SAYS[i % SAYS.length]} (${i})`;
    const attachments = i % 8 === 0 ? [PHOTO] : [];
    if (i % 2 === 0) await tickets.addRequesterMessage(ctx, requester, ticket.id, { text, attachments });
    else if (i % 10 === 9) await tickets.addNote(ctx, agent, ticket.id, { text, attachments, via: 'panel' });
    else await tickets.agentReply(ctx, agent, ticket.id, { text, attachments, via: 'panel' });
    if (i % 40 === 20) await tickets.setPriority(ctx, agent, ticket.id, i % 80 === 20 ? 'high' : 'normal');
    if (i % 40 === 39) await tickets.setTags(ctx, agent, ticket.id, [`مرحله ${i}`]);
  }
  return ticket.id;
}

const row = (name: string, t: PageTiming, extra: Partial<BenchResult> = {}): BenchResult => ({
  name,
  value: t.p95,
  unit: 'ms p95',
  note: `median ${t.median.toFixed(1)} ms, ${t.runs} runs, ${t.queries} SQL queries, ${Math.round(t.html.length / 1024)} KiB of HTML`,
  ...extra,
});

export async function bench(): Promise<BenchResult[]> {
  const db = await createMariaDb();
  try {
    const clock = new TestClock(START);
    const ctx = testContext(db.ds, clock);
    const b = await seedBasics(db.ds);
    const short = await conversation(ctx, clock, b, 10);
    const long = await conversation(ctx, clock, b, 200);
    clock.advance(60_000);
    const panel = await openPanel(db.ds, clock.now(), { admin: b.admin.id, supervisor: b.supervisor.id, agent: b.agentA1.id });
    const base = await panel.time('agent', `/tickets/${short}`);
    const page = await panel.time('agent', `/tickets/${long}`, GOAL_MS);
    const shown = (page.html.match(/data-message="/g) ?? []).length;
    const older = /\/older\?before=(\d+)/.exec(page.html)?.[1];
    const slice = older ? await panel.time('agent', `/tickets/${long}/older?before=${older}`) : null;
    const all = await panel.time('agent', `/tickets/${long}?all=1`);
    const allShown = (all.html.match(/data-message="/g) ?? []).length;
    const ratio = page.p95 / base.p95;
    notes = [
      `The 200-message page shows the latest ${shown} messages (and the events between them) and an "older messages" entry;`,
      `the whole conversation (${allShown} messages, ?all=1) is what the page cost before it was cut, for comparison.`,
      `The ratio to the 10-message page, measured in the same run, is ${ratio.toFixed(2)}×: what grows with the length is the`,
      'timeline read (every message and event of the ticket is still read: the collision guard and the live view use the',
      'same read) and not the HTML. MariaDB and the 2 CPUs are shared with other runs; times are pessimistic.',
      '`npm run bench -- ticket-page` runs it alone.',
    ].join('\n');
    return [
      row('ticket with 10 messages (baseline)', base),
      row(`ticket with 200 messages: the page (latest ${shown})`, page, {
        goal: `< ${GOAL_MS} ms`,
        met: page.p95 < GOAL_MS,
        note: `${row('', page).note}; ${ratio.toFixed(2)}× the baseline`,
      }),
      ...(slice ? [row('ticket with 200 messages: the older slice before them (htmx)', slice)] : []),
      row(`ticket with 200 messages: all at once (?all=1, ${allShown} messages)`, all, {
        note: `${row('', all).note}; ${(all.p95 / base.p95).toFixed(2)}× the baseline`,
      }),
    ];
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await bench());
