// Owns what every application that logs in through Connect does as an OpenID Connect relying party (the HRM,
// confidential; Expense, public): the authorization request with state, nonce and PKCE S256, the code exchange with
// ID token validation, checking tokens with Connect's userinfo (refreshing them when expired), and RP-initiated logout.
// The same steps sign in through another issuer (the HRM's own single sign-on at the organisation's identity provider).
// The client is oauth4webapi, unmodified, sending through the in-tab network and judging token times by world time.
import * as oauth from 'oauth4webapi';
import { CONNECT_API } from '../../src/contracts/connect-api';
import { urlOf } from '../../src/contracts/endpoint';
import { ORIGINS } from '../../src/contracts/origins';
import { toBase64Url } from '../../src/domain/base64url';
import type { Random } from '../../src/domain/random';
import type { ServerContext } from './server';

const ISSUER = new URL(ORIGINS.connect);

export interface RelyingParty {
  ctx: ServerContext;
  /** The OpenID provider's issuer; absent: Connect. */
  issuer?: string;
  /** How errors name the provider ("Connect answered access_denied"); absent: Connect. */
  issuerName?: string;
  clientId: string;
  /** What the client registered as `id_token_signed_response_alg`. */
  idTokenAlg: 'RS256' | 'ES256';
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** client_secret_basic for a confidential client, none for a public one (RFC 6749 §2.1). */
  clientAuth(): Promise<oauth.ClientAuth>;
  /** Who the traffic log names as sender, e.g. "server:hrm.test". */
  initiator: string;
}

/** What a login in progress keeps until the callback (OIDC Core §3.1.2.1, RFC 7636). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface Tokens {
  /** Connect's account id (the ID token's `sub`). */
  subject: string;
  accessToken: string;
  /** World time the access token expires. */
  accessExpiresAt: number;
  refreshToken: string | null;
  idToken: string;
}

function options(rp: RelyingParty) {
  return {
    [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) =>
      rp.ctx.network.fetch(new Request(url, init as RequestInit), { initiator: rp.initiator }),
    get [oauth.clockSkew]() {
      return rp.ctx.librarySkewSeconds();
    },
  };
}

function client(rp: RelyingParty): oauth.Client {
  return {
    client_id: rp.clientId,
    id_token_signed_response_alg: rp.idTokenAlg,
    get [oauth.clockSkew]() {
      return rp.ctx.librarySkewSeconds();
    },
  };
}

const metadata = new WeakMap<ServerContext, Map<string, Promise<oauth.AuthorizationServer>>>();

/** The issuer's metadata (OIDC Discovery), read once per server life; a failed read is tried again next time. */
function authorizationServer(rp: RelyingParty): Promise<oauth.AuthorizationServer> {
  const issuer = rp.issuer ? new URL(rp.issuer) : ISSUER;
  let byIssuer = metadata.get(rp.ctx);
  if (!byIssuer) metadata.set(rp.ctx, (byIssuer = new Map()));
  const cache = byIssuer;
  let known = cache.get(issuer.href);
  if (!known) {
    known = oauth.discoveryRequest(issuer, options(rp)).then((response) => oauth.processDiscoveryResponse(issuer, response));
    known.catch(() => cache.delete(issuer.href));
    cache.set(issuer.href, known);
  }
  return known;
}

/** 32 bytes of a server's seeded random, base64url (RFC 7636 §4.1: a 43-character verifier). */
export function randomToken(random: Random): string {
  return toBase64Url(random.bytes(32));
}

export function newPendingLogin(random: Random): PendingLogin {
  return { state: randomToken(random), nonce: randomToken(random), codeVerifier: randomToken(random) };
}

/** The authorization request to send the browser to (OIDC Core §3.1.2.1). */
export async function authorizationUrl(rp: RelyingParty, pending: PendingLogin): Promise<string> {
  const as = await authorizationServer(rp);
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', rp.clientId);
  url.searchParams.set('redirect_uri', rp.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

export type Exchange =
  | { ok: true; tokens: Tokens; email: string | null; name: string | null; claims: oauth.IDToken }
  | { ok: false; reason: 'denied' | 'failed'; detail: string };

/**
 * The callback: the authorization response checked against the expected state (RFC 6749 §10.12, RFC 9207 `iss`),
 * the code exchanged with PKCE, the ID token validated with its nonce (oauth4webapi does every check).
 */
export async function exchangeCode(rp: RelyingParty, callback: URL, pending: PendingLogin, now: number): Promise<Exchange> {
  const as = await authorizationServer(rp);
  let response: oauth.TokenEndpointResponse;
  try {
    const params = oauth.validateAuthResponse(as, client(rp), callback, pending.state);
    const answer = await oauth.authorizationCodeGrantRequest(
      as,
      client(rp),
      await rp.clientAuth(),
      params,
      rp.redirectUri,
      pending.codeVerifier,
      options(rp),
    );
    response = await oauth.processAuthorizationCodeResponse(as, client(rp), answer, { expectedNonce: pending.nonce, requireIdToken: true });
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError)
      return {
        ok: false,
        reason: 'denied',
        detail: `${rp.issuerName ?? 'Connect'} answered ${error.error}${error.error_description ? `: ${error.error_description}` : ''}`,
      };
    return { ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
  const claims = oauth.getValidatedIdTokenClaims(response)!;
  const tokens: Tokens = {
    subject: claims.sub,
    accessToken: response.access_token,
    accessExpiresAt: now + (response.expires_in ?? 600) * 1000,
    refreshToken: response.refresh_token ?? null,
    idToken: response.id_token!,
  };
  // The ID token says who; the profile (name, email) comes from userinfo (OIDC Core §5.3), for the same subject.
  let profile: oauth.UserInfoResponse | null = null;
  try {
    profile = await oauth.processUserInfoResponse(
      as,
      client(rp),
      tokens.subject,
      await oauth.userInfoRequest(as, client(rp), tokens.accessToken, options(rp)),
    );
  } catch {
    profile = null;
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    ok: true,
    tokens,
    email: text(profile?.email) ?? text(claims['email']),
    name: text(profile?.name) ?? text(claims['name']),
    claims,
  };
}

export type Confirmation = { valid: true; tokens: Tokens } | { valid: false };

/**
 * Whether Connect still stands behind these tokens: its userinfo endpoint answers for the access token, refreshed
 * first when it has expired (the new tokens come back to be stored). A block (R25) revokes them, so the next
 * request ends the application's session. When Connect cannot be reached at all, the session carries on, as it would
 * with a token the application checked itself.
 */
export async function confirmTokens(rp: RelyingParty, tokens: Tokens, now: number): Promise<Confirmation> {
  const as = await authorizationServer(rp).catch(() => null);
  if (!as) return { valid: true, tokens };
  let current = tokens;
  if (current.accessExpiresAt <= now) {
    if (!current.refreshToken) return { valid: false };
    let answer: Response;
    try {
      answer = await oauth.refreshTokenGrantRequest(as, client(rp), await rp.clientAuth(), current.refreshToken, options(rp));
    } catch {
      return { valid: true, tokens };
    }
    if (answer.status >= 500) return { valid: true, tokens };
    try {
      const next = await oauth.processRefreshTokenResponse(as, client(rp), answer);
      current = {
        ...current,
        accessToken: next.access_token,
        accessExpiresAt: now + (next.expires_in ?? 600) * 1000,
        refreshToken: next.refresh_token ?? current.refreshToken,
        idToken: next.id_token ?? current.idToken,
      };
    } catch {
      return { valid: false };
    }
  }
  let response: Response;
  try {
    response = await oauth.userInfoRequest(as, client(rp), current.accessToken, options(rp));
  } catch {
    return { valid: true, tokens: current };
  }
  if (response.status >= 500) return { valid: true, tokens: current };
  try {
    await oauth.processUserInfoResponse(as, client(rp), current.subject, response);
    return { valid: true, tokens: current };
  } catch {
    return { valid: false };
  }
}

/** Connect's end session endpoint for RP-initiated logout, back to the application afterwards. */
export function endSessionUrl(rp: RelyingParty, idToken: string | null): string {
  const url = new URL(urlOf(CONNECT_API.endSession, {}));
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', rp.postLogoutRedirectUri);
  url.searchParams.set('client_id', rp.clientId);
  return url.toString();
}
