/** Shared set-up of the organisation-service tests: both databases, a context, staff accounts made directly. */
import type { DataSource } from 'typeorm';
import type { StaffRole } from '../../core/entities/enums.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { AuditEntry } from '../../core/entities/system.ts';
import { ValidationError } from '../../core/services/errors.ts';
import { openDatabase } from '../../core/db/data-source.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';

export const DATABASES = [
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const satisfies readonly (readonly [string, () => Promise<TestDatabase>])[];

let n = 0;
/** a staff account written straight to the table (no audit), for use as the actor */
export async function makeStaff(ds: DataSource, role: StaffRole, extra: Partial<StaffAccount> = {}): Promise<StaffAccount> {
  n++;
  const repo = ds.getRepository(StaffAccount);
  return repo.save(repo.create({ username: `${role}${n}_${Math.random().toString(36).slice(2, 6)}`, displayName: `${role} ${n}`, role, ...extra }));
}

/** the field map of the ValidationError the promise rejects with (fails the test otherwise) */
export async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
  throw new Error('expected a ValidationError, but the call succeeded');
}

export async function auditRows(ds: DataSource, where: Partial<AuditEntry> = {}): Promise<AuditEntry[]> {
  return ds.getRepository(AuditEntry).find({ where, order: { id: 'ASC' } });
}

/**
 * Another connection to the same database, as a second process would have (the bot and the panel). On SQLite
 * one DataSource is one connection that runs one transaction at a time, so concurrency tests use one
 * connection per concurrent caller.
 */
export async function secondConnection(db: TestDatabase): Promise<DataSource> {
  const { ds } = await openDatabase(db.target, { migrate: false });
  return ds;
}
