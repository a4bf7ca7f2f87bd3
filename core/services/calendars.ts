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
// The code lives in calendars/: validation, calendars, exceptions (and the yearly import), SLA policies.
export {
  EXCEPTION_KINDS,
  minutesOf,
  normalizeTime,
  validateWeekly,
  parseAdminDate,
  type Interval,
  type WeeklyHours,
  type ExceptionKind,
} from './calendars/validation.ts';
export * from './calendars/calendars.ts';
export * from './calendars/exceptions.ts';
export * from './calendars/sla-policies.ts';
