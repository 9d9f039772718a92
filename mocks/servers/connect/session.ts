// Owns signing in to Connect (R20: the email first, then the password) with its brute-force lockout,
// handing over to the second step when R21 asks for one: POST /api/session/identify, POST and DELETE
// /api/session, the /logout navigation and GET /api/me.
import { z } from 'zod';
import { CONNECT_PATHS, type ConnectAccount, type IdentifyResponse, type PasswordLoginResponse } from '../../../src/contracts/connect';
import type { SetCookie } from '../../../src/contracts/wire';
import { parseEmail } from '../../../src/domain/email';
import { PASSWORD_POLICY } from '../../../src/domain/password';
import { hashPassword, sha256Hex, verifyPassword } from '../../shared/crypto';
import { json, problemFrom, readCookie, readJson, redirect } from '../../shared/http';
import type { AccountRow, AuditType, SessionRow } from './db';
import { auditEntry, connectProblem, DUMMY_SALT, now, requireAccount, type ConnectEnv } from './env';
import { lockoutFor } from './organisation';
import { providerForEmail, refuseWhenSsoOnly, ssoOffer } from './sso/routing';
import { SSO_MESSAGES } from './sso/rules';
import { secondStepFor, startPendingSignIn } from './two-factor/pending';
import {
  afterFailure,
  isLocked,
  MESSAGES,
  PASSWORD_CHANGE_TTL_MS,
  RESET_TOKEN_BYTES,
  safeReturnTo,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  temporaryPasswordExpired,
  toConnectAccount,
} from './rules';

const IdentifyBody = z.object({ email: z.string() });
const LoginBody = z.object({ email: z.string(), password: z.string() });

/**
 * Lax (RFC 6265bis §5.4.7): an application's redirect to the authorization endpoint is a cross-site top-level GET that
 * must carry it (single sign-on); a change another site's page asks for (a POST, a fetch) never does.
 */
export function sessionCookie(id: string): SetCookie {
  // A browser-session cookie (RFC 6265 §5.3 step 3: no Max-Age): the session's end is kept by the server, so a browser
  // coming back after it still names the session and the login page can say that it ran out.
  return { name: SESSION_COOKIE, value: id, path: '/', sameSite: 'Lax' };
}

/** RFC 8176 §2: the user authenticated with a password. */
export const PASSWORD_AMR = ['pwd'];

export const CLEAR_SESSION_COOKIE: SetCookie = { name: SESSION_COOKIE, value: '', maxAge: 0, path: '/' };

/**
 * POST /api/session/identify?return_to=/path {email} → IdentifyResponse. Identifier-first (R20): an email at a domain
 * the organisation verified and assigned to its identity provider gets that provider ({next: 'sso'}, with a redirect
 * when it is offered as one, R22, R24); any other well-formed email gets the password step. The answer depends on the
 * domain alone, so the step never tells whether an account exists. A domain that signs in only with a provider that is
 * switched off is refused at the email, with whom to ask.
 */
export async function identify(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, IdentifyBody);
  const email = parseEmail(body.email);
  if (!email.ok) return problemFrom(422, email.problem);
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  const sso = await ssoOffer(env, email.value, returnTo);
  if (sso === 'unavailable') {
    const provider = await providerForEmail(env, email.value);
    return connectProblem(403, 'sso_unavailable', SSO_MESSAGES.ssoUnavailable(provider?.name ?? 'your identity provider'), 'email');
  }
  if (sso) return json<IdentifyResponse>({ next: 'sso', sso, ...(sso.offer === 'redirect' ? { redirectTo: sso.startUrl } : {}) });
  return json<IdentifyResponse>({ next: 'password' });
}

/**
 * POST /api/session {email, password} → PasswordLoginResponse and, when signed in, the session cookie;
 * `?return_to=/path` picks where to go. Every refusal is the same generic 401 (unknown email, no password set yet,
 * wrong password, blocked account, expired temporary password); only the audit log says which (R26).
 * Failures count per email, whether or not an account has it, and the one that reaches the organisation's limit locks
 * that email for a while: then every attempt, right password or not, is the same 429 too_many_attempts
 * (docs/decisions/failed-logins-count-per-email-not-per-account-and.md). A temporary password (R27) signs nobody in: it answers a ticket for choosing a new one.
 */
export async function login(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, LoginBody);
  const email = parseEmail(body.email);
  if (!email.ok) return problemFrom(422, email.problem);
  // R22: a domain that signs in only with its identity provider never checks a password, right or wrong.
  const ssoOnly = await refuseWhenSsoOnly(env, email.value, 'password');
  if (ssoOnly) return ssoOnly;
  if (body.password.length === 0) return connectProblem(422, 'invalid_request', MESSAGES.enterPassword, 'password');
  const at = now(env);

  const account = await env.db.accounts.where('email').equals(email.value).first();
  if (isLocked(await env.db.loginThrottles.get(email.value), at)) {
    await env.db.audit.add(
      auditEntry(env, 'login.failed', `Failed login for ${email.value} (locked after too many attempts)`, {
        accountId: account?.id ?? null,
        email: email.value,
      }),
    );
    return connectProblem(429, 'too_many_attempts', MESSAGES.tooManyAttempts);
  }
  const valid =
    account && account.passwordHash !== null && account.passwordSalt !== null
      ? await verifyPassword(body.password, { hash: account.passwordHash, salt: account.passwordSalt })
      : (await hashPassword(body.password, DUMMY_SALT), false);

  const refusal = !account
    ? 'no account with this email'
    : account.blockedAt !== null
      ? 'account blocked'
      : account.passwordHash === null
        ? 'no password set yet'
        : !valid
          ? 'wrong password'
          : temporaryPasswordExpired(account, at)
            ? 'temporary password expired'
            : null;
  if (!account || refusal !== null) return refuse(env, email.value, account?.id ?? null, refusal ?? 'no account with this email', at);

  if (account.temporaryPasswordExpiresAt !== null) return changeTicket(env, account, at);

  const redirectTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  // R21: a second step when the account has a factor or its organisation asks for one. The failures counted so far
  // stay until it passes: wrong codes count against the same email.
  const second = await secondStepFor(env, request, account, { kind: 'password' }, at);
  if (second.step !== 'none') return startPendingSignIn(env, account, PASSWORD_AMR, at, redirectTo);

  const session = newSession(env, account.id, at);
  await env.db.transaction('rw', SIGN_IN_TABLES(env), () =>
    recordSignIn(env, account, session, second.remembered ? 'with a password on a remembered device' : 'with a password'),
  );
  return json<PasswordLoginResponse>({ redirectTo }, { cookies: [sessionCookie(session.id)] });
}

/** What `recordSignIn` writes, for the caller's transaction. */
export const SIGN_IN_TABLES = (env: ConnectEnv) => [env.db.sessions, env.db.accounts, env.db.loginThrottles, env.db.audit];

/**
 * Inside the caller's transaction (SIGN_IN_TABLES and its own): the session stored, the last login set, the email's
 * failed attempts cleared, the login audited ("Anna Svensson logged in with a password and an authenticator app").
 */
export async function recordSignIn(env: ConnectEnv, account: AccountRow, session: SessionRow, how: string): Promise<void> {
  await env.db.sessions.add(session);
  await env.db.accounts.update(account.id, { lastLoginAt: session.authTime });
  await env.db.loginThrottles.delete(account.email);
  await env.db.audit.add(auditEntry(env, 'login', `${account.name} logged in ${how}`, { accountId: account.id, email: account.email }));
}

/**
 * A failed attempt against `email` (a wrong password, or a wrong second-step code with its own audit entry): counted,
 * locking the email at the organisation's limit, and audited. Resolves to whether the email is locked now.
 */
export async function countFailure(
  env: ConnectEnv,
  email: string,
  accountId: string | null,
  at: number,
  failure: { type: AuditType; detail: string },
): Promise<boolean> {
  const settings = await lockoutFor(env, email);
  return env.db.transaction('rw', env.db.loginThrottles, env.db.audit, async () => {
    const current = await env.db.loginThrottles.get(email);
    // A concurrent attempt may have reached the limit meanwhile: this one is then refused as locked.
    if (isLocked(current, at)) {
      await env.db.audit.add(
        auditEntry(env, 'login.failed', `Failed login for ${email} (locked after too many attempts)`, { accountId, email }),
      );
      return true;
    }
    const next = afterFailure(current, email, settings, at);
    await env.db.loginThrottles.put(next.row);
    await env.db.audit.add(auditEntry(env, failure.type, failure.detail, { accountId, email }));
    if (next.locked) {
      await env.db.audit.add(
        auditEntry(
          env,
          'account.locked',
          `${email} is locked for ${settings.lockMinutes} minutes after ${settings.maxFailures} failed logins within ${settings.windowMinutes} minutes`,
          { accountId, email },
        ),
      );
    }
    return next.locked;
  });
}

/** A refused password login: the failure counted against the email (locking it at the limit) and audited with its reason. */
async function refuse(env: ConnectEnv, email: string, accountId: string | null, reason: string, at: number): Promise<Response> {
  const locked = await countFailure(env, email, accountId, at, { type: 'login.failed', detail: `Failed login for ${email} (${reason})` });
  return locked
    ? connectProblem(429, 'too_many_attempts', MESSAGES.tooManyAttempts)
    : connectProblem(401, 'invalid_credentials', MESSAGES.invalidCredentials);
}

/**
 * R27: the temporary password was right, and "must be changed at next login": no session yet, but a single-use
 * ticket for POST /api/password/change (earlier unused ones stop working). The right password clears the failures.
 */
async function changeTicket(env: ConnectEnv, account: AccountRow, at: number): Promise<Response> {
  const changeToken = env.ctx.random.hex(RESET_TOKEN_BYTES);
  const tokenHash = await sha256Hex(changeToken);
  await env.db.transaction('rw', env.db.passwordChanges, env.db.loginThrottles, async () => {
    await env.db.passwordChanges
      .where('accountId')
      .equals(account.id)
      .filter((t) => t.usedAt === null)
      .delete();
    await env.db.passwordChanges.add({
      tokenHash,
      accountId: account.id,
      createdAt: at,
      expiresAt: at + PASSWORD_CHANGE_TTL_MS,
      usedAt: null,
    });
    await env.db.loginThrottles.delete(account.email);
  });
  return json<PasswordLoginResponse>({ next: 'change_password', changeToken, policy: PASSWORD_POLICY });
}

/** A new session of `accountId` at `at`, by a password unless `amr` says more; its id and sid come from the seeded random. */
export function newSession(
  env: ConnectEnv,
  accountId: string,
  at: number,
  amr: readonly string[] = PASSWORD_AMR,
  brokeredBy?: string,
): SessionRow {
  const id = env.ctx.random.hex(16);
  const sid = env.ctx.random.hex(16);
  return {
    id,
    accountId,
    expiresAt: at + SESSION_TTL_MS,
    authTime: at,
    amr: [...amr],
    sid,
    ...(brokeredBy === undefined ? {} : { brokeredBy }),
  };
}

/** Ends the browser's session, if it has one, and audits the logout. */
export async function endSession(env: ConnectEnv, request: Request): Promise<void> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return;
  await env.db.transaction('rw', env.db.sessions, env.db.accounts, env.db.audit, async () => {
    const session = await env.db.sessions.get(id);
    if (!session) return;
    const account = await env.db.accounts.get(session.accountId);
    await env.db.sessions.delete(id);
    await env.db.audit.add(
      auditEntry(env, 'logout', `${account?.name ?? 'An account'} logged out`, {
        accountId: session.accountId,
        email: account?.email ?? null,
      }),
    );
  });
}

/** DELETE /api/session → {redirectTo: '/login'}, the cookie cleared. */
export async function logout(env: ConnectEnv, request: Request): Promise<Response> {
  await endSession(env, request);
  return json({ redirectTo: CONNECT_PATHS.login }, { cookies: [CLEAR_SESSION_COOKIE] });
}

/** GET /logout: the same, as a navigation. */
export async function logoutPage(env: ConnectEnv, request: Request): Promise<Response> {
  await endSession(env, request);
  return redirect(CONNECT_PATHS.login, [CLEAR_SESSION_COOKIE]);
}

/** GET /api/me → ConnectAccount of the signed-in account. */
export async function me(env: ConnectEnv, request: Request): Promise<Response> {
  return json<ConnectAccount>(toConnectAccount(await requireAccount(env, request)));
}
