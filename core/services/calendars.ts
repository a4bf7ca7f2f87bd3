/**
 * Working calendars and SLA policies (DOMAIN.md "Service levels"), as admins maintain them:
 * - calendars: an IANA time zone and weekly working hours (several HH:MM intervals per weekday, start < end,
 *   no overlap; JS weekdays 0 = Sunday … 6 = Saturday), one of them the default;
 * - dated exceptions: holiday, closure (no work), short_day (these hours instead), extra_working_day (a day
 *   off that is worked: these hours, or the calendar's fullest weekday when none are given); dates typed in
 *   the Jalali calendar (۱۴۰۵/۰۱/۰۱) or Gregorian (2026-03-21), stored as the Gregorian YYYY-MM-DD;
 *   a year's list is imported in one step (`importExceptions`);
 * - SLA policies: match by team, subject and minimum priority; targets in working minutes with an optional
 *   wall-clock ceiling.
 * All changes are audited; field errors name the field (e.g. `weekly.4.0.end`: 'invalid_time').
 */
import { In, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { PRIORITIES } from '../entities/enums.ts';
import { Subject, Team } from '../entities/org.ts';
import { Calendar, CalendarException, SlaPolicy } from '../entities/sla.ts';
import { Ticket } from '../entities/ticket.ts';
import { gregorianToJalali, jalaliToGregorian, parseJalaliDate } from '../text/jalali.ts';
import { normalizePersian, toAsciiDigits } from '../text/normalize.ts';
import { transact, type Tx } from '../tx.ts';
import { auditBy } from './audit.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import {
  changed, managerOf, nameSchema, optionalId, optionalText, parseInput, requireAdmin, snapshot, sortOrderSchema,
  type ReadSource, type Who,
} from './org-common.ts';

export type Interval = { start: string; end: string };
export type WeeklyHours = Record<number, Interval[]>;
export const EXCEPTION_KINDS = ['holiday', 'closure', 'short_day', 'extra_working_day'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

// ---------------------------------------------------------------- validation of hours and dates

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** normalises `8:00`, `۰۸:۰۰` to `08:00`; returns null when not a time of day (24:00 allowed as an end) */
export function normalizeTime(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(toAsciiDigits(input).trim());
  if (!m) return null;
  const s = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return TIME_RE.test(s) ? s : null;
}

/** checks and normalises a day's intervals; errors go to `fields` under `prefix.i.start|end` / `prefix.i` */
function checkIntervals(raw: unknown, prefix: string, fields: Record<string, string>): Interval[] {
  if (!Array.isArray(raw)) {
    fields[prefix] = 'invalid';
    return [];
  }
  if (raw.length > 8) fields[prefix] = 'out_of_range';
  const out: Interval[] = [];
  raw.forEach((iv: unknown, i) => {
    const o = (iv ?? {}) as { start?: unknown; end?: unknown };
    const start = normalizeTime(o.start);
    const end = normalizeTime(o.end);
    if (!start || start === '24:00') fields[`${prefix}.${i}.start`] = 'invalid_time';
    if (!end) fields[`${prefix}.${i}.end`] = 'invalid_time';
    if (start && end && start !== '24:00' && minutesOf(start) >= minutesOf(end)) fields[`${prefix}.${i}.end`] = 'invalid_time';
    if (start && end) out.push({ start, end });
  });
  const sorted = out.map((iv, i) => ({ ...iv, i })).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  for (let k = 1; k < sorted.length; k++) {
    if (minutesOf(sorted[k]!.start) < minutesOf(sorted[k - 1]!.end)) fields[`${prefix}.${sorted[k]!.i}`] = 'overlap';
  }
  return sorted.map(({ start, end }) => ({ start, end }));
}

/** validates weekly hours (keys 0–6; a missing day is a day off); throws ValidationError with `weekly.<day>…` fields */
export function validateWeekly(raw: unknown): WeeklyHours {
  const fields: Record<string, string> = {};
  const out: WeeklyHours = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError({ weekly: 'invalid' });
  for (const [key, value] of Object.entries(raw)) {
    if (!/^[0-6]$/.test(key)) {
      fields[`weekly.${key}`] = 'invalid';
      continue;
    }
    const day = checkIntervals(value, `weekly.${key}`, fields);
    if (day.length) out[Number(key)] = day;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return out;
}

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * A date as an admin types it: Jalali (year < 1700, `۱۴۰۵/۰۱/۰۱`, `1405-1-1`) or Gregorian (`2026-03-21`,
 * `2026/03/21`) → Gregorian `YYYY-MM-DD`; null when it is not an existing date.
 */
export function parseAdminDate(input: string): string | null {
  const s = toAsciiDigits(input).replace(/[\u200C-\u200F\u202A-\u202E\u2066-\u2069]/g, '').trim();
  const m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let g: { y: number; m: number; d: number };
  if (y < 1700) {
    const j = parseJalaliDate(s);
    if (!j) return null;
    g = jalaliToGregorian(j.y, j.m, j.d);
  } else {
    try {
      gregorianToJalali(y, mo, d);
    } catch {
      return null;
    }
    g = { y, m: mo, d };
  }
  return `${g.y}-${String(g.m).padStart(2, '0')}-${String(g.d).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- calendars

export const listCalendars = (src: ReadSource) => managerOf(src).find(Calendar, { order: { isDefault: 'DESC', name: 'ASC', id: 'ASC' } });
export const getCalendar = (src: ReadSource, id: number) => managerOf(src).findOne(Calendar, { where: { id } });
export const getDefaultCalendar = (src: ReadSource) => managerOf(src).findOne(Calendar, { where: { isDefault: true }, order: { id: 'ASC' } });

const calendarInput = z.object({
  name: nameSchema(120),
  timeZone: z.string().trim().refine(isTimeZone, { message: 'invalid_time_zone' }).optional(),
  weekly: z.unknown(),
  isDefault: z.boolean().optional(),
}).strict();
export type CalendarInput = { name: string; timeZone?: string; weekly: WeeklyHours; isDefault?: boolean };

async function clearOtherDefaults(tx: Tx, keepId: number): Promise<void> {
  const others = await tx.em.find(Calendar, { where: { isDefault: true } });
  for (const c of others) if (c.id !== keepId) await tx.em.update(Calendar, { id: c.id }, { isDefault: false });
}

export async function createCalendar(ctx: CoreContext, who: Who, input: CalendarInput): Promise<Calendar> {
  const v = parseInput(calendarInput, input);
  const weekly = validateWeekly(v.weekly);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const first = (await tx.em.count(Calendar)) === 0;
    const row = await tx.em.save(Calendar, tx.em.create(Calendar, {
      name: v.name,
      timeZone: v.timeZone ?? ctx.timeZone,
      weekly,
      isDefault: v.isDefault ?? first,
    }));
    if (row.isDefault) await clearOtherDefaults(tx, row.id);
    await auditBy(tx, who, { action: 'create', entity: 'calendar', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

export async function updateCalendar(ctx: CoreContext, who: Who, id: number, patch: Partial<CalendarInput>): Promise<Calendar> {
  const v = parseInput(calendarInput.partial(), patch);
  const weekly = v.weekly === undefined ? undefined : validateWeekly(v.weekly);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(Calendar, { where: { id } });
    if (!row) throw new NotFoundError('calendar', id);
    if (v.isDefault === false && row.isDefault) throw new ValidationError({ isDefault: 'required' });
    const before = snapshot(row);
    if (v.name !== undefined) row.name = v.name;
    if (v.timeZone !== undefined) row.timeZone = v.timeZone;
    if (weekly !== undefined) row.weekly = weekly;
    if (v.isDefault) row.isDefault = true;
    const saved = await tx.em.save(Calendar, row);
    if (saved.isDefault) await clearOtherDefaults(tx, id);
    const diff = changed(before, snapshot(saved));
    if (Object.keys(diff.after).length) await auditBy(tx, who, { action: 'update', entity: 'calendar', entityId: id, ...diff });
    return saved;
  });
}

export const setDefaultCalendar = (ctx: CoreContext, who: Who, id: number) => updateCalendar(ctx, who, id, { isDefault: true });

/** deletes a calendar no team or policy uses (and that is not the default), with its exceptions */
export async function deleteCalendar(ctx: CoreContext, who: Who, id: number): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(Calendar, { where: { id } });
    if (!row) throw new NotFoundError('calendar', id);
    if (row.isDefault || (await tx.em.existsBy(Team, { calendarId: id })) || (await tx.em.existsBy(SlaPolicy, { calendarId: id }))) {
      throw new ValidationError({ id: 'in_use' });
    }
    await tx.em.delete(CalendarException, { calendarId: id });
    await tx.em.delete(Calendar, { id });
    await auditBy(tx, who, { action: 'delete', entity: 'calendar', entityId: id, before: snapshot(row) });
  });
}

// ---------------------------------------------------------------- exceptions

export async function listExceptions(src: ReadSource, calendarId: number, range: { from?: string; to?: string } = {}): Promise<CalendarException[]> {
  const qb = managerOf(src).createQueryBuilder(CalendarException, 'e').where('e.calendarId = :calendarId', { calendarId }).orderBy('e.date', 'ASC');
  if (range.from) qb.andWhere('e.date >= :from', { from: range.from });
  if (range.to) qb.andWhere('e.date <= :to', { to: range.to });
  return qb.getMany();
}

export interface ExceptionInput {
  /** Jalali or Gregorian, as typed */
  date: string;
  kind: ExceptionKind;
  intervals?: Interval[] | null;
  note?: string | null;
}

/** the weekday pattern with the most working minutes (hours of an extra working day given without hours) */
function fullestDay(weekly: WeeklyHours): Interval[] {
  let best: Interval[] = [];
  let bestMinutes = -1;
  for (const day of Object.values(weekly)) {
    const total = day.reduce((s, iv) => s + minutesOf(iv.end) - minutesOf(iv.start), 0);
    if (total > bestMinutes) [best, bestMinutes] = [day, total];
  }
  return best;
}

/** validates one exception; `prefix` names the fields (`line.3` for an import) */
function checkException(input: ExceptionInput, calendar: Calendar, prefix = ''): Omit<CalendarException, 'id' | 'calendarId'> {
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const fields: Record<string, string> = {};
  const date = typeof input.date === 'string' ? parseAdminDate(input.date) : null;
  if (!date) fields[f('date')] = 'invalid_date';
  if (!EXCEPTION_KINDS.includes(input.kind)) fields[f('kind')] = 'invalid';
  let intervals: Interval[] | null = null;
  if (input.kind === 'short_day' || input.kind === 'extra_working_day') {
    if (input.intervals && input.intervals.length) intervals = checkIntervals(input.intervals, f('intervals'), fields);
    else if (input.kind === 'short_day') fields[f('intervals')] = 'required';
    else intervals = fullestDay(calendar.weekly);
  } else if (input.intervals && input.intervals.length) {
    fields[f('intervals')] = 'invalid';
  }
  const note = input.note == null ? null : normalizePersian(String(input.note), { singleLine: true }).trim().slice(0, 200) || null;
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return { date: date!, kind: input.kind, intervals, note };
}

async function mustCalendar(em: EntityManager, id: number): Promise<Calendar> {
  const c = await em.findOne(Calendar, { where: { id } });
  if (!c) throw new NotFoundError('calendar', id);
  return c;
}

export async function addException(ctx: CoreContext, who: Who, calendarId: number, input: ExceptionInput): Promise<CalendarException> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const calendar = await mustCalendar(tx.em, calendarId);
    const v = checkException(input, calendar);
    if (await tx.em.existsBy(CalendarException, { calendarId, date: v.date })) throw new ValidationError({ date: 'duplicate' });
    const row = await tx.em.save(CalendarException, tx.em.create(CalendarException, { calendarId, ...v }));
    await auditBy(tx, who, { action: 'add_exception', entity: 'calendar', entityId: calendarId, after: snapshot(row) });
    return row;
  });
}

export async function updateException(ctx: CoreContext, who: Who, id: number, input: ExceptionInput): Promise<CalendarException> {
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(CalendarException, { where: { id } });
    if (!row) throw new NotFoundError('calendar exception', id);
    const v = checkException(input, await mustCalendar(tx.em, row.calendarId));
    const other = await tx.em.findOne(CalendarException, { where: { calendarId: row.calendarId, date: v.date } });
    if (other && other.id !== id) throw new ValidationError({ date: 'duplicate' });
    const before = snapshot(row);
    Object.assign(row, v);
    const saved = await tx.em.save(CalendarException, row);
    await auditBy(tx, who, { action: 'update_exception', entity: 'calendar', entityId: row.calendarId, ...changed(before, snapshot(saved)) });
    return saved;
  });
}

export async function removeException(ctx: CoreContext, who: Who, id: number): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(CalendarException, { where: { id } });
    if (!row) return;
    await tx.em.delete(CalendarException, { id });
    await auditBy(tx, who, { action: 'remove_exception', entity: 'calendar', entityId: row.calendarId, before: snapshot(row) });
  });
}

/** words for the kinds in an imported line (English and Persian) */
const KIND_WORDS: Record<string, ExceptionKind> = {
  holiday: 'holiday', 'تعطیل': 'holiday', 'تعطیلی': 'holiday', 'تعطیل‌رسمی': 'holiday',
  closure: 'closure', closed: 'closure', 'بسته': 'closure', 'تعطیلی‌اداری': 'closure',
  short_day: 'short_day', short: 'short_day', 'نیمه‌وقت': 'short_day', 'کوتاه': 'short_day', 'نیمه‌تعطیل': 'short_day',
  extra_working_day: 'extra_working_day', working: 'extra_working_day', extra: 'extra_working_day', 'کاری': 'extra_working_day',
};
const RANGE_RE = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/;

/**
 * Parses one line of a year's list: `DATE [KIND] [HH:MM-HH:MM …] [note…]` (KIND defaults to holiday; a short
 * day or extra working day may list its hours). Blank lines and lines starting with # give null.
 */
export function parseExceptionLine(line: string): ExceptionInput | null {
  const clean = normalizePersian(line, { singleLine: true }).trim();
  if (!clean || clean.startsWith('#')) return null;
  const tokens = clean.split(/[\s,،\t]+/);
  const date = tokens.shift() ?? '';
  let kind: ExceptionKind = 'holiday';
  const kindWord = tokens[0]?.toLowerCase();
  if (kindWord && KIND_WORDS[kindWord]) {
    kind = KIND_WORDS[kindWord];
    tokens.shift();
  }
  const intervals: Interval[] = [];
  while (tokens.length && RANGE_RE.test(toAsciiDigits(tokens[0]!))) {
    const m = RANGE_RE.exec(toAsciiDigits(tokens.shift()!))!;
    intervals.push({ start: m[1]!, end: m[2]! });
  }
  return { date, kind, intervals: intervals.length ? intervals : null, note: tokens.join(' ') || null };
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports a year's list (text with one exception per line, or the lines). All lines are checked first; any
 * error refuses the whole list with fields `line.<n>.date|kind|intervals` (n from 1). A date already in the
 * calendar is replaced. Audited when something changed.
 */
export async function importExceptions(ctx: CoreContext, who: Who, calendarId: number, lines: string | string[]): Promise<ImportResult> {
  const list = typeof lines === 'string' ? lines.split(/\r?\n/) : lines;
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const calendar = await mustCalendar(tx.em, calendarId);
    const fields: Record<string, string> = {};
    const parsed: Omit<CalendarException, 'id' | 'calendarId'>[] = [];
    const seen = new Map<string, number>();
    list.forEach((line, i) => {
      const input = parseExceptionLine(line);
      if (!input) return;
      try {
        const v = checkException(input, calendar, `line.${i + 1}`);
        if (seen.has(v.date)) fields[`line.${i + 1}.date`] = 'duplicate';
        seen.set(v.date, i + 1);
        parsed.push(v);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        Object.assign(fields, err.fields);
      }
    });
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const dates = parsed.map((p) => p.date);
    const existing = new Map(
      (dates.length ? await tx.em.find(CalendarException, { where: { calendarId, date: In(dates) } }) : []).map((e) => [e.date, e]),
    );
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0 };
    for (const v of parsed) {
      const old = existing.get(v.date);
      if (!old) {
        await tx.em.insert(CalendarException, { calendarId, ...v });
        result.created++;
      } else if (old.kind !== v.kind || JSON.stringify(old.intervals) !== JSON.stringify(v.intervals) || old.note !== v.note) {
        await tx.em.update(CalendarException, { id: old.id }, v);
        result.updated++;
      } else {
        result.unchanged++;
      }
    }
    if (result.created || result.updated) {
      await auditBy(tx, who, { action: 'import_exceptions', entity: 'calendar', entityId: calendarId, after: { ...result, dates } });
    }
    return result;
  });
}

// ---------------------------------------------------------------- SLA policies

export const listSlaPolicies = (src: ReadSource, opts: { activeOnly?: boolean } = {}) =>
  managerOf(src).find(SlaPolicy, { where: opts.activeOnly ? { active: true } : {}, order: { sortOrder: 'ASC', id: 'ASC' } });
export const getSlaPolicy = (src: ReadSource, id: number) => managerOf(src).findOne(SlaPolicy, { where: { id } });

const MAX_MINUTES = 366 * 24 * 60;
const minutes = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.number().int().min(1).max(MAX_MINUTES).nullable());

const policyInput = z.object({
  name: nameSchema(120),
  teamId: optionalId.optional(),
  subjectId: optionalId.optional(),
  minPriority: z.enum(PRIORITIES).nullable().optional(),
  firstResponseMinutes: minutes.optional(),
  resolutionMinutes: minutes.optional(),
  ceilingMinutes: minutes.optional(),
  calendarId: optionalId.optional(),
  sortOrder: sortOrderSchema.optional(),
  active: z.boolean().optional(),
}).strict();
export type SlaPolicyInput = z.input<typeof policyInput>;

async function checkPolicy(em: EntityManager, p: Partial<SlaPolicy>): Promise<void> {
  const fields: Record<string, string> = {};
  if (p.firstResponseMinutes == null && p.resolutionMinutes == null) fields.firstResponseMinutes = 'required';
  if (p.teamId != null && !(await em.existsBy(Team, { id: p.teamId }))) fields.teamId = 'not_found';
  if (p.subjectId != null && !(await em.existsBy(Subject, { id: p.subjectId }))) fields.subjectId = 'not_found';
  if (p.calendarId != null && !(await em.existsBy(Calendar, { id: p.calendarId }))) fields.calendarId = 'not_found';
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

export async function createSlaPolicy(ctx: CoreContext, who: Who, input: SlaPolicyInput): Promise<SlaPolicy> {
  const v = parseInput(policyInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = tx.em.create(SlaPolicy, {
      teamId: null, subjectId: null, minPriority: null, firstResponseMinutes: null, resolutionMinutes: null,
      ceilingMinutes: null, calendarId: null, sortOrder: 0, active: true,
      ...v,
    });
    await checkPolicy(tx.em, row);
    const saved = await tx.em.save(SlaPolicy, row);
    await auditBy(tx, who, { action: 'create', entity: 'sla_policy', entityId: saved.id, after: snapshot(saved) });
    return saved;
  });
}

export async function updateSlaPolicy(ctx: CoreContext, who: Who, id: number, patch: Partial<SlaPolicyInput>): Promise<SlaPolicy> {
  const v = parseInput(policyInput.partial(), patch);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(SlaPolicy, { where: { id } });
    if (!row) throw new NotFoundError('sla policy', id);
    const before = snapshot(row);
    Object.assign(row, v);
    await checkPolicy(tx.em, row);
    const saved = await tx.em.save(SlaPolicy, row);
    const diff = changed(before, snapshot(saved));
    if (Object.keys(diff.after).length) await auditBy(tx, who, { action: 'update', entity: 'sla_policy', entityId: id, ...diff });
    return saved;
  });
}

export const setSlaPolicyActive = (ctx: CoreContext, who: Who, id: number, active: boolean) => updateSlaPolicy(ctx, who, id, { active });

/** deletes a policy no ticket or subject uses; otherwise deactivates it */
export async function removeSlaPolicy(ctx: CoreContext, who: Who, id: number): Promise<'deleted' | 'deactivated'> {
  const used = await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(SlaPolicy, { where: { id } });
    if (!row) throw new NotFoundError('sla policy', id);
    const inUse = (await tx.em.existsBy(Ticket, { slaPolicyId: id })) || (await tx.em.existsBy(Subject, { slaPolicyId: id }));
    if (!inUse) {
      await tx.em.delete(SlaPolicy, { id });
      await auditBy(tx, who, { action: 'delete', entity: 'sla_policy', entityId: id, before: snapshot(row) });
    }
    return inUse;
  });
  if (!used) return 'deleted';
  await setSlaPolicyActive(ctx, who, id, false);
  return 'deactivated';
}
