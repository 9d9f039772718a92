// Conformance: RFC 7636 §4.6 — each identity provider refuses a code_verifier that does not match the challenge, and
// one left out; the right verifier still exchanges the code. An authorization request without PKCE is refused.
import { describe, expect } from 'vitest';
import { test } from '../support/world-test';
import { authorizationUrl, basic, codeFor, pkce, tokenRequest, visit } from '../mocks/external-idp/oidc-support';
import { CLIENT_ID, CLIENT_SECRET, IDP_NAMES, idpTemplate, REDIRECT_URI, USERS } from '../mocks/external-idp/support';

for (const idp of IDP_NAMES)
  describe(`${idp}.test PKCE`, () => {
    const it = test.override({ template: idpTemplate(idp) });
    it('refuses a wrong or missing code_verifier with invalid_grant', async ({ world }) => {
      const { code, verifier } = await codeFor(world, world.browser(), idp, USERS.anna);
      const exchange = (codeVerifier?: string) =>
        tokenRequest(
          world,
          idp,
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, ...(codeVerifier ? { code_verifier: codeVerifier } : {}) },
          basic(CLIENT_ID, CLIENT_SECRET),
        );
      const wrong = await exchange((await pkce()).verifier);
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'code_verifier does not match the code_challenge of the authorization request.',
      });
      expect(((await (await exchange()).json()) as { error_description: string }).error_description).toMatch(/code_verifier is missing/);
      expect((await exchange(verifier)).status).toBe(200);
    });

    it('refuses an authorization request without a code_challenge, back at the redirect_uri', async ({ world }) => {
      const trip = await visit(world, world.browser(), authorizationUrl(idp, { state: 'st' }), REDIRECT_URI);
      const params = trip.callback!.searchParams;
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('state')).toBe('st');
      expect(params.get('error_description')).toMatch(/code_challenge/);
    });
  });
