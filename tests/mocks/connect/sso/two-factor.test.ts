// Tests R21 for brokered sign-ins: when the provider's `amr` shows multi-factor authentication, Connect's policy is met
// and not asked again; when it does not, Connect's own policy applies, as for a password.
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import { totpCode } from '../../../../src/domain/totp';
import type { TwoFactorSetupPageData } from '../../../../src/contracts/connect-two-factor';
import { it } from '../../../support/world-test';
import type { TestWorld } from '../../../support/harness';
import { codeFor, discover, EXPENSE, oauthClient, pkce, viaNetwork } from '../oidc-support';
import { claimsOf, secretOf } from '../two-factor-support';
import { auditLog, body, CONNECT, connectDb } from '../support';
import { connectState, ERIK, signedIn, signInWithSso, ssoWorld, viewOf } from './support';

/** The organisation requires two-factor authentication of everyone, from now on. */
async function requireEveryone(world: TestWorld): Promise<void> {
  const db = connectDb(world);
  try {
    const organisation = (await db.organisations.toArray())[0]!;
    await db.organisations.update(organisation.id, { twoFactor: { requiredGroupIds: [], everyoneFrom: world.now() - 1 } });
  } finally {
    db.close();
  }
}

async function sessionAmr(world: TestWorld): Promise<string[][]> {
  const db = connectDb(world);
  try {
    return (await db.sessions.toArray()).map((s) => s.amr);
  } finally {
    db.close();
  }
}

describe('the second step after a brokered sign-in', () => {
  it('is not asked when the provider did MFA, though the organisation requires it of everyone', async ({ world }) => {
    await ssoWorld(world);
    await requireEveryone(world);
    const browser = world.browser('erik');
    expect(viewOf(await signInWithSso(browser, ERIK.email))).toBe('connect/account');
    expect(await signedIn(browser)).toBe(true);
    expect(await sessionAmr(world)).toEqual([['pwd', 'mfa']]);
    const login = (await auditLog(world)).find((e) => e.type === 'sso.login')!;
    expect(login.detail).toContain('multi-factor authentication at the provider');
  });

  it("is asked by Connect's policy when the provider did not do MFA: no session until the authenticator app is set up", async ({
    world,
  }) => {
    const { idp } = await ssoWorld(world);
    idp.users.get(ERIK.sub)!.amr = ['pwd'];
    await requireEveryone(world);
    const browser = world.browser('erik');
    const result = await signInWithSso(browser, ERIK.email);
    expect(viewOf(result)).toBe('connect/two-factor-setup');
    expect(await signedIn(browser)).toBe(false);
    expect((await connectState(world)).sessions).toBe(0);

    const page = (result.outcome as { page: { data: TwoFactorSetupPageData } }).page.data;
    const response = await browser.api(`${CONNECT}/api/session/two-factor/setup?return_to=%2Faccount`, {
      body: { code: totpCode(secretOf(page), world.now()) },
    });
    expect(response.status).toBe(200);
    expect((await body<{ redirectTo: string }>(response)).redirectTo).toBe('/account');
    expect(await signedIn(browser)).toBe(true);
    expect((await sessionAmr(world))[0]).toEqual(expect.arrayContaining(['otp', 'mfa']));
  });

  it('is not asked without MFA at the provider when the organisation requires nothing', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.users.get(ERIK.sub)!.amr = undefined;
    const browser = world.browser('erik');
    expect(viewOf(await signInWithSso(browser, ERIK.email))).toBe('connect/account');
    expect(await sessionAmr(world)).toEqual([[]]);
  });

  it("puts the provider's MFA in the ID token Connect gives the application", async ({ world }) => {
    await ssoWorld(world);
    await requireEveryone(world);
    const browser = world.browser('erik');
    await signInWithSso(browser, ERIK.email);
    const { verifier, challenge } = await pkce();
    const code = await codeFor(world, browser, EXPENSE, { code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n' });
    const as = await discover(world);
    const client = oauthClient(world, EXPENSE);
    const params = oauth.validateAuthResponse(
      as,
      client,
      new URL(`${EXPENSE.redirect_uri}?code=${code}&iss=${encodeURIComponent(as.issuer)}`),
      oauth.expectNoState,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, EXPENSE.redirect_uri, verifier, viaNetwork(world)),
      { expectedNonce: 'n' },
    );
    expect(claimsOf(tokens.id_token!).amr).toEqual(['pwd', 'mfa']);
  });
});
