/**
 * Plain parametrised SQL for the hot inbound path (followup-batch.ts): one multi-row INSERT … RETURNING for
 * many rows of one entity, with each value encoded by the dialect's own TypeORM driver (dates, JSON columns,
 * enums exactly as TypeORM writes them), but without TypeORM's per-entity query building. Both dialects:
 * MariaDB (10.5+) and SQLite (3.35+) answer INSERT … RETURNING.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts the rows (objects keyed by property name; every row the same keys) in one statement and returns the
 * columns named in `returning` (property names) of each inserted row, in no guaranteed order: callers match
 * them by a unique column.
 */
export async function insertReturning<T extends ObjectLiteral, K extends keyof T & string>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
  returning: readonly K[],
): Promise<Pick<T, K>[]> {
  if (!rows.length) return [];
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const keys = Object.keys(rows[0]!);
  const columns = keys.map((k) => {
    const c = meta.findColumnWithPropertyName(k);
    if (!c) throw new Error(`${meta.name} has no column ${k}`);
    return c;
  });
  const params: unknown[] = [];
  const tuple = `(${keys.map(() => '?').join(', ')})`;
  for (const row of rows)
    for (let i = 0; i < keys.length; i++) params.push(driver.preparePersistentValue((row as Record<string, unknown>)[keys[i]!], columns[i]!));
  const back = returning.map((k) => {
    const c = meta.findColumnWithPropertyName(k);
    if (!c) throw new Error(`${meta.name} has no column ${k}`);
    return { k, c };
  });
  const sql =
    `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ` +
    rows.map(() => tuple).join(', ') +
    ` RETURNING ${back.map(({ c }) => driver.escape(c.databaseName)).join(', ')}`;
  const raw = (await em.query(sql, params)) as Record<string, unknown>[];
  return raw.map((r) => {
    const out: Record<string, unknown> = {};
    for (const { k, c } of back) out[k] = driver.prepareHydratedValue(r[c.databaseName], c);
    return out as Pick<T, K>;
  });
}
