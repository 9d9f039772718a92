// Conformance: OIDC Core §3.1.3.7 step 6 and RFC 7517 — an ID token signed with a key the provider does not publish in
// its JWKS is refused.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { ERIK, expectRefused, signInWithSso, ssoWorld } from '../mocks/connect/sso/support';
import { auditLog } from '../mocks/connect/support';

describe('Connect as relying party: the signing key', () => {
  it('refuses an ID token signed with a key that is not in the provider’s JWKS', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.signing = 'unknown-key';
    const browser = world.browser('erik');
    await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'id_token_signature');
    const refused = (await auditLog(world)).find((e) => e.type === 'sso.refused')!;
    expect(refused.detail).toContain('not-published');
  });
});
