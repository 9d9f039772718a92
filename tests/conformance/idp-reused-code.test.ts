// Conformance: RFC 6749 §4.1.2 — an authorization code is used once: the second exchange is refused with invalid_grant.
import { describe, expect } from 'vitest';
import { test } from '../support/world-test';
import { basic, codeFor, tokenRequest } from '../mocks/external-idp/oidc-support';
import { CLIENT_ID, CLIENT_SECRET, IDP_NAMES, idpTemplate, REDIRECT_URI, USERS } from '../mocks/external-idp/support';

for (const idp of IDP_NAMES)
  describe(`${idp}.test token endpoint`, () => {
    const it = test.override({ template: idpTemplate(idp) });
    it('refuses a code exchanged once already', async ({ world }) => {
      const { code, verifier } = await codeFor(world, world.browser(), idp, USERS.anna);
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
      expect((await tokenRequest(world, idp, form, basic(CLIENT_ID, CLIENT_SECRET))).status).toBe(200);
      const again = await tokenRequest(world, idp, form, basic(CLIENT_ID, CLIENT_SECRET));
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({ error: 'invalid_grant', error_description: 'The authorization code has already been used.' });
    });
  });
