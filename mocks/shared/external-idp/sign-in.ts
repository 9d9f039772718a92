// Owns the provider's login page and its steps: the username, the password, and the authenticator code (RFC 6238) for
// a user who has one. Signing in sets the provider's own session cookie, so the next application signs in without
// typing; a disabled user, a wrong password or code is refused at the field and written to the sign-in log.
import { z } from 'zod';
import {
  IDP_PATHS,
  IDP_VIEWS,
  type IdpErrorCode,
  type IdpSignInPageData,
  type IdpSignInResponse,
  type IdpSignInStep,
} from '../../../src/contracts/idp';
import type { SetCookie } from '../../../src/contracts/wire';
import { checkTotp } from '../../../src/domain/totp';
import { hashPassword, verifyPassword } from '../crypto';
import { json, page, problem, readJson, redirect } from '../http';
import { safeReturnTo } from '../return-to';
import { ORIGINS } from '../../../src/contracts/origins';
import type { IdpApplicationRow, IdpLoginRow, IdpUserRow } from './db';
import { brandView, directory, now, type IdpEnv } from './env';
import { idpErrorPage } from './pages';
import { LOGIN_TTL_MS, MAX_FAILURES, SESSION_COOKIE, SESSION_TTL_MS } from './rules';
import { logSignIn } from './sign-in-log';

/** Compared against for unknown usernames, so a miss costs the same hash as a wrong password. */
const DUMMY_SALT = '00000000000000000000000000000000';

function stepOf(login: IdpLoginRow): IdpSignInStep {
  if (login.userId === null) return 'username';
  return login.passwordAt === null ? 'password' : 'code';
}

async function applicationOf(env: IdpEnv, login: IdpLoginRow): Promise<IdpApplicationRow | undefined> {
  if (login.requestId === null) return undefined;
  const pending = await env.db.authRequests.get(login.requestId);
  return pending ? env.db.applications.get(pending.clientId) : undefined;
}

/**
 * GET /signin?login=…: the step the sign-in is at. Without `login`, a sign-in to the provider itself starts (its own
 * pages, such as an admin console): /signin?return_to=/path comes back to that path on this host once signed in.
 */
export async function signInPage(env: IdpEnv, request: Request): Promise<Response> {
  const tenant = await directory(env);
  const query = new URL(request.url).searchParams;
  if (!query.has('login') && tenant) return redirect(`${IDP_PATHS.signIn}?login=${await beginSignIn(env, query.get('return_to'))}`);
  const login = await env.db.logins.get(query.get('login') ?? '');
  if (!tenant || !login) return idpErrorPage(env, tenant, 'invalid_request', env.messages.loginUnknown);
  if (now(env) >= login.expiresAt) return idpErrorPage(env, tenant, 'invalid_request', env.messages.loginExpired);
  const user = login.userId !== null ? await env.db.users.get(login.userId) : undefined;
  const app = await applicationOf(env, login);
  const brand = brandView(env, tenant);
  const hint = (query.get('username') ?? '').trim().slice(0, 254) || null;
  return page<IdpSignInPageData>(IDP_VIEWS.signIn, `Sign in · ${brand.displayName}`, {
    brand,
    login: login.id,
    step: stepOf(login),
    application: app?.name ?? null,
    username: user?.username ?? hint,
  });
}

/** A sign-in to the provider's own pages, going back to `returnTo` (a path on this host, else its root); its id. */
export async function beginSignIn(env: IdpEnv, returnTo: string | null): Promise<string> {
  const at = now(env);
  const id = env.ctx.random.hex(16);
  await env.db.logins.add({
    id,
    requestId: null,
    returnTo: safeReturnTo(returnTo, ORIGINS[env.brand.idp], '/'),
    userId: null,
    passwordAt: null,
    failures: 0,
    createdAt: at,
    expiresAt: at + LOGIN_TTL_MS,
  });
  return id;
}

function refuse(env: IdpEnv, status: number, code: IdpErrorCode, message: string, field?: string): Response {
  return problem(status, code, message, field);
}

/** The sign-in the request names, or a thrown refusal when it is unknown or expired. */
async function requireLogin(env: IdpEnv, id: string): Promise<IdpLoginRow> {
  const login = await env.db.logins.get(id);
  if (!login) throw refuse(env, 404, 'login_unknown', env.messages.loginUnknown);
  if (now(env) >= login.expiresAt) throw refuse(env, 410, 'login_expired', env.messages.loginExpired);
  if (login.failures >= MAX_FAILURES) throw refuse(env, 429, 'too_many_attempts', env.messages.tooManyAttempts);
  return login;
}

/** The user the sign-in is for, still enabled; a thrown refusal otherwise. */
async function requireUser(env: IdpEnv, login: IdpLoginRow, field: string): Promise<IdpUserRow> {
  const user = login.userId !== null ? await env.db.users.get(login.userId) : undefined;
  if (!user) throw refuse(env, 409, 'invalid_request', env.messages.usernameStepFirst, 'username');
  if (user.disabledAt !== null) {
    await logSignIn(env, {
      user,
      username: user.username,
      app: await applicationOf(env, login),
      result: 'failure',
      reason: env.messages.userDisabled,
    });
    throw refuse(env, 403, 'user_disabled', env.messages.userDisabled, field);
  }
  return user;
}

const UsernameBody = z.object({ login: z.string().max(64), username: z.string().max(254) });
const PasswordBody = z.object({ login: z.string().max(64), password: z.string().max(256) });
const CodeBody = z.object({ login: z.string().max(64), code: z.string().max(32) });

/** POST /api/signin/username {login, username} → {step: 'password'} */
export async function submitUsername(env: IdpEnv, request: Request): Promise<Response> {
  const body = await readJson(request, UsernameBody);
  const login = await requireLogin(env, body.login);
  const username = body.username.trim().toLowerCase();
  if (username === '') return refuse(env, 400, 'username_required', env.messages.usernameRequired, 'username');
  const user = await env.db.users.where('username').equals(username).first();
  const app = await applicationOf(env, login);
  if (!user) {
    await logSignIn(env, { user: undefined, username, app, result: 'failure', reason: env.messages.usernameUnknown });
    return refuse(env, 400, 'username_unknown', env.messages.usernameUnknown, 'username');
  }
  if (user.disabledAt !== null) {
    await logSignIn(env, { user, username, app, result: 'failure', reason: env.messages.userDisabled });
    return refuse(env, 403, 'user_disabled', env.messages.userDisabled, 'username');
  }
  await env.db.logins.update(login.id, { userId: user.id, passwordAt: null });
  return json<IdpSignInResponse>({ step: 'password' });
}

/** POST /api/signin/password {login, password} → {step: 'code'} for a user with an authenticator, else signed in. */
export async function submitPassword(env: IdpEnv, request: Request): Promise<Response> {
  const body = await readJson(request, PasswordBody);
  const login = await requireLogin(env, body.login);
  if (body.password === '') return refuse(env, 400, 'password_required', env.messages.passwordRequired, 'password');
  if (login.userId === null) {
    await hashPassword(body.password, DUMMY_SALT);
    return refuse(env, 409, 'invalid_request', env.messages.usernameStepFirst, 'username');
  }
  const user = await requireUser(env, login, 'password');
  if (!(await verifyPassword(body.password, { hash: user.passwordHash, salt: user.passwordSalt }))) {
    const app = await applicationOf(env, login);
    await env.db.transaction('rw', env.db.logins, env.db.signIns, async () => {
      await env.db.logins.update(login.id, { failures: login.failures + 1 });
      await logSignIn(env, {
        user,
        username: user.username,
        app,
        result: 'failure',
        reason: env.messages.passwordWrong,
      });
    });
    return refuse(env, 401, 'password_wrong', env.messages.passwordWrong, 'password');
  }
  if (user.totpSecret !== null) {
    await env.db.logins.update(login.id, { passwordAt: now(env) });
    return json<IdpSignInResponse>({ step: 'code' });
  }
  return signedIn(env, login, user, false, null);
}

/** POST /api/signin/code {login, code}: the authenticator's code (RFC 6238 §5.2: one step either side, each once). */
export async function submitCode(env: IdpEnv, request: Request): Promise<Response> {
  const body = await readJson(request, CodeBody);
  const login = await requireLogin(env, body.login);
  if (login.passwordAt === null) return refuse(env, 409, 'invalid_request', env.messages.passwordStepFirst, 'password');
  const user = await requireUser(env, login, 'code');
  if (user.totpSecret === null) return refuse(env, 409, 'invalid_request', env.messages.passwordStepFirst, 'password');
  const at = now(env);
  const check = checkTotp(user.totpSecret, body.code.replace(/\s/g, ''), at, { lastUsedStep: user.totpLastStep });
  if (!check.ok) {
    const [code, message] =
      check.reason === 'malformed'
        ? (['code_malformed', env.messages.totpMalformed] as const)
        : check.reason === 'wrong'
          ? (['code_wrong', env.messages.totpWrong] as const)
          : (['code_reused', env.messages.totpReused] as const);
    if (check.reason !== 'malformed') {
      const app = await applicationOf(env, login);
      await env.db.transaction('rw', env.db.logins, env.db.signIns, async () => {
        await env.db.logins.update(login.id, { failures: login.failures + 1 });
        await logSignIn(env, { user, username: user.username, app, result: 'failure', reason: message });
      });
    }
    return refuse(env, check.reason === 'malformed' ? 400 : 401, code, message, 'code');
  }
  return signedIn(env, login, user, true, check.step);
}

/** The sign-in is done: the provider's session (its cookie), and on to where the sign-in was going. */
async function signedIn(env: IdpEnv, login: IdpLoginRow, user: IdpUserRow, mfa: boolean, totpStep: number | null): Promise<Response> {
  const at = now(env);
  const session = {
    id: env.ctx.random.hex(16),
    userId: user.id,
    authTime: at,
    amr: env.brand.amr(mfa),
    createdAt: at,
    expiresAt: at + SESSION_TTL_MS,
  };
  await env.db.transaction('rw', env.db.logins, env.db.sessions, env.db.users, async () => {
    await env.db.logins.delete(login.id);
    await env.db.sessions.add(session);
    if (totpStep !== null) await env.db.users.update(user.id, { totpLastStep: totpStep });
  });
  const cookie: SetCookie = { name: SESSION_COOKIE, value: session.id, maxAge: SESSION_TTL_MS / 1000, path: '/', sameSite: 'Lax' };
  return json<IdpSignInResponse>({ redirectTo: login.returnTo }, { cookies: [cookie] });
}
