// Conformance: RFC 6749 §4.1.2.1 — an unknown or missing client_id is refused on Connect's own page, never by a
// redirect; the token endpoint answers an unknown client with 401 invalid_client (§5.2).
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { basic } from '../mocks/connect/support';
import { authorizationUrl, expectOAuthError, tokenRequest, visit } from '../mocks/connect/oidc-support';

describe('RFC 6749 §4.1.2.1 unknown client', () => {
  it('authorization endpoint shows its own error page for an unknown client and redirects nowhere', async ({ world }) => {
    const stranger = {
      client_id: 'stranger',
      redirect_uri: 'https://stranger.test/callback',
      id_token_signed_response_alg: 'RS256' as const,
    };
    const trip = await visit(world, world.browser(), authorizationUrl(stranger, { state: 'st-1' }), stranger.redirect_uri);
    expect(trip.callback).toBeUndefined();
    expect(trip).toMatchObject({
      status: 400,
      hops: [{ url: expect.stringContaining('/connect/authorize?'), status: 400 }],
      page: {
        view: 'connect/error',
        data: { code: 'invalid_client', message: 'No application is registered at Connect with the client_id "stranger".' },
      },
    });

    const url = new URL(authorizationUrl(stranger));
    url.searchParams.delete('client_id');
    const missing = await visit(world, world.browser(), url.toString(), stranger.redirect_uri);
    expect(missing).toMatchObject({ status: 400, page: { view: 'connect/error', data: { code: 'invalid_request' } } });
  });

  it('token endpoint answers an unknown client with 401 invalid_client', async ({ world }) => {
    const form = { grant_type: 'authorization_code', code: 'a'.repeat(64), redirect_uri: 'https://stranger.test/callback' };
    for (const response of [
      await tokenRequest(world, { ...form, client_id: 'stranger' }, null),
      await tokenRequest(world, form, basic('stranger', 'secret')),
    ]) {
      await expectOAuthError(response, 401, 'invalid_client');
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
  });
});
