// Conformance: each organisation's identity provider is an OpenID provider a real client accepts. oauth4webapi,
// unmodified, discovers it (OIDC Discovery §4), sends a virtual browser through its authorization endpoint and login
// page with PKCE (RFC 7636), exchanges the code with client_secret_basic, client_secret_post and private_key_jwt
// (RFC 7523 §2.2), validates the ID token and its signature against the JWKS, and reads userinfo.
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import { CLIENT_SECRET, IDP_NAMES, idpTemplate, TENANT_ID, USERS } from '../mocks/external-idp/support';
import { codeFlow, discover, privateKeyJwt, registerCertificate, secretBasic, viaNetwork } from '../mocks/external-idp/oidc-support';
import { idpIssuer } from '../../src/contracts/idp';
import { test } from '../support/world-test';

for (const idp of IDP_NAMES)
  describe(`${idp}.test as an OpenID provider`, () => {
    const it = test.override({ template: idpTemplate(idp) });

    it('publishes discovery under its issuer, with PKCE S256 and the three client authentication methods', async ({ world }) => {
      const as = await discover(world, idp);
      expect(as.issuer).toBe(idpIssuer(idp, TENANT_ID));
      expect(as.code_challenge_methods_supported).toEqual(['S256']);
      expect(as.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
      expect(as.authorization_response_iss_parameter_supported).toBe(true);
      if (idp === 'entra') expect(as.issuer).toBe(`https://entra.test/${TENANT_ID}/v2.0`);
      if (idp === 'okta') expect(as.issuer).toBe(`https://okta.test/oauth2/${TENANT_ID}`);
    });

    it('signs a user in with the code flow and client_secret_basic: an ID token oauth4webapi validates', async ({ world }) => {
      const { claims, tokens, as, client } = await codeFlow(world, idp, USERS.anna, secretBasic());
      expect(claims.iss).toBe(as.issuer);
      expect(claims.aud).toBe('connect-sso');
      expect(claims.amr).toEqual(['pwd']);
      expect(claims.email).toBe(USERS.anna.email);
      const userinfo = await oauth.userInfoRequest(as, client, tokens.access_token, viaNetwork(world));
      const info = await oauth.processUserInfoResponse(as, client, claims.sub, userinfo);
      expect(info.sub).toBe(claims.sub);
      expect(info.email).toBe(USERS.anna.email);
    });

    it('accepts client_secret_post', async ({ world }) => {
      const { claims } = await codeFlow(world, idp, USERS.anna, oauth.ClientSecretPost(CLIENT_SECRET));
      expect(claims.email).toBe(USERS.anna.email);
    });

    it('accepts private_key_jwt signed by the key of a certificate registered on the application', async ({ world }) => {
      const certificate = await registerCertificate(world, idp);
      const { claims } = await codeFlow(world, idp, USERS.anna, privateKeyJwt(certificate));
      expect(claims.sub).toEqual(expect.any(String));
    });

    it('reports the authenticator in amr after the code step', async ({ world }) => {
      const { claims } = await codeFlow(world, idp, { ...USERS.johan, totp: true }, secretBasic());
      expect(claims.amr).toContain('mfa');
      expect(claims.amr).toContain('pwd');
    });

    it('signs a second application in from its own session, without the login page', async ({ world }) => {
      const browser = world.browser('same');
      await codeFlow(world, idp, USERS.anna, secretBasic(), browser);
      const again = await codeFlow(world, idp, { username: 'nobody', password: 'never-typed' }, secretBasic(), browser);
      expect(again.claims.email).toBe(USERS.anna.email);
    });
  });
