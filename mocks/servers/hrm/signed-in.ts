// Owns who is signed in to the HRM: the user of the session cookie, for pages and APIs. Apart from env.ts because a
// Connect session is confirmed with Connect (connect-login.ts), which itself builds on env.ts.
import { rolloutPhase } from '../../../machines/rollout';
import type { SessionEnded } from '../../../src/contracts/wire';
import { readCookie } from '../../shared/http';
import { confirmConnectSession } from './connect-login';
import type { StoredUser } from './db';
import { hrmProblem, now, type HrmEnv } from './env';
import { MESSAGES, SESSION_COOKIE, isAdmin } from './rules';
import { loadRollout } from './store';

/**
 * The user of a live session, or undefined (no cookie, unknown or expired session). From activation the old login is
 * gone (R14): its sessions end; a Connect session holds while Connect still stands behind it (R25).
 */
export async function sessionUser(env: HrmEnv, request: Request): Promise<StoredUser | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return undefined;
  if (session.method === 'connect') {
    if (!(await confirmConnectSession(env, session))) return undefined;
  } else if (rolloutPhase(await loadRollout(env.db)) === 'activation') return undefined;
  return (await env.directory()).get(session.userId);
}

/**
 * The browser's session when it ran out — its end passed on the world clock (R14's end of the old login at activation is
 * not this) — or null: no cookie, a session that never existed or was logged out, or one still running.
 */
export async function endedSession(env: HrmEnv, request: Request): Promise<SessionEnded | null> {
  const id = readCookie(request, SESSION_COOKIE);
  const session = id ? await env.db.sessions.get(id) : undefined;
  return session && session.expiresAt <= now(env) ? { at: session.expiresAt } : null;
}

/** For APIs: the signed-in user, or a thrown 401 problem. */
export async function requireUser(env: HrmEnv, request: Request): Promise<StoredUser> {
  const user = await sessionUser(env, request);
  if (!user) throw hrmProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return user;
}

/** For the Users view and everything an administrator with it may do (R8): a thrown 401 or 403 otherwise. */
export async function requireAdmin(env: HrmEnv, request: Request): Promise<StoredUser> {
  const user = await requireUser(env, request);
  if (!isAdmin(user.roles)) throw hrmProblem(403, 'forbidden', MESSAGES.forbidden);
  return user;
}
