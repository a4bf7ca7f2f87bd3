/**
 * Where a ticket's staff messages go (core/notify/staff-chats.ts staffChatOf; spreading by backlog: staff-chat-spread.test.ts): the
 * chat the ticket is bound to unless the bot was removed from it, else an active chat of its department, else
 * an active chat of its team; chats not active are passed over, and nothing matches gives null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffChat } from '../../core/entities/org.ts';
import { staffChatOf } from '../../core/notify/staff.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';

describe.each(DIALECTS)('staff-chat-of on %s', (dialect) => {
  describe('staffChatOf', () => {
    let db: TestDatabase;
    let b: Basics;
    beforeAll(async () => {
      db = await createTestDb(dialect);
      b = await seedBasics(db.ds);
    }, 60_000);
    afterAll(() => db?.close());

    it("prefers the bound chat, then the department's, then the team's, and skips chats not active", async () => {
      const repo = db.ds.getRepository(StaffChat);
      const chat = (chatId: number, o: Partial<StaffChat>) =>
        repo.save(repo.create({ chatId, title: `g${chatId}`, layout: 'plain', teamId: null, departmentId: null, ...o }));
      const teamChat = await chat(-1001, { teamId: b.teamA.id });
      await chat(-1002, { teamId: b.teamA.id, status: 'not_admin' });
      const deptChat = await chat(-1003, { departmentId: b.department.id });
      const bound = await chat(-1004, { teamId: b.teamB.id });
      const em = db.ds.manager;
      const at = (t: { staffChatId?: number | null; departmentId?: number | null; teamId?: number | null }) =>
        staffChatOf(em, { staffChatId: null, departmentId: null, teamId: null, ...t }).then((c) => c?.chatId ?? null);

      expect(await at({ staffChatId: bound.id, departmentId: b.department.id, teamId: b.teamA.id })).toBe(bound.chatId);
      expect(await at({ departmentId: b.department.id, teamId: b.teamA.id })).toBe(deptChat.chatId);
      expect(await at({ teamId: b.teamA.id })).toBe(teamChat.chatId);
      expect(await at({})).toBeNull();
      expect(await at({ teamId: b.teamB.id + 1000 })).toBeNull();

      // the bot was removed from the bound chat: the department's takes over; a department chat where the bot is no admin is passed over
      await repo.update({ id: bound.id }, { status: 'bot_removed' });
      expect(await at({ staffChatId: bound.id, departmentId: b.department.id, teamId: b.teamA.id })).toBe(deptChat.chatId);
      await repo.update({ id: deptChat.id }, { status: 'not_admin' });
      expect(await at({ staffChatId: bound.id, departmentId: b.department.id, teamId: b.teamA.id })).toBe(teamChat.chatId);
      // a bound chat where the bot lost its admin rights (not removed) still gets the ticket's messages, as before
      await repo.update({ id: bound.id }, { status: 'not_admin' });
      expect(await at({ staffChatId: bound.id, teamId: b.teamA.id })).toBe(bound.chatId);
    });
  });
});
