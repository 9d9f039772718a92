// Owns what every HRM endpoint module shares: its database, its in-memory directory, its bulk mail jobs and context,
// typed problems, and the audit writer. The signed-in user from the session cookie is signed-in.ts's.
import type { HrmAccess, HrmUserSummary } from '../../../src/contracts/hrm';
import { problem } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { AuditRow, AuditType, HrmDb, StoredUser } from './db';
import { Directory } from './directory';
import type { JobRunner } from './jobs';
import { isAdmin, type HrmProblemCode } from './rules';

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
