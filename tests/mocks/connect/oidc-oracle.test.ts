// Tests Connect as an OpenID provider with a real client as the oracle: oauth4webapi, unmodified, discovers Connect,
// sends a virtual browser through the authorization endpoint and Connect's login, exchanges the code as the HRM
// (client_secret_basic) and as Expense (public, PKCE), validates the ID tokens against the JWKS and the RFC 9068
// access tokens, reads userinfo, and shows single sign-on, refresh rotation, max_age and end session.
import { decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { asClient, body, CONNECT } from './support';
import {
  authorizationUrl,
  callbackOf,
  discover,
  ERIK,
  EXPENSE,
  HRM,
  hrmAuth,
  oauthClient,
  pkce,
  signInAndReturn,
  viaNetwork,
  visit,
  type TestClient,
} from './oidc-support';

let as: oauth.AuthorizationServer;
it.beforeEach(async ({ world }) => {
  as = await discover(world);
});

const USERINFO_AUDIENCE = `${CONNECT}/connect/userinfo`;

async function erikAccountId(world: TestWorld): Promise<string> {
  const response = await asClient(world, '/api/accounts/link', {
    method: 'POST',
    body: { email: ERIK.email, name: 'Erik Johansson', externalUserId: 'usr_erik' },
  });
  return (await body<{ accountId: string }>(response)).accountId;
}

/** Runs the code flow for `client` with oauth4webapi on both ends of the browser's trip. */
async function codeFlow(world: TestWorld, client: TestClient, browser = world.browser('erik'), extra: Record<string, string> = {}) {
  const c = oauthClient(world, client);
  const { verifier, challenge } = await pkce();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = authorizationUrl(client, { state, nonce, code_challenge: challenge, code_challenge_method: 'S256', ...extra });
  let trip = await visit(world, browser, url, client.redirect_uri);
  const signedIn = !trip.callback;
  if (signedIn) trip = await signInAndReturn(world, browser, trip, client.redirect_uri);

  const params = oauth.validateAuthResponse(as, c, trip.callback!, state);
  const auth = client.client_id === HRM.client_id ? hrmAuth(world) : oauth.None();
  const response = await oauth.authorizationCodeGrantRequest(as, c, auth, params, client.redirect_uri, verifier, viaNetwork(world));
  const tokens = await oauth.processAuthorizationCodeResponse(as, c, response, { expectedNonce: nonce, requireIdToken: true });
  // oauth4webapi trusts the ID token's TLS channel by default; this checks its signature against Connect's JWKS too.
  await oauth.validateApplicationLevelSignature(as, response, viaNetwork(world));
  return { trip, signedIn, tokens, claims: oauth.getValidatedIdTokenClaims(tokens)!, nonce, c };
}

describe('discovery', () => {
  it('oauth4webapi reads the provider metadata of https://connect.test', () => {
    expect(as).toMatchObject({
      issuer: 'https://connect.test',
      authorization_endpoint: `${CONNECT}/connect/authorize`,
      token_endpoint: `${CONNECT}/connect/token`,
      userinfo_endpoint: `${CONNECT}/connect/userinfo`,
      jwks_uri: `${CONNECT}/.well-known/jwks.json`,
      end_session_endpoint: `${CONNECT}/connect/endsession`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
    });
  });
});

describe('authorization code flow', () => {
  it('the HRM (confidential, client_secret_basic) signs Erik in and gets an RS256 ID token, a JWT access token and userinfo', async ({
    world,
  }) => {
    const accountId = await erikAccountId(world);
    const { trip, signedIn, tokens, claims, nonce, c } = await codeFlow(world, HRM);
    expect(signedIn).toBe(true);
    expect(trip.callback!.searchParams.get('iss')).toBe('https://connect.test');

    expect(tokens).toMatchObject({
      token_type: 'bearer',
      expires_in: 600,
      scope: 'openid email profile',
      refresh_token: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(claims).toEqual({
      iss: 'https://connect.test',
      sub: accountId,
      aud: 'hrm',
      iat: world.now() / 1000,
      exp: world.now() / 1000 + 600,
      auth_time: world.now() / 1000,
      amr: ['pwd'],
      sid: expect.stringMatching(/^[0-9a-f]{32}$/),
      nonce,
    });
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });

    // RFC 9068: oauth4webapi's resource-server check (typ at+jwt, claims, signature through the JWKS).
    const atClaims = await oauth.validateJwtAccessToken(
      as,
      new Request(USERINFO_AUDIENCE, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
      USERINFO_AUDIENCE,
      viaNetwork(world),
    );
    expect(atClaims).toMatchObject({
      sub: accountId,
      client_id: 'hrm',
      scope: 'openid email profile',
      sid: claims.sid,
      auth_time: claims.auth_time,
    });

    const userinfo = await oauth.processUserInfoResponse(
      as,
      c,
      claims.sub,
      await oauth.userInfoRequest(as, c, tokens.access_token, viaNetwork(world)),
    );
    expect(userinfo).toEqual({ sub: accountId, email: ERIK.email, email_verified: true, name: 'Erik Johansson' });
  });

  it('Expense (public client, PKCE S256) gets an ES256 ID token and no refresh token', async ({ world }) => {
    const { tokens, claims, c } = await codeFlow(world, EXPENSE);
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(claims).toMatchObject({ aud: 'expense', amr: ['pwd'] });
    expect(tokens.refresh_token).toBeUndefined();
    const userinfo = await oauth.processUserInfoResponse(
      as,
      c,
      claims.sub,
      await oauth.userInfoRequest(as, c, tokens.access_token, viaNetwork(world)),
    );
    expect(userinfo).toMatchObject({ email: ERIK.email });
  });

  it('a confidential client may leave PKCE out', async ({ world }) => {
    const browser = world.browser('erik');
    const c = oauthClient(world, HRM);
    const state = oauth.generateRandomState();
    let trip = await visit(world, browser, authorizationUrl(HRM, { state }), HRM.redirect_uri);
    trip = await signInAndReturn(world, browser, trip, HRM.redirect_uri);
    const params = oauth.validateAuthResponse(as, c, trip.callback!, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      c,
      hrmAuth(world),
      params,
      HRM.redirect_uri,
      oauth.nopkce,
      viaNetwork(world),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, c, response, { requireIdToken: true });
    expect(oauth.getValidatedIdTokenClaims(tokens)).not.toHaveProperty('nonce');
  });

  it('single sign-on: after Erik signs in for the HRM, Expense gets a code without a password, for the same session', async ({ world }) => {
    const browser = world.browser('erik');
    const hrm = await codeFlow(world, HRM, browser);
    await world.advance(5 * 60_000);
    const expense = await codeFlow(world, EXPENSE, browser);
    expect(hrm.signedIn).toBe(true);
    expect(expense.signedIn).toBe(false);
    // Straight from authorize to the redirect_uri: no login page on the way.
    expect(expense.trip.hops).toEqual([{ url: expect.stringContaining('/connect/authorize?'), status: 302 }]);
    expect(expense.claims).toMatchObject({
      sub: hrm.claims.sub,
      sid: hrm.claims.sid,
      auth_time: hrm.claims.auth_time,
      iat: hrm.claims.iat + 300,
    });
  });

  it('max_age: a session older than max_age asks for the password again, and auth_time says when it was given', async ({ world }) => {
    const browser = world.browser('erik');
    const first = await codeFlow(world, HRM, browser);
    await world.advance(10 * 60_000);
    const again = await codeFlow(world, HRM, browser, { max_age: '300' });
    expect(again.signedIn).toBe(true);
    expect(again.claims.auth_time).toBe(first.claims.auth_time! + 600);
    expect(again.claims.sid).not.toBe(first.claims.sid);
  });

  it('prompt=login asks for the password even with a session', async ({ world }) => {
    const browser = world.browser('erik');
    await codeFlow(world, HRM, browser);
    const again = await codeFlow(world, EXPENSE, browser, { prompt: 'login' });
    expect(again.signedIn).toBe(true);
    expect(again.trip.hops[0]).toEqual({ url: expect.stringContaining('/connect/authorize/resume?request_id='), status: 302 });
  });
});

describe('refresh', () => {
  it('rotates the HRM’s refresh token: new access and ID tokens, the original auth_time, a new refresh token', async ({ world }) => {
    const { tokens, claims, c } = await codeFlow(world, HRM);
    await world.advance(15 * 60_000);
    const response = await oauth.refreshTokenGrantRequest(as, c, hrmAuth(world), tokens.refresh_token!, viaNetwork(world));
    const refreshed = await oauth.processRefreshTokenResponse(as, c, response);
    await oauth.validateApplicationLevelSignature(as, response, viaNetwork(world));
    expect(refreshed.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const refreshedClaims = oauth.getValidatedIdTokenClaims(refreshed)!;
    expect(refreshedClaims).toMatchObject({ sub: claims.sub, sid: claims.sid, auth_time: claims.auth_time, iat: claims.iat + 900 });
    expect(refreshedClaims).not.toHaveProperty('nonce');
    // The first access token has expired by now (10 minutes); the refreshed one works.
    const expired = await oauth.userInfoRequest(as, c, tokens.access_token, viaNetwork(world));
    await expect(oauth.processUserInfoResponse(as, c, claims.sub, expired)).rejects.toThrow(oauth.WWWAuthenticateChallengeError);
    const userinfo = await oauth.processUserInfoResponse(
      as,
      c,
      claims.sub,
      await oauth.userInfoRequest(as, c, refreshed.access_token, viaNetwork(world)),
    );
    expect(userinfo.sub).toBe(claims.sub);
    // And the new refresh token refreshes again.
    const next = await oauth.processRefreshTokenResponse(
      as,
      c,
      await oauth.refreshTokenGrantRequest(as, c, hrmAuth(world), refreshed.refresh_token!, viaNetwork(world)),
    );
    expect(next.refresh_token).not.toBe(refreshed.refresh_token);
  });
});

describe('end session', () => {
  it('ends Erik’s Connect session and returns to the HRM’s registered post-logout URI with state; the next authorization asks for the password', async ({
    world,
  }) => {
    const browser = world.browser('erik');
    const { tokens } = await codeFlow(world, HRM, browser);
    const url = new URL(as.end_session_endpoint!);
    url.searchParams.set('id_token_hint', tokens.id_token!);
    url.searchParams.set('post_logout_redirect_uri', 'https://hrm.test/login');
    url.searchParams.set('state', 'bye-1');
    const trip = await visit(world, browser, url.toString(), 'https://hrm.test/login');
    expect(trip.callback!.toString()).toBe('https://hrm.test/login?state=bye-1');
    expect(browser.jar.toJSON()).toEqual([]);

    const again = await visit(world, browser, authorizationUrl(HRM), HRM.redirect_uri);
    expect(again.callback).toBeUndefined();
    expect(again.page?.view).toBe('connect/login');
    expect(callbackOf(await signInAndReturn(world, browser, again, HRM.redirect_uri)).get('code')).toMatch(/^[0-9a-f]{64}$/);
  });
});
