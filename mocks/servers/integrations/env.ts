// Owns what every endpoint of the integrations server shares: its database and context, the signed-in console account
// from the session cookie, an integration's row, the version check of an edit, and writing the run log.
import type { IntegrationId, IntegrationsErrorCode, RunLogEntry } from '../../../src/contracts/integrations';
import { problem, readCookie } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { IntegrationRow, IntegrationsAccountRow, IntegrationsDb, RunRow } from './db';
import { MESSAGES, SESSION_COOKIE } from './rules';

/** Path parameters as MSW hands them over. */
export type Params = Record<string, string | readonly string[] | undefined>;

export function param(params: Params, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

export interface IntegrationsEnv {
  db: IntegrationsDb;
  ctx: ServerContext;
}

export function integrationsProblem(status: number, code: IntegrationsErrorCode, message: string, field?: string): Response {
  return problem(status, code, message, field);
}

export function now(env: IntegrationsEnv): number {
  return env.ctx.clock.now();
}

/** The console's signed-in account, or undefined (no cookie, unknown or expired session). */
export async function sessionAccount(env: IntegrationsEnv, request: Request): Promise<IntegrationsAccountRow | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return undefined;
  return env.db.accounts.get(session.accountId);
}

/** For APIs: the signed-in account, or a thrown 401. */
export async function requireAccount(env: IntegrationsEnv, request: Request): Promise<IntegrationsAccountRow> {
  const account = await sessionAccount(env, request);
  if (!account) throw integrationsProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return account;
}

export type RowOf<Id extends IntegrationId> = Extract<IntegrationRow, { id: Id }>;

/** The integration's row, or a thrown 404 when this customer has none set up. */
export async function requireIntegration<Id extends IntegrationId>(env: IntegrationsEnv, id: Id): Promise<RowOf<Id>> {
  const row = await env.db.integrations.get(id);
  if (!row) throw integrationsProblem(404, 'not_configured', MESSAGES.notConfigured);
  return row as RowOf<Id>;
}

/**
 * Inside an edit's transaction: the row as stored, or a thrown 409 when it moved on since the version the console
 * showed (another tab's edit), so no one's change is silently lost.
 */
export async function currentVersion<Id extends IntegrationId>(env: IntegrationsEnv, id: Id, version: number): Promise<RowOf<Id>> {
  const row = await requireIntegration(env, id);
  if (row.version !== version) throw integrationsProblem(409, 'stale_edit', MESSAGES.staleEdit(row.config.name, row.version));
  return row;
}

export function toEntry(row: RunRow): RunLogEntry {
  const { integration: _integration, seq, ...entry } = row;
  return { seq: seq ?? 0, ...entry };
}

/** Appends calls to the run log; answers them with their sequence numbers. */
export async function logCalls(env: IntegrationsEnv, rows: RunRow[]): Promise<RunLogEntry[]> {
  const keys = await env.db.runs.bulkAdd(rows, { allKeys: true });
  return rows.map((row, i) => toEntry({ ...row, seq: keys[i]! }));
}

export function newRunId(env: IntegrationsEnv): string {
  return `run_${env.ctx.random.hex(8)}`;
}
