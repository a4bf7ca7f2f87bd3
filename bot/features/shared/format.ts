/** Numbers and times as the user reads them: Persian digits and the Solar Hijri calendar in fa. */
import type { Locale } from '../../../core/entities/enums.ts';
import { toPersianDigits } from '../../../core/text/normalize.ts';

export { toPersianDigits };

/** a number without grouping (ticket numbers, counts): Persian digits in fa */
export function formatNumber(locale: Locale, n: number): string {
  const s = String(n);
  return locale === 'fa' ? toPersianDigits(s) : s;
}

/** "Saturday 15 Azar, 09:30" in the helpdesk's time zone */
export function formatDeadline(locale: Locale, at: Date, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat(locale === 'fa' ? 'fa-IR-u-ca-persian-nu-arabext' : 'en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return fmt.format(at);
}

/** a short date for lists */
export function formatDate(locale: Locale, at: Date, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat(locale === 'fa' ? 'fa-IR-u-ca-persian-nu-arabext' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return fmt.format(at);
}
