// Conformance: RFC 7523 §3 — a client assertion signed with the key of a certificate past its notAfter on the world
// clock is refused with invalid_client naming the expired certificate (Entra's AADSTS700027).
import { describe, expect } from 'vitest';
import { test } from '../support/world-test';
import { DAY } from '../../src/domain/clock';
import { clientAssertion, codeFor, registerCertificate, tokenRequest } from '../mocks/external-idp/oidc-support';
import { IDP_NAMES, idpTemplate, REDIRECT_URI, USERS } from '../mocks/external-idp/support';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

for (const idp of IDP_NAMES)
  describe(`${idp}.test token endpoint`, () => {
    const it = test.override({ template: idpTemplate(idp) });
    it('refuses an assertion signed by an expired certificate, naming it', async ({ world }) => {
      const certificate = await registerCertificate(world, idp, { days: 30 });
      const exchange = async () => {
        const { code, verifier } = await codeFor(world, world.browser(), idp, USERS.anna);
        return tokenRequest(world, idp, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
          client_assertion_type: JWT_BEARER,
          client_assertion: await clientAssertion(world, idp, certificate),
        });
      };
      expect((await exchange()).status).toBe(200);
      await world.advance(31 * DAY);
      const expired = await exchange();
      expect(expired.status).toBe(401);
      const body = (await expired.json()) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_client');
      expect(body.error_description).toContain(certificate.thumbprint);
      expect(body.error_description).toMatch(/expired/);
      if (idp === 'entra') expect(body.error_description).toMatch(/^AADSTS700027: /);
    });
  });
