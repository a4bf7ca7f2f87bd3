import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Subject, Team } from '../../core/entities/org.ts';
import { Calendar, CalendarException, SlaPolicy } from '../../core/entities/sla.ts';
import {
  addException,
  createCalendar,
  createSlaPolicy,
  deleteCalendar,
  getDefaultCalendar,
  importExceptions,
  listExceptions,
  listSlaPolicies,
  parseAdminDate,
  parseExceptionLine,
  removeException,
  removeSlaPolicy,
  setDefaultCalendar,
  updateCalendar,
  updateException,
  updateSlaPolicy,
  validateWeekly,
} from '../../core/services/calendars.ts';
import { ForbiddenError, ValidationError } from '../../core/services/errors.ts';
import { testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { auditRows, DATABASES, fieldErrors, makeStaff } from './org-support.ts';

const TEHRAN_WEEK = {
  6: [{ start: '08:00', end: '16:00' }],
  0: [{ start: '08:00', end: '16:00' }],
  1: [{ start: '08:00', end: '16:00' }],
  2: [{ start: '08:00', end: '16:00' }],
  3: [{ start: '08:00', end: '16:00' }],
  4: [{ start: '08:00', end: '13:00' }],
};

describe('weekly hours and dates (pure)', () => {
  it('accepts several sorted intervals a day and normalises 8:00 and Persian digits', () => {
    expect(
      validateWeekly({
        1: [
          { start: '۱۳:۰۰', end: '17:30' },
          { start: '8:00', end: '12:00' },
        ],
        5: [],
      }),
    ).toEqual({
      1: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
    });
    expect(validateWeekly({ 2: [{ start: '00:00', end: '24:00' }] })).toEqual({ 2: [{ start: '00:00', end: '24:00' }] });
  });

  it('names the field of each problem', () => {
    const err = (w: unknown) => {
      try {
        validateWeekly(w);
      } catch (e) {
        return (e as ValidationError).fields;
      }
      return null;
    };
    expect(err({ 4: [{ start: '13:00', end: '08:00' }] })).toEqual({ 'weekly.4.0.end': 'invalid_time' });
    expect(err({ 4: [{ start: '25:00', end: '26:00' }] })).toEqual({ 'weekly.4.0.start': 'invalid_time', 'weekly.4.0.end': 'invalid_time' });
    expect(
      err({
        6: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '16:00' },
        ],
      }),
    ).toEqual({ 'weekly.6.1': 'overlap' });
    expect(err({ 7: [] })).toEqual({ 'weekly.7': 'invalid' });
    expect(err({ 1: 'all day' })).toEqual({ 'weekly.1': 'invalid' });
    expect(err([])).toEqual({ weekly: 'invalid' });
  });

  it('parses Jalali and Gregorian dates, refusing dates that do not exist', () => {
    expect(parseAdminDate('۱۴۰۵/۰۱/۰۱')).toBe('2026-03-21');
    expect(parseAdminDate('1405-9-15')).toBe('2026-12-06');
    expect(parseAdminDate('2026-12-06')).toBe('2026-12-06');
    expect(parseAdminDate('2026/2/29')).toBeNull();
    expect(parseAdminDate('1404/12/30')).toBeNull(); // 1404 is not a leap year
    expect(parseAdminDate('1403/12/30')).toBe('2025-03-20');
    expect(parseAdminDate('tomorrow')).toBeNull();
  });

  it('parses lines of a year list', () => {
    expect(parseExceptionLine('۱۴۰۵/۰۱/۰۱ تعطیل عید نوروز')).toEqual({ date: '۱۴۰۵/۰۱/۰۱', kind: 'holiday', intervals: null, note: 'عید نوروز' });
    expect(parseExceptionLine('1405/01/13 سیزده بدر')).toEqual({ date: '1405/01/13', kind: 'holiday', intervals: null, note: 'سیزده بدر' });
    expect(parseExceptionLine('2026-12-24 short_day 08:00-12:00 year end')).toEqual({
      date: '2026-12-24',
      kind: 'short_day',
      intervals: [{ start: '08:00', end: '12:00' }],
      note: 'year end',
    });
    expect(parseExceptionLine('  # comment')).toBeNull();
    expect(parseExceptionLine('')).toBeNull();
  });
});

describe.each(DATABASES)('calendars and SLA policies on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let admin: number;
  let agent: number;
  let tehran: Calendar;
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds);
    admin = (await makeStaff(db.ds, 'admin')).id;
    agent = (await makeStaff(db.ds, 'agent')).id;
  });
  afterAll(async () => db?.close());

  it('creates calendars; the first is the default, a new default replaces the old', async () => {
    tehran = await createCalendar(ctx, admin, { name: 'تهران', weekly: TEHRAN_WEEK });
    expect(tehran).toMatchObject({ isDefault: true, timeZone: 'Asia/Tehran' });
    expect(tehran.weekly[4]).toEqual([{ start: '08:00', end: '13:00' }]);
    expect(tehran.weekly[5]).toBeUndefined();
    const night = await createCalendar(ctx, admin, { name: 'شیفت شب', weekly: { 0: [{ start: '19:00', end: '24:00' }] }, timeZone: 'Asia/Tehran' });
    expect(night.isDefault).toBe(false);
    await setDefaultCalendar(ctx, admin, night.id);
    expect((await getDefaultCalendar(ctx))?.id).toBe(night.id);
    expect((await db.ds.getRepository(Calendar).findOneByOrFail({ id: tehran.id })).isDefault).toBe(false);
    await setDefaultCalendar(ctx, admin, tehran.id);
    expect(await fieldErrors(updateCalendar(ctx, admin, tehran.id, { isDefault: false }))).toEqual({ isDefault: 'required' });
    expect(await fieldErrors(createCalendar(ctx, admin, { name: '', weekly: { 3: [{ start: '9', end: '10:00' }] }, timeZone: 'Mars/Olympus' }))).toEqual({
      name: 'required',
      timeZone: 'invalid_time_zone',
    });
    expect(await fieldErrors(createCalendar(ctx, admin, { name: 'x', weekly: { 3: [{ start: '9', end: '10:00' }] } }))).toEqual({
      'weekly.3.0.start': 'invalid_time',
    });
    await expect(createCalendar(ctx, agent, { name: 'x', weekly: TEHRAN_WEEK })).rejects.toBeInstanceOf(ForbiddenError);
    // a calendar without any working time is refused: it would give no deadline at all (issue 15 item 8)
    expect(await fieldErrors(createCalendar(ctx, admin, { name: 'خالی', weekly: {} }))).toEqual({ weekly: 'no_working_time' });
    expect(await fieldErrors(createCalendar(ctx, admin, { name: 'خالی', weekly: { 5: [], 6: [] } }))).toEqual({ weekly: 'no_working_time' });
    expect(await fieldErrors(updateCalendar(ctx, admin, tehran.id, { weekly: {} }))).toEqual({ weekly: 'no_working_time' });
    expect((await db.ds.getRepository(Calendar).findOneByOrFail({ id: tehran.id })).weekly).toEqual(TEHRAN_WEEK);
    expect(await db.ds.getRepository(Calendar).countBy({ name: 'خالی' })).toBe(0);
    // a calendar in use is not deleted; an unused one is
    expect(await fieldErrors(deleteCalendar(ctx, admin, tehran.id))).toEqual({ id: 'in_use' });
    await deleteCalendar(ctx, admin, night.id);
    expect(await db.ds.getRepository(Calendar).count()).toBe(1);
    expect((await auditRows(db.ds, { entity: 'calendar' })).map((a) => a.action)).toEqual(['create', 'create', 'update', 'update', 'delete']);
  });

  it('exceptions: Jalali input, kinds and their hours, one per date', async () => {
    const nowruz = await addException(ctx, admin, tehran.id, { date: '۱۴۰۵/۰۱/۰۱', kind: 'holiday', note: 'نوروز' });
    expect(nowruz).toMatchObject({ date: '2026-03-21', kind: 'holiday', intervals: null, note: 'نوروز' });
    expect(await fieldErrors(addException(ctx, admin, tehran.id, { date: '2026-03-21', kind: 'closure' }))).toEqual({ date: 'duplicate' });
    expect(await fieldErrors(addException(ctx, admin, tehran.id, { date: '1405/13/01', kind: 'vacation' as never }))).toEqual({
      date: 'invalid_date',
      kind: 'invalid',
    });
    expect(await fieldErrors(addException(ctx, admin, tehran.id, { date: '2026-12-24', kind: 'short_day' }))).toEqual({ intervals: 'required' });
    expect(
      await fieldErrors(addException(ctx, admin, tehran.id, { date: '2026-12-24', kind: 'short_day', intervals: [{ start: '12:00', end: '10:00' }] })),
    ).toEqual({
      'intervals.0.end': 'invalid_time',
    });
    expect(
      await fieldErrors(addException(ctx, admin, tehran.id, { date: '2026-12-24', kind: 'holiday', intervals: [{ start: '08:00', end: '10:00' }] })),
    ).toEqual({
      intervals: 'invalid',
    });
    // a Friday worked, without hours: the calendar's fullest day
    const extra = await addException(ctx, admin, tehran.id, { date: '2026-12-11', kind: 'extra_working_day' });
    expect(extra.intervals).toEqual([{ start: '08:00', end: '16:00' }]);
    const short = await updateException(ctx, admin, extra.id, { date: '2026-12-11', kind: 'short_day', intervals: [{ start: '9:00', end: '11:00' }] });
    expect(short).toMatchObject({ kind: 'short_day', intervals: [{ start: '09:00', end: '11:00' }] });
    await removeException(ctx, admin, extra.id);
    expect((await listExceptions(ctx, tehran.id)).map((e) => e.date)).toEqual(['2026-03-21']);
    expect((await auditRows(db.ds, { entity: 'calendar' })).map((a) => a.action).slice(-4)).toEqual([
      'add_exception',
      'add_exception',
      'update_exception',
      'remove_exception',
    ]);
  });

  it('imports a year list: all lines checked first, then created or replaced', async () => {
    const bad = await fieldErrors(
      importExceptions(
        ctx,
        admin,
        tehran.id,
        ['۱۴۰۵/۰۱/۰۲ تعطیل نوروز', '1405/07/31 holiday not a date (Mehr has 30 days)', '1405/01/02 closure twice', '2026-12-24 short_day'].join('\n'),
      ),
    );
    expect(bad).toEqual({ 'line.2.date': 'invalid_date', 'line.3.date': 'duplicate', 'line.4.intervals': 'required' });
    expect((await listExceptions(ctx, tehran.id)).length).toBe(1);

    const list = [
      '# تعطیلات رسمی ۱۴۰۵',
      '۱۴۰۵/۰۱/۰۱ تعطیل نوروز (اصلاح)',
      '۱۴۰۵/۰۱/۰۲ تعطیل نوروز',
      '1405/01/12 holiday روز جمهوری اسلامی',
      '',
      '2026-12-24 short_day 08:00-12:00 پایان سال میلادی',
      '2026-12-25 working 08:00-12:00',
    ];
    expect(await importExceptions(ctx, admin, tehran.id, list)).toEqual({ created: 4, updated: 1, unchanged: 0 });
    expect(await importExceptions(ctx, admin, tehran.id, list)).toEqual({ created: 0, updated: 0, unchanged: 5 });
    const all = await listExceptions(ctx, tehran.id);
    expect(all.map((e) => [e.date, e.kind])).toEqual([
      ['2026-03-21', 'holiday'],
      ['2026-03-22', 'holiday'],
      ['2026-04-01', 'holiday'],
      ['2026-12-24', 'short_day'],
      ['2026-12-25', 'extra_working_day'],
    ]);
    expect(all[0]!.note).toBe('نوروز (اصلاح)');
    expect((await listExceptions(ctx, tehran.id, { from: '2026-04-01', to: '2026-12-24' })).length).toBe(2);
    expect(await db.ds.getRepository(CalendarException).count()).toBe(5);
    expect((await auditRows(db.ds, { action: 'import_exceptions' })).length).toBe(1); // the unchanged second import is not audited
  });

  it('SLA policies: minutes > 0, a known priority, at least one target; used policies are deactivated', async () => {
    const team = await db.ds.getRepository(Team).save({ name: 'Desk' });
    const p = await createSlaPolicy(ctx, admin, {
      name: 'پیش‌فرض',
      firstResponseMinutes: 60,
      resolutionMinutes: 2400,
      ceilingMinutes: 1440,
      calendarId: tehran.id,
    });
    expect(p).toMatchObject({ teamId: null, subjectId: null, minPriority: null, active: true, firstResponseMinutes: 60 });
    const urgent = await createSlaPolicy(ctx, admin, { name: 'فوری', teamId: team.id, minPriority: 'urgent', firstResponseMinutes: 15, sortOrder: 1 });
    expect(await fieldErrors(createSlaPolicy(ctx, admin, { name: 'x', firstResponseMinutes: 0, resolutionMinutes: -5, minPriority: 'asap' as never }))).toEqual(
      {
        firstResponseMinutes: 'out_of_range',
        resolutionMinutes: 'out_of_range',
        minPriority: 'invalid',
      },
    );
    expect(await fieldErrors(createSlaPolicy(ctx, admin, { name: 'x' }))).toEqual({ firstResponseMinutes: 'required' });
    expect(await fieldErrors(createSlaPolicy(ctx, admin, { name: 'x', firstResponseMinutes: 5, teamId: 999, subjectId: 999, calendarId: 999 }))).toEqual({
      teamId: 'not_found',
      subjectId: 'not_found',
      calendarId: 'not_found',
    });
    expect(await fieldErrors(updateSlaPolicy(ctx, admin, urgent.id, { firstResponseMinutes: null }))).toEqual({ firstResponseMinutes: 'required' });
    expect((await updateSlaPolicy(ctx, admin, urgent.id, { firstResponseMinutes: 20 })).firstResponseMinutes).toBe(20);
    await expect(updateSlaPolicy(ctx, agent, urgent.id, { firstResponseMinutes: 30 })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listSlaPolicies(ctx)).map((x) => x.id)).toEqual([p.id, urgent.id]);

    await db.ds.getRepository(Subject).save({ departmentId: 1, code: 's', nameFa: 's', nameEn: 's', slaPolicyId: p.id });
    expect(await removeSlaPolicy(ctx, admin, p.id)).toBe('deactivated');
    expect(await removeSlaPolicy(ctx, admin, urgent.id)).toBe('deleted');
    expect(await listSlaPolicies(ctx, { activeOnly: true })).toEqual([]);
    expect(await db.ds.getRepository(SlaPolicy).count()).toBe(1);
    expect((await auditRows(db.ds, { entity: 'sla_policy' })).map((a) => a.action)).toEqual(['create', 'create', 'update', 'update', 'delete']);
  });
});
