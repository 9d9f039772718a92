// Owns the servers' one-way functions: password hashes (PBKDF2-SHA256, WebCrypto) and SHA-256 digests of
// codes and tokens, so no server stores a secret it only needs to recognise, and PKCE's S256 transform.
import { toBase64Url } from '../../src/domain/base64url';

/**
 * Iterations are far below OWASP's 600k on purpose: hashes are computed in the tab for thousands of seeded
 * users, and the sandbox protects no real secrets. The scheme and per-record salt are the real thing.
 */
export const PBKDF2_ITERATIONS = 1_000;

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** BASE64URL(SHA-256(text)) without padding: a PKCE S256 challenge (RFC 7636 §4.2). */
export async function sha256Base64url(text: string): Promise<string> {
  return toBase64Url(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export async function hashPassword(password: string, saltHex: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const salt = new Uint8Array(saltHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return toHex(bits);
}

/** Compares two digests (or tokens) without an early exit. */
export function digestsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface PasswordHash {
  hash: string;
  salt: string;
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  return digestsEqual(await hashPassword(password, stored.salt), stored.hash);
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

/** An HMAC-SHA256 key from a hex secret, for tokens the server can recompute instead of storing. */
export function hmacKey(secretHex: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromHex(secretHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** base64url(HMAC-SHA256(key, message)), 43 characters. */
export async function hmacBase64Url(key: CryptoKey, message: string): Promise<string> {
  return toBase64Url(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}
