// Owns who may use the admin console: a browser signed in at the provider's own login (its session cookie) as a user
// of the directory who administers it. Everyone else is sent to the login page (pages) or refused (API).
import { IDP_PATHS } from '../../../../src/contracts/idp';
import { IDP_CONSOLE_PATHS } from '../../../../src/contracts/idp-console';
import { ORIGINS } from '../../../../src/contracts/origins';
import { MINUTE } from '../../../../src/domain/clock';
import { problem, readCookie, redirect } from '../../http';
import { safeReturnTo } from '../../return-to';
import type { IdpUserRow } from '../db';
import { now, type IdpEnv } from '../env';
import { SESSION_COOKIE } from '../rules';
import { CONSOLE_MESSAGES } from './rules';

/** The provider's own session cookie, which its login page sets. */
export const PROVIDER_SESSION_COOKIE = SESSION_COOKIE;

export type ConsoleVisitor = { kind: 'admin'; user: IdpUserRow } | { kind: 'not_admin'; user: IdpUserRow } | { kind: 'signed_out' };

/** The browser's signed-in user at this provider, when the session is current and the user not disabled. */
export async function consoleVisitor(env: IdpEnv, request: Request): Promise<ConsoleVisitor> {
  const id = readCookie(request, PROVIDER_SESSION_COOKIE);
  if (!id) return { kind: 'signed_out' };
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return { kind: 'signed_out' };
  const user = await env.db.users.get(session.userId);
  if (!user || user.disabledAt !== null) return { kind: 'signed_out' };
  return user.isAdmin ? { kind: 'admin', user } : { kind: 'not_admin', user };
}

/** For the console API: the signed-in administrator, or a thrown 401/403. */
export async function requireAdmin(env: IdpEnv, request: Request): Promise<IdpUserRow> {
  const visitor = await consoleVisitor(env, request);
  if (visitor.kind === 'signed_out') throw problem(401, 'unauthenticated', CONSOLE_MESSAGES.unauthenticated);
  if (visitor.kind === 'not_admin') throw problem(403, 'forbidden', CONSOLE_MESSAGES.forbidden);
  return visitor.user;
}

/** How long a console sign-in may sit at the login page, as an application's does. */
export const CONSOLE_LOGIN_TTL_MS = 30 * MINUTE;

/** Where a signed-out visitor of console page `path` signs in, and comes back to it. */
export function signInPath(path: string): string {
  return `${IDP_CONSOLE_PATHS.signIn}?return_to=${encodeURIComponent(path)}`;
}

/** A console page to come back to: a path under /admin on this host, else the console's start. */
function consoleReturnTo(env: IdpEnv, value: string | null): string {
  const path = safeReturnTo(value, ORIGINS[env.brand.idp], IDP_CONSOLE_PATHS.root);
  return path === IDP_CONSOLE_PATHS.root || path.startsWith(`${IDP_CONSOLE_PATHS.root}/`) ? path : IDP_CONSOLE_PATHS.root;
}

/**
 * GET /admin/signin?return_to=/admin/…: a sign-in at the provider's own login page for no application (`requestId`
 * null), which comes back to the console page once the user is signed in. Already signed in: straight there.
 */
export async function startConsoleSignIn(env: IdpEnv, request: Request): Promise<Response> {
  const returnTo = consoleReturnTo(env, new URL(request.url).searchParams.get('return_to'));
  if ((await consoleVisitor(env, request)).kind !== 'signed_out') return redirect(returnTo);
  const at = now(env);
  const id = env.ctx.random.hex(16);
  await env.db.logins.add({
    id,
    requestId: null,
    returnTo,
    userId: null,
    passwordAt: null,
    failures: 0,
    createdAt: at,
    expiresAt: at + CONSOLE_LOGIN_TTL_MS,
  });
  return redirect(`${IDP_PATHS.signIn}?login=${id}`);
}
