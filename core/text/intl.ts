/**
 * Cached Intl date formatters (building one is slow, and business time and every Jalali date ask for one):
 * 24-hour clock, numeric year, two-digit month, day, hour and minute (and second if asked), in a zone.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

export function dateTimeParts(locale: string, timeZone: string, withSeconds = false): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withSeconds ? 's' : ''}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' as const } : {}),
    });
    cache.set(key, f);
  }
  return f;
}
