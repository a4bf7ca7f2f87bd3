/**
 * The profile is shown and one field edited; the language switch turns the menu English; the open-ticket
 * limit stops a new intake politely; a requester closes his own ticket from My tickets when his team
 * allows it (and cannot when it does not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Team } from '../../core/entities/org.ts';
import { Requester } from '../../core/entities/people.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import { t } from '../../core/i18n/index.ts';
import { requesterActor } from '../../core/services/actor.ts';
import { updateSettings } from '../../core/services/settings.ts';
import * as tickets from '../../core/services/tickets/index.ts';
import { buttons, type FakeUser } from '../fake-telegram/index.ts';
import { citizenWorld, containing, says, WAIT, withButton, type CitizenWorld } from './world.ts';
import { forgetCachedSettings } from '../../bot/middleware/settings-cache.ts';
import { DIALECTS } from '../support/db.ts';

describe.each(DIALECTS)('profile-limits on %s', (dialect) => {
  describe('profile, language, limits and closing', () => {
    let w: CitizenWorld;
    let user: FakeUser;
    beforeAll(async () => {
      w = await citizenWorld({ database: dialect });
      user = w.fake.user({ id: w.b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
    }, 60_000);
    afterAll(() => w?.close());

    it('shows the profile and edits the name only', async () => {
      const profile = user.next(withButton('pf:name'), WAIT);
      user.send(t('fa', 'menu-profile'));
      const profileMsg = await profile;
      expect(profileMsg.text).toContain('مریم کاظمی');
      const ask = user.next(withButton('c:x'), WAIT);
      user.press(profileMsg, 'pf:name');
      await ask;
      const saved = user.next(says('fa', 'profile-saved'), WAIT);
      user.send('مریم کاظمی‌نژاد');
      await saved;
      const me = await w.h.db.ds.getRepository(Requester).findOneByOrFail({ id: w.b.requester.id });
      expect(me).toMatchObject({ fullName: 'مریم کاظمی‌نژاد', phone: w.b.requester.phone, memberTypeId: w.b.farmer.id });
    });

    it('the language button switches to English for good', async () => {
      const choose = user.next(withButton('lang:en'), WAIT);
      user.send(t('fa', 'menu-language'));
      const chooseMsg = await choose;
      const saved = user.next(says('en', 'language-saved'), WAIT);
      user.press(chooseMsg, 'lang:en');
      const savedMsg = await saved;
      expect(JSON.stringify(savedMsg.reply_markup)).toContain(t('en', 'menu-new'));
      expect((await w.h.db.ds.getRepository(Requester).findOneByOrFail({ id: w.b.requester.id })).locale).toBe('en');
    });

    it('at the open-ticket limit a new intake is refused politely', async () => {
      await updateSettings(w.h.system.core, w.b.admin.id, { maxOpenTicketsPerRequester: 1 });
      forgetCachedSettings(); // the bot caches settings for 5 s
      await tickets.openTicket(w.h.system.core, requesterActor(w.b.requester), {
        subjectId: w.b.subjectA.id,
        title: 'Irrigation schedule',
        text: 'When should I water the corms?',
      });
      const refused = user.next(containing('limit'), WAIT);
      user.send(t('en', 'menu-new'));
      await refused;
      expect(user.inbox.at(-1)!.text).toContain('1');
      await updateSettings(w.h.system.core, w.b.admin.id, { maxOpenTicketsPerRequester: 5 });
    }, 20_000);

    it('closes his ticket from My tickets when the team allows it', async () => {
      const ticket = await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ requesterId: w.b.requester.id, title: 'Irrigation schedule' });
      // team A does not allow it: no Close button
      const list = user.next((m) => buttons(m).some((x) => x.callback_data === `tk:v:${ticket.id}`), WAIT);
      user.send(t('en', 'menu-tickets'));
      const listMsg = await list;
      const view = user.next(withButton(`tk:w:${ticket.id}`), WAIT);
      user.press(listMsg, `tk:v:${ticket.id}`);
      expect(buttons(await view).map((x) => x.callback_data)).not.toContain(`tk:c:${ticket.id}`);
      const before = w.fake.callsOf('answerCallbackQuery').length;
      user.pressRaw(`tk:cc:${ticket.id}`, listMsg); // forged: refused
      await expect
        .poll(
          () =>
            w.fake
              .callsOf('answerCallbackQuery')
              .slice(before)
              .some((c) => c.payload.text === t('en', 'stale-action')),
          { timeout: WAIT },
        )
        .toBe(true);
      expect((await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).state).toBe('new');

      await w.h.db.ds.getRepository(Team).update({ id: w.b.teamA.id }, { customerCloseAllowed: true });
      const view2 = user.next(withButton(`tk:c:${ticket.id}`), WAIT);
      user.press(listMsg, `tk:v:${ticket.id}`);
      const view2Msg = await view2;
      const ask = user.next(withButton(`tk:cc:${ticket.id}`), WAIT);
      user.press(view2Msg, `tk:c:${ticket.id}`);
      const askMsg = await ask;
      const closed = user.next(containing('is closed'), WAIT);
      user.press(askMsg, `tk:cc:${ticket.id}`);
      await closed;
      expect((await w.h.db.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).state).toBe('closed');
    });
  });
});
