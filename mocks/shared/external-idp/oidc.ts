// Owns the provider's OpenID endpoints other than authorization: discovery (OIDC Discovery §4), the JWK Set (RFC 7517
// §5), the token endpoint (RFC 6749 §3.2, OIDC Core §3.1.3: authorization_code with PKCE) and userinfo (OIDC Core §5.3).
import { errors } from 'jose';
import { sha256Base64url, sha256Hex } from '../crypto';
import { json } from '../http';
import { bearerChallenge, noStoreJson, oauthError, readForm } from '../oauth';
import {
  duplicatedParameter,
  isCodeVerifier,
  judgeCode,
  parameter,
  presentedBearer,
  providerMetadata,
  publicJwks,
  signJwt,
  verifyOwnJwt,
} from '../oidc-provider';
import { authenticateClient } from './client-auth';
import { directoryOf, keyStore, now, type IdpEnv, type Params } from './env';
import {
  ACCESS_TOKEN_TTL_MS,
  accessTokenClaims,
  ASSERTION_ALGS,
  endpointUrls,
  idTokenClaims,
  issuerOf,
  SCOPES_SUPPORTED,
  SIGNING_ALGS,
  userinfoClaims,
  type IdpAuthentication,
} from './rules';
import { logSignIn } from './sign-in-log';

function noDirectory(env: IdpEnv): Response {
  return json({ error: 'not_found', error_description: env.messages.noDirectory }, { status: 404 });
}

/** GET <issuer>/.well-known/openid-configuration */
export async function discovery(env: IdpEnv, _request: Request, params: Params): Promise<Response> {
  const tenant = await directoryOf(env, params);
  if (!tenant) return noDirectory(env);
  return json(
    providerMetadata(issuerOf(env.brand, tenant), endpointUrls(env.brand, tenant), {
      scopes: SCOPES_SUPPORTED,
      grantTypes: ['authorization_code'],
      signingAlgs: SIGNING_ALGS,
      tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      tokenEndpointAuthSigningAlgs: ASSERTION_ALGS,
      promptValues: ['none', 'login'],
      claims: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'amr', 'nonce', 'email', 'name', ...brandClaims(env)],
    }),
  );
}

function brandClaims(env: IdpEnv): string[] {
  switch (env.brand.idp) {
    case 'entra':
      return ['preferred_username', 'tid', 'oid', 'ver'];
    case 'google':
      return ['hd', 'email_verified'];
    case 'okta':
      return ['preferred_username', 'email_verified', 'groups'];
    case 'ping':
      return [];
  }
}

/** GET <jwks>: the public keys only, each with kid, alg and use. */
export async function jwks(env: IdpEnv, _request: Request, params: Params): Promise<Response> {
  const tenant = await directoryOf(env, params);
  if (!tenant) return noDirectory(env);
  return json(await publicJwks(keyStore(env), now(env)));
}

/** Any other method on the token endpoint (RFC 6749 §3.2: "The client MUST use the HTTP POST method"). */
export async function tokenMethodNotAllowed(env: IdpEnv): Promise<Response> {
  return oauthError('invalid_request', env.messages.tokenMethod, { status: 405, headers: { allow: 'POST' } });
}

type Exchanged = { ok: true; auth: IdpAuthentication; nonce: string | null } | { ok: false; description: string };

/** POST <token>: grant_type=authorization_code only (RFC 6749 §4.1.3), with PKCE (RFC 7636 §4.5) always. */
export async function token(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const tenant = await directoryOf(env, params);
  if (!tenant) return noDirectory(env);
  const form = await readForm(request, env.messages.bodyNotForm);
  const duplicate = duplicatedParameter(form);
  if (duplicate) return oauthError('invalid_request', env.messages.duplicated(duplicate));
  const { app } = await authenticateClient(env, tenant, request, form);

  const grantType = parameter(form, 'grant_type');
  if (grantType === undefined) return oauthError('invalid_request', env.messages.grantTypeMissing);
  if (grantType !== 'authorization_code') return oauthError('unsupported_grant_type', env.messages.grantTypeUnsupported(grantType));
  const code = parameter(form, 'code');
  if (code === undefined) return oauthError('invalid_request', env.messages.missing('code'));
  const redirectUri = parameter(form, 'redirect_uri');
  if (redirectUri === undefined) return oauthError('invalid_request', env.messages.missing('redirect_uri'));
  const verifier = parameter(form, 'code_verifier');
  if (verifier !== undefined && !isCodeVerifier(verifier)) return oauthError('invalid_request', env.messages.verifierMalformed);

  // Digests before the transaction: a non-IndexedDB await inside one commits it.
  const codeHash = await sha256Hex(code);
  const verifierChallenge = verifier === undefined ? undefined : await sha256Base64url(verifier);
  const at = now(env);
  const jti = env.ctx.random.hex(16);
  const exchanged = await env.db.transaction('rw', [env.db.codes, env.db.users, env.db.signIns], async (): Promise<Exchanged> => {
    const row = await env.db.codes.get(codeHash);
    const verdict = judgeCode(row, { clientId: app.clientId, redirectUri, verifierChallenge }, at, env.messages);
    if (!verdict.ok) return { ok: false, description: verdict.description };
    const user = await env.db.users.get(row!.userId);
    if (!user) return { ok: false, description: env.messages.userGone };
    await env.db.codes.update(codeHash, { usedAt: at });
    // A user disabled after the code was issued gets no tokens: the code is spent all the same.
    if (user.disabledAt !== null) {
      await logSignIn(env, { user, username: user.username, app, result: 'failure', reason: env.messages.userDisabledGrant });
      return { ok: false, description: env.messages.userDisabledGrant };
    }
    return {
      ok: true,
      auth: { user, clientId: app.clientId, authTime: row!.authTime, amr: row!.amr, scope: row!.scope },
      nonce: row!.nonce,
    };
  });
  if (!exchanged.ok) return oauthError('invalid_grant', exchanged.description);
  const store = keyStore(env);
  const [idToken, accessToken] = await Promise.all([
    signJwt(store, at, 'RS256', 'JWT', idTokenClaims(env.brand, tenant, exchanged.auth, exchanged.nonce, at)),
    signJwt(store, at, 'RS256', 'at+jwt', accessTokenClaims(env.brand, tenant, exchanged.auth, jti, at)),
  ]);
  return noStoreJson({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_MS / 1000,
    scope: exchanged.auth.scope.join(' '),
    id_token: idToken,
  });
}

/** GET|POST <userinfo>: the claims of a Bearer access token the provider signed, for a user still enabled. */
export async function userinfo(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const tenant = await directoryOf(env, params);
  if (!tenant) return noDirectory(env);
  const realm = new URL(issuerOf(env.brand, tenant)).host;
  const presented = await presentedBearer(request, realm, env.messages);
  if (!presented.ok) return presented.response;
  let claims;
  try {
    ({ payload: claims } = await verifyOwnJwt(keyStore(env), now(env), presented.token, {
      issuer: issuerOf(env.brand, tenant),
      audience: endpointUrls(env.brand, tenant).userinfo,
      typ: 'at+jwt',
      algorithms: ['RS256'],
    }));
  } catch (error) {
    return bearerChallenge(
      realm,
      error instanceof errors.JWTExpired ? env.messages.tokenExpired : env.messages.tokenInvalid,
      'invalid_token',
    );
  }
  const user = typeof claims.sub === 'string' ? await env.db.users.get(claims.sub) : undefined;
  if (!user) return bearerChallenge(realm, env.messages.userGone, 'invalid_token');
  if (user.disabledAt !== null) return bearerChallenge(realm, env.messages.tokenUserDisabled, 'invalid_token');
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  return noStoreJson(userinfoClaims(env.brand, tenant, user, scope));
}
