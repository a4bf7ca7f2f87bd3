/**
 * Binding a Telegram group with /bind CODE, through the fake Telegram on both dialects: the bot names what the
 * group was bound to (the department's or the team's name, not a number); a group bound to a team set to "no
 * staff chat" (issue 17) is told at once that nothing will arrive there while that setting is on. A wrong code
 * gets a clear answer and binds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat } from '../../core/entities/org.ts';
import { issueChatBindCode } from '../../core/services/codes.ts';
import { updateTeam } from '../../core/services/teams.ts';
import { DIALECTS } from '../support/db.ts';
import { staffWorld, type StaffWorld } from './harness.ts';

const textOf = (m: { text?: string; caption?: string }) => m.text ?? m.caption ?? '';

describe.each(DIALECTS)('/bind in a group on %s', (dialect) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld({ layout: 'plain', database: dialect });
  }, 60_000);
  afterAll(async () => w?.close());

  /** a new group with the bot as admin; the agent sends /bind with the text given; the bot's answer */
  async function bind(title: string, text: string): Promise<{ id: number; answer: string }> {
    const g = w.fake.group({ title });
    g.addBot({ admin: true });
    w.agent.sendIn(g, text);
    await expect.poll(() => g.botMessages().length, { timeout: 20_000 }).toBeGreaterThan(0);
    return { id: g.id, answer: textOf(g.botMessages()[0]!) };
  }

  it('names the department it was bound to', async () => {
    const code = await issueChatBindCode(w.system.core, w.b.admin.id, { departmentId: w.b.department.id, layout: 'plain' });
    const { id, answer } = await bind('میز دوم', `/bind ${code}`);
    expect(answer).toContain(`«${w.b.department.nameFa}»`);
    expect(answer).not.toMatch(/«#\d+»/);
    expect(answer).not.toContain('⚠️');
    expect(await w.db.ds.getRepository(StaffChat).findOneBy({ chatId: id })).toMatchObject({ departmentId: w.b.department.id, status: 'active' });
  });

  it('warns when the team keeps its tickets in the panel only', async () => {
    await updateTeam(w.system.core, w.b.admin.id, w.b.teamB.id, { noStaffChat: true });
    const code = await issueChatBindCode(w.system.core, w.b.admin.id, { teamId: w.b.teamB.id, layout: 'plain' });
    const { answer } = await bind('میز تیم ب', `/bind ${code}`);
    expect(answer).toContain(`«${w.b.teamB.name}»`);
    expect(answer).toContain('⚠️');
    expect(answer).toContain('بدون گروه کارشناسان');
  });

  it('a wrong code binds nothing and says so', async () => {
    const { id, answer } = await bind('میز سوم', '/bind NOPE1234');
    expect(answer.length).toBeGreaterThan(0);
    expect(answer).not.toContain('✅');
    expect(await w.db.ds.getRepository(StaffChat).countBy({ chatId: id })).toBe(0);
  });
});
