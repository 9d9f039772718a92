// Tests the admin portal's Identity providers API (R22, R24): each field refused at the field with its own words, only
// verified domains and each served once, a change from another tab not overwritten, Connect's certificate for
// private_key_jwt checked with independent X.509 and JOSE code, "Check discovery" for each way an issuer URL goes
// wrong, the start of "Test connection", the audit log, a reload, and a full disk.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { compactVerify, CompactSign, importJWK, importX509 } from 'jose';
import { describe, expect, vi } from 'vitest';
import { Workspace } from '../../../../mocks/runtime/workspace';
import { checkDiscovery } from '../../../../mocks/servers/connect/admin/identity-provider-discovery';
import type { NavigationResult } from '../../../../src/clients/navigation';
import { ManualClock } from '../../../../src/domain/clock';
import type {
  DiscoveryCheck,
  IdentityProviderTestPageData,
  IdentityProvidersPageData,
  IdentityProviderView,
  SsoTestView,
  StartTestResponse,
} from '../../../../src/contracts/connect-sso';
import { IDENTITY_PROVIDER_VIEWS } from '../../../../src/contracts/connect-sso';
import type { PageBody } from '../../../../src/contracts/wire';
import { testWorldOf, type TestBrowser, type TestWorld } from '../../../support/harness';
import { it } from '../../../support/world-test';
import { KARIN } from '../admin-support';
import { ERIK, signInToConnect } from '../domains-support';
import { auditLog, body, connectDb, CONNECT, expectProblem, login } from '../support';
import {
  addProvider,
  adminWithVerifiedDomain,
  asChange,
  GOOD_ISSUER,
  PROVIDERS,
  validInput,
  withStandInProviders,
} from './identity-providers-support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await adminWithVerifiedDomain(world);
  withStandInProviders(world);
});

function pageOf<Data>(result: NavigationResult): PageBody<Data> {
  if (result.outcome.kind !== 'page') throw new Error(`Not a page: ${JSON.stringify(result.outcome)}`);
  return result.outcome.page as PageBody<Data>;
}

async function providers(browser: TestBrowser): Promise<IdentityProviderView[]> {
  const response = await browser.api(PROVIDERS);
  expect(response.status).toBe(200);
  return body<IdentityProviderView[]>(response);
}

async function auditOf(world: TestWorld, prefix: string) {
  return (await auditLog(world)).filter((entry) => entry.type.startsWith(prefix));
}

describe('adding a provider', () => {
  it('is stored for the verified domain and answered without its secret, only a hint of it; the audit says who and what', async ({
    world,
  }) => {
    const added = await addProvider(karin, { kind: 'entra', name: 'Entra ID', issuer: 'https://entra.test/contoso/v2.0' });
    expect(added).toMatchObject({
      kind: 'entra',
      name: 'Entra ID',
      issuer: 'https://entra.test/contoso/v2.0',
      clientAuth: 'client_secret_basic',
      secretHint: '…1234',
      certificate: null,
      domains: ['company.com'],
      ssoOnly: false,
      offer: 'button',
      enabled: true,
      createdAt: world.now(),
      lastTest: null,
      testedSinceChange: false,
    });
    expect(JSON.stringify(added)).not.toContain('sEcReT-value-1234');
    expect((await providers(karin)).map((p) => p.id)).toEqual([added.id]);
    const [entry] = await auditOf(world, 'idp.');
    expect(entry).toMatchObject({ type: 'idp.added', email: KARIN.email, at: world.now() });
    expect(entry!.detail).toBe('Karin Berg added the identity provider “Entra ID” (Microsoft Entra ID) for company.com');
  });

  it('trims what was typed and keeps the issuer otherwise exactly as entered', async () => {
    const added = await addProvider(karin, {
      name: '  Example ID ',
      clientId: ' abc ',
      issuer: ` ${GOOD_ISSUER}/ `,
      domains: [' Company.COM '],
    });
    expect(added).toMatchObject({ name: 'Example ID', clientId: 'abc', issuer: `${GOOD_ISSUER}/`, domains: ['company.com'] });
  });

  const BAD: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['an unknown kind', { kind: 'saml' }, 'kind', /Choose the kind of identity provider: Microsoft Entra ID, Google Workspace/],
    ['no name', { name: '  ' }, 'name', /Enter a name: users read it on the button/],
    ['a name of 61 characters', { name: 'x'.repeat(61) }, 'name', /at most 60 characters .* this one has 61/],
    ['no issuer', { issuer: '' }, 'issuer', /Enter the issuer URL of the identity provider, such as https:\/\/idp\.example\.test/],
    ['an issuer that is no URL', { issuer: 'entra tenant' }, 'issuer', /“entra tenant” is not a URL/],
    [
      'an http issuer for Entra ID',
      { kind: 'entra', issuer: 'http://entra.test/t/v2.0' },
      'issuer',
      /must start with https:\/\/, not http:\/\//,
    ],
    [
      'an http issuer elsewhere than localhost',
      { issuer: 'http://idp.example.test' },
      'issuer',
      /http:\/\/ only for a provider on localhost/,
    ],
    ['an issuer with a query', { issuer: `${GOOD_ISSUER}?tenant=1` }, 'issuer', /must not contain a query/],
    ['an issuer with a fragment', { issuer: `${GOOD_ISSUER}#x` }, 'issuer', /must not contain a fragment/],
    ['an issuer with a password', { issuer: 'https://user:pw@idp.example.test' }, 'issuer', /must not contain a user name or password/],
    ['no client ID', { clientId: '' }, 'clientId', /Enter the client ID/],
    ['a client ID with a space', { clientId: 'abc def' }, 'clientId', /has no spaces/],
    ['a client ID of 201 characters', { clientId: 'a'.repeat(201) }, 'clientId', /at most 200 characters; this one has 201/],
    ['an unknown client authentication', { clientAuth: 'none' }, 'clientAuth', /a client secret or a certificate/],
    ['no secret with a secret method', { clientSecret: '' }, 'clientSecret', /Enter the client secret/],
    ['a secret of 513 characters', { clientSecret: 's'.repeat(513) }, 'clientSecret', /at most 512 characters; this one has 513/],
    ['a secret expiry that is no date', { secretExpiresAt: 'next year' }, 'secretExpiresAt', /Enter the date the client secret expires/],
    ['an email claim with a space', { emailClaim: 'e mail' }, 'emailClaim', /“e mail” is not a claim name/],
    ['no email claim', { emailClaim: '' }, 'emailClaim', /Enter the claim that carries the user’s email/],
    ['no domain', { domains: [] }, 'domains', /Choose at least one verified domain/],
    ['domains that are not a list', { domains: 'company.com' }, 'domains', /Choose the domains/],
    ['"Only SSO" that is not yes or no', { ssoOnly: 'yes' }, 'ssoOnly', /Say whether users at these domains may only sign in/],
    ['an unknown offer', { offer: 'popup' }, 'offer', /a “Sign in with …” button, or straight there/],
    ['enabled that is not yes or no', { enabled: 1 }, 'enabled', /Say whether the provider is switched on/],
  ];
  for (const [name, change, field, message] of BAD)
    it(`refuses ${name} at the ${field} field, and stores nothing`, async ({ world }) => {
      const problem = await expectProblem(
        await karin.api(PROVIDERS, { body: { ...validInput(), ...change } }),
        400,
        'invalid_request',
        field,
      );
      expect(problem.message).toMatch(message);
      expect(await providers(karin)).toEqual([]);
      expect(await auditOf(world, 'idp.')).toEqual([]);
    });

  it('takes http://localhost as the issuer of another OpenID provider (one on this machine)', async () => {
    expect((await addProvider(karin, { kind: 'oidc', issuer: 'http://localhost:8080/realms/test' })).issuer).toBe(
      'http://localhost:8080/realms/test',
    );
  });

  it('refuses a malformed domain, naming it', async () => {
    const problem = await expectProblem(
      await karin.api(PROVIDERS, { body: validInput({ domains: ['company..com'] }) }),
      400,
      'domain_malformed',
      'domains',
    );
    expect(problem.message).toMatch(/^“company\.\.com”: /);
  });

  it('refuses a domain the organisation added but has not verified, and one it never added, each in its own words (R24)', async ({
    world,
  }) => {
    // A second organisation domain, added at Connect but not verified.
    await karin.api(`${CONNECT}/api/admin/domains`, { body: { domain: 'example.com' } });
    const unverified = await expectProblem(
      await karin.api(PROVIDERS, { body: validInput({ domains: ['company.com', 'example.com'] }) }),
      422,
      'domain_not_verified',
      'domains',
    );
    expect(unverified.message).toBe('example.com is not verified for your organisation. Verify it under Domains first.');
    const unknown = await expectProblem(
      await karin.api(PROVIDERS, { body: validInput({ domains: ['example.org'] }) }),
      422,
      'domain_not_verified',
      'domains',
    );
    expect(unknown.message).toBe("example.org is not one of your organisation's domains. Add it under Domains and verify it first.");
    expect(await providers(karin)).toEqual([]);
    expect(await auditOf(world, 'idp.')).toEqual([]);
  });

  it('refuses a domain another provider serves, naming that provider', async () => {
    await addProvider(karin, { name: 'Entra ID' });
    const problem = await expectProblem(
      await karin.api(PROVIDERS, { body: validInput({ name: 'Okta' }) }),
      409,
      'domain_assigned',
      'domains',
    );
    expect(problem.message).toBe(
      'company.com already signs in with “Entra ID”. A domain is served by one identity provider: remove it there first.',
    );
  });

  it('asks for confirmation before "Only SSO" is switched on for a provider no Test connection has passed', async ({ world }) => {
    const problem = await expectProblem(
      await karin.api(PROVIDERS, { body: validInput({ ssoOnly: true }) }),
      409,
      'idp_untested',
      'ssoOnly',
    );
    expect(problem.message).toMatch(/“Only SSO” stops password sign-in for company\.com, but this provider has not passed Test connection/);
    expect(await providers(karin)).toEqual([]);
    const confirmed = await addProvider(karin, { ssoOnly: true, confirmUntested: true });
    expect(confirmed.ssoOnly).toBe(true);
    expect((await auditOf(world, 'idp.'))[0]!.detail).toMatch(/, only SSO$/);
  });

  it('is for administrators only: 401 signed out, 403 for an account that administers nothing', async ({ world }) => {
    await expectProblem(await world.browser('anonymous').api(PROVIDERS), 401, 'unauthenticated');
    const erik = await signInToConnect(world, ERIK, 'erik');
    await expectProblem(await erik.api(PROVIDERS), 403, 'forbidden');
    await expectProblem(await erik.api(PROVIDERS, { body: validInput() }), 403, 'forbidden');
    await expectProblem(
      await erik.api(`${PROVIDERS}/discover`, { body: { issuer: GOOD_ISSUER, clientAuth: 'client_secret_basic' } }),
      403,
      'forbidden',
    );
  });

  it('is refused from another site (cross-site protection), with nothing stored', async () => {
    const response = await karin.api(PROVIDERS, { body: validInput(), from: 'https://hrm.test' });
    expect(response.status).toBe(403);
    expect(await providers(karin)).toEqual([]);
  });
});

describe('changing a provider', () => {
  it('keeps the stored secret when the field is left empty, replaces it when typed, and never writes it in the audit log', async ({
    world,
  }) => {
    const added = await addProvider(karin);
    await world.advance(60_000);
    const renamed = await body<IdentityProviderView>(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { name: 'Company login' }) }),
    );
    expect(renamed).toMatchObject({ name: 'Company login', secretHint: '…1234', updatedAt: world.now() });
    const replaced = await body<IdentityProviderView>(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(renamed, { clientSecret: 'another-secret-9876' }) }),
    );
    expect(replaced.secretHint).toBe('…9876');
    const changes = (await auditOf(world, 'idp.changed')).map((e) => e.detail);
    expect(changes).toEqual([
      'Karin Berg changed the identity provider “Company login”: name Company login',
      'Karin Berg changed the identity provider “Company login”: client secret replaced',
    ]);
    expect(JSON.stringify(await auditLog(world))).not.toMatch(/another-secret|sEcReT-value/);
  });

  it('switching to a certificate drops the secret; switching back asks for a secret again', async () => {
    const added = await addProvider(karin);
    const jwt = await body<IdentityProviderView>(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { clientAuth: 'private_key_jwt' }) }),
    );
    expect(jwt.secretHint).toBeNull();
    const problem = await expectProblem(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(jwt, { clientAuth: 'client_secret_post' }) }),
      400,
      'invalid_request',
      'clientSecret',
    );
    expect(problem.message).toMatch(/Enter the client secret/);
  });

  it('a change made in another tab meanwhile is not overwritten: the second save is refused with what to do', async ({ world }) => {
    const added = await addProvider(karin);
    await world.advance(1_000);
    // Both tabs opened the form at the same version; the first tab saves.
    const first = await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { name: 'Tab one' }) });
    expect(first.status).toBe(200);
    const problem = await expectProblem(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { offer: 'redirect' }) }),
      409,
      'idp_changed',
      'version',
    );
    expect(problem.message).toBe(
      '“Tab one” was changed in another tab or by another administrator after you opened it. Reload to see the change, then make yours again.',
    );
    expect((await providers(karin))[0]).toMatchObject({ name: 'Tab one', offer: 'button' });
  });

  it('two changes within the same world millisecond still get distinct versions', async () => {
    const added = await addProvider(karin);
    const first = await body<IdentityProviderView>(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { name: 'A' }) }),
    );
    expect(first.updatedAt).toBeGreaterThan(added.updatedAt);
    await expectProblem(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { name: 'B' }) }),
      409,
      'idp_changed',
      'version',
    );
  });

  it('refuses a change without a version, and answers 404 for a provider that does not exist', async () => {
    const added = await addProvider(karin);
    await expectProblem(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: { ...asChange(added), version: undefined } }),
      400,
      'invalid_request',
      'version',
    );
    await expectProblem(await karin.api(`${PROVIDERS}/idp_nope`, { method: 'PUT', body: asChange(added) }), 404, 'not_found');
  });

  it('a provider keeps its own domains on a change (they are not "taken" by itself)', async () => {
    const added = await addProvider(karin);
    const response = await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { offer: 'redirect' }) });
    expect(response.status).toBe(200);
    expect((await body<IdentityProviderView>(response)).offer).toBe('redirect');
  });
});

describe('removing a provider', () => {
  it('frees its domains for another provider and says so in the audit log', async ({ world }) => {
    const added = await addProvider(karin, { name: 'Old IdP' });
    const response = await karin.api(`${PROVIDERS}/${added.id}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await providers(karin)).toEqual([]);
    expect((await auditOf(world, 'idp.removed'))[0]!.detail).toBe(
      'Karin Berg removed the identity provider “Old IdP”; company.com sign in with passwords again',
    );
    await addProvider(karin, { name: 'New IdP' });
    await expectProblem(await karin.api(`${PROVIDERS}/${added.id}`, { method: 'DELETE' }), 404, 'not_found');
  });
});

describe("Connect's certificate for private_key_jwt", () => {
  it('is a self-signed X.509 certificate of a key pair Connect keeps, valid from now (world time) for a year', async ({ world }) => {
    const added = await addProvider(karin, { clientAuth: 'private_key_jwt', clientSecret: '' });
    const made = await body<IdentityProviderView>(await karin.api(`${PROVIDERS}/${added.id}/certificate`, { body: { years: 1 } }));
    const certificate = made.certificate!;
    const start = new Date(world.now());
    const yearLater = new Date(world.now());
    yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
    expect(certificate).toMatchObject({ notBefore: world.now(), notAfter: yearLater.getTime() });

    // Read back with X.509 code of its own: the dates, self-signed, and the thumbprint of its DER.
    const parsed = new x509.X509Certificate(certificate.pem);
    expect(parsed.notBefore.getTime()).toBe(Math.floor(start.getTime() / 1000) * 1000);
    expect(parsed.notAfter.getTime()).toBe(Math.floor(yearLater.getTime() / 1000) * 1000);
    expect(await parsed.isSelfSigned()).toBe(true);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', parsed.rawData));
    expect(certificate.thumbprint).toBe(Buffer.from(digest).toString('base64url'));

    // The key Connect signs its client assertions with is the certificate's: what it signs, the certificate verifies.
    const db = connectDb(world);
    const row = await db.identityProviders.get(added.id);
    db.close();
    const privateKey = await importJWK(row!.credential!.privateJwk as Parameters<typeof importJWK>[0], 'RS256');
    const signed = await new CompactSign(new TextEncoder().encode('assertion')).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    const publicKey = await importX509(certificate.pem, 'RS256');
    expect(new TextDecoder().decode((await compactVerify(signed, publicKey)).payload)).toBe('assertion');

    const download = await karin.api(`${PROVIDERS}/${added.id}/certificate.pem`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="connect-example-id.pem"');
    expect(await download.text()).toBe(certificate.pem);
    expect((await auditOf(world, 'idp.changed')).map((e) => e.detail)).toEqual([
      `Karin Berg made a certificate for the identity provider “Example ID”, valid until ${yearLater.toISOString().slice(0, 10)}`,
    ]);
  });

  it('is replaced only when the administrator confirms; two years when chosen', async ({ world }) => {
    const added = await addProvider(karin, { clientAuth: 'private_key_jwt', clientSecret: '' });
    const first = (await body<IdentityProviderView>(await karin.api(`${PROVIDERS}/${added.id}/certificate`, { body: { years: 1 } })))
      .certificate!;
    const refused = await expectProblem(
      await karin.api(`${PROVIDERS}/${added.id}/certificate`, { body: { years: 2 } }),
      409,
      'certificate_exists',
      'replace',
    );
    expect(refused.message).toMatch(/already has a certificate \(valid until \d{4}-\d\d-\d\d\)\. A new one replaces it/);
    expect((await providers(karin))[0]!.certificate!.thumbprint).toBe(first.thumbprint);
    await world.advance(60_000);
    const second = (
      await body<IdentityProviderView>(await karin.api(`${PROVIDERS}/${added.id}/certificate`, { body: { years: 2, replace: true } }))
    ).certificate!;
    expect(second.thumbprint).not.toBe(first.thumbprint);
    const twoYears = new Date(world.now());
    twoYears.setUTCFullYear(twoYears.getUTCFullYear() + 2);
    expect(second).toMatchObject({ notBefore: world.now(), notAfter: twoYears.getTime() });
  });

  it('refuses a validity other than 1 or 2 years, and a download before any certificate exists', async () => {
    const added = await addProvider(karin, { clientAuth: 'private_key_jwt', clientSecret: '' });
    for (const years of [3, 0, '1', null])
      expect(
        (await expectProblem(await karin.api(`${PROVIDERS}/${added.id}/certificate`, { body: { years } }), 400, 'invalid_request', 'years'))
          .message,
      ).toBe('Choose a validity of 1 or 2 years.');
    const missing = await expectProblem(await karin.api(`${PROVIDERS}/${added.id}/certificate.pem`), 404, 'certificate_missing');
    expect(missing.message).toBe('This provider has no certificate yet. Make one first.');
  });

  it('a new certificate means the connection changed: an earlier passed test no longer vouches for "Only SSO"', async ({ world }) => {
    const added = await addProvider(karin, { clientAuth: 'private_key_jwt', clientSecret: '' });
    const db = connectDb(world);
    await db.ssoTests.add({
      id: 'test_passed',
      providerId: added.id,
      actorId: 'x',
      startedAt: world.now(),
      finishedAt: world.now(),
      outcome: 'passed',
      steps: [],
    });
    db.close();
    expect((await providers(karin))[0]!.testedSinceChange).toBe(true);
    await world.advance(1_000);
    await karin.api(`${PROVIDERS}/${added.id}/certificate`, { body: { years: 1 } });
    const [after] = await providers(karin);
    expect(after!.testedSinceChange).toBe(false);
    await expectProblem(
      await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(after!, { ssoOnly: true }) }),
      409,
      'idp_untested',
      'ssoOnly',
    );
  });

  it('after a passed test, "Only SSO" is switched on without a confirmation', async ({ world }) => {
    const added = await addProvider(karin);
    await world.advance(1_000);
    const db = connectDb(world);
    await db.ssoTests.add({
      id: 'test_passed',
      providerId: added.id,
      actorId: 'x',
      startedAt: world.now(),
      finishedAt: world.now(),
      outcome: 'passed',
      steps: [],
    });
    db.close();
    const response = await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { ssoOnly: true }) });
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await body<IdentityProviderView>(response)).ssoOnly).toBe(true);
  });
});

describe('Check discovery', () => {
  async function discover(issuer: string, clientAuth = 'client_secret_basic'): Promise<DiscoveryCheck> {
    const response = await karin.api(`${PROVIDERS}/discover`, { body: { issuer, clientAuth } });
    expect(response.status, await response.clone().text()).toBe(200);
    return body<DiscoveryCheck>(response);
  }

  it('reads the metadata of a provider that answers as it should', async () => {
    const check = await discover(GOOD_ISSUER, 'private_key_jwt');
    expect(check).toMatchObject({
      ok: true,
      failure: null,
      url: `${GOOD_ISSUER}/.well-known/openid-configuration`,
      metadata: { issuer: GOOD_ISSUER, authorization_endpoint: `${GOOD_ISSUER}/authorize`, token_endpoint: `${GOOD_ISSUER}/token` },
    });
    expect(check.message).toMatch(/Found the provider https:\/\/idp\.example\.test/);
  });

  it("reads Connect's own discovery as any OpenID provider's", async () => {
    expect(await discover('https://connect.test')).toMatchObject({ ok: true, metadata: { issuer: 'https://connect.test' } });
  });

  it('says that no server answers at a host that does not exist', async () => {
    const check = await discover('https://nowhere.example.test');
    expect(check).toMatchObject({ ok: false, failure: 'discovery_unreachable', metadata: null });
    expect(check.message).toBe('No server answers at nowhere.example.test. Check the issuer URL for a typo in the host name.');
  });

  it('says a 404 means no discovery document at that address', async () => {
    const check = await discover('https://missing-page.example.test');
    expect(check).toMatchObject({ ok: false, failure: 'discovery_unreachable' });
    expect(check.message).toMatch(/answered 404 for https:\/\/missing-page\.example\.test\/\.well-known\/openid-configuration/);
  });

  it('says an HTML page is not a discovery document', async () => {
    const check = await discover('https://html.example.test');
    expect(check).toMatchObject({ ok: false, failure: 'discovery_invalid' });
    expect(check.message).toMatch(/answered with something that is not JSON \(text\/html\)/);
  });

  it('names the fields half a document lacks', async () => {
    const check = await discover('https://partial.example.test');
    expect(check).toMatchObject({ ok: false, failure: 'discovery_invalid' });
    expect(check.message).toMatch(
      /lacks token_endpoint, jwks_uri, response_types_supported, subject_types_supported, id_token_signing_alg_values_supported/,
    );
  });

  it('names both issuers when the document states another one than entered', async () => {
    const check = await discover('https://tenant.example.test/v2.0');
    expect(check).toMatchObject({
      ok: false,
      failure: 'issuer_mismatch',
      metadata: { issuer: 'https://tenant.example.test/{tenantid}/v2.0' },
    });
    expect(check.message).toBe(
      "The provider says its issuer is “https://tenant.example.test/{tenantid}/v2.0”, but you entered “https://tenant.example.test/v2.0”. They must be identical, character for character: enter the provider's issuer.",
    );
  });

  it('says when the provider does not accept the client authentication chosen', async () => {
    const check = await discover('https://secrets-only.example.test', 'private_key_jwt');
    expect(check).toMatchObject({ ok: false, failure: 'client_auth_unsupported' });
    expect(check.message).toBe(
      'The provider does not accept a certificate (private_key_jwt) at its token endpoint; it accepts client_secret_post. Choose one of those.',
    );
  });

  it('refuses an issuer that is no URL at the issuer field, without asking anyone', async () => {
    const problem = await expectProblem(
      await karin.api(`${PROVIDERS}/discover`, { body: { issuer: 'not a url', clientAuth: 'client_secret_basic' } }),
      400,
      'invalid_request',
      'issuer',
    );
    expect(problem.message).toMatch(/is not a URL/);
  });

  it('gives up on a provider that never answers, with a message (never a request left hanging)', async ({ world }) => {
    const ctx = { network: world.workspace.network };
    const check = await checkDiscovery(ctx, 'https://silent.example.test', 'client_secret_basic', 20);
    expect(check).toMatchObject({ ok: false, failure: 'discovery_unreachable' });
    expect(check.message).toMatch(/^silent\.example\.test did not answer within 0\.02 seconds/);
  });
});

describe('Test connection', () => {
  it('reads discovery, then sends the browser to the provider with state, nonce and PKCE, and waits for its answer', async ({ world }) => {
    const added = await addProvider(karin);
    const response = await karin.api(`${PROVIDERS}/${added.id}/test`, { method: 'POST' });
    expect(response.status).toBe(201);
    const { test, redirectTo } = await body<StartTestResponse>(response);
    expect(test).toMatchObject({ providerId: added.id, outcome: 'running', startedAt: world.now(), finishedAt: null });
    expect(test.steps.map((s) => [s.step, s.ok])).toEqual([
      ['discovery', true],
      ['authorize', true],
    ]);
    const url = new URL(redirectTo!);
    expect(url.origin + url.pathname).toBe(`${GOOD_ISSUER}/authorize`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: 'connect-client',
      redirect_uri: 'https://connect.test/connect/sso/callback',
      code_challenge_method: 'S256',
    });
    expect(params['scope']!.split(' ')).toContain('openid');

    const db = connectDb(world);
    const signIn = await db.ssoSignIns.get(params['state']!);
    db.close();
    expect(signIn).toMatchObject({ providerId: added.id, purpose: 'test', testId: test.id, nonce: params['nonce'] });
    // RFC 7636 §4.2: the challenge is the verifier's SHA-256, base64url.
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(signIn!.codeVerifier)));
    expect(params['code_challenge']).toBe(Buffer.from(digest).toString('base64url'));

    const read = await body<SsoTestView>(await karin.api(`${PROVIDERS}/${added.id}/tests/${test.id}`));
    expect(read).toEqual(test);
    expect((await providers(karin))[0]!.lastTest).toEqual(test);
    expect((await auditOf(world, 'idp.tested')).map((e) => e.detail)).toEqual([
      'Karin Berg started Test connection of the identity provider “Example ID”',
    ]);
  });

  it('stops at discovery when the provider cannot be read: the run fails there and the browser stays', async ({ world }) => {
    const added = await addProvider(karin, { issuer: 'https://html.example.test' });
    const { test, redirectTo } = await body<StartTestResponse>(await karin.api(`${PROVIDERS}/${added.id}/test`, { method: 'POST' }));
    expect(redirectTo).toBeNull();
    expect(test).toMatchObject({ outcome: 'failed', finishedAt: world.now() });
    expect(test.steps).toEqual([expect.objectContaining({ step: 'discovery', ok: false, failure: 'discovery_invalid' })]);
    expect((await auditOf(world, 'idp.tested')).map((e) => e.detail)).toEqual([
      'Karin Berg started Test connection of the identity provider “Example ID”',
      'Test connection of the identity provider “Example ID” failed at discovery: discovery invalid',
    ]);
  });

  it('fails at the sign-in request when the provider answers it with its own page (redirect URI not registered)', async ({ world }) => {
    // Connect's own provider stands in: it does not know this client, so it shows its error page rather than a sign-in.
    const added = await addProvider(karin, { issuer: 'https://connect.test' });
    const { test, redirectTo } = await body<StartTestResponse>(await karin.api(`${PROVIDERS}/${added.id}/test`, { method: 'POST' }));
    expect(redirectTo).toBeNull();
    expect(test).toMatchObject({ outcome: 'failed', finishedAt: world.now() });
    expect(test.steps.map((s) => [s.step, s.ok, s.failure])).toEqual([
      ['discovery', true, undefined],
      ['authorize', false, 'redirect_uri_not_registered'],
    ]);
    expect(test.steps[1]!.detail).toMatch(/redirect URI https:\/\/connect\.test\/connect\/sso\/callback/);
    const db = connectDb(world);
    expect(await db.ssoSignIns.count()).toBe(0);
    db.close();
  });

  it("has a page of its own, which shows the run with the provider; another provider's run is not found there", async () => {
    const a = await addProvider(karin);
    const { test } = await body<StartTestResponse>(await karin.api(`${PROVIDERS}/${a.id}/test`, { method: 'POST' }));
    const shown = await karin.navigate(`${CONNECT}/admin/identity-providers/${a.id}/test/${test.id}`);
    const pageBody = pageOf<IdentityProviderTestPageData>(shown);
    expect(pageBody.view).toBe(IDENTITY_PROVIDER_VIEWS.test);
    expect(pageBody.data.test).toEqual(test);
    expect(pageBody.data.provider.id).toBe(a.id);
    await expectProblem(await karin.api(`${PROVIDERS}/${a.id}/tests/test_nope`), 404, 'not_found');
    const missing = await karin.navigate(`${CONNECT}/admin/identity-providers/idp_nope/test/${test.id}`);
    expect(missing.status).toBe(404);
  });
});

describe('the Identity providers tab', () => {
  it('lists the providers with the world time their expiry is judged against', async ({ world }) => {
    const added = await addProvider(karin, { secretExpiresAt: world.now() + 7 * 86_400_000 });
    const shown = await karin.navigate(`${CONNECT}/admin/identity-providers`);
    const pageBody = pageOf<IdentityProvidersPageData>(shown);
    expect(pageBody.view).toBe(IDENTITY_PROVIDER_VIEWS.list);
    expect(pageBody.data.now).toBe(world.now());
    expect(pageBody.data.shell.tab).toBe('identity-providers');
    expect(pageBody.data.providers.map((p) => [p.id, p.secretExpiresAt])).toEqual([[added.id, world.now() + 7 * 86_400_000]]);
  });

  it('names a domain added under Domains and not verified yet, so the form can say why it cannot be chosen', async () => {
    expect((await karin.api(`${CONNECT}/api/admin/domains`, { body: { domain: 'pending.example' } })).status).toBe(201);
    const pageBody = pageOf<IdentityProvidersPageData>(await karin.navigate(`${CONNECT}/admin/identity-providers`));
    expect(pageBody.data.unverifiedDomains).toEqual(['pending.example']);
  });
});

describe('a reload', () => {
  it('keeps the providers and a run left waiting for the provider, which still shows as running', async ({ world }) => {
    const added = await addProvider(karin);
    const { test } = await body<StartTestResponse>(await karin.api(`${PROVIDERS}/${added.id}/test`, { method: 'POST' }));
    const id = world.workspace.id;
    await world.close();
    const reopened = testWorldOf((await Workspace.open({ id, realClock: new ManualClock(0) }))!, world.template);
    try {
      const again = reopened.browser('karin');
      expect((await login(again, KARIN.email, KARIN.password)).status).toBe(200);
      const [provider] = await providers(again);
      expect(provider).toMatchObject({ id: added.id, lastTest: { id: test.id, outcome: 'running' } });
      // And it can still be changed and tested after the reload.
      const changed = await again.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(provider!, { name: 'After reload' }) });
      expect(changed.status).toBe(200);
    } finally {
      await reopened.close();
    }
  });
});

describe('a full disk', () => {
  it('adding a provider answers the storage error and leaves neither the provider nor its audit entry', async ({ world }) => {
    const db = connectDb(world);
    const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.identityProviders)) as { add: (...args: unknown[]) => unknown };
    db.close();
    const original = prototype.add;
    vi.spyOn(prototype, 'add').mockImplementation(function (this: { name: string }, ...args: unknown[]) {
      if (this.name === 'identityProviders') return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
    try {
      const response = await karin.api(PROVIDERS, { body: validInput() });
      expect(response.status).toBe(507);
      expect((await body<{ code: string }>(response)).code).toBe('storage_full');
    } finally {
      vi.restoreAllMocks();
    }
    expect(await providers(karin)).toEqual([]);
    expect(await auditOf(world, 'idp.')).toEqual([]);
    // Room again: the same form saves.
    await addProvider(karin);
  });
});

describe('a full disk on a change', () => {
  it('answers the storage error and keeps the provider as it was, without an audit entry', async ({ world }) => {
    const added = await addProvider(karin);
    const db = connectDb(world);
    const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.identityProviders)) as { put: (...args: unknown[]) => unknown };
    db.close();
    const original = prototype.put;
    vi.spyOn(prototype, 'put').mockImplementation(function (this: { name: string }, ...args: unknown[]) {
      if (this.name === 'identityProviders') return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
    try {
      const response = await karin.api(`${PROVIDERS}/${added.id}`, { method: 'PUT', body: asChange(added, { name: 'Renamed' }) });
      expect(response.status).toBe(507);
    } finally {
      vi.restoreAllMocks();
    }
    expect(await providers(karin)).toEqual([added]);
    expect(await auditOf(world, 'idp.changed')).toEqual([]);
  });
});
