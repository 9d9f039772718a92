// Conformance: OIDC Core §3.1.3.7 step 2 — Connect, as the organisation's provider's client, refuses an ID token whose
// `iss` is not the provider's issuer exactly; and OIDC Discovery §4.3 — metadata naming another issuer is refused
// before any sign-in goes there.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { ERIK, expectRefused, identify, signInWithSso, ssoWorld } from '../mocks/connect/sso/support';
import { CONNECT } from '../mocks/connect/support';

describe('Connect as relying party: the issuer', () => {
  it('refuses an ID token from another issuer: no session, the reason on the page and in the audit log', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = (claims) => ({ ...claims, iss: 'https://evil.example.test' });
    const browser = world.browser('erik');
    const message = await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'id_token_issuer');
    expect(message).toContain('Example ID');
  });

  it('refuses metadata that names another issuer, and never sends the browser to its endpoints', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.metadata = (metadata) => ({ ...metadata, issuer: 'https://evil.example.test' });
    const browser = world.browser('erik');
    const answer = await identify(browser, ERIK.email);
    const result = await browser.navigate(`${CONNECT}${answer.body.sso!.startUrl}`, { from: CONNECT });
    await expectRefused(world, browser, result, 'issuer_mismatch');
    expect(idp.authorizeRequests).toHaveLength(0);
  });
});
