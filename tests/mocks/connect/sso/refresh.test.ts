// Tests R22 on the refresh grant: tokens from a sign-in through the organisation's identity provider refresh while the
// Connect session that sign-in made would last (8 hours); a later refresh needs the provider, so Connect refuses it
// (invalid_grant, audited) and the application signs the user in again, through the provider, which refuses a user it
// has disabled. Tokens from Connect's own password sign-in keep their 30 days.
import { describe, expect } from 'vitest';
import { it } from '../../../support/world-test';
import { testWorldOf, type TestBrowser, type TestWorld } from '../../../support/harness';
import { Workspace } from '../../../../mocks/runtime/workspace';
import { ManualClock } from '../../../../src/domain/clock';
import { authorizationUrl, callbackOf, expectOAuthError, HRM, tokenRequest, visit, type TokenBody } from '../oidc-support';
import { entries, ERIK, errorPageOf, signInWithSso, ssoWorld, viewOf } from './support';
import { login } from '../support';

const HOUR = 3_600_000;

/** The HRM's tokens for whoever `browser` is signed in as at Connect: the code at once, then the exchange. */
async function hrmTokens(world: TestWorld, browser: TestBrowser): Promise<TokenBody> {
  const trip = await visit(world, browser, authorizationUrl(HRM), HRM.redirect_uri);
  const code = callbackOf(trip).get('code')!;
  const response = await tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: HRM.redirect_uri });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenBody;
}

function refresh(world: TestWorld, refreshToken: string): Promise<Response> {
  return tokenRequest(world, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

describe('refreshing tokens from a sign-in through the identity provider', () => {
  it('works for the 8 hours of its session; later it needs the provider, which refuses the user it disabled', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    const erik = world.browser('erik');
    expect(viewOf(await signInWithSso(erik, ERIK.email))).toBe('connect/account');
    let tokens = await hrmTokens(world, erik);

    await world.advance(7 * HOUR);
    const early = await refresh(world, tokens.refresh_token!);
    expect(early.status, await early.clone().text()).toBe(200);
    tokens = (await early.json()) as TokenBody;

    // Erik leaves: disabled at the provider. An hour later the HRM's refresh is refused, with the reason, and audited.
    idp.users.get(ERIK.sub)!.disabled = true;
    await world.advance(1 * HOUR);
    const late = await expectOAuthError(await refresh(world, tokens.refresh_token!), 400, 'invalid_grant');
    expect(late.error_description).toBe('The sign-in with Example ID is more than 8 hours old: sign the user in again through Example ID.');
    expect((await entries(world, 'sso.refused')).map((e) => e.detail)).toEqual([
      `HRM could not refresh the tokens of ${ERIK.email}: the sign-in with Example ID is older than 8 hours, so the next one goes through Example ID`,
    ]);

    // The HRM sends him to sign in again: Connect's session has ended too, and the provider refuses him.
    const again = await visit(world, erik, authorizationUrl(HRM), HRM.redirect_uri);
    expect(again.page?.view).toBe('connect/login');
    expect(errorPageOf(await signInWithSso(erik, ERIK.email)).code).toBe('user_disabled');
  });

  it('is judged from the stored grant: after a reload the servers still know the tokens came through the provider', async ({ world }) => {
    await ssoWorld(world);
    const erik = world.browser('erik');
    await signInWithSso(erik, ERIK.email);
    const tokens = await hrmTokens(world, erik);
    const id = world.workspace.id;
    await world.close();
    const reopened = testWorldOf((await Workspace.open({ id, realClock: new ManualClock(0) }))!, world.template);
    try {
      await reopened.advance(8 * HOUR);
      await expectOAuthError(await refresh(reopened, tokens.refresh_token!), 400, 'invalid_grant');
    } finally {
      await reopened.close();
    }
  });

  it('leaves tokens from a password sign-in alone: they refresh past 8 hours as before', async ({ world }) => {
    await ssoWorld(world);
    const erik = world.browser('erik');
    expect((await login(erik, ERIK.email, ERIK.password)).status).toBe(200);
    const tokens = await hrmTokens(world, erik);
    await world.advance(9 * HOUR);
    expect((await refresh(world, tokens.refresh_token!)).status).toBe(200);
  });
});
