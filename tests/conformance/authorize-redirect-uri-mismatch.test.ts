// Conformance: RFC 6749 §3.1.2.3 and §4.1.2.1 — a redirect_uri that is not registered for the client, exactly, is
// refused on Connect's own error page; the browser is never sent to it, not even with an error.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { login } from '../mocks/connect/support';
import { authorizationUrl, ERIK, HRM, visit } from '../mocks/connect/oidc-support';

describe('RFC 6749 §4.1.2.1 redirect_uri mismatch', () => {
  it('authorization endpoint refuses a redirect_uri mismatch with its own error page and no redirect', async ({ world }) => {
    const browser = world.browser('erik');
    // Even a signed-in user gets no code.
    await login(browser, ERIK.email, ERIK.password);
    const mismatches = [
      'https://evil.test/auth/callback',
      'https://hrm.test/auth/callback/',
      'https://hrm.test/auth/callback?next=/admin',
      'http://hrm.test/auth/callback',
      'https://HRM.test/auth/callback',
      'https://expense.test/auth/callback',
    ];
    for (const redirectUri of mismatches) {
      const trip = await visit(world, browser, authorizationUrl(HRM, { redirect_uri: redirectUri, state: 'st-1' }), redirectUri);
      expect(trip.callback, redirectUri).toBeUndefined();
      expect(trip.hops, redirectUri).toHaveLength(1);
      expect(trip.status).toBe(400);
      expect(trip.page).toMatchObject({
        view: 'connect/error',
        data: { code: 'invalid_redirect_uri', message: `The redirect_uri ${redirectUri} is not registered for the client "hrm".` },
      });
    }

    // A missing redirect_uri is refused the same way (OIDC Core §3.1.2.1: it is required).
    const url = new URL(authorizationUrl(HRM));
    url.searchParams.delete('redirect_uri');
    const missing = await visit(world, browser, url.toString(), HRM.redirect_uri);
    expect(missing).toMatchObject({ status: 400, page: { view: 'connect/error', data: { code: 'invalid_redirect_uri' } } });
    expect(missing.callback).toBeUndefined();
  });
});
