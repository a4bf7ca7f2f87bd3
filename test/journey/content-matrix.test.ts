/**
 * Every kind of content crosses every boundary, both ways (issue 15, item 1), through the fake Telegram on
 * MariaDB and on the embedded SQLite, one system per dialect:
 * - citizen → staff chat (forum topic / plain group's card thread) and panel: the intake's description with
 *   its photo and caption, a document and an album; follow-ups of every kind; an album as an album;
 * - panel → citizen and staff chat: a reply with uploaded files (multipart uploads, once; the file_id is
 *   recorded and reused), two photos as an album, a note's file mirrored to the staff chat only;
 * - staff chat → citizen: every kind written in the topic or as a reply to the card, and an album;
 * - what Telegram refuses: a JSON object where a file is expected (the fake answers 400 like Telegram); a file
 *   over what a bot may upload is refused in the panel form before anything is stored or sent.
 * Each assertion reads what the receiving chat holds (the media object and its file_id, the caption, the
 * album grouping) and what the panel shows (the core's timeline and the ticket page's file links).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMessage } from '../../core/entities/system.ts';
import { TicketMessage, type Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { staffActor } from '../../core/services/actor.ts';
import { transact } from '../../core/tx.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { fileIdIn, kindOf, WRONG_FILE, type TgMessage } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { TEST_BOT_TOKEN } from '../support/system.ts';
import {
  contentWorld,
  intake,
  lastId,
  postMultipart,
  refreshTicket,
  until,
  WAIT,
  waitInTicket,
  type ContentKind,
  type ContentWorld,
  type Side,
} from './content-world.ts';

const KINDS: ContentKind[] = ['text', 'photo', 'document', 'voice', 'video', 'video_note', 'audio', 'animation', 'sticker', 'location', 'contact'];
/** kinds Telegram sends with a caption: each goes caption-only (a file and its caption, no other text) */
const CAPTIONED = new Set<ContentKind>(['photo', 'document', 'voice', 'video', 'audio', 'animation']);
const LAYOUTS = ['forum', 'plain'] as const;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe.each(DIALECTS)('every kind of content crosses every boundary, on %s', (dialect) => {
  let w: ContentWorld;
  const opened = new Map<'forum' | 'plain', Ticket>();

  beforeAll(async () => {
    w = await contentWorld(dialect);
  }, 120_000);
  afterAll(() => w?.close());

  const side = (layout: 'forum' | 'plain'): Side => w[layout];
  const timeline = (id: number) => tickets.ticketTimeline(w.h.system.core, staffActor(w.b.agentA1), id);
  /** where an agent writes for a ticket: its topic, or a reply to its card */
  const placeOf = (s: Side, tk: Ticket) =>
    s.layout === 'forum' ? { threadId: tk.forumThreadId! } : { replyTo: s.group.messages.find((m) => m.message_id === tk.cardMessageId)! };
  const albumAfter = async (s: Side, tk: Ticket, files: TgMessage[], after: number) => {
    const got: TgMessage[] = [];
    for (const f of files) got.push(await waitInTicket(w, s, tk.id, (m) => fileIdIn(m) === fileIdIn(f), after));
    return got;
  };

  it('the fake refuses a JSON object where a file is expected, as Telegram does', async () => {
    const res = await fetch(`${w.fake.apiRoot}/bot${TEST_BOT_TOKEN}/sendPhoto`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: w.forum.citizen.id, photo: { localPath: '/tmp/x.png', fileName: 'x.png', mimeType: 'image/png' }, caption: 'lost' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { description: string }).description).toBe(WRONG_FILE);
  });

  it.each(LAYOUTS)(
    'intake in the %s chat: the description photo with its caption, a document and an album reach the staff chat; the card counts them; the panel shows one message with the four files',
    async (layout) => {
      const s = side(layout);
      let description!: TgMessage;
      const files: TgMessage[] = [];
      const created = await intake(w, s, {
        title: `درخواست با پیوست ${layout}`,
        description: (u) => (description = u.media('photo', { caption: 'شرح مشکل با عکس برگ‌ها' })),
        files: (u) => {
          files.push(u.media('document'), ...u.album(['photo', 'photo']));
          return files;
        },
      });
      const tk = await refreshTicket(w, s, created.id);
      opened.set(layout, tk);
      const card = s.group.messages.find((m) => m.message_id === tk.cardMessageId)!;
      // one card carries the description (an album follows, and albums carry no buttons: a text card), counting the files
      expect(card.text).toContain('📎');
      expect(card.text).toContain('شرح مشکل با عکس برگ‌ها');
      const photo = await waitInTicket(w, s, tk.id, (m) => fileIdIn(m) === fileIdIn(description));
      expect(photo.caption).toBeUndefined(); // its caption is on the card already
      expect(s.group.messages.filter((m) => (m.text ?? m.caption ?? '').includes('شرح مشکل با عکس برگ‌ها'))).toHaveLength(1);
      const [doc] = await albumAfter(s, tk, [files[0]!], 0);
      expect(kindOf(doc!)).toBe('document');
      expect(doc!.media_group_id).toBeUndefined();
      const album = await albumAfter(s, tk, files.slice(1), 0);
      expect(album.map(kindOf)).toEqual(['photo', 'photo']);
      expect(album[0]!.media_group_id).toBeTruthy();
      expect(album[1]!.media_group_id).toBe(album[0]!.media_group_id);
      // the panel: one message holding the four files, each linked on the ticket page
      const first = (await timeline(tk.id)).messages.find((m) => m.direction === 'in')!;
      expect(first.attachments.map((a) => a.kind)).toEqual(['photo', 'document', 'photo', 'photo']);
      const html = await (await w.panel.get(`/tickets/${tk.id}`)).text();
      for (let i = 0; i < 4; i++) expect(html).toContain(`/tickets/${tk.id}/files/${first.id}/${i}`);
    },
    60_000,
  );

  it.each(LAYOUTS)(
    'follow-ups of every kind from the citizen reach the %s chat and the panel; an album arrives as one album',
    async (layout) => {
      const s = side(layout);
      const tk = opened.get(layout)!;
      for (const kind of KINDS) {
        const after = lastId(s);
        const sent = s.citizen.media(kind, { text: `پیام متنی ${layout}`, ...(CAPTIONED.has(kind) ? { caption: `زیرنویس ${kind}` } : {}) });
        const got = await waitInTicket(w, s, tk.id, (m) => kindOf(m) === kind, after);
        if (fileIdIn(sent)) expect(fileIdIn(got), kind).toBe(fileIdIn(sent));
        expect(got.caption, kind).toBe(sent.caption);
        if (kind === 'text') expect(got.text).toBe(sent.text);
        if (kind === 'location') expect(got.location).toEqual(sent.location);
        if (kind === 'contact') expect(got.contact?.phone_number).toBe(sent.contact!.phone_number);
      }
      const after = lastId(s);
      const items = s.citizen.album(['photo', 'photo', 'video'], { caption: 'سه تصویر از مزرعه' });
      const album = await albumAfter(s, tk, items, after);
      expect(album.map(kindOf)).toEqual(['photo', 'photo', 'video']);
      expect(new Set(album.map((m) => m.media_group_id)).size).toBe(1);
      expect(album[0]!.media_group_id).toBeTruthy();
      expect(album[0]!.caption).toContain('سه تصویر از مزرعه');
      // an album whose caption came on its second item: the staff chat shows it on the album all the same
      const after2 = lastId(s);
      const items2 = s.citizen.album(['photo', 'photo'], { caption: 'زیرنویس روی دومی', captionAt: 1 });
      const album2 = await albumAfter(s, tk, items2, after2);
      expect(album2[1]!.media_group_id).toBe(album2[0]!.media_group_id);
      expect(album2[0]!.caption).toContain('زیرنویس روی دومی');
      // the citizen was answered once for the album, not once per item
      const acks = s.citizen.inbox.filter((m) => items.some((i) => i.message_id === m.reply_to_message?.message_id));
      expect(acks).toHaveLength(1);
      // the panel: one message per follow-up, the album one message with its three files and caption
      const ins = (await timeline(tk.id)).messages.filter((m) => m.direction === 'in').slice(1);
      expect(ins.map((m) => m.attachments[0]?.kind ?? 'text')).toEqual([...KINDS, 'photo', 'photo']);
      const last = ins.at(-2)!;
      expect(last.attachments.map((a) => a.kind)).toEqual(['photo', 'photo', 'video']);
      expect(last.text).toBe('سه تصویر از مزرعه');
      const html = await (await w.panel.get(`/tickets/${tk.id}`)).text();
      for (let i = 0; i < 3; i++) expect(html).toContain(`/tickets/${tk.id}/files/${last.id}/${i}`);
    },
    90_000,
  );

  it.each(LAYOUTS)(
    'a panel reply with uploaded files reaches the citizen and the %s chat: one multipart upload per file, its file_id recorded and reused; two photos go as an album; a note file reaches the staff chat only',
    async (layout) => {
      const s = side(layout);
      const tk = opened.get(layout)!;
      const page = await w.panel.page(`/tickets/${tk.id}`);
      const uploads = w.fake.uploads.length;
      const citizenAfter = s.citizen.inbox.at(-1)?.message_id ?? 0;
      const groupAfter = lastId(s);
      const res = await postMultipart(w.panel, w.panelApp, `/tickets/${tk.id}/reply`, { _csrf: page.csrf, text: 'پاسخ با پیوست از پنل' }, [
        new File([PNG], 'scan.png', { type: 'image/png' }),
        new File(['%PDF-1.4 form'], 'form.pdf', { type: 'application/pdf' }),
      ]);
      expect(res.status).toBe(303);
      const photo = await s.citizen.waitForMessage((m) => kindOf(m) === 'photo', WAIT, citizenAfter);
      expect(photo.caption).toContain('پاسخ با پیوست از پنل');
      const doc = await s.citizen.waitForMessage((m) => kindOf(m) === 'document', WAIT, citizenAfter);
      expect(doc.document?.file_name).toBe('form.pdf');
      // mirrored into the staff chat with the same files
      await waitInTicket(w, s, tk.id, (m) => (m.text ?? '').includes('پاسخ با پیوست از پنل'), groupAfter);
      const gPhoto = await waitInTicket(w, s, tk.id, (m) => kindOf(m) === 'photo', groupAfter);
      const gDoc = await waitInTicket(w, s, tk.id, (m) => kindOf(m) === 'document', groupAfter);
      expect(fileIdIn(gPhoto)).toBe(fileIdIn(photo));
      expect(fileIdIn(gDoc)).toBe(fileIdIn(doc));
      // each file went up once, as multipart; the file ids are kept on the message
      expect(
        w.fake.uploads
          .slice(uploads)
          .map((u) => u.fileName)
          .sort(),
      ).toEqual(['form.pdf', 'scan.png']);
      const reply = (await timeline(tk.id)).messages.filter((m) => m.via === 'panel' && m.kind === 'message').at(-1)!;
      const recorded = await until(
        async () => {
          const m = await w.h.db.ds.getRepository(TicketMessage).findOneByOrFail({ id: reply.id });
          return m.attachments.every((a) => a.fileId) ? m : null;
        },
        WAIT,
        'file ids recorded',
      );
      expect(recorded.attachments.map((a) => a.fileId)).toEqual([fileIdIn(photo), fileIdIn(doc)]);
      expect(recorded.attachments.every((a) => a.localPath)).toBe(true);
      // a later send of the same stored files (written again as an outbox row) reuses the ids: nothing uploaded
      const sentRows = await w.h.db.ds.getRepository(OutboxMessage).find({ where: { ticketMessageId: reply.id, chatId: s.citizen.id } });
      const row = sentRows.find((r) => r.method === 'sendDocument')!;
      expect(JSON.stringify(row.payload)).toContain('"stored"');
      const uploadsNow = w.fake.uploads.length;
      const resendAfter = s.citizen.inbox.at(-1)!.message_id;
      await transact(w.h.system.core, (tx) =>
        tx.outbox({ chatId: row.chatId, method: row.method, payload: row.payload, purpose: 'answer', ticketId: tk.id, ticketMessageId: reply.id }),
      );
      const again = await s.citizen.waitForMessage((m) => kindOf(m) === 'document', WAIT, resendAfter);
      expect(fileIdIn(again)).toBe(fileIdIn(doc));
      expect(w.fake.uploads.length).toBe(uploadsNow);

      // two photos: one album for the citizen and one in the staff chat, the text as the album's caption
      const before2 = w.fake.uploads.length;
      const cAfter2 = s.citizen.inbox.at(-1)!.message_id;
      const gAfter2 = lastId(s);
      const page2 = await w.panel.page(`/tickets/${tk.id}`);
      const res2 = await postMultipart(w.panel, w.panelApp, `/tickets/${tk.id}/reply`, { _csrf: page2.csrf, text: 'دو عکس' }, [
        new File([PNG, Uint8Array.from([5])], 'a.png', { type: 'image/png' }),
        new File([PNG, Uint8Array.from([6])], 'b.png', { type: 'image/png' }),
      ]);
      expect(res2.status).toBe(303);
      await w.fake.waitFor(() => s.citizen.inbox.filter((m) => m.message_id > cAfter2 && m.photo).length === 2, WAIT);
      const cAlbum = s.citizen.inbox.filter((m) => m.message_id > cAfter2 && m.photo);
      expect(cAlbum[0]!.media_group_id).toBeTruthy();
      expect(cAlbum[1]!.media_group_id).toBe(cAlbum[0]!.media_group_id);
      expect(cAlbum[0]!.caption).toContain('دو عکس');
      const gAlbum = await albumAfter(s, tk, cAlbum, gAfter2);
      expect(gAlbum[1]!.media_group_id).toBe(gAlbum[0]!.media_group_id);
      expect(w.fake.uploads.length - before2).toBe(2);

      // an internal note's file: mirrored into the staff chat, never to the citizen
      const gAfter3 = lastId(s);
      const page3 = await w.panel.page(`/tickets/${tk.id}`);
      const res3 = await postMultipart(w.panel, w.panelApp, `/tickets/${tk.id}/note`, { _csrf: page3.csrf, text: 'یادداشت داخلی با پرونده' }, [
        new File(['internal notes'], 'notes.txt', { type: 'text/plain' }),
      ]);
      expect(res3.status).toBe(303);
      await waitInTicket(w, s, tk.id, (m) => (m.text ?? '').includes('یادداشت داخلی با پرونده'), gAfter3);
      const noteFile = await waitInTicket(w, s, tk.id, (m) => m.document?.file_name === 'notes.txt', gAfter3);
      expect(fileIdIn(noteFile)).toBeTruthy();
      expect(s.citizen.inbox.some((m) => m.document?.file_name === 'notes.txt' || (m.text ?? m.caption ?? '').includes('یادداشت داخلی'))).toBe(false);
    },
    90_000,
  );

  it.each(LAYOUTS)(
    'an agent in the %s chat sends every kind to the citizen; an album arrives as one album',
    async (layout) => {
      const s = side(layout);
      const tk = opened.get(layout)!;
      const where = placeOf(s, tk);
      for (const kind of KINDS) {
        const after = s.citizen.inbox.at(-1)?.message_id ?? 0;
        const sent = w.agent.mediaIn(s.group, kind, { ...where, text: `پاسخ متنی ${layout}`, ...(CAPTIONED.has(kind) ? { caption: `توضیح ${kind}` } : {}) });
        const got = await s.citizen.waitForMessage((m) => kindOf(m) === kind && (kind !== 'text' || (m.text ?? '').includes(sent.text!)), WAIT, after);
        if (fileIdIn(sent)) expect(fileIdIn(got), kind).toBe(fileIdIn(sent));
        if (sent.caption) expect(got.caption, kind).toContain(sent.caption);
        if (kind === 'location') expect(got.location).toEqual(sent.location);
        if (kind === 'contact') expect(got.contact?.phone_number).toBe(sent.contact!.phone_number);
      }
      const after = s.citizen.inbox.at(-1)!.message_id;
      const items = w.agent.albumIn(s.group, ['photo', 'video', 'photo'], { ...where, caption: 'عکس‌های راهنما' });
      await w.fake.waitFor(() => s.citizen.inbox.filter((m) => m.message_id > after && (m.photo || m.video)).length === 3, WAIT);
      const album = s.citizen.inbox.filter((m) => m.message_id > after && (m.photo || m.video));
      expect(album.map(fileIdIn)).toEqual(items.map(fileIdIn));
      expect(new Set(album.map((m) => m.media_group_id)).size).toBe(1);
      expect(album[0]!.media_group_id).toBeTruthy();
      expect(album[0]!.caption).toContain('عکس‌های راهنما');
      const out = (await timeline(tk.id)).messages.filter((m) => m.direction === 'out' && m.via === 'telegram').at(-1)!;
      expect(out.attachments.map((a) => a.kind)).toEqual(['photo', 'video', 'photo']);
    },
    90_000,
  );

  it("a stored file gone from the disk: the caption (the reply's text) still reaches the citizen, the row records the missing file", async () => {
    const tk = opened.get('forum')!;
    const u = w.forum.citizen;
    const after = u.inbox.at(-1)!.message_id;
    const [id] = await transact(w.h.system.core, (tx) =>
      tx.outbox({
        chatId: u.id,
        method: 'sendPhoto',
        payload: {
          photo: { stored: { localPath: `${w.h.config.DATA_DIR}/uploads/gone.png`, fileName: 'gone.png' } },
          caption: 'متن پاسخ بدون پرونده',
          parse_mode: 'HTML',
        },
        purpose: 'answer',
        ticketId: tk.id,
      }),
    );
    const got = await u.waitForMessage((m) => (m.text ?? '').includes('متن پاسخ بدون پرونده'), WAIT, after);
    expect(got.photo).toBeUndefined();
    const row = await until(
      async () => {
        const r = await w.h.db.ds.getRepository(OutboxMessage).findOneByOrFail({ id: id! });
        return r.status === 'sent' ? r : null;
      },
      WAIT,
      'row sent',
    );
    expect(JSON.stringify(row.result)).toContain('gone.png');
  });

  it('a file over what a bot may upload (50 MB) is refused in the panel form: the message, the text kept, nothing stored or sent', async () => {
    const tk = opened.get('forum')!;
    const page = await w.bigPanel.page(`/tickets/${tk.id}`);
    const messages = await w.h.db.ds.getRepository(TicketMessage).countBy({ ticketId: tk.id });
    const rows = await w.h.db.ds.getRepository(OutboxMessage).countBy({ ticketId: tk.id });
    const big = new File([new Uint8Array(50 * 1024 * 1024 + 1)], 'big.zip', { type: 'application/zip' });
    const res = await postMultipart(w.bigPanel, w.bigPanelApp, `/tickets/${tk.id}/reply`, { _csrf: page.csrf, text: 'متنی که نباید گم شود' }, [big]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(t('fa', 'admin-err-too_large').slice(0, 30));
    expect(html).toContain('متنی که نباید گم شود');
    expect(await w.h.db.ds.getRepository(TicketMessage).countBy({ ticketId: tk.id })).toBe(messages);
    expect(await w.h.db.ds.getRepository(OutboxMessage).countBy({ ticketId: tk.id })).toBe(rows);
  }, 60_000);
});
