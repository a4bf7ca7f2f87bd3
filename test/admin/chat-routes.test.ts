/**
 * The conversation view's routes (issue 19, items 1 and 3), at route level on both dialects, with a live bus
 * on the test Redis (own prefix) and its own clock:
 * - typing: a colleague's signal shows on the other agent's activity line, never on his own, and goes after
 *   TYPING_TTL_MS; an agent who may not see the ticket gets a 404 for both routes;
 * - a colleague's answer written in Telegram (via = telegram) names him for ANSWERING_WINDOW_MS;
 * - a long ticket: the page shows the latest PAGE_MESSAGES messages and the older slices follow each other to
 *   the first message; the canned-reply search matches a word of the text (fragment, and a page without JS);
 * - the events of a ticket come as one run of one-line entries between the messages (priority, state, the SLA
 *   target met), and the requester's rating with his comment sits where he gave it;
 * - media: voice and video play inline (the proxy serves them with their type), documents download; a Bale
 *   requester's files are named without a link (the proxy fetches from Telegram only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { createSession } from '../../admin/auth.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { PAGE_MESSAGES } from '../../admin/views/ticket/conversation.tsx';
import { CannedReply } from '../../core/entities/org.ts';
import { Requester } from '../../core/entities/people.ts';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { createLiveBus, TYPING_TTL_MS, type LiveBus } from '../../core/infra/live.ts';
import { ANSWERING_WINDOW_MS } from '../../core/live/activity.ts';
import { ensureBaseData } from '../../core/seed/base.ts';
import { requesterActor, staffActor } from '../../core/services/actor.ts';
import { addRequesterMessage, agentReply, assignToMe, confirmResolved, openTicket, resolve, setPriority } from '../../core/services/tickets/index.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { makeTicket, seedBasics, type Basics } from '../support/fixtures.ts';
import { clearPrefix, testRedisOptions, uniquePrefix } from '../support/redis.ts';
import { PanelClient } from './client.ts';

describe.each(DIALECTS)('the conversation routes on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let app: ReturnType<typeof createApp>;
  let b: Basics;
  let live: LiveBus;
  let busNow = Date.now();
  const clock = new TestClock(new Date('2026-12-05T06:30:00Z'));
  const prefix = uniquePrefix('chat');
  const dataDir = `/tmp/hd-test-${prefix}`;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = testContext(db.ds, clock);
    live = createLiveBus({ redis: { options: testRedisOptions(), description: 'test', stop: async () => {} }, prefix, log: ctx.log, now: () => busNow });
    app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log, live, dataDir }) });
    b = await seedBasics(db.ds);
    await ensureBaseData(ctx); // as at a start: the default calendar and SLA policy (targets on new tickets)
  }, 60_000);
  afterAll(async () => {
    await live?.close();
    await clearPrefix(prefix);
    await db?.close();
  });

  const client = async (staffId: number) => {
    const c = new PanelClient(app);
    c.cookies.set(SESSION_COOKIE, await createSession(ctx, staffId, { ip: '', userAgent: 'test' }));
    const { csrf } = await c.page('/account');
    return { c, csrf };
  };
  const activity = async (c: PanelClient, id: number) => (await c.get(`/live/tickets/${id}/activity`)).text();

  it('shows a colleague typing (not oneself) until the signal expires, and a colleague answering from Telegram for a minute', async () => {
    const ticket = await makeTicket(db.ds, b, { title: 'آفت زعفران', state: 'open', subjectId: b.subjectA.id });
    const a1 = await client(b.agentA1.id);
    const a2 = await client(b.agentA2.id);
    const other = await client(b.agentB1.id);
    expect(await activity(a1.c, ticket.id)).toBe('');

    const typed = await a2.c.post(`/live/tickets/${ticket.id}/typing`, {}, { 'x-csrf-token': a2.csrf });
    expect(typed.status).toBe(204);
    // the signal is published, not logged: a reconnecting page never replays it
    expect((await live.since('0-0')).filter((e) => e.kind === 'typing')).toEqual([]);
    const seen = await activity(a1.c, ticket.id);
    expect(seen).toContain('data-activity="typing"');
    expect(seen).toContain(b.agentA2.displayName);
    expect(seen).toContain('hx-trigger="load delay:3s"'); // asks again while it names someone
    expect(await activity(a2.c, ticket.id)).toBe('');
    // without the CSRF token the signal is refused
    expect((await a1.c.post(`/live/tickets/${ticket.id}/typing`, {})).status).toBe(403);
    // an agent of another team may not see the ticket: 404 for both
    expect((await other.c.post(`/live/tickets/${ticket.id}/typing`, {}, { 'x-csrf-token': other.csrf })).status).toBe(404);
    expect((await other.c.get(`/live/tickets/${ticket.id}/activity`)).status).toBe(404);
    busNow += TYPING_TTL_MS + 1;
    expect(await activity(a1.c, ticket.id)).toBe('');

    // agent 2 answers in the Telegram topic (the bot records it with via = telegram)
    await agentReply(ctx, staffActor(b.agentA2), ticket.id, { text: 'سم مجاز را از مرکز خدمات بگیرید', via: 'telegram' });
    const answering = await activity(a1.c, ticket.id);
    expect(answering).toContain('data-activity="telegram"');
    expect(answering).toContain(b.agentA2.displayName);
    expect(await activity(a2.c, ticket.id)).toBe('');
    clock.advance(ANSWERING_WINDOW_MS + 1000);
    expect(await activity(a1.c, ticket.id)).toBe('');
  });

  it('renders the latest messages of a long ticket and the older slices on demand; finds canned replies by a word of their text', async () => {
    const ticket = await makeTicket(db.ds, b, { title: 'گفت‌وگوی بلند', state: 'open', assigneeId: b.agentA1.id, subjectId: b.subjectA.id });
    const total = PAGE_MESSAGES * 2 + 20;
    for (let i = 0; i < total; i++) {
      clock.advance(1000);
      if (i % 2) await agentReply(ctx, staffActor(b.agentA1), ticket.id, { text: `پیام ${i}`, via: 'panel' });
      else await addRequesterMessage(ctx, requesterActor(b.requester), ticket.id, { text: `پیام ${i}` });
    }
    const { c } = await client(b.agentA1.id);
    const texts = (html: string) => [...html.matchAll(/<div class="msg" dir="auto">پیام (\d+)<\/div>/g)].map((m) => Number(m[1]));
    const olderOf = (html: string) => /\/older\?before=(\d+)"/.exec(html)?.[1];
    const page = await (await c.get(`/tickets/${ticket.id}`)).text();
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    expect(texts(page)).toEqual(range(total - PAGE_MESSAGES, total));
    let before = olderOf(page);
    const slices: number[][] = [];
    while (before) {
      const html = await (await c.get(`/tickets/${ticket.id}/older?before=${before}`, { 'hx-request': 'true' })).text();
      slices.push(texts(html));
      before = olderOf(html);
    }
    expect(slices).toEqual([range(total - 2 * PAGE_MESSAGES, total - PAGE_MESSAGES), range(0, total - 2 * PAGE_MESSAGES)]);
    // the live reload's ?from=<message id>: from that message on, however many
    const tenth = await db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: ticket.id, text: 'پیام 10' });
    const fromTenth = await (await c.get(`/tickets/${ticket.id}?from=${tenth.id}`)).text();
    expect(texts(fromTenth)).toEqual(range(10, total));
    expect(olderOf(fromTenth)).toBe(String(tenth.id));
    // without JS: all of it
    expect(texts(await (await c.get(`/tickets/${ticket.id}?all=1`)).text())).toEqual(range(0, total));

    await db.ds.getRepository(CannedReply).insert([
      { shortcut: 'anbar', title: 'نگهداری در انبار', body: 'زعفران را دور از نور و رطوبت نگه دارید.', teamId: null, active: true, updatedAt: new Date() },
      { shortcut: 'ersal', title: 'زمان ارسال', body: 'بسته تا سه روز کاری ارسال می‌شود.', teamId: null, active: true, updatedAt: new Date() },
    ]);
    const found = await (await c.get(`/tickets/${ticket.id}/canned/search?q=${encodeURIComponent('رطوبت')}`, { 'x-fragment': '1' })).text();
    expect(found).toContain('data-body="زعفران را دور از نور و رطوبت نگه دارید."');
    expect(found).not.toContain('زمان ارسال');
    const noScript = await (await c.get(`/tickets/${ticket.id}/canned/search?q=ersal`)).text();
    expect(noScript).toMatch(new RegExp(`href="/tickets/${ticket.id}\\?canned=\\d+#reply-box"`));
    expect(noScript).toContain('<html');
  });

  it('puts the events between the messages as one-line entries and the rating with its comment where it was given', async () => {
    const requester = requesterActor(b.requester);
    const agent = staffActor(b.agentA1);
    const { ticket } = await openTicket(ctx, requester, { subjectId: b.subjectA.id, title: 'کود مناسب', text: 'چه کودی بدهم؟' });
    clock.advance(60_000);
    await assignToMe(ctx, agent, ticket.id);
    await setPriority(ctx, agent, ticket.id, 'high');
    clock.advance(60_000);
    await agentReply(ctx, agent, ticket.id, { text: 'کود دامی پوسیده بدهید.', via: 'panel' });
    clock.advance(60_000);
    await resolve(ctx, agent, ticket.id);
    clock.advance(60_000);
    await confirmResolved(ctx, requester, ticket.id, { score: 4, comment: 'پاسخ سریع و روشن بود' });
    const { c } = await client(b.agentA1.id);
    const html = await (await c.get(`/tickets/${ticket.id}`)).text();
    const at = (needle: string) => {
      const i = html.indexOf(needle);
      expect(i, needle).toBeGreaterThan(-1);
      return i;
    };
    // the citizen's message, then a run of events (assignment, priority), the answer with the SLA milestone
    // after it, the resolution, then the rating with its comment, last
    const question = at('چه کودی بدهم؟');
    const priority = at('data-event="priority"');
    const answer = at('کود دامی پوسیده بدهید.');
    const sla = at('class="event sla-line met"');
    const rating = at('class="in rating-line" data-rating="4"');
    const comment = at('پاسخ سریع و روشن بود');
    expect(question).toBeLessThan(priority);
    expect(priority).toBeLessThan(answer);
    expect(answer).toBeLessThan(sla);
    expect(sla).toBeLessThan(rating);
    expect(rating).toBeLessThan(comment);
    expect(html).toContain('★★★★☆');
    expect(html).toMatch(/<li class="events" data-count="\d+"><span class="events-count muted">[۰-۹]+ رویداد<\/span>/);
  });

  it('plays voice and video inline through the proxy, downloads documents, and names a Bale requester’s files without a link', async () => {
    const dir = join(dataDir, 'uploads', 'test');
    mkdirSync(dir, { recursive: true });
    const file = (name: string, body: string) => {
      const path = join(dir, name);
      writeFileSync(path, body);
      return path;
    };
    const ticket = await makeTicket(db.ds, b, { title: 'پیام صوتی', state: 'open', subjectId: b.subjectA.id });
    const m = await addRequesterMessage(ctx, requesterActor(b.requester), ticket.id, {
      text: 'صدا و فیلم',
      attachments: [
        { kind: 'voice', localPath: file('v.ogg', 'OggS'), size: 4 },
        { kind: 'video', localPath: file('v.mp4', 'MP4'), mimeType: 'video/mp4', size: 3 },
        { kind: 'document', localPath: file('r.pdf', '%PDF'), fileName: 'report.pdf', mimeType: 'application/pdf', size: 4 },
      ],
    });
    const messageId = m.message.id;
    const { c } = await client(b.agentA1.id);
    const html = await (await c.get(`/tickets/${ticket.id}`)).text();
    expect(html).toContain(`<audio controls="" preload="none" src="/tickets/${ticket.id}/files/${messageId}/0"`);
    expect(html).toContain(`<video controls="" preload="metadata" src="/tickets/${ticket.id}/files/${messageId}/1"`);
    expect(html).toContain(`download="report.pdf"`);
    const served = async (i: number) => {
      const res = await c.get(`/tickets/${ticket.id}/files/${messageId}/${i}`);
      await res.arrayBuffer();
      return [res.headers.get('content-type'), res.headers.get('content-disposition')?.split(';')[0]];
    };
    expect(await served(0)).toEqual(['audio/ogg', 'inline']);
    expect(await served(1)).toEqual(['video/mp4', 'inline']);
    expect(await served(2)).toEqual(['application/octet-stream', 'attachment']);

    // a Bale requester: his file ids are Bale's — named, without a link the proxy could not serve
    await db.ds.getRepository(Requester).update({ id: b.requester.id }, { channel: 'bale' });
    try {
      const bale = await makeTicket(db.ds, b, { title: 'از بله', state: 'open', subjectId: b.subjectA.id });
      await addRequesterMessage(ctx, requesterActor({ ...b.requester, channel: 'bale' } as Requester), bale.id, {
        text: 'عکس از بله',
        attachments: [{ kind: 'photo', fileId: 'bale-file-1', size: 2048 }],
      });
      const page = await (await c.get(`/tickets/${bale.id}`)).text();
      expect(page).toContain('class="att file unavailable"');
      expect(page).not.toContain(`/tickets/${bale.id}/files/`);
    } finally {
      await db.ds.getRepository(Requester).update({ id: b.requester.id }, { channel: 'telegram' });
    }
  });
});
