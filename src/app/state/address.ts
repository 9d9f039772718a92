// Owns how a typed address becomes a virtual URL: "hrm.test/login" is accepted without a scheme, like a browser does.

export const START_URL = 'https://hrm.test/login';

/** The URL to navigate to, or null when nothing sensible was typed. */
export function normalizeAddress(input: string): string | null {
  const typed = input.trim();
  if (!typed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.toString();
  } catch {
    return null;
  }
}

/** Resolves a link's href against the page it is on. */
export function resolveHref(href: string, base: string): string {
  try {
    return new URL(href, base || START_URL).toString();
  } catch {
    return href;
  }
}
