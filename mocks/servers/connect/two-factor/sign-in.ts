// Owns the second step of a sign-in (R21): GET /login/two-factor shows it — the account's factors to verify, or
// an authenticator app to set up when the organisation asks — and POST /api/session/two-factor (verify a code),
// PASSKEY_API.secondFactorOptions and .secondFactor (verify with a passkey), /api/session/two-factor/setup (set up,
// then signed in) and /api/session/two-factor/remind-later finish it.
import { z } from 'zod';
import {
  RECOVERY_CODE_COUNT,
  REMEMBER_DEVICE_DAYS,
  TWO_FACTOR_VIEWS,
  type CodeFactorKind,
  type ConfirmTotpResponse,
  type SignedInResponse,
  type TwoFactorSetupPageData,
  type TwoFactorVerifyPageData,
} from '../../../../src/contracts/connect-two-factor';
import { SIM_SET_COOKIE_HEADER, type SetCookie } from '../../../../src/contracts/wire';
import { checkTotp } from '../../../../src/domain/totp';
import { sha256Hex } from '../../../shared/crypto';
import { json, page, readJson, redirect } from '../../../shared/http';
import type { AccountRow, PendingSignInRow, RememberedDeviceRow } from '../db';
import { auditEntry, connectProblem, now, type ConnectEnv } from '../env';
import { isLocked, MESSAGES, safeReturnTo } from '../rules';
import { countFailure, newSession, recordSignIn, sessionCookie, SIGN_IN_TABLES } from '../session';
import { checkPasskeySecondFactor, startPasskeySecondFactor } from '../passkeys/second-factor';
import { checkEnrolment, enrolmentTables, ensureEnrolment, factorsOf, requirementOf, storeEnrolment } from './factors';
import { CLEAR_PENDING_SIGN_IN_COOKIE, pendingSignIn, signInAgainUrl } from './pending';
import {
  amrAfterSecondFactor,
  factorName,
  hasSecondFactor,
  normaliseRecoveryCode,
  REMEMBER_DEVICE_MS,
  REMEMBERED_DEVICE_COOKIE,
  TWO_FACTOR_MESSAGES,
  TWO_FACTOR_TOKEN_BYTES,
} from './rules';

const VerifyBody = z.object({
  method: z.enum(['totp', 'recovery_code']),
  code: z.string().max(100),
  rememberDevice: z.boolean().default(false),
});
const CodeBody = z.object({ code: z.string().max(100) });

/** The first step's words in the audit log: Connect's password, or the organisation's single sign-on (no `pwd` at Connect). */
const firstStepWords = (amr: readonly string[]) => (amr.includes('pwd') ? 'a password' : 'single sign-on');

const returnToOf = (request: Request) => safeReturnTo(new URL(request.url).searchParams.get('return_to'));

/** For the APIs: the live pending sign-in, or a thrown 401 that sends the user back to the password. */
async function requirePending(env: ConnectEnv, request: Request, at: number): Promise<{ pending: PendingSignInRow; account: AccountRow }> {
  const found = await pendingSignIn(env, request, at);
  if (!found) throw connectProblem(401, 'sign_in_expired', TWO_FACTOR_MESSAGES.signInExpired);
  return found;
}

/** GET /login/two-factor?return_to=… The step the pending sign-in is at; without one, the login page again. */
export async function secondStepPage(env: ConnectEnv, request: Request): Promise<Response> {
  const returnTo = returnToOf(request);
  const at = now(env);
  const found = await pendingSignIn(env, request, at);
  if (!found) return redirect(signInAgainUrl(returnTo), [CLEAR_PENDING_SIGN_IN_COOKIE]);
  return secondStepView(env, found.account, returnTo, at);
}

/**
 * The second step's page for `account`: its factors to verify, or an authenticator app to set up. Also answered
 * directly where a sign-in comes back from another site (single sign-on), with the pending sign-in's cookie.
 */
export async function secondStepView(
  env: ConnectEnv,
  account: AccountRow,
  returnTo: string,
  at: number,
  cookies: SetCookie[] = [],
): Promise<Response> {
  const factors = await factorsOf(env, account.id);
  if (hasSecondFactor(factors)) {
    return page<TwoFactorVerifyPageData>(
      TWO_FACTOR_VIEWS.verify,
      'Two-factor authentication',
      { email: account.email, returnTo, factors, rememberDeviceDays: REMEMBER_DEVICE_DAYS },
      { cookies },
    );
  }
  return page<TwoFactorSetupPageData>(
    TWO_FACTOR_VIEWS.setup,
    'Set up two-factor authentication',
    {
      context: 'sign_in',
      email: account.email,
      returnTo,
      enrolment: await ensureEnrolment(env, account, at),
      requirement: await requirementOf(env, account, at),
      replaces: false,
    },
    { cookies },
  );
}

type Refused = 'malformed' | 'wrong' | 'replayed' | 'used';
type Presented = { ok: true; detail: string | null } | { ok: false; reason: Refused };

/**
 * Inside the sign-in's transaction: the presented factor checked against what is stored now and consumed — a TOTP
 * step marked used (RFC 6238 §5.2), a recovery code spent. Reading inside the transaction makes two tabs sending the
 * same code get one success. `recoveryDigest` is the typed recovery code's digest, computed before (WebCrypto cannot
 * be awaited inside an IndexedDB transaction).
 */
async function consumeFactor(
  env: ConnectEnv,
  account: AccountRow,
  method: CodeFactorKind,
  code: string,
  recoveryDigest: string | null,
  at: number,
): Promise<Presented> {
  switch (method) {
    case 'totp': {
      const factor = await env.db.totpFactors.get(account.id);
      if (!factor) return { ok: false, reason: 'wrong' };
      const check = checkTotp(factor.secret, code, at, { lastUsedStep: factor.lastUsedStep, params: factor });
      if (!check.ok) return { ok: false, reason: check.reason };
      await env.db.totpFactors.update(account.id, { lastUsedStep: check.step });
      return { ok: true, detail: null };
    }
    case 'recovery_code': {
      if (recoveryDigest === null) return { ok: false, reason: 'malformed' };
      const row = await env.db.recoveryCodes.get(account.id);
      const entry = row?.codes.find((c) => c.digest === recoveryDigest);
      if (!row || !entry) return { ok: false, reason: 'wrong' };
      if (entry.usedAt !== null) return { ok: false, reason: 'used' };
      const codes = row.codes.map((c) => (c === entry ? { ...c, usedAt: at } : c));
      await env.db.recoveryCodes.update(account.id, { codes });
      const left = codes.filter((c) => c.usedAt === null).length;
      return { ok: true, detail: `${account.name} used a recovery code to sign in (${left} of ${RECOVERY_CODE_COUNT} left)` };
    }
  }
}

/** The words and code of a refused second step, at the code field. */
function refusal(method: CodeFactorKind, reason: Refused): Response {
  if (reason === 'malformed') {
    return method === 'totp'
      ? connectProblem(422, 'code_malformed', TWO_FACTOR_MESSAGES.codeMalformed, 'code')
      : connectProblem(422, 'recovery_code_invalid', TWO_FACTOR_MESSAGES.recoveryInvalid, 'code');
  }
  if (method === 'recovery_code') {
    return reason === 'used'
      ? connectProblem(422, 'recovery_code_used', TWO_FACTOR_MESSAGES.recoveryUsed, 'code')
      : connectProblem(422, 'recovery_code_invalid', TWO_FACTOR_MESSAGES.recoveryInvalid, 'code');
  }
  return reason === 'replayed'
    ? connectProblem(422, 'code_replayed', TWO_FACTOR_MESSAGES.codeReplayed, 'code')
    : connectProblem(422, 'code_invalid', TWO_FACTOR_MESSAGES.codeInvalid, 'code');
}

const FAILURE_WORDS: Record<Refused, string> = {
  malformed: 'not a code',
  wrong: 'wrong code',
  replayed: 'code already used',
  used: 'recovery code already used',
};

/** Too many failures: the pending sign-in ends with the email's lock, and the login page's words say what to do. */
async function lockedOut(env: ConnectEnv, pending: PendingSignInRow): Promise<Response> {
  await env.db.pendingSignIns.delete(pending.tokenHash);
  const response = connectProblem(429, 'too_many_attempts', MESSAGES.tooManyAttempts);
  response.headers.set(SIM_SET_COOKIE_HEADER, JSON.stringify([CLEAR_PENDING_SIGN_IN_COOKIE]));
  return response;
}

/**
 * POST /api/session/two-factor?return_to=… {method, code, rememberDevice} → {redirectTo} with the session cookie.
 * A wrong, replayed or spent code is refused at the field, audited and counted against the email like a wrong
 * password (the same lockout), so the second step cannot be guessed through. "Remember this device for 30 days"
 * sets a cookie whose digest Connect keeps until then (world time).
 */
export async function verifySecondFactor(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, VerifyBody);
  const at = now(env);
  const { pending, account } = await requirePending(env, request, at);
  if (isLocked(await env.db.loginThrottles.get(account.email), at)) return lockedOut(env, pending);
  if (!(await factorsOf(env, account.id)).includes(body.method)) {
    return connectProblem(422, 'factor_unavailable', TWO_FACTOR_MESSAGES.factorUnavailable(body.method), 'method');
  }

  const normalised = body.method === 'recovery_code' ? normaliseRecoveryCode(body.code) : null;
  const recoveryDigest = normalised === null ? null : await sha256Hex(normalised);
  const session = newSession(env, account.id, at, amrAfterSecondFactor(pending.amr, body.method), pending.brokeredBy);
  const device = body.rememberDevice ? await newRememberedDevice(env, account, at) : null;

  const tables = [env.db.totpFactors, env.db.recoveryCodes, env.db.pendingSignIns, env.db.rememberedDevices, ...SIGN_IN_TABLES(env)];
  const presented = await env.db.transaction('rw', tables, async (): Promise<Presented | 'expired'> => {
    // Finished (or ended by a lockout) in another tab meanwhile.
    if (!(await env.db.pendingSignIns.get(pending.tokenHash))) return 'expired';
    const result = await consumeFactor(env, account, body.method, body.code, recoveryDigest, at);
    if (!result.ok) return result;
    await env.db.pendingSignIns.delete(pending.tokenHash);
    if (device) await env.db.rememberedDevices.put(device.row);
    await recordSignIn(
      env,
      account,
      session,
      `with ${firstStepWords(pending.amr)} and ${factorName(body.method)}${device ? DEVICE_REMEMBERED_WORDS : ''}`,
    );
    if (result.detail)
      await env.db.audit.add(
        auditEntry(env, 'two_factor.recovery_code_used', result.detail, { accountId: account.id, email: account.email }),
      );
    return result;
  });

  if (presented === 'expired') return connectProblem(401, 'sign_in_expired', TWO_FACTOR_MESSAGES.signInExpired);
  if (!presented.ok) {
    if (presented.reason === 'malformed') return refusal(body.method, presented.reason);
    const locked = await countFailure(env, account.email, account.id, at, {
      type: 'two_factor.failed',
      detail: `Failed two-factor step for ${account.email} with ${factorName(body.method)} (${FAILURE_WORDS[presented.reason]})`,
    });
    return locked ? lockedOut(env, pending) : refusal(body.method, presented.reason);
  }
  const cookies: SetCookie[] = [sessionCookie(session.id), CLEAR_PENDING_SIGN_IN_COOKIE];
  if (device) cookies.push(device.cookie);
  return json<SignedInResponse>({ redirectTo: returnToOf(request) }, { cookies });
}

/** PASSKEY_API.secondFactor's own field beside the authenticator's answer (which second-factor.ts reads). */
const RememberDeviceBody = z.object({ rememberDevice: z.boolean().default(false) });

/**
 * POST PASSKEY_API.secondFactorOptions → PasskeyRequestOptions for the pending sign-in's account: its passkeys, any
 * authenticator holding one may answer. 409 passkey_none when it has none (removed since the page was shown).
 */
export async function passkeySecondFactorOptions(env: ConnectEnv, request: Request): Promise<Response> {
  const { account } = await requirePending(env, request, now(env));
  return startPasskeySecondFactor(env, request, account);
}

/**
 * POST PASSKEY_API.secondFactor?return_to=… PasskeySecondFactorRequest → {redirectTo} with the session cookie. A
 * refused answer (another account's passkey, a challenge answered before or by another browser, a cloned key's
 * counter) is audited and counted against the email like a wrong code, with the same lockout. The session's amr is
 * the password's, the passkey's and mfa. "Remember this device for 30 days" as for a code.
 */
export async function verifyPasskeySecondFactor(env: ConnectEnv, request: Request): Promise<Response> {
  const at = now(env);
  const { pending, account } = await requirePending(env, request, at);
  if (isLocked(await env.db.loginThrottles.get(account.email), at)) return lockedOut(env, pending);
  // Read from a copy: checkPasskeySecondFactor reads the authenticator's answer from the request itself.
  const { rememberDevice } = await readJson(request.clone(), RememberDeviceBody);

  const check = await checkPasskeySecondFactor(env, request, account, pending.amr);
  if (!check.ok) {
    const locked = await countFailure(env, account.email, account.id, at, {
      type: 'two_factor.failed',
      detail: `Failed two-factor step for ${account.email} with ${factorName('passkey')} (${check.refusal.code}: ${check.refusal.detail})`,
    });
    return locked ? lockedOut(env, pending) : check.response;
  }

  const session = newSession(env, account.id, at, check.amr, pending.brokeredBy);
  const device = rememberDevice ? await newRememberedDevice(env, account, at) : null;
  const signedIn = await env.db.transaction('rw', [env.db.pendingSignIns, env.db.rememberedDevices, ...SIGN_IN_TABLES(env)], async () => {
    // Finished (or ended by a lockout) in another tab meanwhile.
    if (!(await env.db.pendingSignIns.get(pending.tokenHash))) return false;
    await env.db.pendingSignIns.delete(pending.tokenHash);
    if (device) await env.db.rememberedDevices.put(device.row);
    await recordSignIn(
      env,
      account,
      session,
      `with ${firstStepWords(pending.amr)} and a passkey (${check.passkey.name})${device ? DEVICE_REMEMBERED_WORDS : ''}`,
    );
    return true;
  });
  if (!signedIn) return connectProblem(401, 'sign_in_expired', TWO_FACTOR_MESSAGES.signInExpired);
  const cookies: SetCookie[] = [sessionCookie(session.id), CLEAR_PENDING_SIGN_IN_COOKIE];
  if (device) cookies.push(device.cookie);
  return json<SignedInResponse>({ redirectTo: returnToOf(request) }, { cookies });
}

const DEVICE_REMEMBERED_WORDS = ` (device remembered for ${REMEMBER_DEVICE_DAYS} days)`;

/**
 * "Remember this device for 30 days": a new token from the seeded random for the browser's cookie, and the row of its
 * digest that Connect keeps until then (world time); the caller stores the row with the sign-in.
 */
async function newRememberedDevice(
  env: ConnectEnv,
  account: AccountRow,
  at: number,
): Promise<{ row: RememberedDeviceRow; cookie: SetCookie }> {
  const token = env.ctx.random.hex(TWO_FACTOR_TOKEN_BYTES);
  return {
    row: { tokenHash: await sha256Hex(token), accountId: account.id, createdAt: at, expiresAt: at + REMEMBER_DEVICE_MS },
    // Strict: read only by the sign-in API, called from Connect's own sign-in page.
    cookie: { name: REMEMBERED_DEVICE_COOKIE, value: token, maxAge: REMEMBER_DEVICE_MS / 1000, path: '/', sameSite: 'Strict' },
  };
}

/**
 * POST /api/session/two-factor/setup?return_to=… {code} → {recoveryCodes, redirectTo} with the session cookie. The
 * organisation asked for a factor the account did not have: the code from the app confirms it, the ten recovery
 * codes are answered once, and the sign-in is done (amr: pwd, otp, mfa).
 */
export async function confirmSetupAtSignIn(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, CodeBody);
  const at = now(env);
  const { pending, account } = await requirePending(env, request, at);
  if (hasSecondFactor(await factorsOf(env, account.id))) return connectProblem(409, 'invalid_request', TWO_FACTOR_MESSAGES.alreadySetUp);
  const confirmed = await checkEnrolment(env, account, body.code, at);
  const session = newSession(env, account.id, at, amrAfterSecondFactor(pending.amr, 'totp'), pending.brokeredBy);
  const tables = [...enrolmentTables(env), env.db.pendingSignIns, ...SIGN_IN_TABLES(env)];
  const stored = await env.db.transaction('rw', tables, async () => {
    if (!(await env.db.pendingSignIns.get(pending.tokenHash))) return false;
    if (!(await storeEnrolment(env, account, confirmed, 'at sign-in'))) return false;
    await env.db.pendingSignIns.delete(pending.tokenHash);
    await recordSignIn(env, account, session, `with ${firstStepWords(pending.amr)} and an authenticator app`);
    return true;
  });
  if (!stored) return connectProblem(410, 'enrolment_expired', TWO_FACTOR_MESSAGES.enrolmentExpired, 'code');
  return json<ConfirmTotpResponse>(
    { recoveryCodes: confirmed.recoveryCodes, redirectTo: returnToOf(request) },
    { cookies: [sessionCookie(session.id), CLEAR_PENDING_SIGN_IN_COOKIE] },
  );
}

/**
 * POST /api/session/two-factor/remind-later?return_to=… → {redirectTo} with the session cookie (amr: pwd). Only while
 * setting up is optional (R21: before the date everyone must); a required one is 403 two_factor_required.
 */
export async function remindLater(env: ConnectEnv, request: Request): Promise<Response> {
  const at = now(env);
  const { pending, account } = await requirePending(env, request, at);
  const requirement = await requirementOf(env, account, at);
  if (requirement.kind === 'required') return connectProblem(403, 'two_factor_required', TWO_FACTOR_MESSAGES.required);
  if (hasSecondFactor(await factorsOf(env, account.id))) return connectProblem(409, 'invalid_request', TWO_FACTOR_MESSAGES.alreadySetUp);
  const session = newSession(env, account.id, at, pending.amr, pending.brokeredBy);
  const due =
    requirement.kind === 'upcoming'
      ? ` (required from ${new Date(requirement.from).toISOString().slice(0, 16).replace('T', ' ')} UTC)`
      : '';
  const signedIn = await env.db.transaction('rw', [env.db.pendingSignIns, ...SIGN_IN_TABLES(env)], async () => {
    if (!(await env.db.pendingSignIns.get(pending.tokenHash))) return false;
    await env.db.pendingSignIns.delete(pending.tokenHash);
    await recordSignIn(env, account, session, `with ${firstStepWords(pending.amr)}`);
    await env.db.audit.add(
      auditEntry(env, 'two_factor.postponed', `${account.name} chose “Remind me later” for two-factor authentication${due}`, {
        accountId: account.id,
        email: account.email,
      }),
    );
    return true;
  });
  if (!signedIn) return connectProblem(401, 'sign_in_expired', TWO_FACTOR_MESSAGES.signInExpired);
  return json<SignedInResponse>(
    { redirectTo: returnToOf(request) },
    { cookies: [sessionCookie(session.id), CLEAR_PENDING_SIGN_IN_COOKIE] },
  );
}
