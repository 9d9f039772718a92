// Owns who may use the admin console: a browser signed in at the provider's own login (its session cookie) as a user
// of the directory who administers it. Everyone else is sent to the login page (pages) or refused (API).
import { IDP_PATHS } from '../../../../src/contracts/idp';
import { problem, readCookie } from '../../http';
import type { IdpUserRow } from '../db';
import { now, type IdpEnv } from '../env';
import { CONSOLE_MESSAGES } from './rules';

/** The provider's own session cookie, which its login page sets (mocks/shared/external-idp/rules.ts SESSION_COOKIE). */
export const PROVIDER_SESSION_COOKIE = 'idp_session';

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

/** Where a signed-out visitor of console page `path` signs in, and comes back to it. */
export function signInPath(path: string): string {
  return `${IDP_PATHS.signIn}?return_to=${encodeURIComponent(path)}`;
}
