// Owns the admin portal's Users tab API (R25, R27): the organisation's accounts searched and paged on
// indexes, block and unblock, unlock after a lockout, a temporary password by mail, and the lockout settings.
import Dexie from 'dexie';
import { z } from 'zod';
import {
  ADMIN_USER_FILTERS,
  LOCKOUT_LIMITS,
  type AdminUserFilter,
  type AdminUserResponse,
  type AdminUsersPage,
  type AdminUsersQuery,
  type LockoutSettings,
} from '../../../../src/contracts/connect';
import { hashPassword } from '../../../shared/crypto';
import { intParam, json, problem, readJson, textParam } from '../../../shared/http';
import type { AccountRow, OrganisationRow } from '../db';
import { auditEntry, connectProblem, now, type ConnectEnv } from '../env';
import { sendMail } from '../peers';
import { isLocked, TEMPORARY_PASSWORD_MAIL, TEMPORARY_PASSWORD_TTL_MS, temporaryPassword, temporaryPasswordMailText } from '../rules';
import { requireConnectAdmin, type ConnectAdmin } from './access';
import { ADMIN_MESSAGES, byDomainThenEmail, matchesSearch, searchTokens, toAdminUser } from './rules';

const USERS_PAGE_SIZE = 25;

/** The query of GET /api/admin/users and of the Users page: q, filter (all | blocked | locked), offset, limit. */
export function usersQuery(params: URLSearchParams): AdminUsersQuery {
  const q = textParam(params, 'q') ?? '';
  const filter = (params.get('filter') || 'all') as AdminUserFilter;
  if (!ADMIN_USER_FILTERS.includes(filter))
    throw problem(400, 'invalid_request', `filter: one of ${ADMIN_USER_FILTERS.join(', ')}`, 'filter');
  return { q, filter, offset: intParam(params, 'offset', 0, 0, 10_000_000), limit: intParam(params, 'limit', USERS_PAGE_SIZE, 1, 100) };
}

/**
 * A page of the organisation's accounts (those whose email is at one of its domains), by domain then email. The plain
 * list takes the primary keys of each domain's slice of the [domain+email] index (one getAllKeys each, in order) and
 * reads only the page's rows; a search starts from the *words index at its rarest token (the email index for a token
 * with an @) and a filter from the blockedAt or lockedUntil index. No request walks a cursor over every account: deep offsets cost
 * what the first page costs (docs/decisions/admin-lists-read-keys-then-rows.md).
 */
export async function usersPage(env: ConnectEnv, organisation: OrganisationRow, query: AdminUsersQuery): Promise<AdminUsersPage> {
  const at = now(env);
  const domains = organisation.domains.map((d) => d.name).sort();
  const tokens = searchTokens(query.q);
  let rows: AccountRow[];
  let total: number;
  if (query.filter === 'all' && tokens.length === 0) {
    const ids = (
      await Promise.all(
        domains.map((domain) =>
          env.db.accounts.where('[domain+email]').between([domain, Dexie.minKey], [domain, Dexie.maxKey]).primaryKeys(),
        ),
      )
    ).flat();
    total = ids.length;
    rows = (await env.db.accounts.bulkGet(ids.slice(query.offset, query.offset + query.limit))).filter(
      (r): r is AccountRow => r !== undefined,
    );
  } else {
    const candidates = new Map((await candidateAccounts(env, query.filter, tokens, at)).map((a) => [a.id, a]));
    const matching = [...candidates.values()].filter((a) => domains.includes(a.domain) && matchesSearch(a, tokens)).sort(byDomainThenEmail);
    total = matching.length;
    rows = matching.slice(query.offset, query.offset + query.limit);
  }
  const throttles = await env.db.loginThrottles.bulkGet(rows.map((r) => r.email));
  const users = rows.map((row, i) => toAdminUser(row, throttles[i], organisation.admins.includes(row.id), at));
  return { ...query, users, total };
}

/** The accounts a filtered or searched page is drawn from, each from an index (a multi-entry one may give an account twice). */
async function candidateAccounts(env: ConnectEnv, filter: AdminUserFilter, tokens: readonly string[], at: number): Promise<AccountRow[]> {
  switch (filter) {
    case 'blocked':
      return env.db.accounts.where('blockedAt').above(-Infinity).toArray();
    case 'locked': {
      const locked = await env.db.loginThrottles.where('lockedUntil').above(at).primaryKeys();
      return env.db.accounts.where('email').anyOf(locked).toArray();
    }
    case 'all': {
      const withAt = tokens.find((t) => t.includes('@'));
      if (withAt) return env.db.accounts.where('email').startsWith(withAt).toArray();
      // The rarest token narrows the most: indexed counts are cheap, reading rows is not.
      const counts = await Promise.all(tokens.map((t) => env.db.accounts.where('words').startsWith(t).count()));
      const rarest = tokens[counts.indexOf(Math.min(...counts))]!;
      return env.db.accounts.where('words').startsWith(rarest).toArray();
    }
  }
}

/** GET /api/admin/users?q&filter&offset&limit → AdminUsersPage */
export async function listUsers(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  return json<AdminUsersPage>(await usersPage(env, admin.organisation, usersQuery(new URL(request.url).searchParams)));
}

/** An account of the administrator's organisation, or undefined (unknown, or at a domain it does not manage). */
async function memberAccount(env: ConnectEnv, organisation: OrganisationRow, accountId: string): Promise<AccountRow | undefined> {
  const account = await env.db.accounts.get(accountId);
  return account && organisation.domains.some((d) => d.name === account.domain) ? account : undefined;
}

/** The user as the portal shows it after an action. */
async function userResponse(env: ConnectEnv, admin: ConnectAdmin, accountId: string): Promise<Response> {
  const account = (await env.db.accounts.get(accountId))!;
  const organisation = (await env.db.organisations.get(admin.organisation.id)) ?? admin.organisation;
  const throttle = await env.db.loginThrottles.get(account.email);
  return json<AdminUserResponse>({ user: toAdminUser(account, throttle, organisation.admins.includes(account.id), now(env)) });
}

const notFound = (accountId: string) => connectProblem(404, 'not_found', ADMIN_MESSAGES.userNotFound(accountId));

/**
 * POST /api/admin/users/:accountId/block → AdminUserResponse. R25: "with a single action in Connect,
 * access is revoked across all connected systems" — in one transaction every Connect session of the account ends and
 * every grant is revoked, which stops its refresh tokens and access tokens in every application at once. While
 * blocked, every sign-in is refused like a wrong password. Blocking twice changes nothing; nobody blocks themselves.
 */
export async function blockUser(env: ConnectEnv, request: Request, params: { accountId: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  if (params.accountId === admin.account.id) return connectProblem(409, 'own_account', ADMIN_MESSAGES.ownAccountBlock);
  const at = now(env);
  const tables = [env.db.accounts, env.db.sessions, env.db.grants, env.db.passwordChanges, env.db.audit];
  const found = await env.db.transaction('rw', tables, async () => {
    const account = await memberAccount(env, admin.organisation, params.accountId);
    if (!account) return false;
    if (account.blockedAt !== null) return true;
    await env.db.accounts.update(account.id, { blockedAt: at });
    const sessions = await env.db.sessions.where('accountId').equals(account.id).delete();
    const grants = await env.db.grants
      .where('accountId')
      .equals(account.id)
      .filter((g) => g.revokedAt === null)
      .modify({ revokedAt: at });
    await env.db.passwordChanges.where('accountId').equals(account.id).delete();
    await env.db.audit.add(
      auditEntry(
        env,
        'account.blocked',
        `${admin.account.name} blocked ${account.email}: ${plural(sessions, 'session')} ended, ${plural(grants, 'app grant')} revoked`,
        {
          accountId: account.id,
          email: account.email,
          actorId: admin.account.id,
        },
      ),
    );
    return true;
  });
  return found ? userResponse(env, admin, params.accountId) : notFound(params.accountId);
}

/**
 * POST /api/admin/users/:accountId/unblock → AdminUserResponse. R25: "unblocking accounts is also fast": one action;
 * the user signs in anew.
 */
export async function unblockUser(env: ConnectEnv, request: Request, params: { accountId: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const found = await env.db.transaction('rw', env.db.accounts, env.db.audit, async () => {
    const account = await memberAccount(env, admin.organisation, params.accountId);
    if (!account) return false;
    if (account.blockedAt === null) return true;
    await env.db.accounts.update(account.id, { blockedAt: null });
    await env.db.audit.add(
      auditEntry(env, 'account.unblocked', `${admin.account.name} unblocked ${account.email}`, {
        accountId: account.id,
        email: account.email,
        actorId: admin.account.id,
      }),
    );
    return true;
  });
  return found ? userResponse(env, admin, params.accountId) : notFound(params.accountId);
}

/** POST /api/admin/users/:accountId/unlock → AdminUserResponse: ends a lockout before its time (an account not locked stays as it is). */
export async function unlockUser(env: ConnectEnv, request: Request, params: { accountId: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const at = now(env);
  const found = await env.db.transaction('rw', env.db.accounts, env.db.loginThrottles, env.db.audit, async () => {
    const account = await memberAccount(env, admin.organisation, params.accountId);
    if (!account) return false;
    if (isLocked(await env.db.loginThrottles.get(account.email), at)) {
      await env.db.loginThrottles.delete(account.email);
      await env.db.audit.add(
        auditEntry(env, 'account.unlocked', `${admin.account.name} unlocked ${account.email}`, {
          accountId: account.id,
          email: account.email,
          actorId: admin.account.id,
        }),
      );
    }
    return true;
  });
  return found ? userResponse(env, admin, params.accountId) : notFound(params.accountId);
}

/**
 * POST /api/admin/users/:accountId/temporary-password → AdminUserResponse. R27: "administrators can send a
 * temporary password to a colleague". Drawn from the seeded random, mailed first and stored after
 * (docs/decisions/a-temporary-password-signs-nobody-in.md): it replaces the password, works for 72 hours of world time and must be changed at the next login. Like
 * a reset, it ends the account's Connect sessions and a lockout.
 */
export async function sendTemporaryPassword(env: ConnectEnv, request: Request, params: { accountId: string }): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const account = await memberAccount(env, admin.organisation, params.accountId);
  if (!account) return notFound(params.accountId);

  const password = temporaryPassword(env.ctx.random, account.email);
  const salt = env.ctx.random.hex(16);
  const hash = await hashPassword(password, salt);
  const who = { accountId: account.id, email: account.email, actorId: admin.account.id };
  const sent = await sendMail(env.ctx, {
    to: account.email,
    ...TEMPORARY_PASSWORD_MAIL,
    text: temporaryPasswordMailText(account, admin.account, admin.organisation.name, password),
  });
  if (!sent.ok) {
    await env.db.audit.add(
      auditEntry(
        env,
        'email.temporary_password_failed',
        `The temporary password email to ${account.email} could not be sent: ${sent.reason}`,
        who,
      ),
    );
    return connectProblem(502, 'mail_failed', ADMIN_MESSAGES.mailFailed(sent.reason));
  }

  const at = now(env);
  const tables = [env.db.accounts, env.db.sessions, env.db.passwordChanges, env.db.loginThrottles, env.db.audit];
  await env.db.transaction('rw', tables, async () => {
    await env.db.accounts.update(account.id, {
      passwordHash: hash,
      passwordSalt: salt,
      passwordChangedAt: at,
      temporaryPasswordExpiresAt: at + TEMPORARY_PASSWORD_TTL_MS,
    });
    const ended = await env.db.sessions.where('accountId').equals(account.id).delete();
    await env.db.passwordChanges.where('accountId').equals(account.id).delete();
    await env.db.audit.add(
      auditEntry(
        env,
        'email.temporary_password',
        `${admin.account.name} sent a temporary password to ${account.email}, valid for 72 hours${ended > 0 ? ` (${plural(ended, 'session')} ended)` : ''}`,
        who,
      ),
    );
    if (isLocked(await env.db.loginThrottles.get(account.email), at)) {
      await env.db.audit.add(auditEntry(env, 'account.unlocked', `${account.email} was unlocked by a temporary password`, who));
    }
    await env.db.loginThrottles.delete(account.email);
  });
  return userResponse(env, admin, account.id);
}

const LockoutBody = z.object({
  maxFailures: z.number().int().min(LOCKOUT_LIMITS.maxFailures.min).max(LOCKOUT_LIMITS.maxFailures.max),
  windowMinutes: z.number().int().min(LOCKOUT_LIMITS.windowMinutes.min).max(LOCKOUT_LIMITS.windowMinutes.max),
  lockMinutes: z.number().int().min(LOCKOUT_LIMITS.lockMinutes.min).max(LOCKOUT_LIMITS.lockMinutes.max),
});

/** PUT /api/admin/lockout LockoutSettings → LockoutSettings: the organisation's brute-force protection, for the next failures. */
export async function updateLockout(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireConnectAdmin(env, request);
  const settings: LockoutSettings = await readJson(request, LockoutBody);
  await env.db.transaction('rw', env.db.organisations, env.db.audit, async () => {
    await env.db.organisations.update(admin.organisation.id, { lockout: settings });
    await env.db.audit.add(
      auditEntry(
        env,
        'organisation.lockout_changed',
        `${admin.account.name} set the lockout to ${settings.maxFailures} failed logins within ${settings.windowMinutes} minutes, locking for ${settings.lockMinutes} minutes`,
        { actorId: admin.account.id },
      ),
    );
  });
  return json<LockoutSettings>(settings);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
