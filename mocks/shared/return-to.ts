// Owns where a server may send a browser back to after a login or a logout: a path on the server's own origin, or
// its default page. Every server that takes a `return_to` asks this one function.
/** Longer than any address the product builds for itself; anything longer is someone else's. */
export const MAX_RETURN_TO_LENGTH = 2048;

/** Printable ASCII only: the address the product builds is percent-encoded (URL Standard §4.4 path percent-encode). */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * `value` when it is a path on `origin`, serialised by the URL parser; otherwise `fallback`. Never throws.
 *
 * Nothing is stripped or repaired: the URL parser drops tabs and newlines and reads "\" as "/" (URL Standard §4.4
 * basic URL parser, "special" schemes), so "/\t/evil.test" and "/\evil.test" become "//evil.test", another host.
 * A value that needs any of that, that is not plain ASCII ("/。/evil.test"), that starts with "//" or "/\" before or
 * after one round of percent-decoding ("/%2F/evil.test"), or that is absolute ("https://…", "javascript:…"), is not
 * an address this product ever built, so the browser goes to the default page instead.
 */
export function safeReturnTo(value: string | null | undefined, origin: string, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO_LENGTH) return fallback;
  if (!PRINTABLE_ASCII.test(value) || value.includes('\\')) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  const decoded = decodedOnce(value);
  if (decoded === undefined || decoded.startsWith('//') || decoded.startsWith('/\\') || /[\u0000-\u001f\u007f]/.test(decoded))
    return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

function decodedOnce(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
