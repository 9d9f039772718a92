// Owns a virtual browser's cookies: host-only cookies scoped by host and path, expiring on the world clock, and held
// back from cross-site requests by their SameSite attribute (RFC 6265bis §5.6.7).
// Serializable, so a persona's browser keeps its sessions across a reload of the tab.
import type { SameSite, SetCookie } from '../contracts/wire';
import { SAME_SITE_CONTEXT, type CookieContext } from './fetch-metadata';

/** A cookie set without SameSite is Lax, as Chromium treats it (RFC 6265bis §5.4.7 "Lax-by-default"). */
export const DEFAULT_SAME_SITE: SameSite = 'Lax';

export interface StoredCookie {
  host: string;
  name: string;
  value: string;
  path: string;
  /** World time after which the cookie is gone; null = session cookie. */
  expiresAt: number | null;
  /** Absent in cookies saved before the jar kept it: the default, Lax. */
  sameSite?: SameSite;
}

export class CookieJar {
  #cookies: StoredCookie[];

  constructor(cookies: readonly StoredCookie[] = []) {
    this.#cookies = cookies.map((c) => ({ ...c }));
  }

  /**
   * The Cookie header value for a request to `url` at world time `now`, or '' when none applies. A cross-site request
   * carries no Strict cookie, and Lax cookies only on a top-level navigation with a safe method (RFC 6265bis §5.6.7).
   */
  header(url: string, now: number, context: CookieContext = SAME_SITE_CONTEXT): string {
    const { hostname, pathname } = new URL(url);
    return this.#cookies
      .filter(
        (c) =>
          c.host === hostname && pathMatches(c.path, pathname) && (c.expiresAt === null || c.expiresAt > now) && sameSiteAllows(c, context),
      )
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** Applies cookies set by a response from `url`. A Max-Age of 0 (or less) deletes. */
  apply(url: string, cookies: readonly SetCookie[], now: number): void {
    const { hostname } = new URL(url);
    for (const set of cookies) {
      const path = set.path ?? '/';
      this.#cookies = this.#cookies.filter((c) => !(c.host === hostname && c.name === set.name && c.path === path));
      if (set.maxAge !== undefined && set.maxAge <= 0) continue;
      this.#cookies.push({
        host: hostname,
        name: set.name,
        value: set.value,
        path,
        expiresAt: set.maxAge === undefined ? null : now + set.maxAge * 1000,
        sameSite: set.sameSite ?? DEFAULT_SAME_SITE,
      });
    }
  }

  clear(): void {
    this.#cookies = [];
  }

  /** Takes the cookies of the same jar as held elsewhere (another tab's change), keeping this object. */
  replaceAll(cookies: readonly StoredCookie[]): void {
    this.#cookies = cookies.map((c) => ({ ...c }));
  }

  toJSON(): StoredCookie[] {
    return this.#cookies.map((c) => ({ ...c }));
  }
}

function sameSiteAllows(cookie: StoredCookie, context: CookieContext): boolean {
  if (context.sameSite) return true;
  switch (cookie.sameSite ?? DEFAULT_SAME_SITE) {
    case 'None':
      return true;
    case 'Lax':
      return context.topLevelSafeNavigation;
    case 'Strict':
      return false;
  }
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (cookiePath === '/' || cookiePath === requestPath) return true;
  return requestPath.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`);
}
