// Owns the authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2): GET|POST /connect/authorize checks the
// request, answers it from the browser's Connect session (single sign-on) or stores it and sends the browser to the
// login page, and GET /connect/authorize/resume answers the stored request once the user has signed in.
import { CONNECT_PATHS } from '../../../../src/contracts/connect';
import { CONNECT_API } from '../../../../src/contracts/connect-api';
import { sha256Hex } from '../../../shared/crypto';
import { redirect } from '../../../shared/http';
import { requestParameters } from '../../../shared/oauth';
import type { AccountRow, AuthRequestRow, ClientRow, CodeRow, SessionRow } from '../db';
import { auditEntry, currentSession, now, type ConnectEnv } from '../env';
import { oidcErrorPage } from '../pages';
import {
  addressee,
  AUTH_REQUEST_TTL_MS,
  authorizationResponse,
  CODE_TTL_MS,
  MESSAGES,
  parameter,
  parseAuthorizationRequest,
  sessionAnswers,
} from './rules';

/** 32 random bytes, sent as 64 hex characters; stored only as a SHA-256 digest. */
const CODE_BYTES = 32;

/** GET|POST /connect/authorize */
export async function authorize(env: ConnectEnv, request: Request): Promise<Response> {
  const params = await requestParameters(request);
  const clientId = parameter(params, 'client_id');
  const client = clientId !== undefined ? await env.db.clients.get(clientId) : undefined;
  const to = addressee(params, client);
  if (!to.ok) return oidcErrorPage(to.code, to.message);

  const parsed = parseAuthorizationRequest(params, to);
  if (!parsed.ok) {
    return redirect(
      authorizationResponse(to.redirectUri, { error: parsed.error, error_description: parsed.description, state: parsed.state }),
    );
  }
  const authRequest = parsed.request;
  const at = now(env);
  const current = await currentSession(env, request);
  if (current && sessionAnswers(authRequest, current.session, at)) return issueCode(env, to.client, current, { ...authRequest, id: null });
  // OIDC Core §3.1.2.6: prompt=none must not show a page, so a needed sign-in is an error for the client.
  if (authRequest.prompt.includes('none')) {
    return redirect(
      authorizationResponse(to.redirectUri, {
        error: 'login_required',
        error_description: MESSAGES.loginRequired,
        state: authRequest.state,
      }),
    );
  }

  const pending: AuthRequestRow = {
    id: env.ctx.random.hex(16),
    clientId: authRequest.clientId,
    redirectUri: authRequest.redirectUri,
    scope: authRequest.scope,
    state: authRequest.state,
    nonce: authRequest.nonce,
    codeChallenge: authRequest.codeChallenge,
    loginHint: authRequest.loginHint,
    staleSessionId: current?.session.id ?? null,
    createdAt: at,
    expiresAt: at + AUTH_REQUEST_TTL_MS,
  };
  await env.db.authRequests.add(pending);
  return redirect(loginUrl(pending));
}

/** GET /connect/authorize/resume?request_id=… where the login page sends the browser back to. */
export async function resumeAuthorization(env: ConnectEnv, request: Request): Promise<Response> {
  const id = new URL(request.url).searchParams.get('request_id');
  const pending = id ? await env.db.authRequests.get(id) : undefined;
  if (!pending) return oidcErrorPage('invalid_request', MESSAGES.requestUnknown);
  if (now(env) >= pending.expiresAt) return oidcErrorPage('request_expired', MESSAGES.requestExpired);
  const client = await env.db.clients.get(pending.clientId);
  if (!client) return oidcErrorPage('invalid_client', MESSAGES.unknownClient(pending.clientId));

  // Only a sign-in made after the request answers it: the session it found stale still is.
  const current = await currentSession(env, request);
  if (!current || current.session.id === pending.staleSessionId) return redirect(loginUrl(pending));
  return issueCode(env, client, current, pending);
}

/** The login page, sent back here after the password; it asks for the password even with a session when forced. */
function loginUrl(pending: AuthRequestRow): string {
  const query = new URLSearchParams({ return_to: `${CONNECT_API.resumeAuthorization.path}?request_id=${pending.id}` });
  if (pending.loginHint !== null) query.set('email', pending.loginHint);
  if (pending.staleSessionId !== null) query.set('prompt', 'login');
  return `${CONNECT_PATHS.login}?${query}`;
}

/**
 * RFC 6749 §4.1.2: a single-use code bound to the client, redirect_uri, PKCE challenge and the session's
 * authentication, valid 60 s of world time; stored as a digest, with the audit entry, in one transaction that also
 * takes the stored request it answers (`id`), so a stored request is answered once.
 */
async function issueCode(
  env: ConnectEnv,
  client: ClientRow,
  current: { session: SessionRow; account: AccountRow },
  authRequest: Pick<AuthRequestRow, 'redirectUri' | 'state' | 'scope' | 'nonce' | 'codeChallenge'> & { id: string | null },
): Promise<Response> {
  const { redirectUri, state } = authRequest;
  const code = env.ctx.random.hex(CODE_BYTES);
  const at = now(env);
  const { session, account } = current;
  const row: CodeRow = {
    codeHash: await sha256Hex(code),
    clientId: client.id,
    accountId: account.id,
    redirectUri,
    scope: authRequest.scope,
    nonce: authRequest.nonce,
    codeChallenge: authRequest.codeChallenge,
    sid: session.sid,
    authTime: session.authTime,
    amr: session.amr,
    ...(session.brokeredBy === undefined ? {} : { brokeredBy: session.brokeredBy }),
    createdAt: at,
    expiresAt: at + CODE_TTL_MS,
    usedAt: null,
    grantId: null,
  };
  const issued = await env.db.transaction('rw', env.db.codes, env.db.authRequests, env.db.audit, async () => {
    if (authRequest.id !== null) {
      if (!(await env.db.authRequests.get(authRequest.id))) return false;
      await env.db.authRequests.delete(authRequest.id);
    }
    await env.db.codes.add(row);
    await env.db.audit.add(
      auditEntry(env, 'oidc.code_issued', `Authorization code issued to ${client.name} for ${account.email}`, {
        accountId: account.id,
        email: account.email,
      }),
    );
    return true;
  });
  if (!issued) return oidcErrorPage('invalid_request', MESSAGES.requestUnknown);
  return redirect(authorizationResponse(redirectUri, { code, state }));
}
