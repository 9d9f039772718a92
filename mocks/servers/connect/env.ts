// Owns what every Connect endpoint module shares: its database and context, the signed-in account from the
// session cookie, HTTP Basic client authentication for server-to-server calls, and the audit writer (rule 26).
import type { ConnectErrorCode } from '../../../src/contracts/connect';
import { digestsEqual, hashPassword } from '../../shared/crypto';
import { problem, readCookie } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { AccountRow, AuditRow, AuditType, ClientRow, ConnectDb } from './db';
import { MESSAGES, parseBasicAuth, SESSION_COOKIE } from './rules';

export interface ConnectEnv {
  db: ConnectDb;
  ctx: ServerContext;
}

/** Every code Connect answers with. */
export type ConnectProblemCode = ConnectErrorCode;

export function connectProblem(status: number, code: ConnectProblemCode, message: string, field?: string): Response {
  return problem(status, code, message, field);
}

export function now(env: ConnectEnv): number {
  return env.ctx.clock.now();
}

/** Compared against for unknown emails and clients, so a miss costs the same hash as a wrong secret. */
export const DUMMY_SALT = '00000000000000000000000000000000';

/** The account of a live session, or undefined (no cookie, unknown or expired session, account gone). */
export async function sessionAccount(env: ConnectEnv, request: Request): Promise<AccountRow | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return undefined;
  return env.db.accounts.get(session.accountId);
}

/** For APIs: the signed-in account, or a thrown 401 problem. */
export async function requireAccount(env: ConnectEnv, request: Request): Promise<AccountRow> {
  const account = await sessionAccount(env, request);
  if (!account) throw connectProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return account;
}

/**
 * RFC 6749 §2.3.1: the client authenticates with HTTP Basic; a wrong or missing secret is 401 invalid_client with
 * a WWW-Authenticate challenge naming the scheme (RFC 6749 §5.2, RFC 7235 §4.1). Thrown, so callers read on.
 */
export async function requireClient(env: ConnectEnv, request: Request): Promise<ClientRow> {
  const credentials = parseBasicAuth(request.headers.get('authorization'));
  const client = credentials ? await env.db.clients.get(credentials.clientId) : undefined;
  const valid = credentials && client
    ? digestsEqual(await hashPassword(credentials.secret, client.secretSalt), client.secretHash)
    : (credentials ? await hashPassword(credentials.secret, DUMMY_SALT) : undefined, false);
  if (!client || !valid) {
    const response = connectProblem(401, 'invalid_client', MESSAGES.invalidClient);
    response.headers.set('www-authenticate', 'Basic realm="connect.test", charset="UTF-8"');
    throw response;
  }
  return client;
}

export function auditEntry(env: ConnectEnv, type: AuditType, detail: string, who: { accountId?: string | null; email?: string | null } = {}): AuditRow {
  return { at: now(env), type, accountId: who.accountId ?? null, email: who.email ?? null, detail };
}
