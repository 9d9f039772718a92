// Conformance: OIDC RP-Initiated Logout §3 — the end-session endpoint redirects only to a post_logout_redirect_uri
// registered for the client; any other stays on Connect's error page, and the session is not ended by such a request.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { CONNECT, login } from '../mocks/connect/support';
import { ERIK, visit } from '../mocks/connect/oidc-support';

describe('OIDC RP-Initiated Logout §3 post_logout_redirect_uri', () => {
  it('end session refuses a post_logout_redirect_uri that is not registered for the client, without redirecting', async ({ world }) => {
    const browser = world.browser('erik');
    await login(browser, ERIK.email, ERIK.password);
    for (const uri of ['https://evil.test/login', 'https://hrm.test/login?next=x', 'https://expense.test/']) {
      const url = `${CONNECT}/connect/endsession?client_id=hrm&post_logout_redirect_uri=${encodeURIComponent(uri)}&state=s`;
      const trip = await visit(world, browser, url, uri);
      expect(trip.callback, uri).toBeUndefined();
      expect(trip).toMatchObject({ status: 400, page: { view: 'connect/error', data: { code: 'invalid_redirect_uri' } } });
    }
    // Without a client to check it against, no redirect either.
    const anonymous = await visit(
      world,
      browser,
      `${CONNECT}/connect/endsession?post_logout_redirect_uri=${encodeURIComponent('https://hrm.test/login')}`,
      'https://hrm.test/login',
    );
    expect(anonymous).toMatchObject({ status: 400, page: { view: 'connect/error', data: { code: 'invalid_request' } } });

    expect((await browser.api(`${CONNECT}/api/me`)).status).toBe(200);
  });
});
