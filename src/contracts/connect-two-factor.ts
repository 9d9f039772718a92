// Owns the wire of Connect's two-factor authentication (R21): the second step of a sign-in,
// setting up an authenticator app (in account settings and at sign-in), recovery codes, remembered devices, and the
// organisation's policies in the admin portal.
import type { ConnectAdminShell } from './connect';

export const TWO_FACTOR_PATHS = {
  /** The second step of a sign-in, after the password: verify a factor, or set one up when the organisation asks. */
  signIn: '/login/two-factor',
  /** Account settings: set up (or replace) the authenticator app. */
  accountSetup: '/account/two-factor',
  /** The admin portal's tab. */
  admin: '/admin/two-factor',
} as const;

export const TWO_FACTOR_VIEWS = {
  verify: 'connect/two-factor',
  setup: 'connect/two-factor-setup',
  admin: 'connect/admin/two-factor',
} as const;

/**
 * A second factor an account can present: a passkey (R21: "use as a second factor"), an authenticator app, or a
 * recovery code, which stands in for the app (seed: "Recovery codes (10, single use)").
 */
export type SecondFactorKind = 'passkey' | 'totp' | 'recovery_code';

/** The factors presented by typing a code at POST /api/session/two-factor; a passkey has its own endpoints (PASSKEY_API). */
export type CodeFactorKind = Exclude<SecondFactorKind, 'passkey'>;

/** "Remember this device" (R21): how long a browser that passed the second step skips it. */
export const REMEMBER_DEVICE_DAYS = 30;
export const RECOVERY_CODE_COUNT = 10;

/** Why an account is asked for a second factor, or is about to be. */
export type TwoFactorRequirement =
  | { kind: 'none' }
  /** Required now: for a group the account is in ("HR staff"), or for everyone since a date (R21). */
  | { kind: 'required'; because: { kind: 'group'; group: string } | { kind: 'everyone'; since: number } }
  /** R21: required for everyone from `from`; until then setting it up is optional ("Remind me later"). */
  | { kind: 'upcoming'; from: number };

export interface TwoFactorStatus {
  /** The factors set up, oldest first (a passkey: when the account's first passkey was added). */
  factors: Array<{ kind: Exclude<SecondFactorKind, 'recovery_code'>; addedAt: number }>;
  /** Unused recovery codes, or null when none were issued (no authenticator app). */
  recoveryCodesLeft: number | null;
  requirement: TwoFactorRequirement;
}

/** GET /login/two-factor when the account has a factor: which ones the step offers. */
export interface TwoFactorVerifyPageData {
  email: string;
  /** Where the sign-in continues (a path on connect.test: the application's authorization request, or the account page). */
  returnTo: string;
  /** The factors the step offers, in that order; 'passkey' when the account has one ("Use a passkey"). */
  factors: SecondFactorKind[];
  rememberDeviceDays: number;
}

/** A secret being set up: shown as a QR code of the key URI and as a key to type. */
export interface TotpEnrolment {
  otpauthUri: string;
  /** Base32, in groups of four. */
  setupKey: string;
  issuer: string;
  label: string;
  /** The pending secret is dropped then; the page shows a new one. */
  expiresAt: number;
}

/** GET /login/two-factor (an account that must or may set up a factor first) and GET /account/two-factor. */
export interface TwoFactorSetupPageData {
  /** `sign_in`: the second step of a sign-in (the session starts when the app is set up); `account`: account settings. */
  context: 'sign_in' | 'account';
  email: string;
  returnTo: string;
  enrolment: TotpEnrolment;
  requirement: TwoFactorRequirement;
  /** Account settings: an authenticator app is set up already and this one replaces it. */
  replaces: boolean;
}

export interface VerifySecondFactorRequest {
  method: CodeFactorKind;
  code: string;
  rememberDevice: boolean;
}

export interface ConfirmTotpRequest {
  code: string;
}

/** The answer to a confirmed setup: the recovery codes, shown once, and where to go next. */
export interface ConfirmTotpResponse {
  recoveryCodes: string[];
  redirectTo: string;
}

export interface RemoveTotpRequest {
  password: string;
}

export interface SignedInResponse {
  redirectTo: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Admin portal: policies (R21: chosen employees such as HR staff, or everyone from a date)

export interface TwoFactorPolicy {
  /** Groups whose members must use two-factor authentication. */
  requiredGroupIds: string[];
  /** World time from which everyone in the organisation must; null: no date set. */
  everyoneFrom: number | null;
}

export interface TwoFactorGroup {
  id: string;
  name: string;
  /** Emails of the accounts in the group (an account is keyed by its email, R20), whether they exist yet or not. */
  members: string[];
}

export interface TwoFactorAdminPageData {
  shell: ConnectAdminShell;
  policy: TwoFactorPolicy;
  groups: TwoFactorGroup[];
  /** The organisation's accounts, and how many of them have set up a second factor. */
  accounts: number;
  enrolled: number;
}

export type UpdateTwoFactorPolicyRequest = TwoFactorPolicy;

/** Every code the two-factor endpoints answer with; the UI switches on them. */
export type TwoFactorErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  /** No pending sign-in (never started, expired, finished): sign in again. */
  | 'sign_in_expired'
  | 'code_malformed'
  | 'code_invalid'
  | 'code_replayed'
  | 'recovery_code_invalid'
  | 'recovery_code_used'
  | 'factor_unavailable'
  | 'enrolment_expired'
  | 'two_factor_required'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'date_malformed';
