// Owns signing in to Connect (rule 20, seed 001: the email first, then the password): POST /api/session/identify,
// POST and DELETE /api/session, the /logout navigation and GET /api/me.
import { z } from 'zod';
import { CONNECT_PATHS, type ConnectAccount } from '../../../src/contracts/connect';
import type { SetCookie } from '../../../src/contracts/wire';
import { parseEmail } from '../../../src/domain/email';
import { hashPassword, verifyPassword } from '../../shared/crypto';
import { json, problemFrom, readCookie, readJson, redirect } from '../../shared/http';
import { auditEntry, connectProblem, DUMMY_SALT, now, requireAccount, type ConnectEnv } from './env';
import { MESSAGES, safeReturnTo, SESSION_COOKIE, SESSION_TTL_MS, toConnectAccount } from './rules';

const IdentifyBody = z.object({ email: z.string() });
const LoginBody = z.object({ email: z.string(), password: z.string() });

function sessionCookie(id: string): SetCookie {
  return { name: SESSION_COOKIE, value: id, maxAge: SESSION_TTL_MS / 1000, path: '/' };
}

/** RFC 8176 §2: the user authenticated with a password. */
const PASSWORD_AMR = ['pwd'];

export const CLEAR_SESSION_COOKIE: SetCookie = { name: SESSION_COOKIE, value: '', maxAge: 0, path: '/' };

/**
 * POST /api/session/identify {email} → {next: 'password'}. Identifier-first (rule 20, seed 001): any well-formed
 * email gets the same answer, so the step never tells whether an account exists. SSO routing (rule 22) comes here.
 */
export async function identify(_env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, IdentifyBody);
  const email = parseEmail(body.email);
  if (!email.ok) return problemFrom(422, email.problem);
  return json({ next: 'password' as const });
}

/**
 * POST /api/session {email, password} → {redirectTo} and the session cookie; `?return_to=/path` picks where to go.
 * Every failure is the same generic 401 (unknown email, no password set yet, wrong password); only the audit log
 * says which (rule 26, seed 002).
 */
export async function login(env: ConnectEnv, request: Request): Promise<Response> {
  const body = await readJson(request, LoginBody);
  const email = parseEmail(body.email);
  if (!email.ok) return problemFrom(422, email.problem);
  if (body.password.length === 0) return connectProblem(422, 'invalid_request', MESSAGES.enterPassword, 'password');

  const account = await env.db.accounts.where('email').equals(email.value).first();
  const valid =
    account && account.passwordHash !== null && account.passwordSalt !== null
      ? await verifyPassword(body.password, { hash: account.passwordHash, salt: account.passwordSalt })
      : (await hashPassword(body.password, DUMMY_SALT), false);

  if (!account || !valid) {
    const reason = !account ? 'no account with this email' : account.passwordHash === null ? 'no password set yet' : 'wrong password';
    await env.db.audit.add(
      auditEntry(env, 'login.failed', `Failed login for ${email.value} (${reason})`, { accountId: account?.id ?? null, email: email.value }),
    );
    return connectProblem(401, 'invalid_credentials', MESSAGES.invalidCredentials);
  }

  const sessionId = env.ctx.random.hex(16);
  const sid = env.ctx.random.hex(16);
  const at = now(env);
  await env.db.transaction('rw', env.db.sessions, env.db.audit, async () => {
    await env.db.sessions.add({ id: sessionId, accountId: account.id, expiresAt: at + SESSION_TTL_MS, authTime: at, amr: PASSWORD_AMR, sid });
    await env.db.audit.add(auditEntry(env, 'login', `${account.name} logged in with a password`, { accountId: account.id, email: account.email }));
  });
  const redirectTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  return json({ redirectTo }, { cookies: [sessionCookie(sessionId)] });
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
    await env.db.audit.add(auditEntry(env, 'logout', `${account?.name ?? 'An account'} logged out`, { accountId: session.accountId, email: account?.email ?? null }));
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
