// Owns the end-session endpoint (OIDC RP-Initiated Logout 1.0 §2–§3): GET|POST /connect/endsession ends the browser's
// Connect session and sends it to a post_logout_redirect_uri registered for the client, with `state`.
import { CONNECT_PATHS } from '../../../../src/contracts/connect';
import { redirect } from '../../../shared/http';
import { requestParameters } from '../../../shared/oauth';
import { now, type ConnectEnv } from '../env';
import { oidcErrorPage } from '../pages';
import { CLEAR_SESSION_COOKIE, endSession } from '../session';
import { verifyOwnSignature } from './keys';
import { duplicatedParameter, ISSUER, MESSAGES, parameter } from './rules';

/** GET|POST /connect/endsession?id_token_hint&post_logout_redirect_uri&state&client_id */
export async function endSessionEndpoint(env: ConnectEnv, request: Request): Promise<Response> {
  const params = await requestParameters(request);
  const duplicate = duplicatedParameter(params);
  if (duplicate) return oidcErrorPage('invalid_request', MESSAGES.duplicated(duplicate));
  const hint = parameter(params, 'id_token_hint');
  const clientIdParam = parameter(params, 'client_id');
  const postLogout = parameter(params, 'post_logout_redirect_uri');

  // §2: the OP must have issued the hint; an expired one is still a good hint. An access token is not an ID token.
  let hintClientId: string | undefined;
  if (hint !== undefined) {
    const checked = await verifyOwnSignature(env.db, now(env), hint).catch(() => undefined);
    if (!checked || checked.typ === 'at+jwt' || checked.claims.iss !== ISSUER || typeof checked.claims.aud !== 'string') {
      return oidcErrorPage('invalid_request', MESSAGES.hintInvalid);
    }
    hintClientId = checked.claims.aud;
  }
  if (clientIdParam !== undefined && hintClientId !== undefined && clientIdParam !== hintClientId) {
    return oidcErrorPage('invalid_request', MESSAGES.hintClientMismatch);
  }
  const clientId = clientIdParam ?? hintClientId;
  const client = clientId !== undefined ? await env.db.clients.get(clientId) : undefined;
  if (clientId !== undefined && !client) return oidcErrorPage('invalid_client', MESSAGES.unknownClient(clientId));

  // §3: only a URI registered for that client, compared exactly; otherwise no redirect at all.
  let target: string = CONNECT_PATHS.login;
  if (postLogout !== undefined) {
    if (!client) return oidcErrorPage('invalid_request', MESSAGES.postLogoutWithoutClient);
    if (!client.postLogoutRedirectUris.includes(postLogout))
      return oidcErrorPage('invalid_redirect_uri', MESSAGES.postLogoutUnregistered(postLogout, client.id));
    const url = new URL(postLogout);
    const state = parameter(params, 'state');
    if (state !== undefined) url.searchParams.append('state', state);
    target = url.toString();
  }
  await endSession(env, request);
  return redirect(target, [CLEAR_SESSION_COOKIE]);
}
