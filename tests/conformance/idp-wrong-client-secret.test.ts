// Conformance: RFC 6749 §2.3.1 and §5.2 — each identity provider's token endpoint refuses a wrong client secret with
// 401 invalid_client and its own words (Entra's AADSTS7000215), and the code still works with the right secret.
import { describe, expect } from 'vitest';
import { test } from '../support/world-test';
import { basic, codeFor, tokenRequest } from '../mocks/external-idp/oidc-support';
import { CLIENT_ID, CLIENT_SECRET, IDP_NAMES, idpTemplate, REDIRECT_URI, USERS } from '../mocks/external-idp/support';

for (const idp of IDP_NAMES)
  describe(`${idp}.test token endpoint`, () => {
    const it = test.override({ template: idpTemplate(idp) });
    it('refuses a wrong client secret with invalid_client', async ({ world }) => {
      const { code, verifier } = await codeFor(world, world.browser(), idp, USERS.anna);
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
      const wrong = await tokenRequest(world, idp, form, basic(CLIENT_ID, `${CLIENT_SECRET}x`));
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      const body = (await wrong.json()) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_client');
      if (idp === 'entra') expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
      expect((await tokenRequest(world, idp, form, basic(CLIENT_ID, CLIENT_SECRET))).status).toBe(200);
    });
  });
