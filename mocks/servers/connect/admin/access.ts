// Owns who may use Connect's admin portal (R28): a signed-in, unblocked account that administers an
// organisation. Every admin endpoint and page starts here; other Connect endpoints import requireConnectAdmin too.
import { CONNECT_PATHS, CONNECT_VIEWS, type ConnectAdminShell, type ConnectAdminTabId } from '../../../../src/contracts/connect';
import { page, readCookie, redirect } from '../../../shared/http';
import type { AccountRow, OrganisationRow, SessionRow } from '../db';
import { connectProblem, currentSession, type ConnectEnv } from '../env';
import { administeredBy } from '../organisation';
import { MESSAGES, SESSION_COOKIE } from '../rules';
import { CLEAR_SESSION_COOKIE } from '../session';
import { ADMIN_MESSAGES } from './rules';

export interface ConnectAdmin {
  account: AccountRow;
  session: SessionRow;
  organisation: OrganisationRow;
}

type Access = { ok: true; admin: ConnectAdmin } | { ok: false; reason: 'signed_out' | 'not_admin' };

async function access(env: ConnectEnv, request: Request): Promise<Access> {
  const current = await currentSession(env, request);
  if (!current) return { ok: false, reason: 'signed_out' };
  const organisation = await administeredBy(env, current.account.id);
  if (!organisation) return { ok: false, reason: 'not_admin' };
  return { ok: true, admin: { ...current, organisation } };
}

/**
 * For admin APIs: the signed-in administrator and their organisation, or a thrown problem — 401 unauthenticated
 * without a live session, 403 forbidden for an account that administers no organisation.
 */
export async function requireConnectAdmin(env: ConnectEnv, request: Request): Promise<ConnectAdmin> {
  const result = await access(env, request);
  if (result.ok) return result.admin;
  if (result.reason === 'signed_out') throw connectProblem(401, 'unauthenticated', MESSAGES.unauthenticated);
  throw connectProblem(403, 'forbidden', ADMIN_MESSAGES.forbidden);
}

/**
 * For admin pages: the administrator, or a thrown answer to give instead — the login page (coming back here after)
 * for a signed-out visitor, a 403 page for an account that is not an administrator.
 */
export async function requireAdminPage(env: ConnectEnv, request: Request): Promise<ConnectAdmin> {
  const result = await access(env, request);
  if (result.ok) return result.admin;
  if (result.reason === 'not_admin') {
    throw page(CONNECT_VIEWS.forbidden, 'Not an administrator', { message: ADMIN_MESSAGES.forbidden }, { status: 403 });
  }
  const url = new URL(request.url);
  const stale = readCookie(request, SESSION_COOKIE) !== undefined;
  throw redirect(`${CONNECT_PATHS.login}?return_to=${encodeURIComponent(url.pathname + url.search)}`, stale ? [CLEAR_SESSION_COOKIE] : []);
}

/** What every admin page shows around its tab. */
export function adminShell(admin: ConnectAdmin, tab: ConnectAdminTabId): ConnectAdminShell {
  const { organisation, account } = admin;
  return {
    organisation: { id: organisation.id, name: organisation.name, domains: organisation.domains.map((d) => ({ ...d })) },
    admin: { id: account.id, name: account.name, email: account.email },
    tab,
  };
}
