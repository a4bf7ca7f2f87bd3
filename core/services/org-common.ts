/**
 * Shared pieces of the organisation services (settings, catalogue, teams, staff, calendars, canned replies):
 * who makes a configuration change, the role checks, zod input parsing into a ValidationError field map,
 * and plain snapshots for the audit log.
 *
 * Field errors are short codes (see ORG_ERROR_CODES) that front ends translate with `org-error-<code>`
 * (core/i18n/locales/<locale>/org.ftl).
 */
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { TeamMember } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts';

/**
 * Who makes a change: a staff account id (optionally with the request's IP), or null for the system
 * (start-up seeding, command-line tools). The system passes every role check.
 */
export type Who = number | null | { staffId: number | null; ip?: string };

export function whoOf(who: Who): { staffId: number | null; ip: string } {
  if (who === null || typeof who === 'number') return { staffId: who, ip: '' };
  return { staffId: who.staffId, ip: who.ip ?? '' };
}

/** an EntityManager from whatever a reader was given: a manager, a data source or a CoreContext */
export type ReadSource = EntityManager | DataSource | CoreContext;

export function managerOf(src: ReadSource): EntityManager {
  if (src instanceof DataSource) return src.manager;
  if ('ds' in src && 'clock' in src) return src.ds.manager;
  return src as EntityManager;
}

/** the acting staff account (active), or null for the system; NotFoundError for an unknown or inactive account */
export async function actingStaff(em: EntityManager, who: Who): Promise<StaffAccount | null> {
  const { staffId } = whoOf(who);
  if (staffId === null) return null;
  const staff = await em.findOne(StaffAccount, { where: { id: staffId } });
  if (!staff || !staff.active) throw new NotFoundError('staff', staffId);
  return staff;
}

/** admins only (and the system) */
export async function requireAdmin(em: EntityManager, who: Who): Promise<StaffAccount | null> {
  const staff = await actingStaff(em, who);
  if (staff && staff.role !== 'admin') throw new ForbiddenError('admins only');
  return staff;
}

/** admins and supervisors (and the system) */
export async function requireSupervisorOrAdmin(em: EntityManager, who: Who): Promise<StaffAccount | null> {
  const staff = await actingStaff(em, who);
  if (staff && staff.role === 'agent') throw new ForbiddenError('supervisors and admins only');
  return staff;
}

/** the ids of the teams where the account's membership carries the supervisor flag */
export async function supervisedTeamIds(src: ReadSource, staffId: number): Promise<number[]> {
  const rows = await managerOf(src).find(TeamMember, { where: { staffId, supervisor: true } });
  return rows.map((r) => r.teamId);
}

/**
 * Admins, and supervisors of this team (a supervisor membership of an account whose role is supervisor);
 * `teamId` null means a global object, which only admins manage.
 */
export async function requireTeamManager(em: EntityManager, who: Who, teamId: number | null): Promise<StaffAccount | null> {
  const staff = await actingStaff(em, who);
  if (!staff || staff.role === 'admin') return staff;
  if (staff.role === 'supervisor' && teamId !== null && (await supervisedTeamIds(em, staff.id)).includes(teamId)) return staff;
  throw new ForbiddenError(teamId === null ? 'admins only' : "only admins and the team's supervisors");
}

/** the field error codes the organisation services use */
export const ORG_ERROR_CODES = [
  'required',
  'too_long',
  'too_short',
  'invalid',
  'invalid_code',
  'duplicate',
  'out_of_range',
  'not_found',
  'in_use',
  'invalid_phone',
  'invalid_time',
  'invalid_date',
  'overlap',
  'invalid_token',
  'weak_password',
  'last_admin',
  'role',
  'already_linked',
  'not_forum',
  'invalid_username',
  'invalid_time_zone',
  'unknown_field',
  'no_working_time',
  'wrong_code',
  'second_factor_on',
  'second_factor_required',
] as const;
export type OrgErrorCode = (typeof ORG_ERROR_CODES)[number];

const isOrgCode = (s: string): s is OrgErrorCode => (ORG_ERROR_CODES as readonly string[]).includes(s);

function issueCode(issue: z.core.$ZodIssue): OrgErrorCode {
  if (isOrgCode(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'required' : 'invalid';
    case 'too_small':
      return issue.origin === 'string' ? (issue.minimum === 1 ? 'required' : 'too_short') : 'out_of_range';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'out_of_range';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'invalid';
  }
}

/** parses input with a zod schema; failures become a ValidationError mapping each field path to an error code */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    const key = [prefix, ...path.map(String)].filter((p) => p !== '').join('.') || '_';
    fields[key] ??= issueCode(issue);
  }
  throw new ValidationError(fields);
}

/** throws a ValidationError when any field has an error (a map of non-empty entries) */
export function assertNoFieldErrors(fields: Record<string, string | undefined | null | false>): void {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v) clean[k] = v;
  if (Object.keys(clean).length) throw new ValidationError(clean);
}

/** codes of catalogue entries (used in Telegram callback_data): ASCII slugs */
export const CODE_RE = /^[a-z0-9_-]{1,24}$/;
export const codeSchema = z.string().trim().toLowerCase().regex(CODE_RE, { message: 'invalid_code' });

/** a required single-line name, trimmed, with a maximum length */
export const nameSchema = (max: number) => z.string().trim().min(1).max(max);
/** an optional text that becomes null when empty */
export const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(max).nullable());
export const idSchema = z.number().int().positive();
export const optionalId = z.preprocess((v) => (v === '' || v === undefined ? null : v), idSchema.nullable());
export const sortOrderSchema = z.number().int().min(-100000).max(100000);

/** a plain copy of an entity for the audit log (dates as ISO strings, secrets left out) */
export function snapshot<T extends object>(row: T, omit: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (omit.includes(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** the fields of `after` that differ from `before` (both sides), for compact audit entries */
export function changed(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

/** new sort orders (10, 20, …) from an ordered id list that names every one of `existing` exactly once */
export function orderFromIds(ids: number[], existing: number[], field = 'ids'): Map<number, number> {
  const known = new Set(existing);
  const seen = new Set<number>();
  if (ids.length !== known.size) throw new ValidationError({ [field]: 'invalid' });
  for (const id of ids) {
    if (!known.has(id) || seen.has(id)) throw new ValidationError({ [field]: 'invalid' });
    seen.add(id);
  }
  return new Map(ids.map((id, i) => [id, (i + 1) * 10]));
}
