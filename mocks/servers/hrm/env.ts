// Owns what every HRM endpoint module shares: its database and context, typed problems, the signed-in user from
// the session cookie, and the audit writer.
import type { HrmUserSummary } from '../../../src/contracts/hrm';
import { problem } from '../../shared/http';
import { readCookie } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { AuditRow, AuditType, HrmDb, UserRow } from './db';
import { MESSAGES, SESSION_COOKIE, type HrmProblemCode } from './rules';

export interface HrmEnv {
  db: HrmDb;
  ctx: ServerContext;
}

export function hrmProblem(status: number, code: HrmProblemCode, message: string, field?: string) {
  return problem(status, code, message, field);
}

export function now(env: HrmEnv): number {
  return env.ctx.clock.now();
}

/** The user of a live session, or undefined (no cookie, unknown or expired session). */
export async function sessionUser(env: HrmEnv, request: Request): Promise<UserRow | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return undefined;
  return env.db.users.get(session.userId);
}

/** For APIs: the signed-in user, or a thrown 401 problem. */
export async function requireUser(env: HrmEnv, request: Request): Promise<UserRow> {
  const user = await sessionUser(env, request);
  if (!user) throw hrmProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return user;
}

export function summary(user: UserRow): HrmUserSummary {
  return { id: user.id, loginId: user.loginId, name: user.name, roles: [...user.roles] };
}

export function auditEntry(
  env: HrmEnv,
  type: AuditType,
  detail: string,
  who: { actor?: string | null; subject?: string | null } = {},
): AuditRow {
  return { at: now(env), type, actorUserId: who.actor ?? null, subjectUserId: who.subject ?? null, detail };
}
