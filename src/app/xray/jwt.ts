// Owns reading a JWT the way jwt.io does, judged by world time: the header and claims decoded (RFC 7519 §7.2 steps
// 1–8, without trusting anything yet), the times against the world clock, and the signature verified with jose against
// a JWK Set (RFC 7515 §5.2), each outcome a code the view switches on.
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';

export type JsonObject = Record<string, unknown>;

export type Decoded =
  | { ok: true; token: string; header: JsonObject; claims: JsonObject }
  | { ok: false; code: 'empty' | 'encrypted' | 'not_three_parts' | 'not_base64url' | 'not_json' | 'not_object'; message: string };

function base64urlJson(part: string, what: 'header' | 'claims'): { ok: true; value: JsonObject } | Extract<Decoded, { ok: false }> {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) {
    return {
      ok: false,
      code: 'not_base64url',
      message: `The ${what} part is not base64url: it holds characters outside A–Z, a–z, 0–9, "-" and "_" (RFC 7515 §2).`,
    };
  }
  let text: string;
  try {
    const binary = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return { ok: false, code: 'not_base64url', message: `The ${what} part does not decode from base64url to UTF-8 text.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'not_json', message: `The ${what} part decodes to text that is not JSON: “${text.slice(0, 60)}”.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'not_object', message: `The ${what} must be a JSON object (RFC 7519 §7.2).` };
  }
  return { ok: true, value: value as JsonObject };
}

/** Reads a compact JWS (a "Bearer " prefix and surrounding space are forgiven) without verifying anything. */
export function decodeJwt(input: string): Decoded {
  const token = input.trim().replace(/^Bearer\s+/i, '');
  if (token === '')
    return { ok: false, code: 'empty', message: 'Paste a token, or choose Decode next to one in the traffic or the OIDC flows.' };
  const parts = token.split('.');
  if (parts.length === 5) {
    return {
      ok: false,
      code: 'encrypted',
      message: 'This has five parts: an encrypted token (JWE, RFC 7516). Its claims can only be read with the recipient’s key.',
    };
  }
  if (parts.length !== 3) {
    return {
      ok: false,
      code: 'not_three_parts',
      message: `A JWT has three parts separated by dots (header.claims.signature); this has ${parts.length}.`,
    };
  }
  const header = base64urlJson(parts[0]!, 'header');
  if (!header.ok) return header;
  const claims = base64urlJson(parts[1]!, 'claims');
  if (!claims.ok) return claims;
  return { ok: true, token, header: header.value, claims: claims.value };
}

export type TimeWarning =
  | { code: 'expired'; at: number; since: number }
  | { code: 'not_yet_valid'; at: number; until: number }
  | { code: 'issued_in_future'; at: number };

/** Whether the token's times hold at world time `now` (exp is exclusive, RFC 7519 §4.1.4). */
export function timeWarnings(claims: JsonObject, now: number): TimeWarning[] {
  const ms = (name: string) => (typeof claims[name] === 'number' ? (claims[name] as number) * 1000 : undefined);
  const warnings: TimeWarning[] = [];
  const exp = ms('exp');
  const nbf = ms('nbf');
  const iat = ms('iat');
  if (exp !== undefined && now >= exp) warnings.push({ code: 'expired', at: exp, since: now - exp });
  if (nbf !== undefined && now < nbf) warnings.push({ code: 'not_yet_valid', at: nbf, until: nbf - now });
  if (iat !== undefined && iat > now) warnings.push({ code: 'issued_in_future', at: iat });
  return warnings;
}

export type SignatureVerdict =
  | { code: 'verified'; kid: string | null; alg: string }
  | { code: 'bad_signature'; kid: string | null; alg: string }
  | { code: 'unknown_kid'; kid: string | null; known: string[] }
  | { code: 'unsigned' }
  | { code: 'unsupported_alg'; alg: string }
  | { code: 'malformed'; message: string };

/** Verifies the signature only (times are judged by world time apart, so an expired token still shows as genuine). */
export async function verifySignature(decoded: Extract<Decoded, { ok: true }>, jwks: JSONWebKeySet): Promise<SignatureVerdict> {
  const alg = typeof decoded.header['alg'] === 'string' ? decoded.header['alg'] : '';
  const kid = typeof decoded.header['kid'] === 'string' ? decoded.header['kid'] : null;
  // RFC 7518 §3.6: "none" means no signature at all; never accepted.
  if (alg === '' || alg.toLowerCase() === 'none') return { code: 'unsigned' };
  try {
    await compactVerify(decoded.token, createLocalJWKSet(jwks));
    return { code: 'verified', kid, alg };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    switch (code) {
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return { code: 'bad_signature', kid, alg };
      case 'ERR_JWKS_NO_MATCHING_KEY':
        return { code: 'unknown_kid', kid, known: jwks.keys.flatMap((k) => (k.kid ? [k.kid] : [])) };
      case 'ERR_JOSE_NOT_SUPPORTED':
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return { code: 'unsupported_alg', alg };
      default:
        return { code: 'malformed', message: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** Compact JWS tokens in a text (an exchange's headers, URL or body): three base64url parts, the first an object. */
export function findJwts(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g)) {
    if (decodeJwt(match[0]).ok) found.add(match[0]);
  }
  return [...found];
}
