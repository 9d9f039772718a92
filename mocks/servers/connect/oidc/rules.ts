// Owns the OpenID provider's pure rules: lifetimes, the provider metadata, reading an authorization request
// (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1), when a sign-in is needed, the verdicts on a presented code or
// refresh token, the claims of ID tokens, access tokens and userinfo, and the words of every error_description.
import { CONNECT_API } from '../../../../src/contracts/connect-api';
import { urlOf } from '../../../../src/contracts/endpoint';
import { ORIGINS } from '../../../../src/contracts/origins';
import { DAY, HOUR, MINUTE } from '../../../../src/domain/clock';
import {
  addressee as coreAddressee,
  authorizationResponse as coreAuthorizationResponse,
  judgeCode as coreJudgeCode,
  parseAuthorizationRequest as coreParseAuthorizationRequest,
  providerMessages,
  providerMetadata as coreProviderMetadata,
  type Addressee,
  type AuthorizationRequestParse,
  type Verdict,
} from '../../../shared/oidc-provider';
import type { AccountRow, ClientRow, CodeRow, GrantRow, RefreshTokenRow, SigningAlg } from '../db';
import { SESSION_TTL_MS } from '../rules';

export { duplicatedParameter, isCodeVerifier, parameter, sessionAnswers } from '../../../shared/oidc-provider';
export type { AuthorizationRequest, Verdict } from '../../../shared/oidc-provider';

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
  return coreProviderMetadata(ISSUER, URLS, {
    scopes: SCOPES_SUPPORTED,
    grantTypes: ['authorization_code', 'refresh_token'],
    signingAlgs: SIGNING_ALGS,
    tokenEndpointAuthMethods: ['client_secret_basic', 'none'],
    promptValues: ['none', 'login'],
    claims: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'amr', 'sid', 'nonce', 'email', 'email_verified', 'name'],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Authorization requests (the shared provider core, with Connect's clients and words)

/** Who a response can go back to, or why it cannot (then Connect shows its own error page). */
export function addressee(params: URLSearchParams, client: ClientRow | undefined): Addressee<ClientRow> {
  return coreAddressee(params, client, MESSAGES);
}

/** The rest of the request; PKCE is required of public clients (RFC 9700 §2.1.1). */
export function parseAuthorizationRequest(
  params: URLSearchParams,
  to: { client: ClientRow; redirectUri: string },
): AuthorizationRequestParse {
  return coreParseAuthorizationRequest(params, to, { scopesSupported: SCOPES_SUPPORTED, messages: MESSAGES, pkce: 'public-clients' });
}

/** The redirect back to the client, with Connect as `iss` (RFC 9207 §2). */
export function authorizationResponse(redirectUri: string, values: Record<string, string | null>): string {
  return coreAuthorizationResponse(ISSUER, redirectUri, values);
}

// ---------------------------------------------------------------------------------------------------------------
// Token endpoint verdicts

/** A presented code (RFC 6749 §4.1.3, RFC 7636 §4.6), in Connect's words. */
export function judgeCode(
  row: CodeRow | undefined,
  presented: { clientId: string; redirectUri: string; verifierChallenge: string | undefined },
  now: number,
): Verdict {
  return coreJudgeCode(row, presented, now, MESSAGES);
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

/** How long tokens from a brokered sign-in refresh without the identity provider: the Connect session it made. */
export const BROKERED_REFRESH_MS = SESSION_TTL_MS;
export const BROKERED_REFRESH_HOURS = BROKERED_REFRESH_MS / 3_600_000;

/**
 * R22: a grant from a sign-in through the organisation's identity provider refreshes while the Connect session that
 * sign-in made would still last; later, only the provider can say the user may still sign in.
 */
export function brokeredRefreshNeedsProvider(grant: Pick<GrantRow, 'brokeredBy' | 'authTime'>, now: number): boolean {
  return grant.brokeredBy !== undefined && now - grant.authTime >= BROKERED_REFRESH_MS;
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

const CORE_MESSAGES = providerMessages('Connect', CODE_TTL_MS / 1000);

export const MESSAGES = {
  ...CORE_MESSAGES,
  requestExpired: 'This sign-in request has expired. Go back to the application and sign in again.',
  requestUnknown: 'This sign-in request is not known to Connect. Go back to the application and sign in again.',
  // Token endpoint
  grantTypeUnsupported: (value: string) => `grant_type "${value}" is not supported: use authorization_code or refresh_token.`,
  refreshNotAllowed: (client: string) => `The client "${client}" is a public client: it gets no refresh tokens.`,
  clientAuthentication: 'Client authentication failed.',
  clientIdMismatch: 'client_id in the body does not match the client that authenticated.',
  confidentialNeedsBasic: (client: string) => `The client "${client}" must authenticate with HTTP Basic (client_secret_basic).`,
  publicNoSecret: (client: string) => `The client "${client}" is a public client and has no secret to authenticate with.`,
  refreshInvalid: 'The refresh token is not valid.',
  refreshOtherClient: 'The refresh token was issued to another client.',
  refreshRevoked: 'The refresh token has been revoked.',
  refreshReused: 'The refresh token has already been used. Every token of this grant is revoked.',
  refreshExpired: 'The refresh token has expired.',
  brokeredSignInTooOld: (provider: string) =>
    `The sign-in with ${provider} is more than ${BROKERED_REFRESH_HOURS} hours old: sign the user in again through ${provider}.`,
  scopeNotGranted: 'scope asks for more than was granted.',
  accountGone: 'The account no longer exists.',
  accountBlocked: 'The account is blocked by an administrator of its organisation.',
  // Userinfo
  tokenRevoked: 'The access token has been revoked.',
  // End session
  hintInvalid: 'id_token_hint is not an ID token that Connect issued.',
  hintClientMismatch: 'client_id does not match the audience of id_token_hint.',
  postLogoutWithoutClient: 'post_logout_redirect_uri needs id_token_hint or client_id to tell which application it belongs to.',
  postLogoutUnregistered: (uri: string, client: string) =>
    `The post_logout_redirect_uri ${uri} is not registered for the client "${client}".`,
} as const;
