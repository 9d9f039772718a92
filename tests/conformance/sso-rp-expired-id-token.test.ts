// Conformance: OIDC Core §3.1.3.7 step 9 — Connect refuses an ID token whose `exp` has passed on its clock (beyond the
// tolerance), and step 10 — one issued in its future, which says the provider's clock is off.
import { describe } from 'vitest';
import { it } from '../support/world-test';
import { ERIK, expectRefused, signInWithSso, ssoWorld } from '../mocks/connect/sso/support';

describe('Connect as relying party: the ID token’s times', () => {
  it('refuses an expired ID token', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = (claims) => ({ ...claims, iat: claims.iat! - 7200, exp: claims.iat! - 3600 });
    const browser = world.browser('erik');
    await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'id_token_expired');
  });

  it('refuses an ID token issued ten minutes in the future as clock skew', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = (claims) => ({ ...claims, iat: claims.iat! + 600, exp: claims.exp! + 600 });
    const browser = world.browser('erik');
    await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'clock_skew');
  });
});
