// Conformance: OIDC Core §5.1 and §5.3 — the email Connect keys accounts by comes from the configured claim of the ID
// token, else of userinfo; a user the provider gives no email is refused, with what the administrator must change.
import { describe, expect } from 'vitest';
import { it } from '../support/world-test';
import { connectState, expectRefused, signInWithSso, ssoWorld } from '../mocks/connect/sso/support';

describe('Connect as relying party: the email claim', () => {
  it('refuses a user without the email claim in the ID token or userinfo, and makes no account', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.addUser({ sub: 'idp-noemail', name: 'No Email', amr: ['mfa'] });
    idp.signingIn = 'idp-noemail';
    const before = (await connectState(world)).accounts.length;
    const browser = world.browser('noemail');
    const message = await expectRefused(world, browser, await signInWithSso(browser, 'no.email@company.com'), 'email_claim_missing');
    expect(message).toContain('email');
    expect((await connectState(world)).accounts).toHaveLength(before);
  });
});
