// Owns Connect as a strict OpenID Connect client of the organisation's identity provider (R22): discovery (the issuer
// must match exactly), the authorization request with state, nonce and PKCE S256, and the callback — state looked
// up, code exchanged with the client authentication the provider expects (client_secret_basic, client_secret_post or
// private_key_jwt), the ID token's signature checked against the provider's JWKS and its claims by oauth4webapi, the
// email read from the configured claim. Every step is reported as an SsoTestStep, so the same code signs users in
// and runs an administrator's "Test connection".
//
// For the admin portal (Test connection): create the SsoTestRow, then
//   startSsoSignIn(env, provider, { purpose: 'test', testId })  → { ok: true, url } to send the browser to, or a failure;
// the steps so far are written to the run. The callback (broker.ts) completes the run's steps and sends the browser
// to /admin/identity-providers/<providerId>/test/<testId>.
import * as oauth from 'oauth4webapi';
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JSONWebKeySet } from 'jose';
import { SSO_REDIRECT_URI, type SsoFailure, type SsoTestStep } from '../../../../src/contracts/connect-sso';
import { toBase64Url } from '../../../../src/domain/base64url';
import { domainOf, parseEmail } from '../../../../src/domain/email';
import type { IdentityProviderRow, SsoSignInRow } from '../db';
import { now, type ConnectEnv } from '../env';
import {
  failed,
  passed,
  SSO_CLOCK_TOLERANCE_SECONDS,
  SSO_PROVIDER_TIME_LIMIT_MS,
  SSO_RANDOM_BYTES,
  SSO_SIGN_IN_TTL_MS,
  upstreamAmr,
  verifiedDomainsOf,
} from './rules';

/** Who the traffic log names for Connect's own calls to the provider. */
export const CONNECT_INITIATOR = 'server:connect.test';

export type SsoStartResult =
  { ok: true; url: string; state: string; steps: SsoTestStep[] } | { ok: false; failure: SsoFailure; steps: SsoTestStep[] };

export interface SsoStartInit {
  purpose: SsoSignInRow['purpose'];
  /** sign_in: the path on Connect to go on to once signed in. */
  returnTo?: string | null;
  /** The email typed on the login page: sent as `login_hint` (OIDC Core §3.1.2.1). */
  email?: string | null;
  /** test: the run (an SsoTestRow the caller created) whose steps this fills in. */
  testId?: string | null;
}

/** Who the provider signed in, as Connect maps it. */
export interface SsoIdentity {
  subject: string;
  email: string;
  name: string | null;
  amr: string[];
  /** The validated ID token's claims, for "Test connection" and the x-ray. */
  claims: Record<string, unknown>;
}

export type SsoFinishResult =
  | { ok: true; signIn: SsoSignInRow; provider: IdentityProviderRow; identity: SsoIdentity; steps: SsoTestStep[] }
  | { ok: false; signIn: SsoSignInRow | null; provider: IdentityProviderRow | null; failure: SsoFailure; steps: SsoTestStep[] };

function httpOptions(env: ConnectEnv) {
  return {
    [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) =>
      withinTimeLimit(env.ctx.network.fetch(new Request(url, init as RequestInit), { initiator: CONNECT_INITIATOR }), url),
    // The provider is a simulated server on *.test; its endpoints are https in the in-tab network.
    get [oauth.clockSkew]() {
      return env.ctx.librarySkewSeconds();
    },
  };
}

/**
 * A provider that never answers must not hold the sign-in (or a Test connection run) for ever: its request fails after
 * SSO_PROVIDER_TIME_LIMIT_MS of real time, as a network timeout would.
 */
async function withinTimeLimit(answer: Promise<Response>, url: string): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${new URL(url).host} did not answer within ${SSO_PROVIDER_TIME_LIMIT_MS / 1000} seconds`)),
      SSO_PROVIDER_TIME_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function clientOf(env: ConnectEnv, provider: IdentityProviderRow): oauth.Client {
  return {
    client_id: provider.clientId,
    get [oauth.clockSkew]() {
      return env.ctx.librarySkewSeconds();
    },
    [oauth.clockTolerance]: SSO_CLOCK_TOLERANCE_SECONDS,
  };
}

function randomToken(env: ConnectEnv): string {
  return toBase64Url(env.ctx.random.bytes(SSO_RANDOM_BYTES));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Discovered = { ok: true; as: oauth.AuthorizationServer; step: SsoTestStep } | { ok: false; step: SsoTestStep };

/** OIDC Discovery §4: the provider's metadata under its issuer, whose `issuer` must be that issuer exactly (§4.3). */
export async function discover(env: ConnectEnv, provider: IdentityProviderRow): Promise<Discovered> {
  let issuer: URL;
  try {
    issuer = new URL(provider.issuer);
  } catch {
    return {
      ok: false,
      step: failed(
        'discovery',
        'discovery_invalid',
        `The issuer “${provider.issuer}” is not a URL. Enter the issuer URL the provider shows.`,
      ),
    };
  }
  const where = `${provider.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await oauth.discoveryRequest(issuer, { ...httpOptions(env), algorithm: 'oidc' });
  } catch (error) {
    return { ok: false, step: failed('discovery', 'discovery_unreachable', `Connect could not reach ${where}: ${messageOf(error)}`) };
  }
  if (response.status !== 200) {
    return {
      ok: false,
      step: failed(
        'discovery',
        'discovery_unreachable',
        `${where} answered HTTP ${response.status} instead of the provider's metadata. Check the issuer URL.`,
        { status: response.status },
      ),
    };
  }
  let as: oauth.AuthorizationServer;
  try {
    as = await oauth.processDiscoveryResponse(issuer, response);
  } catch (error) {
    if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      const found = (error.cause as { body?: { issuer?: unknown } } | undefined)?.body?.issuer;
      return {
        ok: false,
        step: failed(
          'discovery',
          'issuer_mismatch',
          `The provider's metadata names the issuer “${String(found)}”, not “${provider.issuer}” as configured. Enter the issuer exactly as the provider states it.`,
          { expected: provider.issuer, found },
        ),
      };
    }
    return {
      ok: false,
      step: failed('discovery', 'discovery_invalid', `${where} did not answer valid OpenID provider metadata: ${messageOf(error)}`),
    };
  }
  const missing = (['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const).filter((k) => typeof as[k] !== 'string');
  if (missing.length > 0) {
    return { ok: false, step: failed('discovery', 'discovery_invalid', `The provider's metadata lacks ${missing.join(', ')}.`) };
  }
  return {
    ok: true,
    as,
    step: passed('discovery', `Read the metadata of ${as.issuer}.`, {
      issuer: as.issuer,
      authorization_endpoint: as.authorization_endpoint,
      token_endpoint: as.token_endpoint,
      jwks_uri: as.jwks_uri,
      userinfo_endpoint: as.userinfo_endpoint ?? null,
      token_endpoint_auth_methods_supported: as.token_endpoint_auth_methods_supported ?? null,
    }),
  };
}

/**
 * The steps of a "Test connection" run so far: written to its row, which is finished as failed when a step failed.
 * Nothing when the run is not (or no longer) there.
 */
export async function recordTestSteps(env: ConnectEnv, testId: string | null, steps: SsoTestStep[], finished: boolean): Promise<void> {
  if (testId === null) return;
  const failedAny = steps.some((s) => !s.ok);
  await env.db.ssoTests.update(testId, {
    steps,
    ...(failedAny || finished ? { outcome: failedAny ? 'failed' : 'passed', finishedAt: now(env) } : {}),
  });
}

/**
 * Starts a sign-in at `provider`: discovery, then the authorization request (OIDC Core §3.1.2.1: response_type code,
 * state, nonce, PKCE S256, login_hint), stored as an SsoSignInRow by its state until the callback. A "Test connection"
 * run first sends the request itself, with no cookies: a provider that accepts the client and the redirect URI answers
 * with a redirect (to its login page, or back); one that refuses them shows its own error page and would never come
 * back, which the browser's user could not tell Connect.
 */
export async function startSsoSignIn(env: ConnectEnv, provider: IdentityProviderRow, init: SsoStartInit): Promise<SsoStartResult> {
  const testId = init.purpose === 'test' ? (init.testId ?? null) : null;
  const steps: SsoTestStep[] = [];
  const finish = async (result: SsoStartResult): Promise<SsoStartResult> => {
    await recordTestSteps(env, testId, result.steps, false);
    return result;
  };
  const discovered = await discover(env, provider);
  steps.push(discovered.step);
  if (!discovered.ok) return finish({ ok: false, failure: discovered.step.failure!, steps });
  const { as } = discovered;

  const at = now(env);
  const row: SsoSignInRow = {
    state: randomToken(env),
    providerId: provider.id,
    nonce: randomToken(env),
    codeVerifier: randomToken(env),
    purpose: init.purpose,
    returnTo: init.purpose === 'sign_in' ? (init.returnTo ?? null) : null,
    email: init.email ?? null,
    testId,
    createdAt: at,
    expiresAt: at + SSO_SIGN_IN_TTL_MS,
  };
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('redirect_uri', SSO_REDIRECT_URI);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', row.state);
  url.searchParams.set('nonce', row.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(row.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (row.email) url.searchParams.set('login_hint', row.email);

  if (init.purpose === 'test') {
    const probe = await probeAuthorization(env, url);
    if (probe) {
      steps.push(probe);
      return finish({ ok: false, failure: probe.failure!, steps });
    }
  }
  // Sign-ins abandoned at the provider are dropped once expired, as a new one is stored.
  await env.db.transaction('rw', env.db.ssoSignIns, async () => {
    await env.db.ssoSignIns.where('expiresAt').belowOrEqual(at).delete();
    await env.db.ssoSignIns.add(row);
  });
  steps.push(
    passed('authorize', `Sent the browser to ${url.origin}${url.pathname} with state, nonce and PKCE (S256).`, {
      redirect_uri: SSO_REDIRECT_URI,
    }),
  );
  return finish({ ok: true, url: url.toString(), state: row.state, steps });
}

/**
 * RFC 6749 §4.1.2.1: a provider must not redirect back when the client or its redirect URI is unknown; it shows an
 * error page instead. A failed step when the provider answers the request with a page rather than a redirect.
 */
async function probeAuthorization(env: ConnectEnv, url: URL): Promise<SsoTestStep | null> {
  let response: Response;
  try {
    response = await env.ctx.network.fetch(new Request(url, { redirect: 'manual' }), { initiator: CONNECT_INITIATOR });
  } catch (error) {
    return failed('authorize', 'discovery_unreachable', `Connect could not reach the authorization endpoint: ${messageOf(error)}`);
  }
  if (response.status >= 300 && response.status < 400 && response.headers.get('location')) return null;
  const text = (await response.text().catch(() => '')).slice(0, 500);
  return failed(
    'authorize',
    'redirect_uri_not_registered',
    `The provider answered the sign-in request with its own error page (HTTP ${response.status}) instead of a sign-in: it does not accept Connect's client id with the redirect URI ${SSO_REDIRECT_URI}. Register that redirect URI exactly in the provider's app registration.`,
    { status: response.status, page: text },
  );
}

/** The sign-in a callback's `state` names, if it is still waiting (unknown, expired and used are all refused). */
async function takeSignIn(env: ConnectEnv, state: string | null, at: number): Promise<SsoSignInRow | 'unknown' | 'expired'> {
  if (!state) return 'unknown';
  // Single use: the first callback with this state takes it; a second (a replay, another tab) finds nothing.
  const row = await env.db.transaction('rw', env.db.ssoSignIns, async () => {
    const found = await env.db.ssoSignIns.get(state);
    if (found) await env.db.ssoSignIns.delete(state);
    return found;
  });
  if (!row) return 'unknown';
  return at >= row.expiresAt ? 'expired' : row;
}

/** How Connect authenticates at the provider's token endpoint (RFC 6749 §2.3.1, RFC 7523 §2.2). */
async function clientAuthOf(provider: IdentityProviderRow): Promise<oauth.ClientAuth> {
  switch (provider.clientAuth) {
    case 'client_secret_basic':
      return oauth.ClientSecretBasic(provider.clientSecret ?? '');
    case 'client_secret_post':
      return oauth.ClientSecretPost(provider.clientSecret ?? '');
    case 'private_key_jwt': {
      const credential = provider.credential;
      if (!credential) throw new Error('no credential');
      const algorithm =
        credential.privateJwk.kty === 'EC'
          ? { name: 'ECDSA', namedCurve: credential.privateJwk.crv ?? 'P-256' }
          : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
      const key = await crypto.subtle.importKey('jwk', credential.privateJwk, algorithm, false, ['sign']);
      // RFC 7515 §4.1.8 `x5t#S256`: the provider finds the certificate the IT persona uploaded by its thumbprint.
      return oauth.PrivateKeyJwt(
        { key, kid: credential.kid },
        {
          [oauth.modifyAssertion]: (header) => {
            header['x5t#S256'] = credential.thumbprint;
          },
        },
      );
    }
  }
}

/** The `{error, error_description}` of an error response's body (RFC 6749 §5.2), or nothing when it has none. */
async function errorBodyOf(response: Response): Promise<{ error?: string; error_description?: string }> {
  try {
    const body = (await response.clone().json()) as Record<string, unknown>;
    return {
      ...(typeof body.error === 'string' ? { error: body.error } : {}),
      ...(typeof body.error_description === 'string' ? { error_description: body.error_description } : {}),
    };
  } catch {
    return {};
  }
}

/** What the provider's token endpoint refused, as a failure Connect's administrator can act on. */
function tokenRefusal(provider: IdentityProviderRow, error: string, description: string | undefined, at: number): SsoTestStep {
  const said = description ? `${error}: ${description}` : error;
  const expired = /expired/i.test(description ?? '');
  if (error === 'invalid_client') {
    if (provider.clientAuth === 'private_key_jwt') {
      const certificateExpired = expired || (provider.credential !== null && provider.credential.notAfter <= at);
      return certificateExpired
        ? failed(
            'token',
            'certificate_expired',
            `The identity provider refused Connect's certificate because it has expired (${said}). Create a new certificate and upload it at the provider.`,
          )
        : failed(
            'token',
            'certificate_unknown',
            `The identity provider does not know Connect's certificate (${said}). Upload Connect's certificate to the app registration at the provider.`,
          );
    }
    return expired
      ? failed(
          'token',
          'client_secret_expired',
          `The identity provider refused Connect's client secret because it has expired (${said}). Create a new secret at the provider and enter it here.`,
        )
      : failed(
          'token',
          'client_secret_wrong',
          `The identity provider refused Connect's client secret (${said}). Copy the secret again from the provider's app registration.`,
        );
  }
  return failed('token', 'token_request_failed', `The identity provider refused to exchange the code (${said}).`);
}

/** Each way the ID token's checks fail (OIDC Core §3.1.3.7), in the words of the check. */
function idTokenRefusal(error: unknown, tolerance: number): SsoTestStep {
  if (error instanceof oauth.OperationProcessingError) {
    const cause = error.cause as { claim?: string; claims?: Record<string, unknown>; expected?: unknown } | undefined;
    const claims = cause?.claims;
    if (error.code === oauth.JWT_CLAIM_COMPARISON) {
      switch (cause?.claim) {
        case 'iss':
          return failed(
            'id_token',
            'id_token_issuer',
            `The ID token's issuer “${String(claims?.iss)}” is not the provider's (“${String(cause.expected)}”).`,
            { claims },
          );
        case 'aud':
        case 'azp':
          return failed(
            'id_token',
            'id_token_audience',
            `The ID token is not for Connect: its audience ${JSON.stringify(claims?.aud)} does not name the client id “${String(cause.expected)}”.`,
            { claims },
          );
        case 'nonce':
          return failed(
            'id_token',
            'nonce_mismatch',
            claims?.nonce === undefined
              ? 'The ID token has no nonce: it cannot be tied to this sign-in.'
              : "The ID token's nonce is not the one Connect sent: it belongs to another sign-in.",
            { claims },
          );
      }
    }
    if (error.code === oauth.JWT_TIMESTAMP_CHECK) {
      if (cause?.claim === 'exp')
        return failed(
          'id_token',
          'id_token_expired',
          `The ID token had expired when Connect received it (exp ${String(claims?.exp)}, tolerance ${tolerance} s).`,
          { claims },
        );
      return failed(
        'id_token',
        'clock_skew',
        `The ID token's ${cause?.claim ?? 'time'} is more than ${tolerance} seconds off Connect's clock. Check the provider's clock.`,
        { claims },
      );
    }
    if (error.code === oauth.MISSING_SERVER_METADATA || error.code === oauth.INVALID_RESPONSE) {
      if (/nonce/.test(error.message))
        return failed('id_token', 'nonce_mismatch', 'The ID token has no nonce: it cannot be tied to this sign-in.');
    }
  }
  return failed('id_token', 'id_token_invalid', `The ID token was refused: ${messageOf(error)}`);
}

/**
 * The signature of the ID token, checked with the provider's JWKS (RFC 7517) before any claim is believed. Only the
 * algorithms the provider's metadata lists, and never `none` (OIDC Core §3.1.3.7 step 6-7).
 */
async function checkSignature(env: ConnectEnv, as: oauth.AuthorizationServer, idToken: string): Promise<SsoTestStep | null> {
  let alg: string | undefined;
  let kid: string | undefined;
  try {
    ({ alg, kid } = decodeProtectedHeader(idToken));
  } catch (error) {
    return failed('id_token', 'id_token_invalid', `The ID token is not a signed JWT: ${messageOf(error)}`);
  }
  if (!alg || alg === 'none') {
    return failed('id_token', 'id_token_signature', 'The ID token is not signed (alg “none”). Connect accepts only signed ID tokens.', {
      alg: alg ?? null,
    });
  }
  const allowed = as.id_token_signing_alg_values_supported?.filter((a) => a !== 'none') ?? ['RS256'];
  if (!allowed.includes(alg)) {
    return failed(
      'id_token',
      'id_token_signature',
      `The ID token is signed with ${alg}, which the provider's metadata does not list (${allowed.join(', ')}).`,
      { alg },
    );
  }
  let jwks: JSONWebKeySet;
  try {
    const response = await env.ctx.network.fetch(new Request(as.jwks_uri!, { headers: { accept: 'application/json' } }), {
      initiator: CONNECT_INITIATOR,
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    jwks = (await response.json()) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error('no "keys"');
  } catch (error) {
    return failed('id_token', 'id_token_signature', `Connect could not read the provider's keys at ${as.jwks_uri}: ${messageOf(error)}`);
  }
  try {
    await compactVerify(idToken, createLocalJWKSet(jwks), { algorithms: allowed });
    return null;
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) {
      return failed(
        'id_token',
        'id_token_signature',
        `The ID token is signed with a key (kid “${kid ?? ''}”) that is not among the provider's published keys.`,
        { alg, kid: kid ?? null },
      );
    }
    return failed(
      'id_token',
      'id_token_signature',
      `The ID token's signature does not verify with the provider's keys: ${messageOf(error)}`,
      { alg, kid: kid ?? null },
    );
  }
}

/**
 * The callback (OIDC Core §3.1.2.5–§3.1.3.7): the sign-in its `state` names (once), the provider's answer, the code
 * exchanged, the ID token checked, the email read from the configured claim (the ID token's, else userinfo's) and
 * held to the provider's verified domains (R24).
 */
export async function finishSsoSignIn(env: ConnectEnv, callback: URL): Promise<SsoFinishResult> {
  const at = now(env);
  const taken = await takeSignIn(env, callback.searchParams.get('state'), at);
  if (typeof taken === 'string') {
    const step = failed(
      'callback',
      'state_mismatch',
      taken === 'expired'
        ? 'This sign-in waited too long at the provider and has expired. Sign in again.'
        : 'The answer names no sign-in Connect is waiting for (unknown or already used state). Sign in again.',
    );
    return { ok: false, signIn: null, provider: null, failure: 'state_mismatch', steps: [step] };
  }
  const signIn = taken;
  const provider = await env.db.identityProviders.get(signIn.providerId);
  const steps: SsoTestStep[] = [];
  const fail = async (step: SsoTestStep): Promise<SsoFinishResult> => {
    steps.push(step);
    await recordTestSteps(env, signIn.testId, [...(await earlierSteps(env, signIn.testId)), ...steps], true);
    return { ok: false, signIn, provider: provider ?? null, failure: step.failure!, steps };
  };
  if (!provider) return fail(failed('callback', 'state_mismatch', 'The identity provider of this sign-in was removed. Sign in again.'));

  const discovered = await discover(env, provider);
  if (!discovered.ok) return fail(discovered.step);
  const { as } = discovered;
  const client = clientOf(env, provider);

  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callback, signIn.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      const said = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
      const disabled = /disabled|blocked|inactive|suspended/i.test(error.error_description ?? '');
      return fail(
        disabled
          ? failed('callback', 'user_disabled', `The provider refused to sign the user in because the user is disabled there (${said}).`)
          : failed('callback', 'access_denied', `The provider did not sign the user in (${said}).`),
      );
    }
    return fail(failed('callback', 'state_mismatch', `The provider's answer was refused: ${messageOf(error)}`));
  }
  steps.push(passed('callback', 'The provider sent the browser back with a code for this sign-in.'));

  if (provider.clientAuth === 'private_key_jwt' && !provider.credential) {
    return fail(
      failed('token', 'certificate_unknown', 'Connect has no certificate for this provider yet. Create one and upload it at the provider.'),
    );
  }
  let answer: Response;
  try {
    answer = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      await clientAuthOf(provider),
      params,
      SSO_REDIRECT_URI,
      signIn.codeVerifier,
      httpOptions(env),
    );
  } catch (error) {
    return fail(failed('token', 'token_request_failed', `Connect could not send the token request: ${messageOf(error)}`));
  }

  // The raw ID token, to check its signature before believing anything it says.
  let rawIdToken: string | undefined;
  if (answer.status === 200) {
    try {
      const body = (await answer.clone().json()) as { id_token?: unknown };
      if (typeof body.id_token === 'string') rawIdToken = body.id_token;
    } catch {
      // processAuthorizationCodeResponse says what is wrong with the body.
    }
  }
  if (rawIdToken) {
    const refused = await checkSignature(env, as, rawIdToken);
    if (refused) {
      steps.push(passed('token', 'The provider exchanged the code for tokens.'));
      return fail({ ...refused, data: { ...refused.data, claims: safeClaims(rawIdToken) } });
    }
  }

  let tokens: oauth.TokenEndpointResponse;
  try {
    tokens = await oauth.processAuthorizationCodeResponse(as, client, answer, { expectedNonce: signIn.nonce, requireIdToken: true });
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return fail(tokenRefusal(provider, error.error, error.error_description, at));
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      // RFC 6749 §5.2: a 401 invalid_client may challenge with a bare `Basic realm` and say why only in its JSON body.
      const challenge = error.cause[0]?.parameters;
      const stated = await errorBodyOf(error.response);
      return fail(
        tokenRefusal(
          provider,
          challenge?.error ?? stated.error ?? 'invalid_client',
          challenge?.error_description ?? stated.error_description,
          at,
        ),
      );
    }
    steps.push(passed('token', 'The provider exchanged the code for tokens.'));
    if (!rawIdToken)
      return fail(failed('id_token', 'id_token_invalid', `The provider's token answer has no valid ID token: ${messageOf(error)}`));
    return fail(idTokenRefusal(error, SSO_CLOCK_TOLERANCE_SECONDS));
  }
  steps.push(passed('token', 'The provider exchanged the code for tokens.'));
  const claims = oauth.getValidatedIdTokenClaims(tokens)! as unknown as Record<string, unknown>;

  // OIDC Core §3.1.3.7 step 10 leaves iat to the client: one from the future means the provider's clock is ahead.
  const nowSeconds = Math.floor(at / 1000);
  if (typeof claims.iat === 'number' && claims.iat > nowSeconds + SSO_CLOCK_TOLERANCE_SECONDS) {
    return fail(
      failed(
        'id_token',
        'clock_skew',
        `The ID token was issued ${claims.iat - nowSeconds} seconds in Connect's future, more than the ${SSO_CLOCK_TOLERANCE_SECONDS} seconds tolerated. Check the provider's clock.`,
        { claims },
      ),
    );
  }
  steps.push(passed('id_token', `The ID token is signed by ${as.issuer}, for Connect, current, and for this sign-in.`, { claims }));

  // The email: the configured claim of the ID token, else of userinfo (OIDC Core §5.3).
  let emailValue = claims[provider.emailClaim];
  let name = typeof claims.name === 'string' ? claims.name : null;
  if (typeof emailValue !== 'string' && as.userinfo_endpoint) {
    try {
      const profile = await oauth.processUserInfoResponse(
        as,
        client,
        claims.sub as string,
        await oauth.userInfoRequest(as, client, tokens.access_token, httpOptions(env)),
      );
      emailValue = (profile as Record<string, unknown>)[provider.emailClaim];
      if (name === null && typeof profile.name === 'string') name = profile.name;
    } catch {
      // No userinfo: the email claim is missing, said below.
    }
  }
  if (typeof emailValue !== 'string' || emailValue.length === 0) {
    return fail(
      failed(
        'claims',
        'email_claim_missing',
        `Neither the ID token nor userinfo has the claim “${provider.emailClaim}” for this user. Choose the claim that carries the email, or add the email to the user at the provider.`,
        { claims },
      ),
    );
  }
  const email = parseEmail(emailValue);
  if (!email.ok) {
    return fail(
      failed('claims', 'email_claim_missing', `The claim “${provider.emailClaim}” holds “${emailValue}”, which is not an email address.`, {
        claims,
      }),
    );
  }
  const domain = domainOf(email.value);
  const organisation = await env.db.organisations.get(provider.organisationId);
  if (!provider.domains.includes(domain) || !verifiedDomainsOf(organisation).has(domain)) {
    return fail(
      failed(
        'claims',
        'email_domain_not_assigned',
        `The provider signed in ${email.value}, but ${domain} is not a verified domain assigned to this identity provider at Connect (${provider.domains.join(', ') || 'none'}).`,
        { email: email.value, domains: provider.domains },
      ),
    );
  }
  const identity: SsoIdentity = { subject: claims.sub as string, email: email.value, name, amr: upstreamAmr(claims.amr), claims };
  steps.push(passed('claims', `Mapped the user to ${email.value}.`, { email: email.value, subject: identity.subject, amr: identity.amr }));
  return { ok: true, signIn, provider, identity, steps };
}

/** The claims of a JWT whose signature failed, for the administrator to read (never to act on). */
function safeClaims(jwt: string): Record<string, unknown> | null {
  try {
    return decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The steps a test run recorded when it started (discovery, authorize). */
async function earlierSteps(env: ConnectEnv, testId: string | null): Promise<SsoTestStep[]> {
  if (testId === null) return [];
  return (await env.db.ssoTests.get(testId))?.steps ?? [];
}
