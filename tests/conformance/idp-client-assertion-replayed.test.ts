// Conformance: RFC 7523 §3 item 7 — a client assertion's jti is used once: the same assertion sent again is refused
// with invalid_client, even within its lifetime.
import { describe, expect } from 'vitest';
import { test } from '../support/world-test';
import { clientAssertion, codeFor, registerCertificate, tokenRequest } from '../mocks/external-idp/oidc-support';
import { IDP_NAMES, idpTemplate, REDIRECT_URI, USERS } from '../mocks/external-idp/support';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

for (const idp of IDP_NAMES)
  describe(`${idp}.test token endpoint`, () => {
    const it = test.override({ template: idpTemplate(idp) });
    it('refuses a client assertion sent a second time', async ({ world }) => {
      const certificate = await registerCertificate(world, idp);
      const assertion = await clientAssertion(world, idp, certificate);
      const exchange = async () => {
        const { code, verifier } = await codeFor(world, world.browser(), idp, USERS.anna);
        return tokenRequest(world, idp, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
          client_assertion_type: JWT_BEARER,
          client_assertion: assertion,
        });
      };
      expect((await exchange()).status).toBe(200);
      const replayed = await exchange();
      expect(replayed.status).toBe(401);
      const body = (await replayed.json()) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_client');
      expect(body.error_description).toMatch(/already used|jti/);
    });
  });
