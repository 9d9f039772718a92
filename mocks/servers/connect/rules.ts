// Owns Connect's pure rules: session and reset-token lifetimes, where a login may send the browser back to,
// HTTP Basic client credentials (RFC 6749 §2.3.1), a reset link's state, linking apps (seed 000), the
// password-reset mail's words and every message the user reads.
import { CONNECT_PATHS, type ConnectAccount, type ResetTokenState } from '../../../src/contracts/connect';
import { ORIGINS } from '../../../src/contracts/origins';
import { MINUTE } from '../../../src/domain/clock';
import type { AccountRow, ResetTokenRow } from './db';

export const SESSION_COOKIE = 'connect_session';
/** A working day, like the HRM's own sessions. */
export const SESSION_TTL_MS = 8 * 60 * MINUTE;
/** Rule 27 (seed 002): self-service reset; the link is valid 60 minutes of world time and can be used once. */
export const RESET_TOKEN_TTL_MS = 60 * MINUTE;
/** 32 random bytes, mailed as 64 hex characters. */
export const RESET_TOKEN_BYTES = 32;
export const DEFAULT_RETURN_TO = CONNECT_PATHS.account;

/**
 * Where to go after logging in: only a path on this host. "//evil.test" and "/\evil.test" are other hosts to a
 * browser, and an absolute URL is refused even when it names connect.test (one spelling to accept, none to parse).
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return DEFAULT_RETURN_TO;
  if (/[\u0000-\u001f\u007f]/.test(value)) return DEFAULT_RETURN_TO;
  return value;
}

/** A prefill from the query (`?email=`): trimmed, bounded, null when empty. Never validated: the user corrects it. */
export function prefillEmail(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim().slice(0, 254);
  return trimmed.length > 0 ? trimmed.toLowerCase() : null;
}

export interface BasicCredentials {
  clientId: string;
  secret: string;
}

/**
 * RFC 6749 §2.3.1 / RFC 7617: "Basic base64(client_id:secret)", each part form-urlencoded before encoding.
 * undefined for anything else, which the caller answers with 401 invalid_client.
 */
export function parseBasicAuth(header: string | null): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]!);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    return { clientId, secret };
  } catch {
    return undefined;
  }
}

/** Only the shape a token can have is looked up: anything else is simply invalid. */
export function isTokenShaped(token: string): boolean {
  return new RegExp(`^[0-9a-f]{${RESET_TOKEN_BYTES * 2}}$`).test(token);
}

/**
 * A reset link's state at world time `now`. Used wins over expired (it says more); expiry is exact: valid at
 * 59:59.999, expired at 60:00 (seed 002 via rule 27: "valid for 60 minutes").
 */
export function resetTokenState(row: ResetTokenRow | undefined, now: number): ResetTokenState {
  if (!row) return 'invalid';
  if (row.usedAt !== null) return 'used';
  if (now >= row.expiresAt) return 'expired';
  return 'valid';
}

/** Seed 000: an existing account is linked, never duplicated; linking twice changes nothing. */
export function withApp(apps: readonly string[], app: string): string[] {
  return apps.some((a) => sameApp(a, app)) ? [...apps] : [...apps, app];
}

export function withoutApp(apps: readonly string[], app: string): string[] {
  return apps.filter((a) => !sameApp(a, app));
}

export function sameApp(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function toConnectAccount(row: AccountRow): ConnectAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    hasPassword: row.passwordHash !== null,
    passwordChangedAt: row.passwordChangedAt,
    createdAt: row.createdAt,
    apps: [...row.apps],
  };
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function resetLink(token: string): string {
  return `${ORIGINS.connect}${CONNECT_PATHS.resetPassword}?token=${token}`;
}

export const RESET_MAIL = {
  from: 'no-reply@connect.test',
  fromName: 'Connect',
  subject: 'Reset your Connect password',
} as const;

/** The password-reset mail (rule 27, seed 002 "Forgot password"; seed 000: first passwords are set this way too). */
export function resetMailText(account: { name: string; email: string }, token: string): string {
  return [
    `Hi ${firstName(account.name)}`,
    '',
    `We received a request to reset the password of the Connect account ${account.email}.`,
    '',
    'Click the link below to choose a new password:',
    '',
    resetLink(token),
    '',
    'The link is valid for 60 minutes and can be used once.',
    '',
    "If you didn't ask to reset your password, you can ignore this email.",
  ].join('\n');
}

export const MESSAGES = {
  invalidCredentials: 'The email or password is incorrect.',
  enterPassword: 'Enter your password',
  unauthenticated: 'Log in to Connect first.',
  invalidClient: 'Client authentication failed. Send the client ID and secret with HTTP Basic authentication.',
  otherAppsLink: (client: string, app: string) => `The client ${client} can only remove its own link (${app}).`,
  accountNotFound: (id: string) => `There is no Connect account ${id}`,
  /** The same words whether or not the account exists: the answer never tells (OWASP Forgot Password cheat sheet). */
  resetRequested: (email: string) => `If an account exists for ${email}, we've sent a link to reset the password.`,
  tokenInvalid: 'This link to reset your password is not valid. Ask for a new one with “Forgot your password?”.',
  tokenExpired: 'This link to reset your password has expired: links are valid for 60 minutes. Ask for a new one.',
  tokenUsed: 'This link has already been used to reset your password. Log in, or ask for a new link.',
  passwordMismatch: 'The passwords do not match',
  notFound: (path: string) => `There is no page at ${path}`,
  apiNotFound: (method: string, path: string) => `No API answers ${method} ${path}`,
} as const;
