// Conformance: OIDC Core §3.1.3.7 step 11 — Connect sent a nonce, so the ID token must carry exactly it: a missing or
// different nonce (a token replayed from another sign-in) is refused.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { ERIK, expectRefused, signInWithSso, ssoWorld } from '../mocks/connect/sso/support';

describe('Connect as relying party: the nonce', () => {
  it('refuses an ID token without a nonce', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = ({ nonce: _dropped, ...claims }) => claims;
    const browser = world.browser('erik');
    const message = await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'nonce_mismatch');
    expect(message).toContain('IT department');
  });

  it('refuses an ID token with another sign-in’s nonce', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = (claims) => ({ ...claims, nonce: 'nonce-of-another-sign-in' });
    const browser = world.browser('erik');
    await expectRefused(world, browser, await signInWithSso(browser, ERIK.email), 'nonce_mismatch');
  });
});
