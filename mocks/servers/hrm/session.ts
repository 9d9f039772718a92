// Owns signing in and out of the HRM: the old login (user ID + password, R14: it works through preparation and is
// gone at activation), the HRM's own single sign-on's callback, logout (at Connect too for a Connect session), and the
// way in through Connect from activation.
import { z } from 'zod';
import { rolloutPhase } from '../../../machines/rollout';
import { HRM_PATHS, HRM_VIEWS, type HrmLoginPageData } from '../../../src/contracts/hrm';
import type { SetCookie } from '../../../src/contracts/wire';
import { hashPassword, verifyPassword } from '../../shared/crypto';
import { json, page, readCookie, readJson, redirect } from '../../shared/http';
import { AUTH_COOKIE, connectLogoutUrl, finishConnectLogin, sessionCookie, startConnectLogin } from './connect-login';
import { auditEntry, hrmProblem, now, type HrmEnv } from './env';
import { loginData } from './pages';
import { MESSAGES, SESSION_COOKIE, SESSION_TTL_MS, isTimeclockOnly, safeReturnTo } from './rules';
import { CLEAR_SSO_AUTH, finishSsoLogin } from './sso-login';
import { loadRollout, loadTenant } from './store';

const LoginBody = z.object({ loginId: z.string(), password: z.string() });

/** Compared against for unknown user IDs, so a wrong ID costs the same hash as a wrong password. */
const DUMMY_SALT = '00000000000000000000000000000000';

const CLEAR_COOKIE: SetCookie = { name: SESSION_COOKIE, value: '', maxAge: 0, path: '/' };

/** POST /api/session {loginId, password} → {redirectTo}; `?return_to=/path` picks where to go after. */
export async function login(env: HrmEnv, request: Request): Promise<Response> {
  // R14: after the switch "the old login method will no longer be available".
  if (rolloutPhase(await loadRollout(env.db)) === 'activation') return hrmProblem(410, 'old_login_gone', MESSAGES.oldLoginGone);
  const body = await readJson(request, LoginBody);
  const loginId = body.loginId.trim();
  if (!loginId) return hrmProblem(422, 'invalid_request', 'Enter your user ID', 'loginId');
  if (!body.password) return hrmProblem(422, 'invalid_request', 'Enter your password', 'password');

  const directory = await env.directory();
  const user = directory.byLogin(loginId);
  // Users of a generated tenant share the tenant's rehearsal password; everyone else has their own.
  const stored = user ? (user.password ?? (await loadTenant(env.db)).rehearsalPassword) : null;
  const valid = user && stored ? await verifyPassword(body.password, stored) : (await hashPassword(body.password, DUMMY_SALT), false);

  if (!user || !valid) {
    // One message for an unknown user and a wrong password: the answer must not tell which user IDs exist.
    await env.db.audit.add(
      auditEntry(env, 'login_failed', `Failed login for user ID ${loginId}${user ? ' (wrong password)' : ' (unknown user ID)'}`, {
        subject: user?.id ?? null,
      }),
    );
    return hrmProblem(401, 'invalid_credentials', MESSAGES.invalidCredentials);
  }
  // R11: timeclock-only workers use a badge or employee number, not the web login.
  if (isTimeclockOnly(user.roles, user.timeclockOnly)) return hrmProblem(403, 'timeclock_only', MESSAGES.timeclockOnly);

  const sessionId = `ses_${env.ctx.random.hex(16)}`;
  const at = now(env);
  // The session, the last login shown in the Users view and the audit line are stored together.
  await directory.mutate((draft) => {
    const current = draft.get(user.id)!;
    draft.put({ ...current, lastLoginAt: at });
    draft.putRow(env.db.sessions, { id: sessionId, userId: user.id, expiresAt: at + SESSION_TTL_MS });
    draft.audit(auditEntry(env, 'login', `${user.name} logged in with the old login`, { actor: user.id, subject: user.id }));
  });
  const redirectTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  return json({ redirectTo }, { cookies: [sessionCookie(sessionId)] });
}

/** Ends the session; answers where to go next: the login, or Connect's logout for a Connect session (RP-initiated). */
async function endSession(env: HrmEnv, request: Request): Promise<string> {
  const id = readCookie(request, SESSION_COOKIE);
  const session = id ? await env.db.sessions.get(id) : undefined;
  if (!session) return HRM_PATHS.login;
  await env.db.transaction('rw', env.db.sessions, env.db.audit, async () => {
    await env.db.sessions.delete(session.id);
    await env.db.audit.add(auditEntry(env, 'logout', 'Logged out', { actor: session.userId, subject: session.userId }));
  });
  if (session.method === 'connect') return connectLogoutUrl(env, session, new URL(request.url).origin);
  // After single sign-on the login would send the browser straight back to the provider, which still knows the user.
  return session.method === 'sso' ? `${HRM_PATHS.login}?logged_out=1` : HRM_PATHS.login;
}

/** DELETE /api/session → {redirectTo}: the login, or Connect's end session URL; the cookie cleared. */
export async function logout(env: HrmEnv, request: Request): Promise<Response> {
  return json({ redirectTo: await endSession(env, request) }, { cookies: [CLEAR_COOKIE] });
}

/** GET /logout: the same, as a navigation. */
export async function logoutPage(env: HrmEnv, request: Request): Promise<Response> {
  return redirect(await endSession(env, request), [CLEAR_COOKIE]);
}

/** GET /auth/login?return_to=…: off to Connect (the rollout must be activated; before that the old login is the way). */
export async function connectLoginRedirect(env: HrmEnv, request: Request): Promise<Response> {
  if (rolloutPhase(await loadRollout(env.db)) !== 'activation') return redirect(HRM_PATHS.login);
  return startConnectLogin(env, request);
}

/** GET /sso/callback: the identity provider's answer. In: the session and on to the page asked for. Not in: the login page says why. */
export async function ssoCallback(env: HrmEnv, request: Request): Promise<Response> {
  const outcome = await finishSsoLogin(env, request);
  if (outcome.ok) return redirect(outcome.returnTo, [sessionCookie(outcome.sessionId), CLEAR_SSO_AUTH]);
  const problem: HrmLoginPageData['problem'] = { reason: outcome.reason, message: outcome.message };
  return page<HrmLoginPageData>(HRM_VIEWS.login, 'Log in', await loginData(env, null, problem, { sso: true }), {
    status: outcome.reason === 'unknown_user' ? 403 : 400,
    cookies: [CLEAR_SSO_AUTH],
  });
}

/** GET /auth/callback: Connect's answer. In: the session and on to the page asked for. Not in: the login page says why. */
export async function connectCallback(env: HrmEnv, request: Request): Promise<Response> {
  const outcome = await finishConnectLogin(env, request);
  const clearAuth = { name: AUTH_COOKIE, value: '', maxAge: 0, path: '/auth' };
  if (outcome.ok) return redirect(outcome.returnTo, [sessionCookie(outcome.sessionId), clearAuth]);
  const problem: HrmLoginPageData['problem'] = { reason: outcome.reason, message: MESSAGES.connectLogin[outcome.reason](outcome.email) };
  return page<HrmLoginPageData>(HRM_VIEWS.login, 'Log in', await loginData(env, null, problem), {
    status: outcome.reason === 'not_linked' ? 403 : 400,
    cookies: [clearAuth],
  });
}
