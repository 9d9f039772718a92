// Owns an identity provider's pure rules: lifetimes, what it supports, its issuer and endpoint URLs for a directory,
// the claims of its tokens, and the words of its errors (the core's, in the provider's name, and the login page's).
import { IDP_DISPLAY_NAMES, idpEndpointUrl, idpIssuer, type IdpOidcEndpoint } from '../../../src/contracts/idp';
import { HOUR, MINUTE } from '../../../src/domain/clock';
import { providerMessages, type ProviderEndpoints, type SigningAlg } from '../oidc-provider';
import type { IdpBrand } from './brand';
import type { IdpTenantRow, IdpUserRow } from './db';

/** RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; these providers keep 5. */
export const CODE_TTL_MS = 5 * MINUTE;
export const AUTH_REQUEST_TTL_MS = HOUR;
/** How long a sign-in may sit at the login page. */
export const LOGIN_TTL_MS = 30 * MINUTE;
/** The provider's own browser session: a second application within it signs in without typing. */
export const SESSION_TTL_MS = 8 * HOUR;
export const ID_TOKEN_TTL_MS = HOUR;
export const ACCESS_TOKEN_TTL_MS = HOUR;
export const SESSION_COOKIE = 'idp_session';
/** Wrong passwords and codes in a row before the sign-in has to start over. */
export const MAX_FAILURES = 5;
export const SCOPES_SUPPORTED = ['openid', 'profile', 'email'] as const;
export const SIGNING_ALGS: readonly SigningAlg[] = ['RS256'];
/** RFC 7523 §2.2 */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** What a client assertion may be signed with (RFC 7518 §3.1 asymmetric algorithms a certificate's key can do). */
export const ASSERTION_ALGS = ['RS256', 'PS256', 'ES256'] as const;
/** How far a client assertion's times may be off the provider's clock. */
export const ASSERTION_SKEW_SECONDS = 300;

export const seconds = (ms: number) => Math.floor(ms / 1000);

export function endpointUrls(brand: IdpBrand, tenant: IdpTenantRow): ProviderEndpoints & { discovery: string } {
  const url = (endpoint: IdpOidcEndpoint) => idpEndpointUrl(brand.idp, endpoint, tenant.tenantId);
  return { authorize: url('authorize'), token: url('token'), userinfo: url('userinfo'), jwks: url('jwks'), discovery: url('discovery') };
}

export function issuerOf(brand: IdpBrand, tenant: IdpTenantRow): string {
  return idpIssuer(brand.idp, tenant.tenantId);
}

export interface IdpAuthentication {
  user: IdpUserRow;
  clientId: string;
  authTime: number;
  amr: string[];
  scope: string[];
}

/** OIDC Core §2 and §3.1.3.6, and the brand's own claims. `nonce` only when the request had one. */
export function idTokenClaims(
  brand: IdpBrand,
  tenant: IdpTenantRow,
  auth: IdpAuthentication,
  nonce: string | null,
  now: number,
): Record<string, unknown> {
  return {
    iss: issuerOf(brand, tenant),
    sub: auth.user.id,
    aud: auth.clientId,
    iat: seconds(now),
    nbf: seconds(now),
    exp: seconds(now + ID_TOKEN_TTL_MS),
    auth_time: seconds(auth.authTime),
    amr: [...auth.amr],
    ...(nonce !== null ? { nonce } : {}),
    ...brand.userClaims(auth.user, tenant, auth.scope),
  };
}

/** RFC 9068 §2.2, for the provider's own userinfo endpoint. */
export function accessTokenClaims(
  brand: IdpBrand,
  tenant: IdpTenantRow,
  auth: IdpAuthentication,
  jti: string,
  now: number,
): Record<string, unknown> {
  return {
    iss: issuerOf(brand, tenant),
    sub: auth.user.id,
    aud: endpointUrls(brand, tenant).userinfo,
    client_id: auth.clientId,
    scope: auth.scope.join(' '),
    jti,
    iat: seconds(now),
    exp: seconds(now + ACCESS_TOKEN_TTL_MS),
    auth_time: seconds(auth.authTime),
    amr: [...auth.amr],
  };
}

/** OIDC Core §5.3.2: `sub` always, the rest as the brand puts them for the granted scopes. */
export function userinfoClaims(brand: IdpBrand, tenant: IdpTenantRow, user: IdpUserRow, scope: readonly string[]): Record<string, unknown> {
  return { sub: user.id, ...brand.userClaims(user, tenant, scope) };
}

export function idpMessages(brand: IdpBrand) {
  const name = IDP_DISPLAY_NAMES[brand.idp];
  return {
    ...providerMessages(name, CODE_TTL_MS / 1000),
    ...brand.words,
    notFound: 'There is nothing at this address.',
    noDirectory: `This organisation has no directory at ${name} at this address.`,
    requestUnknown: `This sign-in request is not known to ${name}. Go back to the application and sign in again.`,
    requestExpired: 'This sign-in request has expired. Go back to the application and sign in again.',
    loginUnknown: 'This sign-in is not known here any more. Go back to the application and sign in again.',
    loginExpired: 'This sign-in took too long and has expired. Go back to the application and sign in again.',
    usernameRequired: 'Enter your username.',
    usernameStepFirst: 'Enter your username first.',
    passwordRequired: 'Enter your password.',
    passwordStepFirst: 'Enter your password first.',
    totpMalformed: 'Enter the 6-digit code from your authenticator app.',
    totpWrong: 'That code is not right. Enter the code your authenticator app shows now.',
    totpReused: 'That code was already used. Wait for the next code in your authenticator app.',
    tooManyAttempts: 'Too many wrong attempts. Go back to the application and start the sign-in again.',
    // Token endpoint: no grant here, so nothing else is revoked with a reused code.
    codeReused: 'The authorization code has already been used.',
    grantTypeUnsupported: (value: string) => `grant_type "${value}" is not supported: use authorization_code.`,
    clientAuthenticationMissing:
      'The client did not authenticate: send client_secret_basic, client_secret_post or a private_key_jwt client assertion.',
    clientAuthenticationTwice: 'The client authenticated more than one way: use exactly one method (RFC 6749 §2.3).',
    clientIdMismatch: 'client_id does not match the client that authenticated.',
    assertionTypeWrong: `client_assertion_type must be ${JWT_BEARER_ASSERTION}.`,
    userGone: 'The user no longer exists in the directory.',
    userDisabledGrant: 'The user is disabled in the directory: no tokens are issued for them.',
    tokenUserDisabled: 'The user of this access token is disabled in the directory.',
  };
}

export type IdpMessages = ReturnType<typeof idpMessages>;
