// The identity providers' authorization endpoint beyond the happy path: prompt=none without a session answers
// login_required at the redirect_uri (with iss, RFC 9207), prompt=login asks again despite the session, a sign-in left
// too long on the login page expires, another directory's tenant path is not found, and another site cannot post
// the login steps.
import { describe, expect } from 'vitest';
import { HOUR } from '../../../src/domain/clock';
import { idpIssuer } from '../../../src/contracts/idp';
import { ORIGINS } from '../../../src/contracts/origins';
import { test } from '../../support/world-test';
import { authorizationUrl, codeFor, pkce, step, visit } from './oidc-support';
import { IDP_NAMES, idpTemplate, REDIRECT_URI, TENANT_ID, USERS } from './support';

for (const idp of IDP_NAMES)
  describe(`${idp}.test authorization`, () => {
    const it = test.override({ template: idpTemplate(idp) });

    async function pkceParams() {
      const { challenge } = await pkce();
      return { code_challenge: challenge, code_challenge_method: 'S256' };
    }

    it('answers prompt=none without a session with login_required at the redirect_uri, naming the issuer', async ({ world }) => {
      const trip = await visit(
        world,
        world.browser(),
        authorizationUrl(idp, { prompt: 'none', state: 'x', ...(await pkceParams()) }),
        REDIRECT_URI,
      );
      const params = trip.callback!.searchParams;
      expect(params.get('error')).toBe('login_required');
      expect(params.get('state')).toBe('x');
      expect(params.get('iss')).toBe(idpIssuer(idp, TENANT_ID));
    });

    it('asks for the password again with prompt=login, though the browser has a session', async ({ world }) => {
      const browser = world.browser();
      await codeFor(world, browser, idp, USERS.anna);
      const silent = await visit(world, browser, authorizationUrl(idp, { prompt: 'none', ...(await pkceParams()) }), REDIRECT_URI);
      expect(silent.callback?.searchParams.get('code')).toBeTruthy();
      const forced = await visit(world, browser, authorizationUrl(idp, { prompt: 'login', ...(await pkceParams()) }), REDIRECT_URI);
      expect(forced.callback).toBeUndefined();
      expect(forced.page?.view).toBe('idp/sign-in');
    });

    it('expires a sign-in left on the login page too long: the step and the page say to start again', async ({ world }) => {
      const browser = world.browser();
      const trip = await visit(world, browser, authorizationUrl(idp, await pkceParams()), REDIRECT_URI);
      const { login } = trip.page!.data as { login: string };
      await world.advance(2 * HOUR);
      const response = await step(browser, idp, 'signInUsername', { login, username: USERS.anna.username });
      expect(response.status).toBe(410);
      expect(await response.json()).toMatchObject({ code: 'login_expired', message: expect.stringMatching(/start|sign in again/) });
      const page = await visit(world, browser, `${ORIGINS[idp]}/signin?login=${login}`);
      expect(page.page?.view).toBe('idp/error');
    });

    it('refuses the login steps posted by another site', async ({ world }) => {
      const browser = world.browser();
      const trip = await visit(world, browser, authorizationUrl(idp, await pkceParams()), REDIRECT_URI);
      const { login } = trip.page!.data as { login: string };
      const response = await browser.api(`${ORIGINS[idp]}/api/signin/username`, {
        body: { login, username: USERS.anna.username },
        from: 'https://evil.test',
      });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('cross_site_request');
    });

    if (idp === 'entra' || idp === 'okta')
      it('does not answer another tenant’s paths', async ({ world }) => {
        const url = authorizationUrl(idp, await pkceParams()).replace(TENANT_ID, 'another-tenant');
        const trip = await visit(world, world.browser(), url, REDIRECT_URI);
        expect(trip.status).toBe(404);
        expect(trip.page?.view).toBe('idp/error');
      });
  });
