// Conformance: RFC 6749 §4.1.2.1 — Connect does the authorization code flow only: any other response_type goes back
// to the client as unsupported_response_type, with state, and no code or token.
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { login } from '../mocks/connect/support';
import { authorizationUrl, callbackOf, discover, ERIK, HRM, oauthClient, visit } from '../mocks/connect/oidc-support';

describe('RFC 6749 §4.1.2.1 unsupported_response_type', () => {
  it('authorization endpoint answers unsupported_response_type for anything but code, even with a session', async ({ world }) => {
    const browser = world.browser('erik');
    await login(browser, ERIK.email, ERIK.password);
    const as = await discover(world);
    for (const responseType of ['token', 'id_token', 'code id_token', 'code token', 'CODE']) {
      const trip = await visit(world, browser, authorizationUrl(HRM, { response_type: responseType, state: 'st-1' }), HRM.redirect_uri);
      const params = callbackOf(trip);
      expect([...params.keys()].sort(), responseType).toEqual(['error', 'error_description', 'iss', 'state']);
      expect(params.get('error')).toBe('unsupported_response_type');
      expect(params.get('state')).toBe('st-1');

      // The oracle client reads it as the authorization server's error.
      expect(() => oauth.validateAuthResponse(as, oauthClient(world, HRM), params, 'st-1')).toThrow(oauth.AuthorizationResponseError);
    }
  });
});
