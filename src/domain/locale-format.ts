// Owns how dates, numbers and lists are written for a reader in a language and a time zone: every formatter is Intl's,
// built for the locale and zone it is given (never the browser's own), and kept once built.
import { LOCALE_TAGS, type Locale } from './locale';

/** Where the organisation's employees are: the zone their pages and mails name times in. */
export const WORKSPACE_TIME_ZONE = 'Europe/Stockholm';

export interface Reader {
  locale: Locale;
  timeZone: string;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(key: string, build: () => F): F {
  let found = cache.get(key) as F | undefined;
  if (!found) {
    found = build();
    cache.set(key, found);
  }
  return found;
}

function dateFormat(kind: string, reader: Reader, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(
    `date:${kind}:${reader.locale}:${reader.timeZone}`,
    () => new Intl.DateTimeFormat(LOCALE_TAGS[reader.locale], { ...options, hourCycle: 'h23', timeZone: reader.timeZone }),
  );
}

/** "Mon 30 Mar, 07:00" / "mån 30 mars 07:00" */
export function formatShortDateTime(at: number, reader: Reader): string {
  return dateFormat('short', reader, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** "Monday 30 March 2026" / "måndag 30 mars 2026" */
export function formatLongDate(at: number, reader: Reader): string {
  return dateFormat('long', reader, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at).replace(',', '');
}

/** "30 Mar 2026, 07:00 CEST" / "30 mars 2026 07:00 CEST" */
export function formatDateTimeWithZone(at: number, reader: Reader): string {
  return dateFormat('zoned', reader, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/** "30 March 2026" / "30 mars 2026" */
export function formatDay(at: number, reader: Reader): string {
  return dateFormat('day', reader, { day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

/** A calendar day ("2026-03-30", no time of its own) as "Mon 30 Mar" / "mån 30 mars". */
export function formatCalendarDay(date: string, locale: Locale): string {
  return dateFormat('calendar', { locale, timeZone: 'UTC' }, { weekday: 'short', day: 'numeric', month: 'short' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** "32.5" / "32,5" */
export function formatDecimal(n: number, locale: Locale): string {
  return cached(`decimal:${locale}`, () => new Intl.NumberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: 2 })).format(n);
}

/** "1,234" / "1 234" */
export function formatCount(n: number, locale: Locale): string {
  return cached(`count:${locale}`, () => new Intl.NumberFormat(LOCALE_TAGS[locale])).format(n);
}

/** "a, b and c" / "a, b och c" */
export function formatList(items: readonly string[], locale: Locale): string {
  return cached(`list:${locale}`, () => new Intl.ListFormat(LOCALE_TAGS[locale], { type: 'conjunction' })).format(items);
}
