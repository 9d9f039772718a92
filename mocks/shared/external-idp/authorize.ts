// Owns the provider's authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2): it checks the request, answers it
// from the browser's session at the provider (single sign-on) or stores it and opens the login page, and
// /signin/resume answers the stored request once the user has signed in.
import { IDP_PATHS } from '../../../src/contracts/idp';
import { sha256Hex } from '../crypto';
import { redirect } from '../http';
import { requestParameters } from '../oauth';
import { addressee, authorizationResponse, parameter, parseAuthorizationRequest, sessionAnswers } from '../oidc-provider';
import type { IdpApplicationRow, IdpAuthRequestRow, IdpCodeRow, IdpSessionRow, IdpTenantRow, IdpUserRow } from './db';
import { currentSession, directoryOf, now, type IdpEnv, type Params } from './env';
import { idpErrorPage } from './pages';
import { AUTH_REQUEST_TTL_MS, CODE_TTL_MS, issuerOf, LOGIN_TTL_MS, SCOPES_SUPPORTED } from './rules';
import { logSignIn } from './sign-in-log';

/** 32 random bytes, sent as 64 hex characters; stored only as a SHA-256 digest. */
const CODE_BYTES = 32;

/** GET <authorize> */
export async function authorize(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const tenant = await directoryOf(env, params);
  if (!tenant) return idpErrorPage(env, undefined, 'not_found', env.messages.noDirectory, 404);
  const query = await requestParameters(request);
  const clientId = parameter(query, 'client_id');
  const app = clientId !== undefined ? await env.db.applications.get(clientId) : undefined;
  const to = addressee(query, app && { ...app, id: app.clientId, type: 'confidential' as const, app }, env.messages);
  if (!to.ok) {
    // The provider's own words for the two mistakes a rollout makes: an application it does not know, a redirect URI
    // the application's registration does not list.
    if (to.code === 'invalid_client' && clientId !== undefined) {
      const words = env.messages.unknownClientPage(clientId);
      return idpErrorPage(env, tenant, words.code, words.message);
    }
    if (to.code === 'invalid_redirect_uri' && to.redirectUri !== undefined && app) {
      const words = env.messages.redirectUriMismatchPage(to.redirectUri, app.name, app.clientId);
      return idpErrorPage(env, tenant, words.code, words.message);
    }
    return idpErrorPage(env, tenant, to.code, to.message);
  }
  const issuer = issuerOf(env.brand, tenant);
  // PKCE is required of every client (RFC 9700 §2.1.1): these providers are where Connect is the confidential client.
  const parsed = parseAuthorizationRequest(query, to, { scopesSupported: SCOPES_SUPPORTED, messages: env.messages, pkce: 'always' });
  if (!parsed.ok) {
    return redirect(
      authorizationResponse(issuer, to.redirectUri, { error: parsed.error, error_description: parsed.description, state: parsed.state }),
    );
  }
  const authRequest = parsed.request;
  const at = now(env);
  const current = await currentSession(env, request);
  const pending: IdpAuthRequestRow = {
    id: env.ctx.random.hex(16),
    clientId: authRequest.clientId,
    redirectUri: authRequest.redirectUri,
    scope: authRequest.scope,
    state: authRequest.state,
    nonce: authRequest.nonce,
    codeChallenge: authRequest.codeChallenge!,
    loginHint: authRequest.loginHint,
    staleSessionId: current?.session.id ?? null,
    createdAt: at,
    expiresAt: at + AUTH_REQUEST_TTL_MS,
  };
  if (current && sessionAnswers(authRequest, current.session, at)) return issueCode(env, tenant, to.client.app, current, pending, false);
  // OIDC Core §3.1.2.6: prompt=none must not show a page.
  if (authRequest.prompt.includes('none')) {
    return redirect(
      authorizationResponse(issuer, to.redirectUri, {
        error: 'login_required',
        error_description: env.messages.loginRequired,
        state: authRequest.state,
      }),
    );
  }
  const login = newLogin(env, pending, at);
  await env.db.transaction('rw', env.db.authRequests, env.db.logins, async () => {
    await env.db.authRequests.add(pending);
    await env.db.logins.add(login);
  });
  return redirect(signInUrl(login.id, pending.loginHint));
}

function newLogin(env: IdpEnv, pending: IdpAuthRequestRow, at: number) {
  return {
    id: env.ctx.random.hex(16),
    requestId: pending.id,
    returnTo: `${IDP_PATHS.resume}?request=${pending.id}`,
    userId: null,
    passwordAt: null,
    failures: 0,
    createdAt: at,
    expiresAt: at + LOGIN_TTL_MS,
  };
}

function signInUrl(loginId: string, hint: string | null): string {
  const query = new URLSearchParams({ login: loginId });
  if (hint !== null) query.set('username', hint);
  return `${IDP_PATHS.signIn}?${query}`;
}

/** GET /signin/resume?request=… where the login page sends the browser once the user has signed in. */
export async function resumeAuthorization(env: IdpEnv, request: Request): Promise<Response> {
  const tenant = await directoryOf(env, {});
  const id = new URL(request.url).searchParams.get('request');
  const pending = id ? await env.db.authRequests.get(id) : undefined;
  if (!tenant || !pending) return idpErrorPage(env, tenant, 'invalid_request', env.messages.requestUnknown);
  const at = now(env);
  if (at >= pending.expiresAt) return idpErrorPage(env, tenant, 'invalid_request', env.messages.requestExpired);
  const app = await env.db.applications.get(pending.clientId);
  if (!app) {
    const words = env.messages.unknownClientPage(pending.clientId);
    return idpErrorPage(env, tenant, words.code, words.message);
  }
  // Only a sign-in made after the request answers it: the session it found too old still is.
  const current = await currentSession(env, request);
  if (!current || current.session.id === pending.staleSessionId) {
    const login = newLogin(env, pending, at);
    await env.db.logins.add(login);
    return redirect(signInUrl(login.id, pending.loginHint));
  }
  return issueCode(env, tenant, app, current, pending, true);
}

/**
 * RFC 6749 §4.1.2: a single-use code bound to the client, redirect_uri, PKCE challenge and the session's
 * authentication; stored as a digest with the sign-in log line, in one transaction that also takes the stored request
 * it answers, so a stored request is answered once.
 */
async function issueCode(
  env: IdpEnv,
  tenant: IdpTenantRow,
  app: IdpApplicationRow,
  current: { session: IdpSessionRow; user: IdpUserRow },
  pending: IdpAuthRequestRow,
  stored: boolean,
): Promise<Response> {
  const code = env.ctx.random.hex(CODE_BYTES);
  const at = now(env);
  const { session, user } = current;
  const row: IdpCodeRow = {
    codeHash: await sha256Hex(code),
    clientId: app.clientId,
    userId: user.id,
    redirectUri: pending.redirectUri,
    scope: pending.scope,
    nonce: pending.nonce,
    codeChallenge: pending.codeChallenge,
    sessionId: session.id,
    authTime: session.authTime,
    amr: session.amr,
    createdAt: at,
    expiresAt: at + CODE_TTL_MS,
    usedAt: null,
  };
  const issued = await env.db.transaction('rw', env.db.codes, env.db.authRequests, env.db.signIns, async () => {
    if (stored) {
      if (!(await env.db.authRequests.get(pending.id))) return false;
      await env.db.authRequests.delete(pending.id);
    }
    await env.db.codes.add(row);
    await logSignIn(env, { user, username: user.username, app, result: 'success', reason: null });
    return true;
  });
  if (!issued) return idpErrorPage(env, tenant, 'invalid_request', env.messages.requestUnknown);
  return redirect(authorizationResponse(issuerOf(env.brand, tenant), pending.redirectUri, { code, state: pending.state }));
}
