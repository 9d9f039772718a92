// Owns the Identity providers tests' shared steps: Karin signed in with company.com verified, a form's worth of valid
// settings, and stand-in OpenID providers on origins of their own (a good one, and each way a discovery URL goes wrong).
import { http, HttpResponse } from 'msw';
import { expect } from 'vitest';
import type { IdentityProviderInput, IdentityProviderView } from '../../../../src/contracts/connect-sso';
import type { TestBrowser, TestWorld } from '../../../support/harness';
import { addRecord, signInToDns } from '../../dns/support';
import { signedInAdmin } from '../admin-support';
import { addDomain, verify } from '../domains-support';
import { body, CONNECT } from '../support';

export const PROVIDERS = `${CONNECT}/api/admin/identity-providers`;

/** A provider that answers its discovery document as a provider should, and knows Connect's client. */
export const GOOD_ISSUER = 'https://idp.example.test';

export const FIVE_MINUTES = 300_000;

/** Karin, administrator, with company.com verified by its TXT record (R23), as R24 asks before any provider. */
export async function adminWithVerifiedDomain(world: TestWorld): Promise<TestBrowser> {
  const karin = await signedInAdmin(world);
  const nils = await signInToDns(world);
  const domain = await addDomain(karin);
  await addRecord(nils, { host: '@', type: 'TXT', value: domain.instructions.txt.value });
  await world.advance(FIVE_MINUTES);
  expect((await verify(karin)).domain.status).toBe('verified');
  return karin;
}

export function validInput(overrides: Partial<IdentityProviderInput> = {}): IdentityProviderInput {
  return {
    kind: 'oidc',
    name: 'Example ID',
    issuer: GOOD_ISSUER,
    clientId: 'connect-client',
    clientAuth: 'client_secret_basic',
    clientSecret: 'sEcReT-value-1234',
    emailClaim: 'email',
    domains: ['company.com'],
    ssoOnly: false,
    offer: 'button',
    ...overrides,
  };
}

export async function addProvider(karin: TestBrowser, overrides: Partial<IdentityProviderInput> = {}): Promise<IdentityProviderView> {
  const response = await karin.api(PROVIDERS, { body: validInput(overrides) });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<IdentityProviderView>(response);
}

/** The provider's own fields as a change request sends them back, at the version the form showed. */
export function asChange(view: IdentityProviderView, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: view.kind,
    name: view.name,
    issuer: view.issuer,
    clientId: view.clientId,
    clientAuth: view.clientAuth,
    clientSecret: '',
    secretExpiresAt: view.secretExpiresAt,
    emailClaim: view.emailClaim,
    domains: view.domains,
    ssoOnly: view.ssoOnly,
    offer: view.offer,
    enabled: view.enabled,
    version: view.updatedAt,
    ...overrides,
  };
}

/** A complete provider metadata document (OIDC Discovery §3) for `issuer`. */
export function metadataFor(issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    scopes_supported: ['openid', 'email', 'profile'],
    ...extra,
  };
}

const WELL_KNOWN = '/.well-known/openid-configuration';

/**
 * Puts stand-in providers on the world's network, before its own servers: a good one, one answering an HTML page, one
 * with half a document, one naming another issuer, one that does not accept private_key_jwt, and one that never answers.
 */
export function withStandInProviders(world: TestWorld): void {
  const standIns = [
    http.get(`${GOOD_ISSUER}${WELL_KNOWN}`, () => HttpResponse.json(metadataFor(GOOD_ISSUER))),
    // It knows Connect's client: its sign-in request goes on to its login page.
    http.get(`${GOOD_ISSUER}/authorize`, () => new HttpResponse(null, { status: 302, headers: { location: `${GOOD_ISSUER}/login` } })),
    http.get(`https://html.example.test${WELL_KNOWN}`, () => HttpResponse.html('<!doctype html><h1>Welcome to our intranet</h1>')),
    http.get(`https://partial.example.test${WELL_KNOWN}`, () =>
      HttpResponse.json({ issuer: 'https://partial.example.test', authorization_endpoint: 'https://partial.example.test/authorize' }),
    ),
    http.get(`https://tenant.example.test/v2.0${WELL_KNOWN}`, () =>
      HttpResponse.json(metadataFor('https://tenant.example.test/{tenantid}/v2.0')),
    ),
    http.get(`https://secrets-only.example.test${WELL_KNOWN}`, () =>
      HttpResponse.json(
        metadataFor('https://secrets-only.example.test', { token_endpoint_auth_methods_supported: ['client_secret_post'] }),
      ),
    ),
    http.get(`https://missing-page.example.test${WELL_KNOWN}`, () => new HttpResponse('Not found', { status: 404 })),
    http.get(`https://silent.example.test${WELL_KNOWN}`, () => new Promise<Response>(() => {})),
  ];
  world.workspace.network.setHandlers([...standIns, ...world.workspace.handlers()]);
}
