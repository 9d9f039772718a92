// Owns Connect's pure rules: session and reset-token lifetimes, where a login may send the browser back to,
// HTTP Basic client credentials (RFC 6749 §2.3.1), a reset link's state, linking apps (R4), an account's
// search fields, brute-force lockout, temporary passwords and activation links (R27, R28), the mails' words and
// every message the user reads.
import { CONNECT_PATHS, type ConnectAccount, type LockoutSettings, type ResetTokenState } from '../../../src/contracts/connect';
import { ORIGINS } from '../../../src/contracts/origins';
import { DAY, HOUR, MINUTE } from '../../../src/domain/clock';
import { domainOf } from '../../../src/domain/email';
import { checkPassword } from '../../../src/domain/password';
import type { Random } from '../../../src/domain/random';
import { safeReturnTo as sharedSafeReturnTo } from '../../shared/return-to';
import type { AccountRow, LoginThrottleRow, ResetTokenRow } from './db';

/**
 * The Connect's credential for submitting mail to mail.test (Authorization: Bearer), part of its configuration as an
 * SMTP or mail API password is: no page or answer carries it, so no browser can send mail in the Connect's name.
 */
export const MAIL_SUBMISSION_TOKEN = 'connect-mail-submission-2c8e5a1f9d3b7046';

export const SESSION_COOKIE = 'connect_session';
/** A working day, like the HRM's own sessions. */
export const SESSION_TTL_MS = 8 * 60 * MINUTE;
/** R27: self-service reset; the link is valid 60 minutes of world time and can be used once. */
export const RESET_TOKEN_TTL_MS = 60 * MINUTE;
/** 32 random bytes, mailed as 64 hex characters. */
export const RESET_TOKEN_BYTES = 32;
export const DEFAULT_RETURN_TO = CONNECT_PATHS.account;

/** Where to go after logging in: a path on connect.test (mocks/shared/return-to.ts), else the account page. */
export function safeReturnTo(value: string | null | undefined): string {
  return sharedSafeReturnTo(value, ORIGINS.connect, DEFAULT_RETURN_TO);
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

/** Only the shape a token can have is looked up (reset and activation links, password-change tickets): anything else is simply invalid. */
export function isTokenShaped(token: string): boolean {
  return new RegExp(`^[0-9a-f]{${RESET_TOKEN_BYTES * 2}}$`).test(token);
}

/**
 * A single-use link's state at world time `now` (reset links, activation links, password-change tickets). Used wins
 * over expired (it says more); expiry is exact: a reset link is valid at 59:59.999, expired at 60:00 (R27: "valid for
 * 60 minutes").
 */
export function resetTokenState(row: Pick<ResetTokenRow, 'usedAt' | 'expiresAt'> | undefined, now: number): ResetTokenState {
  if (!row) return 'invalid';
  if (row.usedAt !== null) return 'used';
  if (now >= row.expiresAt) return 'expired';
  return 'valid';
}

/** R4: an existing account is linked, never duplicated; linking twice changes nothing. */
export function withApp(apps: readonly string[], app: string): string[] {
  return apps.some((a) => sameApp(a, app)) ? [...apps] : [...apps, app];
}

export function withoutApp(apps: readonly string[], app: string): string[] {
  return apps.filter((a) => !sameApp(a, app));
}

export function sameApp(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Folds "Håkansson" to "hakansson" and "Jönsson" to "jonsson", as people type them into a search box. */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * The fields the admin portal finds an account by: its domain ([domain+email] index) and the words of its name and of
 * its email's local part ("erik.johansson+hrm" gives "erik.johansson+hrm", "erik", "johansson", "hrm"), folded.
 */
export function accountSearchFields(email: string, name: string): { domain: string; words: string[] } {
  const local = email.slice(0, email.lastIndexOf('@'));
  const words = new Set<string>();
  for (const word of [local, ...local.split(/[._+-]+/), ...foldText(name).split(/[\s-]+/)]) {
    const folded = foldText(word);
    if (folded.length > 0) words.add(folded);
  }
  return { domain: domainOf(email), words: [...words] };
}

/** A new account: nobody blocked it, nobody logged in with it yet, and it has no password (R5: set it with "Forgot
 * your password?"). */
export function newAccount(fields: Pick<AccountRow, 'id' | 'email' | 'name' | 'createdAt' | 'apps' | 'externalIds'>): AccountRow {
  return {
    ...fields,
    ...accountSearchFields(fields.email, fields.name),
    passwordHash: null,
    passwordSalt: null,
    passwordChangedAt: null,
    blockedAt: null,
    lastLoginAt: null,
    temporaryPasswordExpiresAt: null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Brute-force protection (issue "Connect IdP"; OWASP Authentication cheat sheet, account lockout)

/** Connect's defaults, and what an organisation starts with: 10 failures within 15 minutes lock for 15 minutes. */
export const DEFAULT_LOCKOUT: LockoutSettings = { maxFailures: 10, windowMinutes: 15, lockMinutes: 15 };

/** Locked while `now` is before the lock's end: at the end exactly, the email may sign in again. */
export function isLocked(throttle: LoginThrottleRow | undefined, now: number): boolean {
  return throttle !== undefined && throttle.lockedUntil !== null && now < throttle.lockedUntil;
}

/**
 * One more failed password login for `email` at `now`: failures older than the window no longer count (a failure
 * exactly `windowMinutes` ago is out), and the one that reaches `maxFailures` locks for `lockMinutes`, starting the
 * count afresh. The caller has checked that the email is not locked now.
 */
export function afterFailure(
  throttle: LoginThrottleRow | undefined,
  email: string,
  settings: LockoutSettings,
  now: number,
): { row: LoginThrottleRow; locked: boolean } {
  const windowStart = now - settings.windowMinutes * MINUTE;
  const failures = [...(throttle?.failures ?? []).filter((at) => at > windowStart), now];
  if (failures.length >= settings.maxFailures)
    return { row: { email, failures: [], lockedUntil: now + settings.lockMinutes * MINUTE }, locked: true };
  return { row: { email, failures, lockedUntil: null }, locked: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Temporary passwords and activation links (R27, R28)

/** R27: a temporary password works for 72 hours of world time, long enough to span a weekend. */
export const TEMPORARY_PASSWORD_TTL_MS = 72 * HOUR;
/** How long the "choose a new password" step after a temporary password may take. */
export const PASSWORD_CHANGE_TTL_MS = 15 * MINUTE;
/** R28: the first administrator's activation link works for 7 days and once. */
export const ACTIVATION_TTL_MS = 7 * DAY;

/** No 0/o, 1/l/i: a temporary password is read from a mail and typed by hand. */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Three groups of four from the seeded random ("k7mq-x2hp-9dtw"), drawn again in the unlikely case the policy refuses one. */
export function temporaryPassword(random: Random, email: string): string {
  for (;;) {
    const groups = Array.from({ length: 3 }, () =>
      Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[random.int(TEMPORARY_ALPHABET.length)]).join(''),
    );
    const password = groups.join('-');
    if (checkPassword(password, email).ok) return password;
  }
}

/** Whether an account's password is a temporary one that no longer works. */
export function temporaryPasswordExpired(account: Pick<AccountRow, 'temporaryPasswordExpiresAt'>, now: number): boolean {
  return account.temporaryPasswordExpiresAt !== null && now >= account.temporaryPasswordExpiresAt;
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

/** The password-reset mail (R27, "Forgot password"; R5: first passwords are set this way too). */
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

export function loginLink(email: string): string {
  return `${ORIGINS.connect}${CONNECT_PATHS.login}?email=${encodeURIComponent(email)}`;
}

export function activationLink(token: string): string {
  return `${ORIGINS.connect}${CONNECT_PATHS.activate}?token=${token}`;
}

export const TEMPORARY_PASSWORD_MAIL = {
  from: 'no-reply@connect.test',
  fromName: 'Connect',
  subject: 'Your temporary Connect password',
} as const;

/** R27: "administrators can send a temporary password to a colleague directly through the Connect management
 * environment". */
export function temporaryPasswordMailText(
  account: { name: string; email: string },
  admin: { name: string },
  organisation: string,
  password: string,
): string {
  return [
    `Hi ${firstName(account.name)}`,
    '',
    `${admin.name}, an administrator of ${organisation}, has sent you a temporary password for the Connect account ${account.email}:`,
    '',
    `Temporary password: ${password}`,
    '',
    `Sign in with it at ${loginLink(account.email)}`,
    'You will then choose a new password of your own.',
    '',
    'The temporary password works for 72 hours and replaces your previous password.',
  ].join('\n');
}

export const ACTIVATION_MAIL = {
  from: 'no-reply@connect.test',
  fromName: 'Connect',
  subject: 'Activate your Connect administrator account',
} as const;

/** R28: "The designated application administrator will receive an email containing a link to activate their account
 * in Connect." */
export function activationMailText(account: { name: string; email: string }, organisation: string, token: string): string {
  return [
    `Hi ${firstName(account.name)}`,
    '',
    `You have been named an administrator of ${organisation} in Connect, for the account ${account.email}.`,
    '',
    'Click the link below to activate your account and choose a password:',
    '',
    activationLink(token),
    '',
    'The link is valid for 7 days and can be used once.',
    `After that you can give colleagues access in the admin portal: ${ORIGINS.connect}${CONNECT_PATHS.admin}`,
  ].join('\n');
}

export const MESSAGES = {
  invalidCredentials: 'The email or password is incorrect.',
  /** The same words for every locked email, whether an account has it or not (docs/decisions/failed-logins-count-per-email-not-per-account-and.md). */
  tooManyAttempts: 'Too many attempts. Try again later or use “Forgot your password?”.',
  changeTicketInvalid: 'This step has expired. Sign in again with your temporary password.',
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
  sameAsTemporary: 'Choose a password of your own, not the temporary one',
  activationInvalid: 'This activation link is not valid. Copy the whole link from the email.',
  activationExpired: 'This activation link has expired: links are valid for 7 days. Ask for a new one on its page.',
  activationStillValid: 'This activation link still works: use it to choose your password.',
  activationUsed: 'This activation link has already been used. Sign in with your email and password.',
  notFound: (path: string) => `There is no page at ${path}`,
  apiNotFound: (method: string, path: string) => `No API answers ${method} ${path}`,
} as const;
