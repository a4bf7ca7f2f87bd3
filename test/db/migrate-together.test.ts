/**
 * Several processes starting at once on a new MariaDB database (docker-compose's replicas): the migrations run
 * once, under a named lock, and every process starts.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/data-source.ts';
import { createMariaDb } from '../support/db.ts';

describe('processes starting together on a new MariaDB database', () => {
  it('run the migrations once between them, and all of them start', { timeout: 120_000 }, async () => {
    const db = await createMariaDb({ migrate: false });
    try {
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase(db.target)));
      try {
        const ran = opened.map((o) => o.ran.length);
        expect(ran.filter((n) => n > 0)).toHaveLength(1);
        const rows = (await db.ds.query('SELECT COUNT(*) AS n FROM schema_migrations')) as { n: string | number }[];
        expect(Number(rows[0]!.n)).toBe(Math.max(...ran));
      } finally {
        for (const o of opened) await o.ds.destroy();
      }
    } finally {
      await db.close();
    }
  });
});
