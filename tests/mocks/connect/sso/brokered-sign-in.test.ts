// Tests the brokered sign-in (R22): through the organisation's identity provider and back, the account found, linked
// or created (never duplicated, never linked outside a verified domain), and on to the application that asked.
import { describe, expect } from 'vitest';
import { it } from '../../../support/world-test';
import { callbackOf, EXPENSE, authorizationUrl, pkce, visit } from '../oidc-support';
import {
  accountByEmail,
  CONNECT,
  connectState,
  entries,
  ERIK,
  errorPageOf,
  identify,
  signedIn,
  signInWithSso,
  ssoWorld,
  viewOf,
} from './support';

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
    expect(sent.get('redirect_uri')).toBe(`${CONNECT}/connect/sso/callback`);
    // Connect authenticated at the token endpoint with its secret (client_secret_basic) and sent its PKCE verifier.
    expect(idp.tokenRequests[0]!.auth).toMatch(/^Basic /);
    expect(idp.tokenRequests[0]!.form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('creates an account without a password at the first sign-in of a provider user who has none, and knows it the next time', async ({
    world,
  }) => {
    const { idp } = await ssoWorld(world);
    idp.addUser({ sub: 'idp-nora', email: 'nora.lind@company.com', name: 'Nora Lind', amr: ['pwd', 'mfa'] });
    idp.signingIn = 'idp-nora';
    const first = world.browser('nora');
    expect(viewOf(await signInWithSso(first, 'nora.lind@company.com'))).toBe('connect/account');
    const [account] = await accountByEmail(world, 'nora.lind@company.com');
    expect(account).toMatchObject({ name: 'Nora Lind', passwordHash: null });
    expect((await entries(world, 'sso.account_created')).map((e) => e.email)).toEqual(['nora.lind@company.com']);

    const again = world.browser('nora-again');
    expect(viewOf(await signInWithSso(again, 'nora.lind@company.com'))).toBe('connect/account');
    expect(await accountByEmail(world, 'nora.lind@company.com')).toHaveLength(1);
    expect(await entries(world, 'sso.account_created')).toHaveLength(1);
    expect(await entries(world, 'sso.login')).toHaveLength(2);
  });

  it('never links an account at a domain the provider does not serve verified: refused, nothing made or linked', async ({ world }) => {
    const { idp } = await ssoWorld(world, { domains: ['company.com', 'unverified.example'], verified: ['company.com'] });
    // The provider signs in a user whose email is at the unverified domain, though the sign-in started for company.com.
    idp.addUser({ sub: 'idp-mallory', email: 'erik.johansson@unverified.example', amr: ['mfa'] });
    idp.signingIn = 'idp-mallory';
    const browser = world.browser('mallory');
    const before = await connectState(world);
    const result = await signInWithSso(browser, ERIK.email);
    expect(errorPageOf(result).code).toBe('email_domain_not_assigned');
    expect(await signedIn(browser)).toBe(false);
    const after = await connectState(world);
    expect(after.accounts).toHaveLength(before.accounts.length);
    expect(after.links).toEqual([]);
  });

  it("goes on to the application that asked: Expense gets its code with Connect's session from the provider", async ({ world }) => {
    await ssoWorld(world);
    const browser = world.browser('erik');
    const { challenge } = await pkce();
    const trip = await visit(
      world,
      browser,
      authorizationUrl(EXPENSE, { state: 's1', nonce: 'n1', code_challenge: challenge, code_challenge_method: 'S256' }),
      EXPENSE.redirect_uri,
    );
    expect(trip.page?.view).toBe('connect/login');
    const { returnTo } = trip.page!.data as { returnTo: string };
    const answer = await identify(browser, ERIK.email, returnTo);
    const back = await visit(world, browser, new URL(answer.body.sso!.startUrl, CONNECT).toString(), EXPENSE.redirect_uri);
    expect(callbackOf(back).get('code')).toBeTruthy();
    expect(callbackOf(back).get('state')).toBe('s1');
  });

  it('shows why when the user is disabled at the provider, with the way back to the login page', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.users.get(ERIK.sub)!.disabled = true;
    const browser = world.browser('erik');
    const page = errorPageOf(await signInWithSso(browser, ERIK.email));
    expect(page.code).toBe('user_disabled');
    expect(page.message).toContain('disabled');
    expect(page.retryUrl).toBe(`/login?return_to=%2Faccount&email=${encodeURIComponent(ERIK.email)}`);
    expect(await signedIn(browser)).toBe(false);
  });

  it('answers a provider switched off or unknown with the sign-in error page, sending nobody there', async ({ world }) => {
    const { idp } = await ssoWorld(world, { fields: { enabled: false } });
    const browser = world.browser('erik');
    const off = await browser.navigate(`${CONNECT}/connect/sso/start?provider=idp_fake0001&email=${encodeURIComponent(ERIK.email)}`);
    expect(errorPageOf(off).code).toBe('sso_unavailable');
    const unknown = await browser.navigate(`${CONNECT}/connect/sso/start?provider=idp_nothere&email=${encodeURIComponent(ERIK.email)}`);
    expect(errorPageOf(unknown).code).toBe('invalid_request');
    expect(idp.authorizeRequests).toHaveLength(0);
  });

  it('reads the email from userinfo when the ID token has none', async ({ world }) => {
    const { idp } = await ssoWorld(world);
    idp.tampering.claims = ({ email: _left, ...claims }) => claims;
    const browser = world.browser('erik');
    expect(viewOf(await signInWithSso(browser, ERIK.email))).toBe('connect/account');
    expect((await connectState(world)).links.map((l) => l.email)).toEqual([ERIK.email]);
  });

  it('reads the email from the claim the administrator chose (a UPN in preferred_username), not from `email`', async ({ world }) => {
    const { idp } = await ssoWorld(world, { fields: { emailClaim: 'preferred_username' } });
    idp.tampering.claims = (claims) => ({ ...claims, email: 'erik.private@elsewhere.example', preferred_username: ERIK.email });
    const browser = world.browser('erik');
    expect(viewOf(await signInWithSso(browser, ERIK.email))).toBe('connect/account');
    expect((await connectState(world)).links.map((l) => l.email)).toEqual([ERIK.email]);
  });
});
