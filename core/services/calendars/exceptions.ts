/** Dated exceptions of a calendar (holiday, closure, short day, extra working day) and the import of a year's list. */
import { In, type EntityManager } from 'typeorm';
import type { CoreContext } from '../../context.ts';
import { Calendar, CalendarException } from '../../entities/sla.ts';
import { normalizePersian, toAsciiDigits } from '../../text/normalize.ts';
import { transact } from '../../tx.ts';
import { auditBy } from '../audit.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { changed, managerOf, requireAdmin, snapshot, type ReadSource, type Who } from '../org-common.ts';
import { EXCEPTION_KINDS, ExceptionKind, Interval, WeeklyHours, checkIntervals, minutesOf, parseAdminDate } from './validation.ts';

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
  holiday: 'holiday',
  تعطیل: 'holiday',
  تعطیلی: 'holiday',
  تعطیل‌رسمی: 'holiday',
  closure: 'closure',
  closed: 'closure',
  بسته: 'closure',
  تعطیلی‌اداری: 'closure',
  short_day: 'short_day',
  short: 'short_day',
  نیمه‌وقت: 'short_day',
  کوتاه: 'short_day',
  نیمه‌تعطیل: 'short_day',
  extra_working_day: 'extra_working_day',
  working: 'extra_working_day',
  extra: 'extra_working_day',
  کاری: 'extra_working_day',
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
    const existing = new Map((dates.length ? await tx.em.find(CalendarException, { where: { calendarId, date: In(dates) } }) : []).map((e) => [e.date, e]));
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
