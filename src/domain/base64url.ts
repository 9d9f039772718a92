// Owns base64url without padding (RFC 4648 §5), the encoding WebAuthn's JSON forms and PKCE use for bytes.

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  let binary = '';
  for (const byte of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Unpadded base64url characters only (RFC 4648 §5): anything else is not one. */
export function isBase64Url(text: string): boolean {
  return /^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1;
}

/** The bytes of a base64url string; a RangeError names what is wrong with one that is not. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!isBase64Url(text)) throw new RangeError(`Not base64url: “${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`);
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
