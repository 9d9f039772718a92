// Conformance: RFC 6749 §2.3.1 and §5.2 — a confidential client with the wrong secret gets 401 invalid_client with a
// WWW-Authenticate challenge, and nothing else happens.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { basic } from '../mocks/connect/support';
import { codeFor, expectOAuthError, HRM, tokenRequest } from '../mocks/connect/oidc-support';

describe('RFC 6749 §5.2 invalid_client', () => {
  it('token endpoint rejects a wrong client secret with 401 invalid_client and a Basic challenge', async ({ world }) => {
    const code = await codeFor(world, world.browser('erik'), HRM);
    const form = { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri };

    for (const authorization of [basic('hrm', 'not-the-secret'), basic('hrm', ''), null]) {
      const response = await tokenRequest(world, authorization === null ? { ...form, client_id: 'hrm' } : form, authorization);
      await expectOAuthError(response, 401, 'invalid_client');
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="connect.test", charset="UTF-8"');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    // client_secret_post is not a way in either.
    const post = await tokenRequest(world, { ...form, client_id: 'hrm', client_secret: world.template.tenant.hrmClientSecret }, null);
    await expectOAuthError(post, 401, 'invalid_client');

    // The client was refused before the code was looked at: with the right secret it still works.
    expect((await tokenRequest(world, form)).status).toBe(200);
  });
});
