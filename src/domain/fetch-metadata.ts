// Owns how a browser tells a server where a request comes from: the site of an origin, the Sec-Fetch-Site value of a
// request (Fetch Metadata Request Headers §2.4), and whether its SameSite cookies go with it (RFC 6265bis §5.2).
// Pure: the in-tab network applies it; servers read the headers it sets.

/** Sec-Fetch-Site values (Fetch Metadata §2.4): `none` when no page started the request (an address typed, a bookmark). */
export type FetchSite = 'same-origin' | 'same-site' | 'cross-site' | 'none';

/**
 * The site of an origin (HTML §7.1.1 "obtain a site"): scheme plus registrable domain. Every simulated host sits under
 * a one-label public suffix (`.test`, RFC 6761), so the registrable domain is the last two labels: hrm.test and
 * connect.test are different sites, www.hrm.test and hrm.test the same. A host without a dot (localhost) is its own site.
 */
export function siteOf(origin: string): string {
  const { protocol, hostname } = new URL(origin);
  const labels = hostname.split('.');
  const registrable = labels.length > 2 && !/^[\d.]+$/.test(hostname) ? labels.slice(-2).join('.') : hostname;
  return `${protocol}//${registrable}`;
}

/**
 * Sec-Fetch-Site of a request whose page is at `initiator` (null: no page) and whose URL list (redirects included) is
 * `urls`: the weakest relation to any of them, as Fetch Metadata §2.4 walks the request's URL list.
 */
export function fetchSite(initiator: string | null, urls: readonly string[]): FetchSite {
  if (initiator === null) return 'none';
  let site: FetchSite = 'same-origin';
  for (const url of urls) {
    const origin = new URL(url).origin;
    if (origin === initiator) continue;
    if (siteOf(origin) !== siteOf(initiator)) return 'cross-site';
    site = 'same-site';
  }
  return site;
}

/** Which SameSite cookies a request may carry (RFC 6265bis §5.6.7 step 1 and §5.4.7). */
export interface CookieContext {
  /** The request is same-site (or no page started it): Strict and Lax cookies go. */
  sameSite: boolean;
  /** A top-level navigation with a safe method (GET/HEAD): Lax cookies go even cross-site (§5.4.7.1). */
  topLevelSafeNavigation: boolean;
}

/** What a same-site request sends: every cookie. */
export const SAME_SITE_CONTEXT: CookieContext = { sameSite: true, topLevelSafeNavigation: false };

export function cookieContext(site: FetchSite, navigation: boolean, method: string): CookieContext {
  return { sameSite: site !== 'cross-site', topLevelSafeNavigation: navigation && (method === 'GET' || method === 'HEAD') };
}
