/**
 * Plain parametrised SQL for the hot inbound path (followup-batch.ts, the update journal): one multi-row
 * INSERT … RETURNING (or INSERT that skips existing keys) for many rows of one entity, with each value encoded by
 * the dialect's own TypeORM driver (dates, JSON columns, enums exactly as TypeORM writes them), and a DELETE by a
 * list of keys, without TypeORM's query building (its named-parameter handling grows with the square of a long
 * IN list or VALUES list: a journal batch has 400 parameters). Both dialects: MariaDB (10.5+) and SQLite (3.35+)
 * answer INSERT … RETURNING.
 */
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isMariaDb } from './data-source.ts';

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

const columnOf = (em: EntityManager, entity: EntityTarget<ObjectLiteral>, property: string): ColumnMetadata => {
  const meta = em.connection.getMetadata(entity);
  const c = meta.findColumnWithPropertyName(property);
  if (!c) throw new Error(`${meta.name} has no column ${property}`);
  return c;
};

/** inserts the rows (every row the same keys), leaving alone those whose unique key exists already: one statement */
export async function insertIgnore<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[]): Promise<void> {
  if (!rows.length) return;
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const keys = Object.keys(rows[0]!);
  const columns = keys.map((k) => columnOf(em, entity, k));
  const params: unknown[] = [];
  for (const row of rows)
    for (let i = 0; i < keys.length; i++) params.push(driver.preparePersistentValue((row as Record<string, unknown>)[keys[i]!], columns[i]!));
  const tuple = `(${keys.map(() => '?').join(', ')})`;
  const verb = isMariaDb(em.connection) ? 'INSERT IGNORE INTO' : 'INSERT OR IGNORE INTO';
  await em.query(
    `${verb} ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
    params,
  );
}

/** deletes the rows whose `property` is one of `values`: one statement */
export async function deleteWhereIn<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  property: keyof T & string,
  values: readonly unknown[],
): Promise<void> {
  if (!values.length) return;
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const c = columnOf(em, entity, property);
  await em.query(
    `DELETE FROM ${driver.escape(meta.tableName)} WHERE ${driver.escape(c.databaseName)} IN (${values.map(() => '?').join(', ')})`,
    values.map((v) => driver.preparePersistentValue(v, c)),
  );
}

/** the table's name, quoted for the dialect */
export const tableOf = (em: EntityManager, entity: EntityTarget<ObjectLiteral>): string =>
  em.connection.driver.escape(em.connection.getMetadata(entity).tableName);

/** `alias.column` of a property, quoted for the dialect */
export const columnSql = (em: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string, property: string): string =>
  `${alias}.${em.connection.driver.escape(columnOf(em, entity, property).databaseName)}`;

/**
 * A SELECT of every column of `entity` (as `alias`) plus `extra` expressions, written by the caller after the
 * FROM (`rest`: joins, WHERE with `?` placeholders, ORDER BY, FOR UPDATE), each row hydrated as TypeORM does
 * (its driver's decoding of dates, JSON, booleans, transformers) into an instance of the entity, without
 * TypeORM's query building: for the reads of the inbound path, which run for every batch of messages.
 */
export async function selectEntities<T extends ObjectLiteral, X extends string = never>(
  em: EntityManager,
  entity: EntityTarget<T>,
  alias: string,
  rest: string,
  params: readonly unknown[],
  extra: Record<X, string> = {} as Record<X, string>,
): Promise<{ entity: T; extra: Record<X, unknown> }[]> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const cols = meta.columns;
  const extras = Object.entries(extra) as [X, string][];
  const select = [
    ...cols.map((c, i) => `${alias}.${driver.escape(c.databaseName)} AS ${driver.escape(`c${i}`)}`),
    ...extras.map(([name, sql]) => `${sql} AS ${driver.escape(`x_${name}`)}`),
  ].join(', ');
  const raw = (await em.query(`SELECT ${select} FROM ${driver.escape(meta.tableName)} ${alias} ${rest}`, [...params])) as Record<string, unknown>[];
  return raw.map((r) => {
    const e = meta.create(undefined, { fromDeserializer: true }) as T;
    cols.forEach((c, i) => c.setEntityValue(e, driver.prepareHydratedValue(r[`c${i}`], c)));
    const x = {} as Record<X, unknown>;
    for (const [name] of extras) x[name] = r[`x_${name}`];
    return { entity: e, extra: x };
  });
}
