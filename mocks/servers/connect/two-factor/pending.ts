// Owns the moment between a sign-in's first step and its session (R21): whether a second step is needed, and the
// pending sign-in that holds it — a row and a short-lived cookie that the second-step page and APIs continue from.
import { CONNECT_PATHS, type PasswordLoginResponse } from '../../../../src/contracts/connect';
import { TWO_FACTOR_PATHS } from '../../../../src/contracts/connect-two-factor';
import type { SetCookie } from '../../../../src/contracts/wire';
import { sha256Hex } from '../../../shared/crypto';
import { json, readCookie } from '../../../shared/http';
import type { AccountRow, PendingSignInRow } from '../db';
import type { ConnectEnv } from '../env';
import { factorsOf, isRememberedDevice, requirementOf } from './factors';
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_TTL_MS, secondStep, TWO_FACTOR_TOKEN_BYTES, type FirstFactor } from './rules';

export interface SecondStepDecision {
  step: 'none' | 'verify' | 'set_up';
  /** The browser skipped the check because it was remembered (the audit says so). */
  remembered: boolean;
}

/** What the account's first step (Connect's password, or an SSO IdP and its `amr`) leads to in this browser at `at`. */
export async function secondStepFor(
  env: ConnectEnv,
  request: Request,
  account: AccountRow,
  first: FirstFactor,
  at: number,
): Promise<SecondStepDecision> {
  const [factors, requirement, rememberedDevice] = await Promise.all([
    factorsOf(env, account.id),
    requirementOf(env, account, at),
    isRememberedDevice(env, request, account.id, at),
  ]);
  const step = secondStep({ first, factors, requirement, rememberedDevice });
  return { step, remembered: step === 'none' && rememberedDevice && factors.length > 0 };
}

export function pendingSignInCookie(token: string): SetCookie {
  // Strict: only Connect's own sign-in page and its API read it, always from a page of connect.test.
  return { name: PENDING_SIGN_IN_COOKIE, value: token, maxAge: PENDING_SIGN_IN_TTL_MS / 1000, path: '/', sameSite: 'Strict' };
}

export const CLEAR_PENDING_SIGN_IN_COOKIE: SetCookie = { name: PENDING_SIGN_IN_COOKIE, value: '', maxAge: 0, path: '/' };

/** Where the second step lives, keeping where the sign-in goes after it. */
export function secondStepUrl(returnTo: string): string {
  return `${TWO_FACTOR_PATHS.signIn}?return_to=${encodeURIComponent(returnTo)}`;
}

/**
 * The first step passed and a second is needed: no session yet, but a pending sign-in (15 minutes, one per browser:
 * its cookie replaces an earlier one) and the way to the second step. `amr` says what was done so far.
 */
export async function startPendingSignIn(
  env: ConnectEnv,
  account: AccountRow,
  amr: string[],
  at: number,
  returnTo: string,
): Promise<Response> {
  const token = env.ctx.random.hex(TWO_FACTOR_TOKEN_BYTES);
  const row: PendingSignInRow = {
    tokenHash: await sha256Hex(token),
    accountId: account.id,
    amr,
    createdAt: at,
    expiresAt: at + PENDING_SIGN_IN_TTL_MS,
  };
  await env.db.pendingSignIns.add(row);
  return json<PasswordLoginResponse>(
    { next: 'second_factor', redirectTo: secondStepUrl(returnTo) },
    { cookies: [pendingSignInCookie(token)] },
  );
}

/** The browser's live pending sign-in and its (unblocked) account, or undefined: the user signs in again. */
export async function pendingSignIn(
  env: ConnectEnv,
  request: Request,
  at: number,
): Promise<{ pending: PendingSignInRow; account: AccountRow } | undefined> {
  const token = readCookie(request, PENDING_SIGN_IN_COOKIE);
  if (!token) return undefined;
  const pending = await env.db.pendingSignIns.get(await sha256Hex(token));
  if (!pending || at >= pending.expiresAt) return undefined;
  const account = await env.db.accounts.get(pending.accountId);
  return account && account.blockedAt === null ? { pending, account } : undefined;
}

/** The login page to go back to when the pending sign-in is gone, keeping where the sign-in was going. */
export function signInAgainUrl(returnTo: string, email?: string): string {
  const query = new URLSearchParams({ return_to: returnTo });
  if (email) query.set('email', email);
  return `${CONNECT_PATHS.login}?${query}`;
}
