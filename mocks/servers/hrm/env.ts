// Owns what every HRM endpoint module shares: its database, its in-memory directory, its bulk mail jobs and context,
// typed problems, the signed-in user from the session cookie, and the audit writer.
import type { HrmAccess, HrmUserSummary } from '../../../src/contracts/hrm';
import { problem, readCookie } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { AuditRow, AuditType, HrmDb, StoredUser } from './db';
import { Directory } from './directory';
import type { JobRunner } from './jobs';
import { rolloutPhase } from '../../../machines/rollout';
import { confirmConnectSession } from './connect-login';
import { MESSAGES, SESSION_COOKIE, isAdmin, type HrmProblemCode } from './rules';
import { loadRollout } from './store';

export interface HrmEnv {
  db: HrmDb;
  ctx: ServerContext;
  /** The directory, read from the database on first use. */
  directory(): Promise<Directory>;
  /** Replaces the directory (a freshly seeded one). */
  useDirectory(directory: Directory): void;
  jobs: JobRunner;
}

export function createHrmEnv(db: HrmDb, ctx: ServerContext, jobs: (env: HrmEnv) => JobRunner): HrmEnv {
  let directory: Promise<Directory> | null = null;
  const env: HrmEnv = {
    db,
    ctx,
    directory: () => (directory ??= Directory.load(db)),
    useDirectory: (loaded) => {
      directory = Promise.resolve(loaded);
    },
    jobs: undefined as unknown as JobRunner,
  };
  env.jobs = jobs(env);
  return env;
}

export function hrmProblem(status: number, code: HrmProblemCode, message: string, field?: string) {
  return problem(status, code, message, field);
}

export function now(env: HrmEnv): number {
  return env.ctx.clock.now();
}

/**
 * The user of a live session, or undefined (no cookie, unknown or expired session). From activation the old login is
 * gone (rule 14): its sessions end; a Connect session holds while Connect still stands behind it (rule 25).
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

/** For APIs: the signed-in user, or a thrown 401 problem. */
export async function requireUser(env: HrmEnv, request: Request): Promise<StoredUser> {
  const user = await sessionUser(env, request);
  if (!user) throw hrmProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return user;
}

/** For the Users view and everything an administrator with it may do (seed 000 FAQ): a thrown 401 or 403 otherwise. */
export async function requireAdmin(env: HrmEnv, request: Request): Promise<StoredUser> {
  const user = await requireUser(env, request);
  if (!isAdmin(user.roles)) throw hrmProblem(403, 'forbidden', MESSAGES.forbidden);
  return user;
}

export function accessOf(user: StoredUser): HrmAccess {
  return { users: isAdmin(user.roles), payroll: isAdmin(user.roles) || user.roles.includes('hr') };
}

export function summary(user: StoredUser): HrmUserSummary {
  return { id: user.id, loginId: user.loginId, name: user.name, roles: [...user.roles] };
}

export function auditEntry(
  env: HrmEnv,
  type: AuditType,
  detail: string,
  who: { actor?: string | null; subject?: string | null; jobId?: string } = {},
): AuditRow {
  const row: AuditRow = { at: now(env), type, actorUserId: who.actor ?? null, subjectUserId: who.subject ?? null, detail };
  if (who.jobId) row.jobId = who.jobId;
  return row;
}
