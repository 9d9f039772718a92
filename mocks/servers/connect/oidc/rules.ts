// Owns the OpenID provider's pure rules: lifetimes, the provider metadata, reading an authorization request
// (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1), when a sign-in is needed, the verdicts on a presented code or
// refresh token, the claims of ID tokens, access tokens and userinfo, and the words of every error_description.
import type { OidcErrorCode } from '../../../../src/contracts/connect';
import { CONNECT_API } from '../../../../src/contracts/connect-api';
import { urlOf } from '../../../../src/contracts/endpoint';
import { ORIGINS } from '../../../../src/contracts/origins';
import { DAY, HOUR, MINUTE } from '../../../../src/domain/clock';
import type { AccountRow, ClientRow, CodeRow, GrantRow, RefreshTokenRow, SigningAlg } from '../db';

export const ISSUER = ORIGINS.connect;
/** The realm of Connect's WWW-Authenticate challenges (RFC 7235 §2.2). */
export const REALM = new URL(ISSUER).host;
/** RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; Connect keeps it to 60 s. */
export const CODE_TTL_MS = 60_000;
export const ACCESS_TOKEN_TTL_MS = 10 * MINUTE;
const ID_TOKEN_TTL_MS = 10 * MINUTE;
/** A grant's refresh tokens work for 30 days from the code exchange; rotating one does not extend that. */
export const GRANT_TTL_MS = 30 * DAY;
/** How long a user may take on the login page before the application has to ask again. */
export const AUTH_REQUEST_TTL_MS = HOUR;
/** The resource an access token is for (RFC 9068 §3 `aud`): Connect's userinfo endpoint. */
export const ACCESS_TOKEN_AUDIENCE = urlOf(CONNECT_API.userinfo, {});
const SCOPES_SUPPORTED = ['openid', 'profile', 'email'] as const;
/** One key per algorithm; ID tokens use the client's registered algorithm, access tokens RS256 (RFC 9068 §2.1). */
export const SIGNING_ALGS: readonly SigningAlg[] = ['RS256', 'ES256'];

const URLS = {
  authorize: urlOf(CONNECT_API.authorize, {}),
  token: urlOf(CONNECT_API.token, {}),
  userinfo: ACCESS_TOKEN_AUDIENCE,
  jwks: urlOf(CONNECT_API.jwks, {}),
  endSession: urlOf(CONNECT_API.endSession, {}),
} as const;

/** OIDC Discovery §3 / RFC 8414 §2: what a client library reads to find and trust everything else. */
export function providerMetadata(): Record<string, unknown> {
  return {
    issuer: ISSUER,
    authorization_endpoint: URLS.authorize,
    token_endpoint: URLS.token,
    userinfo_endpoint: URLS.userinfo,
    jwks_uri: URLS.jwks,
    end_session_endpoint: URLS.endSession,
    scopes_supported: [...SCOPES_SUPPORTED],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
    code_challenge_methods_supported: ['S256'],
    prompt_values_supported: ['none', 'login'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'amr', 'sid', 'nonce', 'email', 'email_verified', 'name'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters

/** RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted from the request." */
export function parameter(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

/** RFC 6749 §3.1 / §3.2: "Request and response parameters MUST NOT be included more than once." */
export function duplicatedParameter(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (value === '') continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
export function isCodeVerifier(value: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}

/** RFC 7636 §4.2: S256 gives BASE64URL of a 32-byte digest, 43 characters without padding. */
function isS256Challenge(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Authorization requests

type Prompt = 'none' | 'login';

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  prompt: Prompt[];
  /** Seconds (OIDC Core §3.1.2.1 `max_age`). */
  maxAge: number | null;
  loginHint: string | null;
}

/** Who a response can go back to, or why it cannot (then Connect shows its own error page). */
export type Addressee =
  | { ok: true; client: ClientRow; redirectUri: string }
  | { ok: false; code: Extract<OidcErrorCode, 'invalid_request' | 'invalid_client' | 'invalid_redirect_uri'>; message: string };

/**
 * RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching redirection URI, or if the client
 * identifier is missing or invalid, the authorization server SHOULD inform the resource owner of the error and MUST
 * NOT automatically redirect the user-agent to the invalid redirection URI." redirect_uri is required (OIDC Core
 * §3.1.2.1) and compared as an exact string (RFC 6749 §3.1.2.3).
 */
export function addressee(params: URLSearchParams, client: ClientRow | undefined): Addressee {
  const clientId = parameter(params, 'client_id');
  if (params.getAll('client_id').length > 1) return { ok: false, code: 'invalid_request', message: MESSAGES.duplicated('client_id') };
  if (clientId === undefined) return { ok: false, code: 'invalid_request', message: MESSAGES.clientIdMissing };
  if (!client || client.id !== clientId) return { ok: false, code: 'invalid_client', message: MESSAGES.unknownClient(clientId) };
  if (params.getAll('redirect_uri').length > 1) return { ok: false, code: 'invalid_request', message: MESSAGES.duplicated('redirect_uri') };
  const redirectUri = parameter(params, 'redirect_uri');
  if (redirectUri === undefined) return { ok: false, code: 'invalid_redirect_uri', message: MESSAGES.redirectUriMissing };
  if (!client.redirectUris.includes(redirectUri)) {
    return { ok: false, code: 'invalid_redirect_uri', message: MESSAGES.redirectUriMismatch(redirectUri, client.id) };
  }
  return { ok: true, client, redirectUri };
}

export type AuthorizationRequestParse =
  { ok: true; request: AuthorizationRequest } | { ok: false; error: OidcErrorCode; description: string; state: string | null };

/**
 * The rest of the request, once `addressee` has accepted the client and redirect_uri: every failure here goes back to
 * the client's redirect_uri (RFC 6749 §4.1.2.1), with `state` when it was sent once.
 */
export function parseAuthorizationRequest(
  params: URLSearchParams,
  to: { client: ClientRow; redirectUri: string },
): AuthorizationRequestParse {
  const state = params.getAll('state').length > 1 ? null : (parameter(params, 'state') ?? null);
  const fail = (error: OidcErrorCode, description: string): AuthorizationRequestParse => ({ ok: false, error, description, state });

  const duplicate = duplicatedParameter(params);
  if (duplicate) return fail('invalid_request', MESSAGES.duplicated(duplicate));
  // OIDC Core §3.1.2.6: request objects are not supported.
  if (parameter(params, 'request') !== undefined) return fail('request_not_supported', MESSAGES.requestNotSupported);
  if (parameter(params, 'request_uri') !== undefined) return fail('request_uri_not_supported', MESSAGES.requestUriNotSupported);

  const responseType = parameter(params, 'response_type');
  if (responseType === undefined) return fail('invalid_request', MESSAGES.responseTypeMissing);
  if (responseType !== 'code') return fail('unsupported_response_type', MESSAGES.responseTypeUnsupported(responseType));
  const responseMode = parameter(params, 'response_mode');
  if (responseMode !== undefined && responseMode !== 'query')
    return fail('invalid_request', MESSAGES.responseModeUnsupported(responseMode));

  // RFC 6749 §3.3: space-delimited, case-sensitive; OIDC Core §3.1.2.1: openid is required.
  const scopeParam = parameter(params, 'scope');
  if (scopeParam === undefined) return fail('invalid_scope', MESSAGES.scopeMissing);
  const scope = [...new Set(scopeParam.split(' ').filter((s) => s.length > 0))];
  const unknown = scope.filter((s) => !(SCOPES_SUPPORTED as readonly string[]).includes(s));
  if (unknown.length > 0) return fail('invalid_scope', MESSAGES.scopeUnknown(unknown));
  if (!scope.includes('openid')) return fail('invalid_scope', MESSAGES.scopeWithoutOpenid);

  // RFC 7636 §4.3: without a method the challenge is "plain", which Connect refuses; PKCE is required for public clients.
  const challenge = parameter(params, 'code_challenge');
  const method = parameter(params, 'code_challenge_method');
  if (challenge === undefined && method !== undefined) return fail('invalid_request', MESSAGES.challengeMissing);
  if (challenge !== undefined) {
    if (method === undefined) return fail('invalid_request', MESSAGES.challengeMethodMissing);
    if (method !== 'S256') return fail('invalid_request', MESSAGES.challengeMethodUnsupported(method));
    if (!isS256Challenge(challenge)) return fail('invalid_request', MESSAGES.challengeMalformed);
  } else if (to.client.type === 'public') {
    return fail('invalid_request', MESSAGES.pkceRequired(to.client.id));
  }

  // OIDC Core §3.1.2.1: prompt is a space-delimited list; "none" with any other value is an error.
  const prompt: Prompt[] = [];
  for (const value of (parameter(params, 'prompt') ?? '').split(' ').filter((p) => p.length > 0)) {
    if (value !== 'none' && value !== 'login') return fail('invalid_request', MESSAGES.promptUnsupported(value));
    if (!prompt.includes(value)) prompt.push(value);
  }
  if (prompt.includes('none') && prompt.length > 1) return fail('invalid_request', MESSAGES.promptNoneWithOthers);

  const maxAgeParam = parameter(params, 'max_age');
  if (maxAgeParam !== undefined && !/^\d{1,9}$/.test(maxAgeParam)) return fail('invalid_request', MESSAGES.maxAgeMalformed);

  return {
    ok: true,
    request: {
      clientId: to.client.id,
      redirectUri: to.redirectUri,
      scope,
      state,
      nonce: parameter(params, 'nonce') ?? null,
      codeChallenge: challenge ?? null,
      prompt,
      maxAge: maxAgeParam === undefined ? null : Number(maxAgeParam),
      loginHint: parameter(params, 'login_hint') ?? null,
    },
  };
}

/**
 * Whether the browser's session answers the request without a sign-in: prompt=login always asks for one (OIDC Core
 * §3.1.2.1), and so does a session authenticated longer than max_age seconds ago.
 */
export function sessionAnswers(
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  session: { authTime: number } | undefined,
  now: number,
): boolean {
  if (!session) return false;
  if (request.prompt.includes('login')) return false;
  if (request.maxAge !== null && now - session.authTime > request.maxAge * 1000) return false;
  return true;
}

/** The redirect back to the client (RFC 6749 §4.1.2), its own query kept (§3.1.2), with `iss` (RFC 9207 §2). */
export function authorizationResponse(redirectUri: string, values: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries({ ...values, iss: ISSUER })) if (value !== null) url.searchParams.append(name, value);
  return url.toString();
}

// ---------------------------------------------------------------------------------------------------------------
// Token endpoint verdicts

export type Verdict = { ok: true } | { ok: false; description: string; revokeGrant?: string };

/**
 * A presented code (RFC 6749 §4.1.3, RFC 7636 §4.6). A code that was already exchanged is refused and its grant
 * revoked (§4.1.2, §10.5) — but only when its own client brings it back. Expiry is exact: valid at 59.999 s.
 */
export function judgeCode(
  row: CodeRow | undefined,
  presented: { clientId: string; redirectUri: string; verifierChallenge: string | undefined },
  now: number,
): Verdict {
  if (!row) return { ok: false, description: MESSAGES.codeInvalid };
  if (row.clientId !== presented.clientId) return { ok: false, description: MESSAGES.codeOtherClient };
  if (row.usedAt !== null) return { ok: false, description: MESSAGES.codeReused, ...(row.grantId ? { revokeGrant: row.grantId } : {}) };
  if (now >= row.expiresAt) return { ok: false, description: MESSAGES.codeExpired };
  if (row.redirectUri !== presented.redirectUri) return { ok: false, description: MESSAGES.codeRedirectMismatch };
  if (row.codeChallenge === null) {
    // RFC 9700 §2.1.1: a verifier for a request that had no challenge is a downgrade attempt.
    if (presented.verifierChallenge !== undefined) return { ok: false, description: MESSAGES.verifierWithoutChallenge };
  } else {
    if (presented.verifierChallenge === undefined) return { ok: false, description: MESSAGES.verifierMissing };
    if (presented.verifierChallenge !== row.codeChallenge) return { ok: false, description: MESSAGES.verifierMismatch };
  }
  return { ok: true };
}

/**
 * A presented refresh token (RFC 6749 §6). Rotation: each is used once; one that comes back after it was rotated
 * revokes its whole grant (RFC 9700 §4.14.2). A revoked grant says so and is not revoked again.
 */
export function judgeRefresh(row: RefreshTokenRow | undefined, grant: GrantRow | undefined, clientId: string, now: number): Verdict {
  if (!row || !grant) return { ok: false, description: MESSAGES.refreshInvalid };
  if (grant.clientId !== clientId) return { ok: false, description: MESSAGES.refreshOtherClient };
  if (grant.revokedAt !== null) return { ok: false, description: MESSAGES.refreshRevoked };
  if (row.usedAt !== null) return { ok: false, description: MESSAGES.refreshReused, revokeGrant: grant.id };
  if (now >= grant.expiresAt) return { ok: false, description: MESSAGES.refreshExpired };
  return { ok: true };
}

/** RFC 6749 §6: a refresh may ask for less than the grant, never for more. */
export function narrowedScope(granted: readonly string[], requested: string | undefined): string[] | undefined {
  if (requested === undefined) return [...granted];
  const scope = [...new Set(requested.split(' ').filter((s) => s.length > 0))];
  return scope.every((s) => granted.includes(s)) && scope.includes('openid') ? scope : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Claims

const seconds = (ms: number) => Math.floor(ms / 1000);

export interface Authentication {
  accountId: string;
  clientId: string;
  sid: string;
  authTime: number;
  amr: string[];
}

/** OIDC Core §2 and §3.1.3.6. `nonce` only when the request had one (§3.1.2.1); never on a refresh (§12.2). */
export function idTokenClaims(auth: Authentication, nonce: string | null, now: number): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: auth.accountId,
    aud: auth.clientId,
    iat: seconds(now),
    exp: seconds(now + ID_TOKEN_TTL_MS),
    auth_time: seconds(auth.authTime),
    amr: [...auth.amr],
    sid: auth.sid,
    ...(nonce !== null ? { nonce } : {}),
  };
}

/** RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti, with scope and the authentication's auth_time and amr. */
export function accessTokenClaims(auth: Authentication, scope: readonly string[], jti: string, now: number): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: auth.accountId,
    aud: ACCESS_TOKEN_AUDIENCE,
    client_id: auth.clientId,
    scope: scope.join(' '),
    jti,
    iat: seconds(now),
    exp: seconds(now + ACCESS_TOKEN_TTL_MS),
    auth_time: seconds(auth.authTime),
    amr: [...auth.amr],
    sid: auth.sid,
  };
}

/**
 * OIDC Core §5.3.2 and §5.4: `sub` always; `email` and `email_verified` for the email scope (an account's email is
 * verified before it exists: the HRM's verification code (R4), or the product that created it); `name` for profile.
 */
export function userinfoClaims(account: AccountRow, scope: readonly string[]): Record<string, unknown> {
  return {
    sub: account.id,
    ...(scope.includes('email') ? { email: account.email, email_verified: true } : {}),
    ...(scope.includes('profile') ? { name: account.name } : {}),
  };
}

export const MESSAGES = {
  duplicated: (name: string) => `The parameter ${name} is sent more than once.`,
  clientIdMissing: 'The request has no client_id, so Connect cannot tell which application sent you here.',
  unknownClient: (id: string) => `No application is registered at Connect with the client_id "${id}".`,
  redirectUriMissing: 'The request has no redirect_uri: Connect does not know where to send you back.',
  redirectUriMismatch: (uri: string, client: string) => `The redirect_uri ${uri} is not registered for the client "${client}".`,
  requestNotSupported: 'Request objects (the request parameter) are not supported.',
  requestUriNotSupported: 'The request_uri parameter is not supported.',
  responseTypeMissing: 'response_type is missing: send response_type=code.',
  responseTypeUnsupported: (value: string) =>
    `response_type "${value}" is not supported: Connect only does the authorization code flow (response_type=code).`,
  responseModeUnsupported: (value: string) => `response_mode "${value}" is not supported: the code comes back in the query.`,
  scopeMissing: 'scope is missing: an OpenID Connect request needs at least scope=openid.',
  scopeUnknown: (values: string[]) => `Unknown scope: ${values.join(', ')}. Supported: ${SCOPES_SUPPORTED.join(', ')}.`,
  scopeWithoutOpenid: 'scope must include openid.',
  challengeMissing: 'code_challenge_method is sent without a code_challenge.',
  challengeMethodMissing: 'code_challenge_method is missing: without it the method is plain, which Connect does not accept. Send S256.',
  challengeMethodUnsupported: (value: string) => `code_challenge_method "${value}" is not accepted: use S256.`,
  challengeMalformed: 'code_challenge is not an S256 challenge (43 base64url characters).',
  pkceRequired: (client: string) =>
    `The client "${client}" is a public client: send a PKCE code_challenge with code_challenge_method=S256.`,
  promptUnsupported: (value: string) => `prompt "${value}" is not supported: use none or login.`,
  promptNoneWithOthers: 'prompt=none cannot be combined with other prompt values.',
  maxAgeMalformed: 'max_age must be a whole number of seconds.',
  loginRequired: 'The user is not signed in to Connect (prompt=none asks not to show a login page).',
  requestExpired: 'This sign-in request has expired. Go back to the application and sign in again.',
  requestUnknown: 'This sign-in request is not known to Connect. Go back to the application and sign in again.',
  // Token endpoint
  bodyNotForm: 'The token request must be an application/x-www-form-urlencoded POST.',
  tokenMethod: 'The token endpoint only answers POST.',
  grantTypeMissing: 'grant_type is missing.',
  grantTypeUnsupported: (value: string) => `grant_type "${value}" is not supported: use authorization_code or refresh_token.`,
  refreshNotAllowed: (client: string) => `The client "${client}" is a public client: it gets no refresh tokens.`,
  missing: (name: string) => `${name} is missing.`,
  verifierMalformed: 'code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_", "~".',
  clientAuthentication: 'Client authentication failed.',
  clientIdMismatch: 'client_id in the body does not match the client that authenticated.',
  confidentialNeedsBasic: (client: string) => `The client "${client}" must authenticate with HTTP Basic (client_secret_basic).`,
  publicNoSecret: (client: string) => `The client "${client}" is a public client and has no secret to authenticate with.`,
  codeInvalid: 'The authorization code is not valid.',
  codeOtherClient: 'The authorization code was issued to another client.',
  codeReused: 'The authorization code has already been used. The tokens issued with it are revoked.',
  codeExpired: 'The authorization code has expired: codes are valid for 60 seconds.',
  codeRedirectMismatch: 'redirect_uri does not match the one of the authorization request.',
  verifierWithoutChallenge: 'code_verifier is sent, but the authorization request had no code_challenge.',
  verifierMissing: 'code_verifier is missing: the authorization request had a code_challenge.',
  verifierMismatch: 'code_verifier does not match the code_challenge of the authorization request.',
  refreshInvalid: 'The refresh token is not valid.',
  refreshOtherClient: 'The refresh token was issued to another client.',
  refreshRevoked: 'The refresh token has been revoked.',
  refreshReused: 'The refresh token has already been used. Every token of this grant is revoked.',
  refreshExpired: 'The refresh token has expired.',
  scopeNotGranted: 'scope asks for more than was granted.',
  accountGone: 'The account no longer exists.',
  accountBlocked: 'The account is blocked by an administrator of its organisation.',
  // Userinfo
  tokenMissing: 'Send the access token as "Authorization: Bearer <token>".',
  tokenTwice: 'Send the access token one way only (RFC 6750 §2).',
  tokenInvalid: 'The access token is not valid.',
  tokenExpired: 'The access token has expired.',
  tokenRevoked: 'The access token has been revoked.',
  // End session
  hintInvalid: 'id_token_hint is not an ID token that Connect issued.',
  hintClientMismatch: 'client_id does not match the audience of id_token_hint.',
  postLogoutWithoutClient: 'post_logout_redirect_uri needs id_token_hint or client_id to tell which application it belongs to.',
  postLogoutUnregistered: (uri: string, client: string) =>
    `The post_logout_redirect_uri ${uri} is not registered for the client "${client}".`,
} as const;
