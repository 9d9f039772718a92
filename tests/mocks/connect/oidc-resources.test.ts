// Tests the rest of Connect's OpenID provider: the JWK Set (public halves only, stable), the userinfo endpoint's Bearer
// rules (RFC 6750), and the end-session endpoint's checks of id_token_hint and client_id.
import { calculateJwkThumbprint, type JWK } from 'jose';
import { describe, expect } from 'vitest';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { CONNECT, login } from './support';
import { codeFor, ERIK, HRM, tokenRequest, userinfoRequest, visit, type TokenBody } from './oidc-support';

function get(world: TestWorld, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return world.workspace.network.fetch(new Request(`${CONNECT}${path}`, { headers }), { initiator: 'test' });
}

async function hrmTokens(world: TestWorld, browser = world.browser('erik')): Promise<TokenBody> {
  const code = await codeFor(world, browser, HRM);
  return (await (
    await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri })
  ).json()) as TokenBody;
}

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public half of one RS256 and one ES256 key, with their thumbprints as kid, the same on every request', async ({
    world,
  }) => {
    const { keys } = (await (await get(world, '/.well-known/jwks.json')).json()) as { keys: Array<JWK & { kid: string }> };
    expect(keys.map((k) => [k.kty, k.alg, k.use])).toEqual(
      expect.arrayContaining([
        ['RSA', 'RS256', 'sig'],
        ['EC', 'ES256', 'sig'],
      ]),
    );
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
      expect(key.kid).toBe(await calculateJwkThumbprint(key));
    }
    expect(await (await get(world, '/.well-known/jwks.json')).json()).toEqual({ keys });
  });
});

describe('GET|POST /connect/userinfo', () => {
  it('answers a request without a token with the bare Bearer challenge (RFC 6750 §3.1)', async ({ world }) => {
    const response = await get(world, '/connect/userinfo');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="connect.test"');
  });

  it('refuses a token Connect did not sign, and an ID token in place of an access token, with invalid_token', async ({ world }) => {
    const tokens = await hrmTokens(world);
    for (const token of ['not-a-jwt', tokens.id_token, `${tokens.access_token.slice(0, -4)}AAAA`]) {
      const response = await userinfoRequest(world, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('takes the token from a POST form body too (RFC 6750 §2.2), but not from both places at once', async ({ world }) => {
    const { access_token } = await hrmTokens(world);
    const post = (world: TestWorld, headers: Record<string, string>) =>
      world.workspace.network.fetch(
        new Request(`${CONNECT}/connect/userinfo`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams({ access_token }),
        }),
        { initiator: 'test' },
      );
    const viaBody = await post(world, {});
    expect(await viaBody.json()).toMatchObject({ email: ERIK.email });
    const both = await post(world, { authorization: `Bearer ${access_token}` });
    expect(both.status).toBe(400);
    expect(both.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });
});

describe('GET /connect/endsession', () => {
  it('without parameters ends the browser’s session and shows Connect’s login page', async ({ world }) => {
    const browser = world.browser('erik');
    await login(browser, ERIK.email, ERIK.password);
    const trip = await visit(world, browser, `${CONNECT}/connect/endsession`);
    expect(trip.hops.map((h) => [new URL(h.url).pathname, h.status])).toEqual([
      ['/connect/endsession', 302],
      ['/login', 200],
    ]);
    expect((await browser.api(`${CONNECT}/api/me`)).status).toBe(401);
  });

  it('refuses an id_token_hint Connect did not issue, an access token as the hint, and a client_id other than the hint’s audience', async ({
    world,
  }) => {
    const browser = world.browser('erik');
    const tokens = await hrmTokens(world, browser);
    const hint = (token: string, extra = '') => `${CONNECT}/connect/endsession?id_token_hint=${encodeURIComponent(token)}${extra}`;
    for (const url of [
      hint(`${tokens.id_token.slice(0, -4)}AAAA`),
      hint(tokens.access_token),
      hint(tokens.id_token, '&client_id=expense'),
    ]) {
      const trip = await visit(world, browser, url);
      expect(trip).toMatchObject({ status: 400, page: { view: 'connect/error', data: { code: 'invalid_request' } } });
    }
    // None of them ended the session.
    expect((await browser.api(`${CONNECT}/api/me`)).status).toBe(200);
  });

  it('accepts an expired ID token as the hint (RP-Initiated Logout §2)', async ({ world }) => {
    const browser = world.browser('erik');
    const tokens = await hrmTokens(world, browser);
    await world.advance(2 * 3600_000);
    const trip = await visit(
      world,
      browser,
      `${CONNECT}/connect/endsession?id_token_hint=${tokens.id_token}&post_logout_redirect_uri=${encodeURIComponent('https://hrm.test/login')}`,
      'https://hrm.test/login',
    );
    expect(trip.callback?.toString()).toBe('https://hrm.test/login');
    expect((await browser.api(`${CONNECT}/api/me`)).status).toBe(401);
  });
});
