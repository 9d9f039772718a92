// Tests R25 with single sign-on: an account blocked at Connect cannot come back through its identity provider, and
// unblocked it can.
import { describe, expect } from 'vitest';
import { it } from '../../../support/world-test';
import { adminApi, adminUser, signedInAdmin } from '../admin-support';
import { entries, errorPageOf, signedIn, signInWithSso, ssoWorld, viewOf } from './support';

describe('blocking a user who signs in with the identity provider', () => {
  it('ends the session, and the next sign-in through the provider is refused with the reason', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const { idp } = await ssoWorld(world);
    idp.addUser({ sub: 'idp-nora', email: 'nora.lind@company.com', name: 'Nora Lind', amr: ['mfa'] });
    idp.signingIn = 'idp-nora';
    const nora = world.browser('nora');
    expect(viewOf(await signInWithSso(nora, 'nora.lind@company.com'))).toBe('connect/account');

    const user = await adminUser(karin, 'nora.lind@company.com');
    expect((await adminApi(karin, `/users/${user.id}/block`, { body: {} })).status).toBe(200);
    expect(await signedIn(nora)).toBe(false);

    const again = world.browser('nora-again');
    const page = errorPageOf(await signInWithSso(again, 'nora.lind@company.com'));
    expect(page.message).toBe('Your Connect account is blocked. Contact your administrator.');
    expect(await signedIn(again)).toBe(false);
    expect((await entries(world, 'sso.refused')).at(-1)!.detail).toContain('account_blocked');

    expect((await adminApi(karin, `/users/${user.id}/unblock`, { body: {} })).status).toBe(200);
    expect(viewOf(await signInWithSso(world.browser('nora-third'), 'nora.lind@company.com'))).toBe('connect/account');
  });
});
