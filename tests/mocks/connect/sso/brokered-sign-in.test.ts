// Tests the brokered sign-in (R22): through the organisation's identity provider and back, the account found, linked
// or created, and signed in.
import { describe, expect } from 'vitest';
import { it } from '../../../support/world-test';
import { accountByEmail, CONNECT, connectState, entries, ERIK, signedIn, signInWithSso, ssoWorld, viewOf } from './support';

describe('GET /connect/sso/start and /connect/sso/callback', () => {
  it('signs an existing password account in through the provider, linking it to the provider user instead of making another', async ({
    world,
  }) => {
    const { idp } = await ssoWorld(world);
    const browser = world.browser('erik');
    const result = await signInWithSso(browser, ERIK.email);
    expect(viewOf(result)).toBe('connect/account');
    expect(await signedIn(browser)).toBe(true);
    expect(await accountByEmail(world, ERIK.email)).toHaveLength(1);
    const { links } = await connectState(world);
    expect(links).toEqual([expect.objectContaining({ subject: ERIK.sub, email: ERIK.email })]);
    expect(await entries(world, 'sso.account_linked')).toHaveLength(1);
    expect((await entries(world, 'sso.login')).map((e) => e.email)).toEqual([ERIK.email]);
    const sent = idp.authorizeRequests[0]!;
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(sent.get('login_hint')).toBe(ERIK.email);
    expect(sent.get('state')).toBeTruthy();
    expect(sent.get('nonce')).toBeTruthy();
    expect(`${CONNECT}/connect/sso/callback`).toBe(sent.get('redirect_uri'));
  });
});
