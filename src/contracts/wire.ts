// Owns what every server's wire has in common: the problem body of an error, page responses for
// navigations, and the cookie headers the in-tab network carries (browsers forbid Cookie/Set-Cookie on fetch).
import type { Problem } from '../domain/errors';
import type { Locale } from '../domain/locale';

/** Error body of every API (RFC 9457 problem+json, with a code to switch on and the field it belongs to). */
export interface ProblemBody<Code extends string = string> extends Problem<Code> {
  status: number;
  title: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * A navigation to a page answers with the view to render and the data it was rendered with, the way a
 * server-rendered page would carry its content. The virtual browser maps `view` to a route component.
 */
export interface PageBody<Data = unknown> {
  view: string;
  title: string;
  data: Data;
  /** The language the server wrote the page in, from its Content-Language; absent: English. */
  lang?: Locale;
}

export const PAGE_CONTENT_TYPE = 'application/vnd.rollout-rehearsal.page+json';

/** Request header carrying the virtual browser's cookies for the target host ("name=value; name2=value2"). */
export const SIM_COOKIE_HEADER = 'x-sim-cookie';
/** Response header carrying cookies to set: a JSON array of SetCookie. */
export const SIM_SET_COOKIE_HEADER = 'x-sim-set-cookie';

/**
 * The headers only a browser sets, which say where a request comes from (Origin; Fetch Metadata's Sec-Fetch-*). They
 * are forbidden request-headers (Fetch §2.2.2): a Request built in a browser silently drops them, so the in-tab network
 * carries them under these names, as it carries cookies. Servers read them through these names; the x-ray shows the
 * real ones.
 */
export const SIM_BROWSER_HEADERS = {
  origin: 'x-sim-origin',
  'sec-fetch-site': 'x-sim-sec-fetch-site',
  'sec-fetch-mode': 'x-sim-sec-fetch-mode',
  'sec-fetch-dest': 'x-sim-sec-fetch-dest',
} as const;

export type BrowserHeader = keyof typeof SIM_BROWSER_HEADERS;

/** The real name of a header the network carries under another (`x-sim-origin` → `origin`), or the name itself. */
export function realHeaderName(name: string): string {
  const found = (Object.keys(SIM_BROWSER_HEADERS) as BrowserHeader[]).find((real) => SIM_BROWSER_HEADERS[real] === name);
  return found ?? name;
}

/**
 * RFC 6265bis §4.1.2.7: Strict cookies stay off every cross-site request; Lax ones go only with a cross-site top-level
 * GET navigation (a link, a redirect back from a sign-in); None ones go everywhere.
 */
export type SameSite = 'Strict' | 'Lax' | 'None';

export interface SetCookie {
  name: string;
  value: string;
  /** Seconds of world time; 0 deletes the cookie. Absent: a session cookie, kept until the browser is reset. */
  maxAge?: number;
  path?: string;
  /** Absent: Lax, as browsers default it. */
  sameSite?: SameSite;
}

/** A browser's session that ran out (its end passed on the world clock): when, so a login page can say why. */
export interface SessionEnded {
  at: number;
}
