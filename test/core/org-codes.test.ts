import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Department, StaffChat, Team, ValueChain } from '../../core/entities/org.ts';
import { OneTimeCode, StaffAccount } from '../../core/entities/people.ts';
import {
  bindChat,
  CODE_ALPHABET,
  completeSetup,
  consumeCode,
  ensureSetupCode,
  hashCode,
  issueChatBindCode,
  issueCode,
  issueTelegramLinkCode,
  linkTelegram,
} from '../../core/services/codes.ts';
import { ForbiddenError, InvalidCodeError } from '../../core/services/errors.ts';
import { verifyPassword } from '../../core/services/passwords.ts';
import { TestClock, testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { auditRows, DATABASES, fieldErrors, inChildProcesses, makeStaff } from './org-support.ts';

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof InvalidCodeError) return err.reason;
    throw err;
  }
  return 'accepted';
}

describe.each(DATABASES)('one-time codes on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  const clock = new TestClock(new Date('2026-12-05T06:00:00Z'));
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds, clock);
  });
  afterAll(async () => db?.close());

  it('first run: a setup code while no account exists, re-issued each start, creates the first admin once', async () => {
    const first = await ensureSetupCode(ctx);
    const second = await ensureSetupCode(ctx);
    expect(first).toMatch(new RegExp(`^[${CODE_ALPHABET}]{10}$`));
    expect(second).not.toBe(first);
    // the first code was retired by the re-issue
    expect(await reason(completeSetup(ctx, first!, { username: 'admin', displayName: 'مدیر', password: 'first-admin-pass' }))).toBe('used');
    expect(await fieldErrors(completeSetup(ctx, second!, { username: 'a', displayName: '', password: 'x' }))).toEqual({
      username: 'invalid_username',
      displayName: 'required',
      password: 'too_short',
    });
    // typed with spaces, dashes and lower case, the code still matches
    const typed = `${second!.slice(0, 5).toLowerCase()} - ${second!.slice(5)}`;
    const admin = await completeSetup(ctx, typed, { username: 'Admin', displayName: 'مدیر سامانه', password: 'first-admin-pass' });
    expect(admin).toMatchObject({ username: 'admin', role: 'admin', active: true });
    expect(await verifyPassword(admin.passwordHash, 'first-admin-pass')).toBe(true);
    expect(await ensureSetupCode(ctx)).toBeNull();
    expect(await reason(completeSetup(ctx, second!, { username: 'other', displayName: 'x', password: 'first-admin-pass' }))).toBe('used');
    expect((await auditRows(db.ds, { action: 'setup' })).map((a) => a.staffId)).toEqual([admin.id]);
  });

  it('codes are stored only as their SHA-256; unknown, expired and used codes are told apart', async () => {
    const code = await issueCode(ctx, 'telegram_link', { staffId: 1 }, 10);
    const rows = await db.ds.getRepository(OneTimeCode).find();
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows.some((r) => r.codeHash === hashCode(code))).toBe(true);
    expect(await reason(consumeCode(ctx, 'chat_bind', code))).toBe('unknown'); // another kind
    expect(await reason(consumeCode(ctx, 'telegram_link', 'ABCDEFGHJK'))).toBe('unknown');
    clock.advance(10 * 60_000);
    expect(await reason(consumeCode(ctx, 'telegram_link', code))).toBe('expired');
    const fresh = await issueCode(ctx, 'telegram_link', { staffId: 1 }, 10);
    clock.advance(9 * 60_000);
    expect((await consumeCode(ctx, 'telegram_link', fresh)).staffId).toBe(1);
    expect(await reason(consumeCode(ctx, 'telegram_link', fresh))).toBe('used');
  });

  it('a code is consumed once even by concurrent consumers in one process', async () => {
    for (let round = 0; round < 5; round++) {
      const code = await issueCode(ctx, 'chat_bind', { teamId: 1 }, 5);
      const results = await Promise.all(Array.from({ length: 6 }, () => reason(consumeCode(ctx, 'chat_bind', code))));
      expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
      expect(results.filter((r) => r === 'used')).toHaveLength(5);
    }
  });

  it('a code is consumed once even by concurrent consumers in separate processes', async () => {
    const code = await issueCode(ctx, 'chat_bind', { teamId: 1 }, 24 * 60);
    const results = await inChildProcesses(db, 3, { op: 'consume', code });
    expect(results.sort()).toEqual(['accepted', 'used', 'used']);
  }, 60_000);

  it("linking a Telegram account: own code or an admin's, one account per Telegram user", async () => {
    const admin = await db.ds.getRepository(StaffAccount).findOneByOrFail({ username: 'admin' });
    const agent = await makeStaff(db.ds, 'agent');
    const other = await makeStaff(db.ds, 'agent');
    await expect(issueTelegramLinkCode(ctx, other.id, agent.id)).rejects.toBeInstanceOf(ForbiddenError);
    const own = await issueTelegramLinkCode(ctx, agent.id, agent.id);
    const linked = await linkTelegram(ctx, own, 6_000_000_001);
    expect(linked.telegramId).toBe(6_000_000_001);
    expect((await db.ds.getRepository(StaffAccount).findOneByOrFail({ id: agent.id })).telegramId).toBe(6_000_000_001);
    expect(await reason(linkTelegram(ctx, own, 6_000_000_001))).toBe('used');
    // the same Telegram user cannot be linked to a second account; the code stays usable
    const byAdmin = await issueTelegramLinkCode(ctx, admin.id, other.id);
    expect(await fieldErrors(linkTelegram(ctx, byAdmin, 6_000_000_001))).toEqual({ telegramId: 'already_linked' });
    expect((await linkTelegram(ctx, byAdmin, 6_000_000_002)).id).toBe(other.id);
    expect((await auditRows(db.ds, { action: 'link_telegram' })).map((a) => [a.staffId, a.entityId])).toEqual([
      [agent.id, String(agent.id)],
      [other.id, String(other.id)],
    ]);
    expect((await auditRows(db.ds, { action: 'issue_link_code' })).length).toBe(2);
  });

  it('binding a chat: a code for a team or a department with a layout; forum needs topics; rebinding moves it', async () => {
    const admin = await db.ds.getRepository(StaffAccount).findOneByOrFail({ username: 'admin' });
    const team = await db.ds.getRepository(Team).save({ name: 'Rose desk' });
    const vc = await db.ds.getRepository(ValueChain).save({ code: 'rose', nameFa: 'گل محمدی', nameEn: 'Damask rose' });
    const dept = await db.ds.getRepository(Department).save({ valueChainId: vc.id, code: 'edu', nameFa: 'آموزش', nameEn: 'Training' });
    expect(await fieldErrors(issueChatBindCode(ctx, admin.id, {}))).toEqual({ teamId: 'required' });
    expect(await fieldErrors(issueChatBindCode(ctx, admin.id, { teamId: 999 }))).toEqual({ teamId: 'not_found' });
    const agent = await makeStaff(db.ds, 'agent');
    await expect(issueChatBindCode(ctx, agent.id, { teamId: team.id })).rejects.toBeInstanceOf(ForbiddenError);

    const forum = await issueChatBindCode(ctx, admin.id, { teamId: team.id, layout: 'forum' });
    expect(await fieldErrors(bindChat(ctx, forum, { chatId: -100111, title: 'Rose agents', isForum: false }))).toEqual({ layout: 'not_forum' });
    const chat = await bindChat(ctx, forum, { chatId: -100111, title: 'Rose agents', isForum: true });
    expect(chat).toMatchObject({ chatId: -100111, teamId: team.id, departmentId: null, layout: 'forum', status: 'active', boundByStaffId: admin.id });
    expect(await reason(bindChat(ctx, forum, { chatId: -100111, title: 'x', isForum: true }))).toBe('used');

    await db.ds.getRepository(StaffChat).update({ id: chat.id }, { status: 'bot_removed' });
    const auto = await issueChatBindCode(ctx, admin.id, { departmentId: dept.id });
    const moved = await bindChat(ctx, auto, { chatId: -100111, title: 'Rose training', isForum: false });
    expect(moved).toMatchObject({ id: chat.id, teamId: null, departmentId: dept.id, layout: 'plain', status: 'active', title: 'Rose training' });
    expect(await db.ds.getRepository(StaffChat).count()).toBe(1);
    const binds = await auditRows(db.ds, { action: 'bind' });
    expect(binds.map((b) => b.before)).toEqual([null, { teamId: team.id, departmentId: null, layout: 'forum', status: 'bot_removed' }]);
  });
});
