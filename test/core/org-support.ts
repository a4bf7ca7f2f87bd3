/** Shared set-up of the organisation-service tests: both databases, a context, staff accounts made directly. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import type { StaffRole } from '../../core/entities/enums.ts';
import { StaffAccount } from '../../core/entities/people.ts';
import { AuditEntry } from '../../core/entities/system.ts';
import { ValidationError } from '../../core/services/errors.ts';
import { createMariaDb, createSqliteDb, type TestDatabase } from '../support/db.ts';

export const DATABASES = [
  ['MariaDB', createMariaDb],
  ['SQLite', createSqliteDb],
] as const satisfies readonly (readonly [string, () => Promise<TestDatabase>])[];

const execFileAsync = promisify(execFile);

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

export async function auditRows(ds: DataSource, where: FindOptionsWhere<AuditEntry> = {}): Promise<AuditEntry[]> {
  return ds.getRepository(AuditEntry).find({ where, order: { id: 'ASC' } });
}

/** runs test/core/org-child.ts in `n` processes at once and returns their outcomes */
export async function inChildProcesses(db: TestDatabase, n: number, op: Record<string, unknown>): Promise<string[]> {
  const startAt = Date.now() + 2500;
  const cmd = JSON.stringify({ target: db.target, startAt, ...op });
  const runs = Array.from({ length: n }, () =>
    execFileAsync(process.execPath, ['--import', 'tsx', 'test/core/org-child.ts', cmd], { cwd: process.cwd(), timeout: 60_000 }),
  );
  return (await Promise.all(runs)).map((r) => (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { outcome: string }).outcome);
}
