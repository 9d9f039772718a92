// Owns two-factor authentication's pure rules (R21): who must use it and since when, whether a
// sign-in needs its second step (an SSO IdP's own MFA counts, RFC 8176 `amr`), recovery codes, the lifetimes of its
// cookies and tickets, and every message the user and the administrator read.
import type { CodeFactorKind, SecondFactorKind, TwoFactorPolicy, TwoFactorRequirement } from '../../../../src/contracts/connect-two-factor';
import { RECOVERY_CODE_COUNT, REMEMBER_DEVICE_DAYS } from '../../../../src/contracts/connect-two-factor';
import { DAY, MINUTE } from '../../../../src/domain/clock';
import type { Random } from '../../../../src/domain/random';

/** The issuer authenticator apps show above the code. */
export const TOTP_ISSUER = 'Connect';
/** The cookie of a sign-in waiting for its second step. */
export const PENDING_SIGN_IN_COOKIE = 'connect_mfa';
/** The cookie of a browser remembered for 30 days (in the words customers know: "Remember this device for 30 days"). */
export const REMEMBERED_DEVICE_COOKIE = 'connect_device';
/** Time to read the code from the phone, or to set an app up at sign-in; then the password is asked again. */
export const PENDING_SIGN_IN_TTL_MS = 15 * MINUTE;
/** A QR code shown but not confirmed is dropped after this; the page then shows a new secret. */
export const ENROLMENT_TTL_MS = 30 * MINUTE;
export const REMEMBER_DEVICE_MS = REMEMBER_DEVICE_DAYS * DAY;
/** 32 random bytes, as hex, for the cookies above; stored as SHA-256 digests. */
export const TWO_FACTOR_TOKEN_BYTES = 32;

/** RFC 8176 §2 values: a password, then a one-time password from the authenticator app or a recovery code. */
export const AMR = { password: 'pwd', otp: 'otp', multiFactor: 'mfa' } as const;

/** A code from the app and a recovery code (a single-use password from a list) are both RFC 8176 "otp". */
const CODE_FACTOR_AMR: Record<CodeFactorKind, string> = { totp: AMR.otp, recovery_code: AMR.otp };

/**
 * The `amr` of a session whose second step passed with a typed code after `first` (['pwd']). A passkey's methods
 * depend on its authenticator's answer: passkeys/rules.ts amrWithPasskeySecondFactor.
 */
export function amrAfterSecondFactor(first: readonly string[], kind: CodeFactorKind): string[] {
  return [...new Set([...first, CODE_FACTOR_AMR[kind], AMR.multiFactor])];
}

// ---------------------------------------------------------------------------------------------------------------
// Who must use two-factor authentication

/**
 * What the organisation's policy asks of an account in `groups` (by name) at world time `now`: a required group wins
 * over the date (it names the reason the user reads); before the date everyone may set it up and is reminded.
 */
export function twoFactorRequirement(
  policy: TwoFactorPolicy,
  groups: ReadonlyArray<{ id: string; name: string }>,
  now: number,
): TwoFactorRequirement {
  const group = groups.find((g) => policy.requiredGroupIds.includes(g.id));
  if (group) return { kind: 'required', because: { kind: 'group', group: group.name } };
  if (policy.everyoneFrom !== null) {
    // Required at the date exactly, as every deadline on the world clock.
    return now >= policy.everyoneFrom
      ? { kind: 'required', because: { kind: 'everyone', since: policy.everyoneFrom } }
      : { kind: 'upcoming', from: policy.everyoneFrom };
  }
  return { kind: 'none' };
}

/**
 * RFC 8176 values by the kind of factor they prove (NIST SP 800-63B §5.1: something you know, have, are). `mca`,
 * `rba`, `geo`, `user` and `wia` prove none by themselves.
 */
const FACTOR_CATEGORY: Record<string, 'know' | 'have' | 'are'> = {
  pwd: 'know',
  pin: 'know',
  kba: 'know',
  otp: 'have',
  sms: 'have',
  tel: 'have',
  hwk: 'have',
  swk: 'have',
  sc: 'have',
  fpt: 'are',
  face: 'are',
  iris: 'are',
  retina: 'are',
  vbm: 'are',
};

/**
 * R21: "Those who already have 2FA via SSO (e.g. Entra) can continue to use it as usual." Whether the
 * `amr` an SSO IdP put in its ID token shows multi-factor authentication: `mfa` (RFC 8176 §2), or values of two
 * different kinds (a password and an OTP). Absent or unknown values are not MFA.
 */
export function upstreamDidMfa(amr: readonly unknown[] | undefined): boolean {
  if (!Array.isArray(amr)) return false;
  const values = amr.filter((v): v is string => typeof v === 'string');
  if (values.includes(AMR.multiFactor)) return true;
  return new Set(values.map((v) => FACTOR_CATEGORY[v]).filter((c) => c !== undefined)).size >= 2;
}

/** Whether the account has a factor of its own, a passkey or an app (recovery codes only stand in for one). */
export function hasSecondFactor(factors: readonly SecondFactorKind[]): boolean {
  return factors.some((f) => f !== 'recovery_code');
}

/**
 * How the first step of a sign-in was made: Connect's own password, a passkey without a password (with the `amr` its
 * answer proved, passkeys/rules.ts passkeyAmr), or an SSO IdP with the `amr` it reported.
 */
export type FirstFactor =
  { kind: 'password' } | { kind: 'passkey'; amr: readonly string[] } | { kind: 'sso'; upstreamAmr: readonly unknown[] | undefined };

/**
 * What comes after the first step: `none` (signed in), `verify` (the account's factors), or `set_up` (the policy asks
 * for a factor the account does not have yet; optional while the requirement is upcoming). An SSO IdP that did MFA,
 * or a passkey that verified its user, is not asked again; a remembered browser skips the check but never the setting up.
 */
export function secondStep(input: {
  first: FirstFactor;
  factors: readonly SecondFactorKind[];
  requirement: TwoFactorRequirement;
  rememberedDevice: boolean;
}): 'none' | 'verify' | 'set_up' {
  if (input.first.kind === 'sso' && upstreamDidMfa(input.first.upstreamAmr)) return 'none';
  // A passkey that verified its user (a PIN, fingerprint or face) is two factors at once (NIST SP 800-63B §5.1.9).
  if (input.first.kind === 'passkey' && upstreamDidMfa(input.first.amr)) return 'none';
  if (hasSecondFactor(input.factors)) return input.rememberedDevice ? 'none' : 'verify';
  return input.requirement.kind === 'none' ? 'none' : 'set_up';
}

// ---------------------------------------------------------------------------------------------------------------
// Recovery codes

/** No 0/o, 1/l/i: read from paper and typed by hand. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes of two groups of five ("k7mqx-2hp9d"), about 49 bits each, from the seeded random. */
export function newRecoveryCodes(random: Random): string[] {
  const group = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[random.int(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => `${group()}-${group()}`);
}

/** A typed recovery code as it is digested: case, spaces and the dash forgiven; null when it cannot be one. */
export function normaliseRecoveryCode(typed: string): string | null {
  const code = typed.replace(/[\s-]+/g, '').toLowerCase();
  return /^[a-z0-9]{10}$/.test(code) ? code : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Words

export const TWO_FACTOR_MESSAGES = {
  signInExpired: 'This sign-in has expired. Sign in again with your email and password.',
  enterCode: 'Enter the 6-digit code from your authenticator app',
  codeMalformed: 'Enter the 6 digits your authenticator app shows',
  codeInvalid:
    'That code didn’t work. Enter the newest code from your authenticator app; if it still fails, check that the time on your phone is right.',
  codeReplayed: 'That code has already been used. Wait for the next code in your authenticator app.',
  recoveryInvalid: 'That recovery code isn’t one of yours. Check it and try again.',
  recoveryUsed: 'That recovery code has already been used. Each code works once: use another one.',
  factorUnavailable: (kind: string) =>
    `This account has no ${kind === 'recovery_code' ? 'recovery codes' : 'authenticator app'} to sign in with.`,
  enrolmentExpired: 'This QR code has expired. Reload the page to get a new one.',
  required: 'Your organisation requires two-factor authentication: set it up to continue.',
  cannotRemoveRequired:
    'Your organisation requires two-factor authentication, so the authenticator app can’t be removed. Set up a new one to replace it.',
  wrongPassword: 'The password is incorrect.',
  enterPassword: 'Enter your password',
  nothingToRemove: 'There is no authenticator app to remove.',
  alreadySetUp: 'Two-factor authentication is already set up for this account: reload the page to use it.',
  groupUnknown: (id: string) => `There is no group ${id} in your organisation.`,
} as const;

/** The audit log's words for the factor used. */
export function factorName(kind: SecondFactorKind): string {
  switch (kind) {
    case 'passkey':
      return 'a passkey';
    case 'totp':
      return 'an authenticator app';
    case 'recovery_code':
      return 'a recovery code';
  }
}
