/**
 * Help and the FAQ, browsed without opening a ticket: value chain → department → subject → its answers, in one
 * message edited in place; a department deactivated meanwhile makes its old button say the action is stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Department } from '../../core/entities/org.ts';
import { t } from '../../core/i18n/index.ts';
import type { FakeUser } from '../fake-telegram/index.ts';
import { DIALECTS } from '../support/db.ts';
import { citizenWorld, containing, WAIT, withButton, type CitizenWorld } from './world.ts';

describe.each(DIALECTS)('FAQ browsing on %s', (dialect) => {
  let w: CitizenWorld;
  let user: FakeUser;
  beforeAll(async () => {
    w = await citizenWorld({ database: dialect });
    user = w.fake.user({ id: w.b.requester.telegramId, first_name: 'مریم', language_code: 'fa' });
  }, 60_000);
  afterAll(() => w?.close());

  it('help → chain → department → subject shows its answers; a deactivated department is stale', async () => {
    const helpShown = user.next(withButton('fq:r:0'), WAIT);
    user.send(t('fa', 'menu-help'));
    const help = await helpShown;
    const since = help.message_id - 1; // the same message is edited at each step
    const { valueChain, department, subjectA } = w.b;
    user.press(help, 'fq:r:0');
    const chains = await user.waitForMessage(withButton(`fq:v:${valueChain.id}:0`), WAIT, since);
    user.press(chains, `fq:v:${valueChain.id}:0`);
    const depts = await user.waitForMessage(withButton(`fq:d:${department.id}:0`), WAIT, since);
    user.press(depts, `fq:d:${department.id}:0`);
    const subjects = await user.waitForMessage(withButton(`fq:s:${subjectA.id}`), WAIT, since);
    expect(subjects.text).toContain(t('fa', 'faq-choose-subject'));
    user.press(subjects, `fq:s:${subjectA.id}`);
    const answers = await user.waitForMessage(containing('بهترین زمان کاشت زعفران کی است؟'), WAIT, since);
    expect(answers.text).toContain(subjectA.nameFa);
    expect(answers.text).toContain('از اواسط شهریور تا اواسط مهر.');
    expect((answers.reply_markup?.inline_keyboard ?? []).flat().map((b) => (b as { callback_data?: string }).callback_data)).toEqual([
      'nt:0:0',
      `fq:d:${department.id}:0`,
    ]);

    // the department goes inactive: its Back button no longer lists subjects
    await w.h.db.ds.getRepository(Department).update({ id: department.id }, { active: false });
    const stale = () => w.fake.callsOf('answerCallbackQuery').filter((c) => c.payload.text === t('fa', 'stale-action')).length;
    const before = stale();
    user.press(answers, `fq:d:${department.id}:0`);
    await expect.poll(stale, { timeout: WAIT }).toBe(before + 1);
    await w.h.db.ds.getRepository(Department).update({ id: department.id }, { active: true });
  });
});
