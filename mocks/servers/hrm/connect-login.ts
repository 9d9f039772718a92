// Owns the HRM as a client of Connect (R14: from activation, Connect is the only login): the HRM's confidential
// client (client_secret_basic) starting a login, the callback that finds the HRM user linked to Connect's `sub`, the
// check of a Connect session on each request (so a block ends it at once, R25), and RP-initiated logout.
// The protocol steps are mocks/shared/relying-party.ts.
import * as oauth from 'oauth4webapi';
import { HRM_PATHS } from '../../../src/contracts/hrm';
import { ORIGINS } from '../../../src/contracts/origins';
import type { SetCookie } from '../../../src/contracts/wire';
import { readCookie, redirect } from '../../shared/http';
import {
  authorizationUrl,
  confirmTokens,
  endSessionUrl,
  exchangeCode,
  newPendingLogin,
  type RelyingParty,
} from '../../shared/relying-party';
import type { SessionRow, StoredUser } from './db';
import { auditEntry, now, type HrmEnv } from './env';
import { SESSION_COOKIE, SESSION_TTL_MS, safeReturnTo } from './rules';
import { loadTenant } from './store';

/** The browser's half of a login in progress: its `state`, so a callback arriving in another browser is refused. */
export const AUTH_COOKIE = 'hrm_auth';
/** A login left at Connect's page for longer than this starts over. */
const AUTH_REQUEST_TTL_MS = 10 * 60_000;

/**
 * The HRM as Connect's client, at `origin`: the host the login started on (R18: the customer's own address, or the new
 * web or mobile host after the move), whose callback Connect sends the browser back to, with that host's cookies.
 */
function relyingParty(env: HrmEnv, origin: string = ORIGINS.hrm): RelyingParty {
  return {
    ctx: env.ctx,
    clientId: 'hrm',
    idTokenAlg: 'RS256',
    redirectUri: `${origin}${HRM_PATHS.connectCallback}`,
    postLogoutRedirectUri: `${origin}${HRM_PATHS.login}`,
    clientAuth: async () => oauth.ClientSecretBasic((await loadTenant(env.db)).hrmClientSecret),
    initiator: 'server:hrm.test',
  };
}

/**
 * Lax (RFC 6265bis §5.4.7): Connect's redirect back to /auth/callback and on to the page asked for is a cross-site
 * top-level GET, which must carry it; a change another site's page asks for (a POST, a fetch) never does.
 */
export function sessionCookie(id: string): SetCookie {
  // A browser-session cookie (RFC 6265 §5.3 step 3: no Max-Age): the session's end is kept by the server, so a browser
  // coming back after it still names the session and the login page can say that it ran out.
  return { name: SESSION_COOKIE, value: id, path: '/', sameSite: 'Lax' };
}

/** GET /auth/login?return_to=… → 302 to Connect's authorization endpoint, the login kept until the callback. */
export async function startConnectLogin(env: HrmEnv, request: Request): Promise<Response> {
  const pending = newPendingLogin(env.ctx.random);
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('return_to'));
  await env.db.authRequests.put({ ...pending, returnTo, expiresAt: now(env) + AUTH_REQUEST_TTL_MS });
  return redirect(await authorizationUrl(relyingParty(env, new URL(request.url).origin), pending), [
    // Lax: it comes back with Connect's cross-site redirect to the callback (a top-level GET).
    { name: AUTH_COOKIE, value: pending.state, maxAge: AUTH_REQUEST_TTL_MS / 1000, path: '/auth', sameSite: 'Lax' },
  ]);
}

export type CallbackOutcome =
  | { ok: true; user: StoredUser; sessionId: string; returnTo: string }
  | { ok: false; reason: 'not_linked' | 'denied' | 'expired' | 'failed'; detail: string; email?: string };

/**
 * GET /auth/callback?code&state&iss: the state must be this browser's (its cookie) and a stored login, used once;
 * then the code exchange and the ID token's checks; then the HRM user linked to Connect's `sub` gets a session.
 */
export async function finishConnectLogin(env: HrmEnv, request: Request): Promise<CallbackOutcome> {
  const url = new URL(request.url);
  const state = url.searchParams.get('state') ?? '';
  const stored = state && readCookie(request, AUTH_COOKIE) === state ? await env.db.authRequests.get(state) : undefined;
  if (!stored || stored.expiresAt <= now(env))
    return { ok: false, reason: 'expired', detail: 'The login took too long or was started in another browser.' };
  // Single use: a callback replayed with the same state finds nothing.
  await env.db.authRequests.delete(state);

  const exchanged = await exchangeCode(relyingParty(env, url.origin), url, stored, now(env));
  if (!exchanged.ok) {
    await env.db.audit.add(auditEntry(env, 'login_failed', `A login through Connect failed: ${exchanged.detail}`));
    return exchanged;
  }
  const { tokens, email } = exchanged;
  const directory = await env.directory();
  const user = directory.byConnectAccount(tokens.subject);
  if (!user) {
    // R16: users who never linked cannot log in; their administrator sends them a verification link.
    await env.db.audit.add(
      auditEntry(env, 'login_failed', `${email ?? tokens.subject} signed in at Connect but is not linked to an HRM user`),
    );
    return { ok: false, reason: 'not_linked', detail: 'No HRM user is linked to this Connect account.', ...(email ? { email } : {}) };
  }
  const at = now(env);
  const sessionId = `ses_${env.ctx.random.hex(16)}`;
  await directory.mutate((draft) => {
    draft.put({ ...draft.get(user.id)!, lastLoginAt: at });
    draft.putRow(env.db.sessions, { id: sessionId, userId: user.id, expiresAt: at + SESSION_TTL_MS, method: 'connect', connect: tokens });
    draft.audit(
      auditEntry(env, 'login', `${user.name} logged in through Connect (${email ?? tokens.subject})`, { actor: user.id, subject: user.id }),
    );
  });
  return { ok: true, user, sessionId, returnTo: stored.returnTo };
}

/** A Connect session holds while Connect stands behind its tokens; when it no longer does, it ends here and now. */
export async function confirmConnectSession(env: HrmEnv, session: SessionRow): Promise<boolean> {
  if (!session.connect) return false;
  const confirmation = await confirmTokens(relyingParty(env), session.connect, now(env));
  if (confirmation.valid) {
    if (confirmation.tokens !== session.connect) await env.db.sessions.update(session.id, { connect: confirmation.tokens });
    return true;
  }
  await env.db.transaction('rw', env.db.sessions, env.db.audit, async () => {
    await env.db.sessions.delete(session.id);
    await env.db.audit.add(
      auditEntry(env, 'logout', 'Signed out: Connect no longer accepts the session (the account was blocked, or its tokens were revoked)', {
        actor: session.userId,
        subject: session.userId,
      }),
    );
  });
  return false;
}

/**
 * Where a Connect session's logout goes: Connect's end session endpoint (RP-initiated logout), back to the login at
 * `origin`, the host the user logged out at.
 */
export function connectLogoutUrl(env: HrmEnv, session: SessionRow, origin: string): string {
  return endSessionUrl(relyingParty(env, origin), session.connect?.idToken ?? null);
}
