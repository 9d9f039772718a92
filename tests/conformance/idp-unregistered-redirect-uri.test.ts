// Conformance: RFC 6749 §4.1.2.1 and §3.1.2.3 — a redirect_uri the application's registration does not list is never
// redirected to: the provider shows its own error page naming the URI (Entra's AADSTS50011).
import { describe, expect } from 'vitest';
import { test } from '../support/world-test';
import { authorizationUrl, pkce, visit } from '../mocks/external-idp/oidc-support';
import { IDP_NAMES, idpTemplate } from '../mocks/external-idp/support';

const UNREGISTERED = 'https://connect.test/connect/sso/callback-typo';

for (const idp of IDP_NAMES)
  describe(`${idp}.test authorization endpoint`, () => {
    const it = test.override({ template: idpTemplate(idp) });
    it('shows its own error page for an unregistered redirect_uri, naming it, and for an unknown client', async ({ world }) => {
      const { challenge } = await pkce();
      const pkceParams = { code_challenge: challenge, code_challenge_method: 'S256' };
      const trip = await visit(world, world.browser(), authorizationUrl(idp, { redirect_uri: UNREGISTERED, ...pkceParams }), UNREGISTERED);
      expect(trip.callback).toBeUndefined();
      expect(trip.status).toBe(400);
      expect(trip.page?.view).toBe('idp/error');
      const data = trip.page!.data as { code: string; message: string };
      expect(data.message).toContain(UNREGISTERED);
      if (idp === 'entra') expect(data.code).toBe('AADSTS50011');

      const unknown = await visit(world, world.browser(), authorizationUrl(idp, { client_id: 'not-registered', ...pkceParams }));
      expect(unknown.page?.view).toBe('idp/error');
      expect((unknown.page!.data as { message: string }).message).toContain('not-registered');
    });
  });
