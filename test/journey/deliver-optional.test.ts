/**
 * Optional parts never sink a delivery (issue 15, item 4), through the fake Telegram on both databases:
 * the "assigned to you" message goes without its panel button while PUBLIC_URL is not an address Telegram
 * takes (http://localhost:3000, the default), and with it once PUBLIC_URL is https on a public host; a row
 * whose URL button, reply-to or formatting Telegram refuses is sent again without that part, recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMessage } from '../../core/entities/system.ts';
import { panelButton, telegramAcceptsUrl } from '../../core/notify/links.ts';
import { assign, openTicket } from '../../core/services/tickets/index.ts';
import { transact } from '../../core/tx.ts';
import { degrade } from '../../jobs/outbox/degrade.ts';
import { GrammyError } from 'grammy';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from '../staff/harness.ts';

const until = async (cond: () => Promise<boolean> | boolean, ms = 15_000, what = 'condition') => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25)); // the poll interval of a wait on a condition
  }
};

describe('which PUBLIC_URL can be a URL button (one core helper)', () => {
  it('https on a public host only', () => {
    for (const ok of ['https://helpdesk.saffron-portal.ir/tickets/1', 'https://93.184.216.34/x', 'https://panel.example.com:8443/tickets/2'])
      expect(telegramAcceptsUrl(ok), ok).toBe(true);
    for (const no of [
      'http://localhost:3000/tickets/1',
      'https://localhost/tickets/1',
      'http://helpdesk.saffron-portal.ir/x',
      'https://helpdesk/x',
      'https://10.0.0.5/x',
      'https://192.168.1.10/x',
      'https://172.20.0.2/x',
      'https://127.0.0.1/x',
      'https://169.254.1.1/x',
      'https://[::1]/x',
      'https://[fd00::1]/x',
      'https://desk.local/x',
      'https://desk.internal/x',
      'not a url',
    ])
      expect(telegramAcceptsUrl(no), no).toBe(false);
    expect(panelButton('http://localhost:3000', '/tickets/1', 'open')).toBeNull();
    expect(panelButton('https://desk.saffron.ir/', '/tickets/1', 'open')).toEqual({ text: 'open', url: 'https://desk.saffron.ir/tickets/1' });
  });

  it('degrade drops only the refused part', () => {
    const err = (d: string) => new GrammyError(d, { ok: false, error_code: 400, description: d }, 'sendMessage', {});
    const p = {
      text: '<b>a &amp; b</b>',
      parse_mode: 'HTML',
      reply_parameters: { message_id: 5 },
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'go', url: 'http://localhost' },
            { text: 'ok', callback_data: 'x' },
          ],
        ],
      },
    };
    expect(degrade(p, err("Bad Request: inline keyboard button URL 'http://localhost' is invalid: Wrong HTTP URL"))!.payload).toEqual({
      ...p,
      reply_markup: { inline_keyboard: [[{ text: 'ok', callback_data: 'x' }]] },
    });
    const { reply_parameters: _r, ...noReply } = p;
    expect(degrade(p, err('Bad Request: message to be replied not found'))!.payload).toEqual(noReply);
    const { parse_mode: _m, ...plain } = p;
    expect(degrade(p, err("Bad Request: can't parse entities: unexpected end tag"))!.payload).toEqual({ ...plain, text: 'a & b' });
    expect(degrade(p, err('Bad Request: chat not found'))).toBeNull();
    expect(degrade(noReply, err('Bad Request: message to be replied not found'))).toBeNull();
  });
});

describe.each(DIALECTS)('optional parts through the fake Telegram on %s', (dialect) => {
  describe('PUBLIC_URL http://localhost:3000 (the default)', () => {
    let w: StaffWorld;
    beforeAll(async () => {
      w = await staffWorld({ layout: 'plain', database: dialect });
    }, 60_000);
    afterAll(() => w.close());

    it('the assigned-to-you message arrives without the panel button', async () => {
      const m = w.requester.wrote('برگ‌های زعفران زرد شده');
      const { ticket } = await openTicket(
        w.system.core,
        { kind: 'requester', requester: w.b.requester },
        { subjectId: w.b.subjectA.id, title: 'زردی برگ', text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
      );
      await assign(w.system.core, { kind: 'staff', staff: w.b.supervisor }, ticket.id, w.b.agentA1.id);
      const dm = await w.agent.waitForMessage((x) => (x.text ?? '').includes('زردی برگ'), 15_000);
      expect(dm.reply_markup?.inline_keyboard ?? []).toEqual([]);
      const rows = () => w.db.ds.getRepository(OutboxMessage).find({ where: { chatId: w.agent.id, purpose: 'dm' } });
      await until(async () => (await rows()).every((r) => r.status === 'sent'), 15_000, 'the dm recorded as sent');
      expect((await rows()).map((r) => [r.status, r.result?.degraded])).toEqual([['sent', undefined]]);
      expect(w.fake.calls.some((c) => c.error === 400 && Number(c.payload.chat_id) === w.agent.id)).toBe(false);
    });

    it('a row whose URL button, reply-to or formatting Telegram refuses is sent without it, and the row says so', async () => {
      const ids = await transact(w.system.core, (tx) =>
        tx.outbox(
          {
            chatId: w.agent.id,
            method: 'sendMessage',
            purpose: 'dm',
            payload: {
              text: 'دکمه به نشانی محلی',
              reply_markup: {
                inline_keyboard: [
                  [
                    { text: 'پنل', url: 'http://localhost:3000/tickets/1' },
                    { text: 'بعدی', callback_data: 'st:take:1' },
                  ],
                ],
              },
            },
          },
          {
            chatId: w.requester.id,
            method: 'sendMessage',
            purpose: 'notify',
            payload: { text: 'پاسخ به پیامی که دیگر نیست', reply_parameters: { message_id: 987_654 } },
          },
          { chatId: w.requester.id, method: 'sendMessage', purpose: 'notify', payload: { text: '<b>متن <i>کج</b> & ناقص', parse_mode: 'HTML' } },
        ),
      );
      const rows = () => Promise.all(ids.map((id) => w.db.ds.getRepository(OutboxMessage).findOneByOrFail({ id })));
      await until(async () => (await rows()).every((r) => r.status === 'sent'), 15_000, 'the three rows sent');
      const [button, reply, format] = await rows();
      expect((button!.result!.degraded as { part: string; reason: string }[]).map((d) => d.part)).toEqual(['url_button']);
      expect((button!.result!.degraded as { reason: string }[])[0]!.reason).toContain('Wrong HTTP URL');
      expect((reply!.result!.degraded as { part: string }[]).map((d) => d.part)).toEqual(['reply_to']);
      expect((format!.result!.degraded as { part: string }[]).map((d) => d.part)).toEqual(['formatting']);
      // what each chat holds: the callback button kept, no reply, the words without the broken tags
      const toAgent = await w.agent.waitForMessage((x) => x.text === 'دکمه به نشانی محلی', 15_000);
      expect(toAgent.reply_markup?.inline_keyboard).toEqual([[{ text: 'بعدی', callback_data: 'st:take:1' }]]);
      const plain = await w.requester.waitForMessage((x) => x.text === 'پاسخ به پیامی که دیگر نیست', 15_000);
      expect(plain.reply_to_message).toBeUndefined();
      await w.requester.waitForMessage((x) => x.text === 'متن کج & ناقص', 15_000);
    });
  });

  describe('PUBLIC_URL https on a public host', () => {
    let w: StaffWorld;
    beforeAll(async () => {
      w = await staffWorld({ layout: 'plain', database: dialect, env: { PUBLIC_URL: 'https://helpdesk.saffron-portal.ir' } });
    }, 60_000);
    afterAll(() => w.close());

    it('the assigned-to-you message carries the button to the ticket in the panel', async () => {
      const m = w.requester.wrote('سفارش صادراتی');
      const { ticket } = await openTicket(
        w.system.core,
        { kind: 'requester', requester: w.b.requester },
        { subjectId: w.b.subjectA.id, title: 'صادرات گل‌محمدی', text: m.text, requesterChatId: w.requester.id, requesterMessageId: m.message_id },
      );
      await assign(w.system.core, { kind: 'staff', staff: w.b.supervisor }, ticket.id, w.b.agentA1.id);
      const dm = await w.agent.waitForMessage((x) => (x.text ?? '').includes('صادرات گل‌محمدی'), 15_000);
      expect(dm.reply_markup?.inline_keyboard?.flat().map((b) => b.url)).toEqual([`https://helpdesk.saffron-portal.ir/tickets/${ticket.id}`]);
      const row = () => w.db.ds.getRepository(OutboxMessage).findOneByOrFail({ chatId: w.agent.id, purpose: 'dm' });
      await until(async () => (await row()).status === 'sent', 15_000, 'the dm recorded as sent');
      expect((await row()).result?.degraded).toBeUndefined();
    });
  });
});
