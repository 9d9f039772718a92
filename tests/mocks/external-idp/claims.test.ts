// Each identity provider's ID token says what the real one says, where rollouts trip: Entra's preferred_username is the
// UPN (not the mail address) and a user without a mail gets no email claim, with tid and oid; Google's hd and
// email_verified; Okta's groups; Ping's plain email. Userinfo says the same. A user disabled after the code gets nothing.
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import { ExternalIdpDb } from '../../../mocks/shared/external-idp/db';
import { test } from '../../support/world-test';
import { authorizationUrl, basic, codeFlow, codeFor, pkce, secretBasic, tokenRequest, viaNetwork, visit } from './oidc-support';
import { CLIENT_ID, CLIENT_SECRET, IDP_NAMES, idpTemplate, REDIRECT_URI, TENANT_ID, USERS } from './support';

describe('entra.test claims', () => {
  const it = test.override({ template: idpTemplate('entra') });

  it('gives the UPN as preferred_username, no email for a user without a mail, and the tenant and object ids', async ({ world }) => {
    const { claims, tokens, as, client } = await codeFlow(world, 'entra', USERS.lena, secretBasic());
    expect(claims.preferred_username).toBe(USERS.lena.username);
    expect(claims).not.toHaveProperty('email');
    expect(claims.tid).toBe(TENANT_ID);
    expect(claims.oid).toBe(claims.sub);
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    const info = await oauth.processUserInfoResponse(
      as,
      client,
      claims.sub,
      await oauth.userInfoRequest(as, client, tokens.access_token, viaNetwork(world)),
    );
    expect(info).not.toHaveProperty('email');
    expect(info.preferred_username).toBe(USERS.lena.username);
  });

  it('gives the email when the user has one', async ({ world }) => {
    const { claims } = await codeFlow(world, 'entra', USERS.anna, secretBasic());
    expect(claims.email).toBe(USERS.anna.email);
    expect(claims.amr).toEqual(['pwd']);
  });
});

describe('google.test claims', () => {
  const it = test.override({ template: idpTemplate('google') });
  it('gives hd, the hosted domain, and email_verified', async ({ world }) => {
    const { claims } = await codeFlow(world, 'google', USERS.anna, secretBasic());
    expect(claims.hd).toBe('company.com');
    expect(claims.email_verified).toBe(true);
    expect(claims.sub).toMatch(/^1\d{20}$/);
  });
});

describe('okta.test claims', () => {
  const it = test.override({ template: idpTemplate('okta') });
  it('gives the user’s groups and reports the authenticator as otp and mfa', async ({ world }) => {
    const { claims } = await codeFlow(world, 'okta', { ...USERS.johan, totp: true }, secretBasic());
    expect(claims.groups).toEqual(['HR staff', 'Everyone']);
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.sub).toMatch(/^00u/);
  });
});

describe('ping.test claims', () => {
  const it = test.override({ template: idpTemplate('ping') });
  it('gives a plain email and no provider extras', async ({ world }) => {
    const { claims } = await codeFlow(world, 'ping', USERS.anna, secretBasic());
    expect(claims.email).toBe(USERS.anna.email);
    for (const extra of ['hd', 'groups', 'tid', 'preferred_username']) expect(claims).not.toHaveProperty(extra);
  });
});

for (const idp of IDP_NAMES)
  describe(`${idp}.test, a user disabled after the code was issued`, () => {
    const it = test.override({ template: idpTemplate(idp) });
    it('gets no tokens for it, and the next sign-in is refused', async ({ world }) => {
      const browser = world.browser();
      const { code, verifier } = await codeFor(world, browser, idp, USERS.anna);
      const db = new ExternalIdpDb(world.workspace.id, idp);
      try {
        await db.users.where('username').equals(USERS.anna.username).modify({ disabledAt: world.now() });
      } finally {
        db.close();
      }
      const response = await tokenRequest(
        world,
        idp,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
        basic(CLIENT_ID, CLIENT_SECRET),
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/disabled/) });
      // The provider's session no longer signs her in either: the login page comes back, with no code.
      const { challenge } = await pkce();
      const trip = await visit(
        world,
        browser,
        authorizationUrl(idp, { code_challenge: challenge, code_challenge_method: 'S256' }),
        REDIRECT_URI,
      );
      expect(trip.callback).toBeUndefined();
      expect(trip.page?.view).toBe('idp/sign-in');
    });
  });
