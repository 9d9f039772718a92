// Conformance: RFC 6749 §5.2 — a client secret past its expiry on the world clock is refused with invalid_client and a
// description that names the expiry (Entra's AADSTS7000222), though the value is right.
import { describe, expect } from 'vitest';
import { test } from '../support/world-test';
import { DAY } from '../../src/domain/clock';
import { basic, codeFor, tokenRequest } from '../mocks/external-idp/oidc-support';
import { CLIENT_ID, CLIENT_SECRET, IDP_NAMES, idpTemplate, REDIRECT_URI, USERS } from '../mocks/external-idp/support';
import { demoTenant } from '../../mocks/templates/demo-tenant';

for (const idp of IDP_NAMES)
  describe(`${idp}.test token endpoint`, () => {
    const it = test.override({ template: idpTemplate(idp, { secretExpiresAt: demoTenant.startsAt + 7 * DAY }) });
    it('refuses a client secret once it has expired, saying so', async ({ world }) => {
      const exchange = async () => {
        const { code, verifier } = await codeFor(world, world.browser(), idp, USERS.anna);
        const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
        return tokenRequest(world, idp, form, basic(CLIENT_ID, CLIENT_SECRET));
      };
      expect((await exchange()).status).toBe(200);
      await world.advance(7 * DAY);
      const expired = await exchange();
      expect(expired.status).toBe(401);
      const body = (await expired.json()) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_client');
      expect(body.error_description).toMatch(/expired/);
      if (idp === 'entra') expect(body.error_description).toMatch(/^AADSTS7000222: /);
    });
  });
