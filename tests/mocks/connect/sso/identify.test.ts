// Tests the email step's routing (R20, R22, R24): a domain the organisation verified and assigned to its identity
// provider goes there, by a button or straight on; an unverified domain, or a provider switched off, keeps the password.
import { describe, expect } from 'vitest';
import { it } from '../../../support/world-test';
import { updateProvider } from '../../../support/fake-idp';
import { expectProblem } from '../../../support/api';
import { CONNECT, ERIK, errorPageOf, identify, ssoWorld } from './support';

describe('POST /api/session/identify with an identity provider', () => {
  it('offers "Sign in with" the provider for a verified domain it serves, with a start that keeps where the sign-in goes', async ({
    world,
  }) => {
    await ssoWorld(world);
    const answer = await identify(world.browser(), ERIK.email, '/connect/authorize/resume?request_id=abc');
    expect(answer.status).toBe(200);
    expect(answer.body.next).toBe('sso');
    expect(answer.body.redirectTo).toBeUndefined();
    expect(answer.body.sso).toMatchObject({ providerName: 'Example ID', offer: 'button', ssoOnly: false });
    const start = new URL(answer.body.sso!.startUrl, CONNECT);
    expect(start.pathname).toBe('/connect/sso/start');
    expect(start.searchParams.get('return_to')).toBe('/connect/authorize/resume?request_id=abc');
    expect(start.searchParams.get('email')).toBe(ERIK.email);
  });

  it('answers a redirect when the provider is offered as one', async ({ world }) => {
    await ssoWorld(world, { fields: { offer: 'redirect' } });
    const answer = await identify(world.browser(), ERIK.email);
    expect(answer.body.next).toBe('sso');
    expect(answer.body.redirectTo).toBe(answer.body.sso!.startUrl);
  });

  it('gives the same answer for an email with and without an account at a routed domain', async ({ world }) => {
    await ssoWorld(world);
    const known = await identify(world.browser(), ERIK.email);
    const unknown = await identify(world.browser(), 'nobody.here@company.com');
    expect(unknown.body.next).toBe(known.body.next);
    expect(unknown.body.sso!.providerName).toBe(known.body.sso!.providerName);
  });

  it('never routes a domain the organisation has not verified: the password step, and the start refuses it', async ({ world }) => {
    await ssoWorld(world, { domains: ['company.com', 'unverified.example'], verified: ['company.com'] });
    const browser = world.browser();
    const answer = await identify(browser, 'anna@unverified.example');
    expect(answer.body).toEqual({ next: 'password' });
    // A start link made up for that email is refused before anything goes to the provider.
    const result = await browser.navigate(`${CONNECT}/connect/sso/start?provider=idp_fake0001&email=anna%40unverified.example`);
    expect(errorPageOf(result).code).toBe('email_domain_not_assigned');
    expect(result.hops.every((hop) => new URL(hop.url).origin === CONNECT)).toBe(true);
  });

  it('falls back to the password when the provider is switched off, unless the domain is SSO-only: then refused at the email', async ({
    world,
  }) => {
    const { provider } = await ssoWorld(world);
    await updateProvider(world, provider.id, { enabled: false });
    expect((await identify(world.browser(), ERIK.email)).body).toEqual({ next: 'password' });
    await updateProvider(world, provider.id, { ssoOnly: true });
    const response = await world.browser().api(`${CONNECT}/api/session/identify`, { body: { email: ERIK.email } });
    const problem = await expectProblem(response, 403, 'sso_unavailable', 'email');
    expect(problem.message).toContain('Contact your administrator');
  });

  it('keeps the password step for other domains', async ({ world }) => {
    await ssoWorld(world);
    expect((await identify(world.browser(), 'someone@elsewhere.example')).body).toEqual({ next: 'password' });
  });
});
