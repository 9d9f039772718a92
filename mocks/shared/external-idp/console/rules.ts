// Owns the admin console's pure rules: what a username, a mail address, a redirect URI, a secret's description and
// lifetime may be, when a secret expires on the world clock, the version a change must name, and the console's words.
import {
  MAX_REDIRECT_URIS,
  SECRET_LIFETIMES_MONTHS,
  SECRET_MAX_MONTHS,
  type SecretLifetimeMonths,
} from '../../../../src/contracts/idp-console';
import { parseEmail } from '../../../../src/domain/email';
import { fail, ok, type Result } from '../../../../src/domain/errors';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_DESCRIPTION_LENGTH = 100;
/** Characters of a new client secret (Entra's are 40). */
export const SECRET_LENGTH = 40;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-';

export const CONSOLE_MESSAGES = {
  unauthenticated: 'Sign in to the admin console first.',
  forbidden: 'Only administrators of this directory can use the admin console. Ask an administrator to make this change.',
  userNotFound: 'There is no such user in this directory.',
  applicationNotFound: 'There is no such application registration in this directory.',
  secretNotFound: 'This application has no such client secret: it may have been deleted already.',
  certificateNotFound: 'This application has no certificate with that thumbprint: it may have been deleted already.',
  applicationChanged: 'Someone else changed this application since you opened it. Reload it to see their change, then make yours again.',
  userChanged: 'Someone else changed this user since you opened them. Reload to see their change, then make yours again.',
  cannotDisableSelf: 'You cannot disable your own account: another administrator has to do it.',
  resultInvalid: 'Filter by result "success" or "failure".',
} as const;

/** A username is what the user types at the login page: an address-like name (Entra's UPN), lower case. */
export function parseUsername(input: string, domains: readonly string[]): Result<string, 'username_invalid'> {
  const checked = parseEmail(input, 'username');
  if (!checked.ok) {
    const message = input.trim() === '' ? 'Enter a username, e.g. anna.svensson@company.com' : `Username: ${checked.problem.message}`;
    return fail('username_invalid', message, 'username');
  }
  const domain = checked.value.slice(checked.value.lastIndexOf('@') + 1);
  if (domains.length > 0 && !domains.includes(domain))
    return fail('username_invalid', `A username ends with a domain of this directory: @${domains.join(', @')}.`, 'username');
  return ok(checked.value);
}

/** A mail address, or "" for none (the `email` claim is then missing from the user's tokens). */
export function parseOptionalEmail(input: string): Result<string | null, 'email_invalid'> {
  if (input.trim() === '') return ok(null);
  const checked = parseEmail(input, 'email');
  if (!checked.ok) return fail('email_invalid', checked.problem.message, 'email');
  return ok(checked.value);
}

/**
 * Redirect URIs as a registration keeps them (RFC 6749 §3.1.2): absolute, no fragment (§3.1.2), https — or http on
 * the loopback host for a native app (RFC 8252 §7.3); compared as exact strings, so duplicates are refused. The first
 * mistake is reported at `redirectUris.<index>`.
 */
export function parseRedirectUris(
  input: readonly string[],
): Result<string[], 'redirect_uri_invalid' | 'redirect_uri_duplicate' | 'too_many_redirect_uris'> {
  if (input.length === 0) return fail('redirect_uri_invalid', 'Add at least one redirect URI.', 'redirectUris.0');
  if (input.length > MAX_REDIRECT_URIS)
    return fail('too_many_redirect_uris', `An application has at most ${MAX_REDIRECT_URIS} redirect URIs.`, 'redirectUris');
  const seen = new Map<string, number>();
  const uris: string[] = [];
  for (const [index, raw] of input.entries()) {
    const field = `redirectUris.${index}`;
    const value = raw.trim();
    if (value === '') return fail('redirect_uri_invalid', 'Enter a redirect URI, or remove this line.', field);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return fail('redirect_uri_invalid', 'Enter an absolute URI, e.g. https://connect.test/connect/sso/callback', field);
    }
    if (value.includes('#')) return fail('redirect_uri_invalid', 'A redirect URI cannot have a fragment (#…).', field);
    const loopback = url.protocol === 'http:' && url.hostname === 'localhost';
    if (url.protocol !== 'https:' && !loopback)
      return fail('redirect_uri_invalid', 'A redirect URI must start with https:// (http:// only for localhost).', field);
    if (url.username !== '' || url.password !== '')
      return fail('redirect_uri_invalid', 'A redirect URI cannot contain a user name or password.', field);
    const earlier = seen.get(value);
    if (earlier !== undefined)
      return fail('redirect_uri_duplicate', `This redirect URI is already in the list (line ${earlier + 1}).`, field);
    seen.set(value, index);
    uris.push(value);
  }
  return ok(uris);
}

export function parseDescription(input: string): Result<string, 'description_invalid'> {
  const description = input.trim();
  if (description === '') return fail('description_invalid', 'Enter a description, e.g. "Connect SSO".', 'description');
  if ([...description].length > MAX_DESCRIPTION_LENGTH)
    return fail('description_invalid', `A description has at most ${MAX_DESCRIPTION_LENGTH} characters.`, 'description');
  return ok(description);
}

export function parseLifetime(months: number): Result<SecretLifetimeMonths, 'lifetime_invalid'> {
  const known = SECRET_LIFETIMES_MONTHS.find((m) => m === months);
  if (known === undefined) return fail('lifetime_invalid', 'Choose when the secret expires: in 6, 12 or 24 months.', 'months');
  return ok(known);
}

const DAY_MS = 86_400_000;

/**
 * A custom expiry date ("2026-04-06"): the secret stops working on that day (UTC) at the time of day it was added, as a
 * provider's "Custom" end date does; after today and at most SECRET_MAX_MONTHS ahead.
 */
export function parseExpiryDate(input: string, created: number): Result<number, 'lifetime_invalid'> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== input.trim())
    return fail('lifetime_invalid', 'Enter the day the secret expires as a date, e.g. 2026-04-06.', 'expiresOn');
  const expiresAt = day + (created % DAY_MS);
  if (expiresAt - created < DAY_MS)
    return fail('lifetime_invalid', 'Choose a day after today: a secret must work for at least a day.', 'expiresOn');
  if (expiresAt > addMonths(created, SECRET_MAX_MONTHS))
    return fail('lifetime_invalid', `Choose a day at most ${SECRET_MAX_MONTHS} months from today.`, 'expiresOn');
  return ok(expiresAt);
}

/** The same day of the month `months` later (UTC), or the month's last day when it has no such day (31 Jan + 1). */
export function addMonths(time: number, months: number): number {
  const date = new Date(time);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}

export function newSecretValue(bytes: Uint8Array): string {
  return [...bytes].map((b) => SECRET_ALPHABET[b % SECRET_ALPHABET.length]).join('');
}

/**
 * The version a change names (an optimistic lock): a digest of the row as read, so any change to it — by another
 * administrator in another tab — makes the old version stale. FNV-1a, synchronous, so it is compared inside the
 * transaction that writes (a WebCrypto await there would commit the transaction).
 */
export function versionOf(row: unknown): string {
  const text = JSON.stringify(row);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${hash.toString(16).padStart(8, '0')}`;
}
