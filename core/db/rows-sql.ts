/**
 * Plain parametrised SQL for the hot inbound path (followup-batch.ts, the update journal): one multi-row
 * INSERT … RETURNING (or INSERT that skips existing keys) for many rows of one entity, with each value encoded by
 * the dialect's own TypeORM driver (dates, JSON columns, enums exactly as TypeORM writes them), and a DELETE by a
 * list of keys, without TypeORM's query building (its named-parameter handling grows with the square of a long
 * IN list or VALUES list: a journal batch has 400 parameters). Both dialects: MariaDB (10.5+) and SQLite (3.35+)
 * answer INSERT … RETURNING.
 */
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
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
  const plan = selectPlan(em, meta, alias);
  const { raw, extrasOf } = await selectRows(em, [plan], rest, params, extra);
  return raw.map((r) => ({ entity: hydrate<T>(em, meta, plan, r), extra: extrasOf(r) }));
}

/**
 * selectEntities for two entities of one statement: every column of `a` (as `aliasA`, the table after FROM) and of
 * `b` (as `aliasB`, joined by the caller in `rest`, usually a LEFT JOIN), plus `extra`. `b` is null on a row where
 * its primary key is null (nothing joined). `a` is decoded once per distinct primary key (the rows of one `a` with
 * several `b` share the instance).
 */
export async function selectPairs<A extends ObjectLiteral, B extends ObjectLiteral, X extends string = never>(
  em: EntityManager,
  a: [EntityTarget<A>, string],
  b: [EntityTarget<B>, string],
  rest: string,
  params: readonly unknown[],
  extra: Record<X, string> = {} as Record<X, string>,
): Promise<{ a: A; b: B | null; extra: Record<X, unknown> }[]> {
  const [metaA, metaB] = [em.connection.getMetadata(a[0]), em.connection.getMetadata(b[0])];
  const [planA, planB] = [selectPlan(em, metaA, a[1]), selectPlan(em, metaB, b[1])];
  const { raw, extrasOf } = await selectRows(em, [planA, planB], rest, params, extra);
  const seen = new Map<string, A>();
  return raw.map((r) => {
    const ka = planA.keys.map((k) => r[k]).join('\u0000');
    let ea = seen.get(ka);
    if (!ea) seen.set(ka, (ea = hydrate<A>(em, metaA, planA, r)));
    const eb = planB.keys.some((k) => r[k] === null || r[k] === undefined) ? null : hydrate<B>(em, metaB, planB, r);
    return { a: ea, b: eb, extra: extrasOf(r) };
  });
}

/** the statement of selectEntities / selectPairs: the plans' columns and the extras (as `x_<name>`) after them */
async function selectRows<X extends string>(
  em: EntityManager,
  plans: SelectPlan[],
  rest: string,
  params: readonly unknown[],
  extra: Record<X, string>,
): Promise<{ raw: Record<string, unknown>[]; extrasOf: (r: Record<string, unknown>) => Record<X, unknown> }> {
  const driver = em.connection.driver;
  const names = Object.keys(extra) as X[];
  const list = [...plans.map((p) => p.columns), ...names.map((n) => `${extra[n]} AS ${driver.escape(`x_${n}`)}`)].join(', ');
  const raw = (await em.query(`SELECT ${list} FROM ${plans[0]!.from} ${rest}`, [...params])) as Record<string, unknown>[];
  const extrasOf = (r: Record<string, unknown>) => {
    const x = {} as Record<X, unknown>;
    for (const n of names) x[n] = r[`x_${n}`];
    return x;
  };
  return { raw, extrasOf };
}

/** one entity of a result row, decoded as TypeORM does */
function hydrate<T extends ObjectLiteral>(em: EntityManager, meta: EntityMetadata, plan: SelectPlan, r: Record<string, unknown>): T {
  const driver = em.connection.driver;
  const { cols, names, flat } = plan;
  const e = meta.create(undefined, { fromDeserializer: true }) as T;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    const v = driver.prepareHydratedValue(r[names[i]!], c);
    if (flat[i]) (e as Record<string, unknown>)[c.propertyName] = v;
    else c.setEntityValue(e, v);
  }
  return e;
}

interface SelectPlan {
  /** `alias.col AS alias_0, …` of every column */
  columns: string;
  /** the quoted table */
  from: string;
  cols: ColumnMetadata[];
  /** the result's key of each column (alias_0, alias_1, …) */
  names: string[];
  /** the column is a plain property of the entity (no embedded object): set directly */
  flat: boolean[];
  /** the result's keys of the primary columns */
  keys: string[];
}

/** the SELECT list of an entity under an alias, made once per data source (the hot path reads the same shapes) */
const plans = new WeakMap<object, Map<string, SelectPlan>>();
function selectPlan(em: EntityManager, meta: EntityMetadata, alias: string): SelectPlan {
  let byKey = plans.get(meta);
  if (!byKey) plans.set(meta, (byKey = new Map()));
  let plan = byKey.get(alias);
  if (!plan) {
    const driver = em.connection.driver;
    const cols = meta.columns;
    // the alias in the result keys: two entities' plans in one SELECT (selectPairs) must not share them
    const names = cols.map((_, i) => `${alias}_${i}`);
    plan = {
      columns: cols.map((c, i) => `${alias}.${driver.escape(c.databaseName)} AS ${driver.escape(names[i]!)}`).join(', '),
      from: `${driver.escape(meta.tableName)} ${alias}`,
      cols,
      names,
      flat: cols.map((c) => !c.embeddedMetadata && !c.relationMetadata),
      keys: meta.primaryColumns.map((pc) => names[cols.indexOf(pc)]!),
    };
    byKey.set(alias, plan);
  }
  return plan;
}
