/**
 * A staff-type member sends a request to a colleague (an internal ticket assigned to that colleague); a
 * farmer cannot. An intake left idle longer than settings.intakeTimeoutMinutes is cleared with a short
 * message at the user's next update (the core clock is moved forward).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvEntry } from '../../core/entities/system.ts';
import { Ticket, TicketMessage } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { FakeTelegram } from '../fake-telegram/index.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { startTestSystem, type SystemHarness } from '../support/system.ts';
import { DIALECTS } from '../support/db.ts';
import { containing, says, WAIT, withButton } from './world.ts';

describe.each(DIALECTS)('colleague-timeout on %s', (dialect) => {
  describe('colleague requests and abandoned intakes', () => {
    let fake: FakeTelegram;
    let h: SystemHarness;
    let b!: Basics;
    let offsetMs = 0;
    const clock = { now: () => new Date(Date.now() + offsetMs) };
    beforeAll(async () => {
      fake = await new FakeTelegram().start();
      h = await startTestSystem({ apiRoot: fake.apiRoot, clock, database: dialect, prepare: async (db) => void (b = await seedBasics(db.ds)) });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
      await fake?.stop();
    });

    it('a staff-type member asks a colleague: an internal ticket assigned to the colleague', async () => {
      const user = fake.user({ id: b.staffMember.telegramId, first_name: 'نرگس', language_code: 'fa' });
      const recipient = user.next(withButton(`c:v:${b.agentB1.id}`), WAIT);
      user.send(t('fa', 'menu-colleague'));
      const recipientMsg = await recipient;
      const type = user.next(withButton('c:v:task'), WAIT);
      user.press(recipientMsg, `c:v:${b.agentB1.id}`);
      const typeMsg = await type;
      const priority = user.next(withButton('c:v:urgent'), WAIT);
      user.press(typeMsg, 'c:v:task');
      const priorityMsg = await priority;
      const description = user.next(withButton('c:x'), WAIT);
      user.press(priorityMsg, 'c:v:urgent');
      await description;
      const created = user.next(containing('فرستاده شد'), WAIT);
      user.send('لطفاً گزارش برداشت پاییز را تا فردا بفرستید.');
      await created;
      const ticket = await h.db.ds.getRepository(Ticket).findOneOrFail({ where: { internal: true, requesterId: b.staffMember.id } });
      expect(ticket).toMatchObject({ assigneeId: b.agentB1.id, priority: 'urgent', type: 'task', teamId: b.teamB.id });
      expect((await h.db.ds.getRepository(TicketMessage).findOneByOrFail({ ticketId: ticket.id })).text).toBe('لطفاً گزارش برداشت پاییز را تا فردا بفرستید.');
    });

    it('a farmer has no colleague menu: the command answers politely', async () => {
      const user = fake.user({ id: b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
      const refused = user.next(says('fa', 'colleague-staff-only'), WAIT);
      user.command('colleague');
      await refused;
    });

    it('an intake idle past the timeout is cleared with a short message at the next update', async () => {
      const user = fake.user({ id: b.requester2.telegramId, first_name: 'رضا', language_code: 'fa' });
      const chain = user.next(withButton(`c:v:${b.valueChain.id}`), WAIT);
      user.send(t('fa', 'menu-new'));
      const chainMsg = await chain;
      await expect.poll(() => h.db.ds.getRepository(KvEntry).existsBy({ key: `conv:${user.id}` })).toBe(true);
      offsetMs = 61 * 60_000; // the default intakeTimeoutMinutes is 60
      const expired = user.next(says('fa', 'conv-expired-intake'), WAIT);
      user.press(chainMsg, `c:v:${b.valueChain.id}`);
      await expired;
      offsetMs = 0;
      // the old prompt no longer acts (its press was answered with the expiry above); nothing was opened
      expect(await h.db.ds.getRepository(Ticket).countBy({ requesterId: b.requester2.id })).toBe(0);
    });
  });
});
