// Owns signing in to the integrations console: POST and DELETE /api/session and the /logout navigation.
import { z } from 'zod';
import { INTEGRATIONS_PATHS } from '../../../src/contracts/integrations';
import type { SetCookie } from '../../../src/contracts/wire';
import { normalizeEmail } from '../../../src/domain/email';
import { hashPassword, verifyPassword } from '../../shared/crypto';
import { json, readCookie, readJson, redirect } from '../../shared/http';
import { safeReturnTo as sharedSafeReturnTo } from '../../shared/return-to';
import { ORIGINS } from '../../../src/contracts/origins';
import { integrationsProblem, now, type IntegrationsEnv } from './env';
import { MESSAGES, SESSION_COOKIE, SESSION_TTL_MS } from './rules';

const LoginBody = z.object({ email: z.string().max(254), password: z.string().max(200) });

/** Compared against for unknown emails, so a miss costs the same hash as a wrong password. */
const DUMMY_SALT = '00000000000000000000000000000000';

export const CLEAR_SESSION_COOKIE: SetCookie = { name: SESSION_COOKIE, value: '', maxAge: 0, path: '/' };

/** Where to go after signing in: a path on integrations.test (mocks/shared/return-to.ts), else the overview. */
export function safeReturnTo(value: string | null | undefined): string {
  return sharedSafeReturnTo(value, ORIGINS.integrations, INTEGRATIONS_PATHS.overview);
}

/** POST /api/session {email, password} → {redirectTo} and the session cookie; `?return_to=/path` picks where to go. */
export async function login(env: IntegrationsEnv, request: Request): Promise<Response> {
  const body = await readJson(request, LoginBody);
  const account = await env.db.accounts.where('email').equals(normalizeEmail(body.email)).first();
  const valid = account
    ? await verifyPassword(body.password, { hash: account.passwordHash, salt: account.passwordSalt })
    : (await hashPassword(body.password, DUMMY_SALT), false);
  if (!account || !valid) return integrationsProblem(401, 'invalid_credentials', MESSAGES.invalidCredentials);
  const id = env.ctx.random.hex(16);
  await env.db.sessions.add({ id, accountId: account.id, expiresAt: now(env) + SESSION_TTL_MS });
  // Lax: a link to the console from another site opens it signed in; changes need its own page.
  const cookie: SetCookie = { name: SESSION_COOKIE, value: id, maxAge: SESSION_TTL_MS / 1000, path: '/', sameSite: 'Lax' };
  return json({ redirectTo: safeReturnTo(new URL(request.url).searchParams.get('return_to')) }, { cookies: [cookie] });
}

async function endSession(env: IntegrationsEnv, request: Request): Promise<void> {
  const id = readCookie(request, SESSION_COOKIE);
  if (id) await env.db.sessions.delete(id);
}

/** DELETE /api/session → {redirectTo: '/login'}, the cookie cleared. */
export async function logout(env: IntegrationsEnv, request: Request): Promise<Response> {
  await endSession(env, request);
  return json({ redirectTo: INTEGRATIONS_PATHS.login }, { cookies: [CLEAR_SESSION_COOKIE] });
}

/** GET /logout: the same, as a navigation. */
export async function logoutPage(env: IntegrationsEnv, request: Request): Promise<Response> {
  await endSession(env, request);
  return redirect(INTEGRATIONS_PATHS.login, [CLEAR_SESSION_COOKIE]);
}
