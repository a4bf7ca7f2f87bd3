import { z } from 'zod';
import type { CoreContext } from '../../context.ts';
import { Team } from '../../entities/org.ts';
import { Calendar, CalendarException, SlaPolicy } from '../../entities/sla.ts';
import { transact, type Tx } from '../../tx.ts';
import { auditBy } from '../audit.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { changed, managerOf, nameSchema, parseInput, requireAdmin, snapshot, type ReadSource, type Who } from '../org-common.ts';
import { WeeklyHours, isTimeZone, validateWeekly } from './validation.ts';

// ---------------------------------------------------------------- calendars

export const listCalendars = (src: ReadSource) => managerOf(src).find(Calendar, { order: { isDefault: 'DESC', name: 'ASC', id: 'ASC' } });
export const getCalendar = (src: ReadSource, id: number) => managerOf(src).findOne(Calendar, { where: { id } });
export const getDefaultCalendar = (src: ReadSource) => managerOf(src).findOne(Calendar, { where: { isDefault: true }, order: { id: 'ASC' } });

const calendarInput = z
  .object({
    name: nameSchema(120),
    timeZone: z.string().trim().refine(isTimeZone, { message: 'invalid_time_zone' }).optional(),
    weekly: z.unknown(),
    isDefault: z.boolean().optional(),
  })
  .strict();
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
    const row = await tx.em.save(
      Calendar,
      tx.em.create(Calendar, {
        name: v.name,
        timeZone: v.timeZone ?? ctx.timeZone,
        weekly,
        isDefault: v.isDefault ?? first,
      }),
    );
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
