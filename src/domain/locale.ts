// Owns the languages an employee's pages and mails come in, and how a request or a setting names one: the workspace's
// language, a persona's own choice, the Accept-Language a virtual browser sends (RFC 9110 §12.5.4) and the
// Content-Language a page comes back with (RFC 9110 §8.5).
import { z } from 'zod';

export const LOCALES = ['en', 'sv'] as const;
export type Locale = (typeof LOCALES)[number];

/** A workspace that never chose a language is English. */
export const DEFAULT_LOCALE: Locale = 'en';

export const localeSchema = z.enum(LOCALES);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** How each language is named in the menus: in its own words, so a reader finds theirs whichever is on show. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', sv: 'Svenska' };

/** The BCP 47 tag Intl formats with: British English (24-hour clock, day before month) and Swedish as in Sweden. */
export const LOCALE_TAGS: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE' };

/** The Accept-Language a browser set to this language sends (RFC 9110 §12.5.4). */
export function acceptLanguage(locale: Locale): string {
  return locale === 'sv' ? 'sv-SE, sv;q=0.9, en;q=0.5' : 'en-GB, en;q=0.9';
}

/**
 * The language a server answers in for an Accept-Language header: the supported one the client ranks highest (a range
 * matches by its primary subtag, RFC 4647 §3.3.1 "basic filtering"; `*` takes the default), the default without one.
 */
export function negotiateLocale(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), order };
    })
    .filter((r) => r.range !== '' && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { range } of ranked) {
    if (range === '*') return DEFAULT_LOCALE;
    const primary = range.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

/** The language a page says it is in (its Content-Language), when it is one of ours. */
export function contentLocale(header: string | null | undefined): Locale | undefined {
  const primary = header?.split(',')[0]?.trim().toLowerCase().split('-')[0];
  return isLocale(primary) ? primary : undefined;
}
