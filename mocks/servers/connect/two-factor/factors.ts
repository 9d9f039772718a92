// Owns what Connect knows of an account's second factors: which it has (the sign-in step offers exactly those), what
// its organisation's policy asks of it, whether this browser is remembered, and setting up an authenticator app —
// the secret shown as a QR code until a code from the app confirms it, with ten recovery codes issued then.
import type { SecondFactorKind, TotpEnrolment, TwoFactorRequirement, TwoFactorStatus } from '../../../../src/contracts/connect-two-factor';
import { CONNECT_TOTP, checkTotp, formatSetupKey, newTotpSecret, otpauthUri } from '../../../../src/domain/totp';
import { sha256Hex } from '../../../shared/crypto';
import { readCookie } from '../../../shared/http';
import type { AccountRow, AuditRow, RecoveryCodesRow, TotpEnrolmentRow, TotpFactorRow } from '../db';
import { auditEntry, connectProblem, type ConnectEnv } from '../env';
import { organisationForEmail } from '../organisation';
import { passkeysOf } from '../passkeys/ceremonies';
import {
  ENROLMENT_TTL_MS,
  newRecoveryCodes,
  normaliseRecoveryCode,
  REMEMBERED_DEVICE_COOKIE,
  TOTP_ISSUER,
  TWO_FACTOR_MESSAGES,
  twoFactorRequirement,
} from './rules';

/**
 * The second factors an account can present now, in the order the sign-in step offers them: a passkey first (nothing
 * to type, and an authenticator signs only for Connect's RP ID, so it cannot be phished), then the authenticator app,
 * then its recovery codes.
 */
export async function factorsOf(env: ConnectEnv, accountId: string): Promise<SecondFactorKind[]> {
  const [passkeys, totp, recovery] = await Promise.all([
    env.db.passkeys.where('accountId').equals(accountId).count(),
    env.db.totpFactors.get(accountId),
    env.db.recoveryCodes.get(accountId),
  ]);
  const factors: SecondFactorKind[] = [];
  if (passkeys > 0) factors.push('passkey');
  if (totp) factors.push('totp');
  if (recovery && recovery.codes.some((c) => c.usedAt === null)) factors.push('recovery_code');
  return factors;
}

/** What the policy of the organisation that manages the account's email asks of it at `at` (R21). */
export async function requirementOf(env: ConnectEnv, account: Pick<AccountRow, 'email'>, at: number): Promise<TwoFactorRequirement> {
  const organisation = await organisationForEmail(env, account.email);
  if (!organisation) return { kind: 'none' };
  const groups = await env.db.groups
    .where('members')
    .equals(account.email)
    .filter((g) => g.organisationId === organisation.id)
    .toArray();
  return twoFactorRequirement(organisation.twoFactor, groups, at);
}

/** Account settings' section: the factors set up (oldest first), the recovery codes left and what the organisation asks. */
export async function twoFactorStatus(env: ConnectEnv, account: AccountRow, at: number): Promise<TwoFactorStatus> {
  const [passkeys, totp, recovery, requirement] = await Promise.all([
    passkeysOf(env, account.id),
    env.db.totpFactors.get(account.id),
    env.db.recoveryCodes.get(account.id),
    requirementOf(env, account, at),
  ]);
  const factors: TwoFactorStatus['factors'] = [];
  if (totp) factors.push({ kind: 'totp', addedAt: totp.addedAt });
  // A passkey counts from the first one added; passkeysOf answers oldest first.
  if (passkeys[0]) factors.push({ kind: 'passkey', addedAt: passkeys[0].createdAt });
  factors.sort((a, b) => a.addedAt - b.addedAt);
  return {
    factors,
    recoveryCodesLeft: recovery ? recovery.codes.filter((c) => c.usedAt === null).length : null,
    requirement,
  };
}

/** Whether this browser's "Remember this device" cookie is a live one of this account's (world time, exact). */
export async function isRememberedDevice(env: ConnectEnv, request: Request, accountId: string, at: number): Promise<boolean> {
  const token = readCookie(request, REMEMBERED_DEVICE_COOKIE);
  if (!token) return false;
  const row = await env.db.rememberedDevices.get(await sha256Hex(token));
  return row !== undefined && row.accountId === accountId && at < row.expiresAt;
}

// ---------------------------------------------------------------------------------------------------------------
// Setting up an authenticator app

function toEnrolment(account: AccountRow, row: TotpEnrolmentRow): TotpEnrolment {
  return {
    otpauthUri: otpauthUri({ issuer: TOTP_ISSUER, label: account.email, secret: row.secret, ...CONNECT_TOTP }),
    setupKey: formatSetupKey(row.secret),
    issuer: TOTP_ISSUER,
    label: account.email,
    expiresAt: row.expiresAt,
  };
}

/**
 * The secret being set up for the account: the one already shown while it lives (a reload shows the QR code the phone
 * may have scanned), otherwise a new one from the server's seeded random stream (H5).
 */
export async function ensureEnrolment(env: ConnectEnv, account: AccountRow, at: number): Promise<TotpEnrolment> {
  const existing = await env.db.totpEnrolments.get(account.id);
  if (existing && at < existing.expiresAt) return toEnrolment(account, existing);
  const row: TotpEnrolmentRow = {
    accountId: account.id,
    secret: newTotpSecret(env.ctx.random),
    startedAt: at,
    expiresAt: at + ENROLMENT_TTL_MS,
  };
  await env.db.totpEnrolments.put(row);
  return toEnrolment(account, row);
}

/** A confirmed setup, ready to store: the factor, the recovery codes (plain, shown once; stored as digests). */
export interface ConfirmedEnrolment {
  factor: TotpFactorRow;
  recoveryCodes: string[];
  recoveryRow: RecoveryCodesRow;
  /** Whether it replaces an authenticator app the account had. */
  replaces: boolean;
}

/**
 * Checks a code from the app against the secret being set up (the same ±1 step window as a sign-in). The step it
 * matched counts as used, so the very code that confirmed the app cannot also sign in. Throws the problem to answer.
 */
export async function checkEnrolment(env: ConnectEnv, account: AccountRow, code: string, at: number): Promise<ConfirmedEnrolment> {
  const pending = await env.db.totpEnrolments.get(account.id);
  if (!pending || at >= pending.expiresAt) throw connectProblem(410, 'enrolment_expired', TWO_FACTOR_MESSAGES.enrolmentExpired, 'code');
  const check = checkTotp(pending.secret, code, at, { lastUsedStep: null });
  if (!check.ok) {
    if (check.reason === 'malformed') throw connectProblem(422, 'code_malformed', TWO_FACTOR_MESSAGES.codeMalformed, 'code');
    throw connectProblem(422, 'code_invalid', TWO_FACTOR_MESSAGES.codeInvalid, 'code');
  }
  const recoveryCodes = newRecoveryCodes(env.ctx.random);
  const digests = await Promise.all(recoveryCodes.map((c) => sha256Hex(normaliseRecoveryCode(c)!)));
  return {
    factor: { accountId: account.id, secret: pending.secret, ...CONNECT_TOTP, addedAt: at, lastUsedStep: check.step },
    recoveryCodes,
    recoveryRow: { accountId: account.id, codes: digests.map((digest) => ({ digest, usedAt: null })), issuedAt: at },
    replaces: (await env.db.totpFactors.get(account.id)) !== undefined,
  };
}

/** The tables `storeEnrolment` writes, for the caller's transaction. */
export function enrolmentTables(env: ConnectEnv) {
  return [env.db.totpFactors, env.db.totpEnrolments, env.db.recoveryCodes, env.db.rememberedDevices, env.db.audit];
}

/**
 * Inside the caller's transaction: the app set up (replacing an earlier one, whose remembered browsers are forgotten),
 * the pending secret dropped, new recovery codes, the audit entry. False when the pending secret was taken meanwhile
 * (two tabs confirming at once): the caller answers as for an expired one.
 */
export async function storeEnrolment(env: ConnectEnv, account: AccountRow, confirmed: ConfirmedEnrolment, by: string): Promise<boolean> {
  const pending = await env.db.totpEnrolments.get(account.id);
  if (!pending || pending.secret !== confirmed.factor.secret) return false;
  await env.db.totpEnrolments.delete(account.id);
  await env.db.totpFactors.put(confirmed.factor);
  await env.db.recoveryCodes.put(confirmed.recoveryRow);
  if (confirmed.replaces) await env.db.rememberedDevices.where('accountId').equals(account.id).delete();
  const entry: AuditRow = auditEntry(
    env,
    'two_factor.enrolled',
    `${account.name} ${confirmed.replaces ? 'replaced the authenticator app' : 'set up an authenticator app'} ${by}; 10 recovery codes issued`,
    { accountId: account.id, email: account.email },
  );
  await env.db.audit.add(entry);
  return true;
}
