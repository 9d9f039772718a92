// Owns what every endpoint of the DNS provider shares: its database and context, the zones it hosts (kept in memory
// for the web host's request matching), the signed-in customer from the console's session cookie, and its zones.
import type { DnsErrorCode } from '../../../src/contracts/dns';
import { problem, readCookie } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { ChangeRow, DnsAccountRow, DnsDb, ZoneRow } from './db';
import { MESSAGES, normalizeName, propagationLabel, SESSION_COOKIE } from './rules';

/** Path parameters as MSW hands them over. */
export type Params = Record<string, string | readonly string[] | undefined>;

export function param(params: Params, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

export interface DnsEnv {
  db: DnsDb;
  ctx: ServerContext;
  /** Names of the zones this provider hosts: the web host answers for these domains only. */
  hostedZones: Set<string>;
}

export function dnsProblem(status: number, code: DnsErrorCode, message: string, field?: string): Response {
  return problem(status, code, message, field);
}

export function now(env: DnsEnv): number {
  return env.ctx.clock.now();
}

/** The console's signed-in customer, or undefined (no cookie, unknown or expired session). */
export async function sessionAccount(env: DnsEnv, request: Request): Promise<DnsAccountRow | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await env.db.sessions.get(id);
  if (!session || session.expiresAt <= now(env)) return undefined;
  return env.db.accounts.get(session.accountId);
}

/** For APIs: the signed-in customer, or a thrown 401. */
export async function requireAccount(env: DnsEnv, request: Request): Promise<DnsAccountRow> {
  const account = await sessionAccount(env, request);
  if (!account) throw dnsProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  return account;
}

/** A zone of the signed-in customer, or a thrown 404: another customer's zone is not told apart from none. */
export async function requireZone(env: DnsEnv, account: DnsAccountRow, params: Params): Promise<ZoneRow> {
  const name = normalizeName(param(params, 'zone'));
  const zone = await env.db.zones.get(name);
  if (!zone || zone.ownerId !== account.id) throw dnsProblem(404, 'not_found', MESSAGES.zoneNotYours(name));
  return zone;
}

/**
 * Puts a change's propagation on the world clock, so "Next event" can jump to the moment resolvers see it. Nothing
 * happens when it fires: resolvers read the change log against the clock.
 */
export function scheduleChange(env: DnsEnv, change: Pick<ChangeRow, 'seq' | 'name' | 'type' | 'value' | 'visibleAt'>): void {
  if (change.seq === undefined || change.visibleAt <= now(env)) return;
  env.ctx.timers.set(`propagation:${change.seq}`, change.visibleAt, propagationLabel(change), async () => {});
}
