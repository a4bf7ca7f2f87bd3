/** Small display helpers: Jalali date-times in the staff member's locale. */
import type { Locale } from '../../core/entities/enums.ts';
import { formatJalali } from '../../core/text/index.ts';

export const when = (d: Date | null | undefined, locale: Locale, timeZone: string) => (d ? formatJalali(d, { withTime: true, locale, timeZone }) : '');
