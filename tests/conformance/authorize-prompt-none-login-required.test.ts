// Conformance: OIDC Core §3.1.2.6 — prompt=none without a Connect session goes straight back to the client with
// login_required; no login page is shown.
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { login } from '../mocks/connect/support';
import { authorizationUrl, callbackOf, discover, ERIK, HRM, oauthClient, visit } from '../mocks/connect/oidc-support';

describe('OIDC Core §3.1.2.6 login_required', () => {
  it('authorization endpoint answers prompt=none without a session with login_required', async ({ world }) => {
    const browser = world.browser('erik');
    const trip = await visit(world, browser, authorizationUrl(HRM, { prompt: 'none', state: 'st-1' }), HRM.redirect_uri);
    expect(trip.hops).toHaveLength(1);
    const params = callbackOf(trip);
    expect(Object.fromEntries(params)).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
      state: 'st-1',
      iss: 'https://connect.test',
    });
    const as = await discover(world);
    let thrown: unknown;
    try {
      oauth.validateAuthResponse(as, oauthClient(world, HRM), params, 'st-1');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(oauth.AuthorizationResponseError);
    expect((thrown as oauth.AuthorizationResponseError).error).toBe('login_required');

    // With a session the same request gets a code, still without a page.
    await login(browser, ERIK.email, ERIK.password);
    const signedIn = await visit(world, browser, authorizationUrl(HRM, { prompt: 'none', state: 'st-2' }), HRM.redirect_uri);
    expect(callbackOf(signedIn).get('code')).toMatch(/^[0-9a-f]{64}$/);
  });
});
