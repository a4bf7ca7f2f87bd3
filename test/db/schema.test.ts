import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, openDatabase } from '../../core/db/data-source.ts';
import { Requester, RequesterChannel, Ticket } from '../../core/entities/index.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';
import { saveRequester } from '../support/requesters.ts';

for (const [name, make] of [
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const) {
  describe(`schema on ${name}`, () => {
    let db: TestDatabase;
    afterAll(async () => db?.close());

    it('migrations build the whole schema, and the entities see no drift', async () => {
      db = await make();
      const drift = await db.ds.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);
    });

    it('a second open runs no migration', async () => {
      const { ds, ran } = await openDatabase(db.target);
      expect(ran).toEqual([]);
      await ds.destroy();
    });

    it('round-trips Telegram ids as numbers and dates with milliseconds', async () => {
      const saved = await saveRequester(db.ds.manager, { telegramId: 7_123_456_789, fullName: 'مریم کاظمی' });
      const back = await db.ds.getRepository(RequesterChannel).findOneByOrFail({ requesterId: saved.id });
      expect(back.userId).toBe(7_123_456_789);
      expect(typeof back.userId).toBe('number');
      expect(typeof back.chatId).toBe('number');
      expect((await db.ds.getRepository(Requester).findOneByOrFail({ id: saved.id })).fullName).toBe('مریم کاظمی');
      const at = new Date('2026-12-09T12:00:00.123Z');
      const t = db.ds.getRepository(Ticket);
      const ticket = await t.save(t.create({ number: 1001, title: 'آزمون', createdAt: at, updatedAt: at, lastActivityAt: at, tags: ['زعفران'] }));
      const again = await t.findOneByOrFail({ id: ticket.id });
      expect(again.createdAt.toISOString()).toBe(at.toISOString());
      expect(again.tags).toEqual(['زعفران']);
      expect(again.state).toBe('new');
    });
  });
}

describe('data source options', () => {
  it('uses the mariadb driver for mysql:// URLs too', () => {
    const o = dataSourceOptions({ kind: 'mariadb', url: 'mysql://u@h/db' });
    expect(o.type).toBe('mariadb');
    expect(o instanceof Object && DataSource).toBeTruthy();
  });
});
