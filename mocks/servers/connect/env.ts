// Owns what every Connect endpoint module shares: its database and context, the signed-in account from the
// session cookie, HTTP Basic client authentication (server-to-server calls, the token endpoint), and the audit writer.
import type { ConnectErrorCode } from '../../../src/contracts/connect';
import type { SessionEnded } from '../../../src/contracts/wire';
import type { TwoFactorErrorCode } from '../../../src/contracts/connect-two-factor';
import { digestsEqual, hashPassword } from '../../shared/crypto';
import { problem, readCookie } from '../../shared/http';
import type { BackgroundWork } from '../../shared/background';
import type { ServerContext } from '../../shared/server';
import type { AccountRow, AuditRow, AuditType, ClientRow, ConnectDb, SessionRow } from './db';
import { MESSAGES, parseBasicAuth, SESSION_COOKIE } from './rules';

export interface ConnectEnv {
  db: ConnectDb;
  ctx: ServerContext;
  /** Work done after answering (a reset mail), so an answer's time tells nothing about an account. */
  background: BackgroundWork;
}

/** Every code Connect answers with. */
export type ConnectProblemCode = ConnectErrorCode | TwoFactorErrorCode;

export function connectProblem(status: number, code: ConnectProblemCode, message: string, field?: string): Response {
  return problem(status, code, message, field);
}

/** A mailed link (reset, activation) that no longer works, at its `token` field, in the words of its kind of link. */
export function spentLinkProblem(state: 'invalid' | 'expired' | 'used', words: Record<'invalid' | 'expired' | 'used', string>): Response {
  return state === 'invalid'
    ? connectProblem(400, 'token_invalid', words.invalid, 'token')
    : connectProblem(410, `token_${state}`, words[state], 'token');
}

export function now(env: ConnectEnv): number {
  return env.ctx.clock.now();
}

/** Compared against for unknown emails and clients, so a miss costs the same hash as a wrong secret. */
export const DUMMY_SALT = '00000000000000000000000000000000';

/**
 * The browser's live session and its account, or undefined (no cookie, unknown or expired session, account gone or
 * blocked: a block ends the account's sessions, and one that slipped through still counts for nothing, R25).
 */
export async function currentSession(env: ConnectEnv, request: Request): Promise<{ session: SessionRow; account: AccountRow } | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return undefined;
  const account = await env.db.accounts.get(session.accountId);
  return account && account.blockedAt === null ? { session, account } : undefined;
}

/** The browser's session when it ran out on the world clock, or null (no cookie, unknown, logged out, or still running). */
export async function endedSession(env: ConnectEnv, request: Request): Promise<SessionEnded | null> {
  const id = readCookie(request, SESSION_COOKIE);
  const session = id ? await env.db.sessions.get(id) : undefined;
  return session && session.expiresAt <= now(env) ? { at: session.expiresAt } : null;
}

/** The account of a live session, or undefined. */
export async function sessionAccount(env: ConnectEnv, request: Request): Promise<AccountRow | undefined> {
  return (await currentSession(env, request))?.account;
}

/** For APIs: the signed-in account, or a thrown 401 problem. */
export async function requireAccount(env: ConnectEnv, request: Request): Promise<AccountRow> {
  const account = await sessionAccount(env, request);
  if (!account) throw connectProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return account;
}

/**
 * RFC 6749 §2.3.1: the client that authenticated with HTTP Basic and its secret, or undefined (no or malformed header,
 * unknown client, public client, wrong secret). An unknown client costs the same hash as a wrong secret.
 */
export async function basicClient(env: ConnectEnv, request: Request): Promise<ClientRow | undefined> {
  const credentials = parseBasicAuth(request.headers.get('authorization'));
  if (!credentials) return undefined;
  const client = await env.db.clients.get(credentials.clientId);
  if (!client || client.secretHash === null || client.secretSalt === null) {
    await hashPassword(credentials.secret, DUMMY_SALT);
    return undefined;
  }
  return digestsEqual(await hashPassword(credentials.secret, client.secretSalt), client.secretHash) ? client : undefined;
}

/**
 * For the server-to-server APIs: the Basic-authenticated client, or a thrown 401 invalid_client problem with a
 * WWW-Authenticate challenge naming the scheme (RFC 6749 §5.2, RFC 7235 §4.1).
 */
export async function requireClient(env: ConnectEnv, request: Request): Promise<ClientRow> {
  const client = await basicClient(env, request);
  if (!client) {
    const response = connectProblem(401, 'invalid_client', MESSAGES.invalidClient);
    response.headers.set('www-authenticate', 'Basic realm="connect.test", charset="UTF-8"');
    throw response;
  }
  return client;
}

/** An audit entry at world time: who it is about, and for the admin portal's actions the administrator who acted. */
export function auditEntry(
  env: ConnectEnv,
  type: AuditType,
  detail: string,
  who: { accountId?: string | null; email?: string | null; actorId?: string | null } = {},
): AuditRow {
  const row: AuditRow = { at: now(env), type, accountId: who.accountId ?? null, email: who.email ?? null, detail };
  if (who.actorId) row.actorId = who.actorId;
  return row;
}
