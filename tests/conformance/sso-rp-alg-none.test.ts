// Conformance: OIDC Core §3.1.3.7 steps 6–7 and RFC 8725 §3.1 — an unsigned ID token (`alg: none`) is refused, whatever
// its claims say.
import { describe } from 'vitest';
import { it } from '../support/world-test';
import { ERIK, expectRefused, signInWithSso, ssoWorld } from '../mocks/connect/sso/support';

describe('Connect as relying party: alg none', () => {
  it('refuses an unsigned ID token with otherwise valid claims', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.signing = 'none';
    const browser = world.browser('erik');
    await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'id_token_signature');
  });
});
