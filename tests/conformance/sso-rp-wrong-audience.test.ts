// Conformance: OIDC Core §3.1.3.7 step 3 — Connect refuses an ID token whose `aud` does not name its client id at the
// provider (a token issued to another application).
import { describe } from 'vitest';
import { it } from '../support/world-test';
import { ERIK, expectRefused, signInWithSso, ssoWorld } from '../mocks/connect/sso/support';

describe('Connect as relying party: the audience', () => {
  it('refuses an ID token issued to another client: no session, the reason on the page and in the audit log', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = (claims) => ({ ...claims, aud: 'some-other-application' });
    const browser = world.browser('erik');
    await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'id_token_audience');
  });
});
