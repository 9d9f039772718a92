// Owns the single sign-on journey's steps as Northwind's people take them: Tomas at Entra ID's login page and console
// (his phone's authenticator for codes) and at the DNS provider, Helena activating her Connect administrator account,
// verifying northwind.test and adding Entra ID with Connect's certificate, and any employee's trip through Entra's
// login page back to the application that sent them.
import { expect } from 'vitest';
import type { IdentityProviderInput, IdentityProviderView, SsoTestView, StartTestResponse } from '../../../src/contracts/connect-sso';
import type { DomainView } from '../../../src/contracts/connect-domains';
import { IDP_API, idpIssuer } from '../../../src/contracts/idp';
import { idpConsoleApi, type ConsoleApplication } from '../../../src/contracts/idp-console';
import { SSO_REDIRECT_URI } from '../../../src/contracts/connect-sso';
import { ORIGINS } from '../../../src/contracts/origins';
import type { NavigationResult } from '../../../src/clients/navigation';
import { totpCode } from '../../../src/domain/totp';
import { SSO_COMPANY_DOMAIN, SSO_COMPANY_TENANT_ID } from '../../../mocks/templates/sso-company';
import type { TemplatePerson } from '../../../mocks/templates/template';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { body } from '../../support/api';
import { activate, activationLink } from '../connect/admin-support';
import { login } from '../connect/support';

export const CONNECT = ORIGINS.connect;
export const ENTRA = ORIGINS.entra;
export const HRM = ORIGINS.hrm;
export const EXPENSE = ORIGINS.expense;
export const ISSUER = idpIssuer('entra', SSO_COMPANY_TENANT_ID);
export const HELENA_CONNECT_PASSWORD = 'helena-connect-passphrase';

export function person(world: TestWorld, key: string): TemplatePerson {
  const found = world.template.people.find((p) => p.key === key);
  if (!found) throw new Error(`No person ${key} in the template`);
  return found;
}

/** The hosts and paths a navigation went through, without query strings. */
export function pathOf(result: NavigationResult): string[] {
  return result.hops.map((h) => {
    const url = new URL(h.url);
    return `${url.origin}${url.pathname}`;
  });
}

export function viewOf(result: NavigationResult): string {
  return result.outcome.kind === 'page' ? result.outcome.page.view : `problem:${result.outcome.problem.code}`;
}

export function dataOf<T>(result: NavigationResult): T {
  if (result.outcome.kind !== 'page') throw new Error(`No page: ${JSON.stringify(result.outcome)}`);
  return result.outcome.page.data as T;
}

/**
 * Signs in on Entra's login page the navigation ended on, as `key` types it: username, password, and the code of the
 * persona's phone when Entra asks for it. Follows Entra's answer on to wherever it leads. `steps` records which were asked.
 */
export async function signInAtEntra(
  world: TestWorld,
  browser: TestBrowser,
  page: NavigationResult,
  key: string,
  steps: string[] = [],
): Promise<NavigationResult> {
  expect(viewOf(page), `Entra's login page, after ${JSON.stringify(page.hops.map((h) => h.url))}`).toBe('idp/sign-in');
  const account = person(world, key).idpAccount!;
  const { login: loginId } = dataOf<{ login: string }>(page);
  const post = async (name: 'signInUsername' | 'signInPassword' | 'signInCode', form: Record<string, string>) => {
    steps.push(name);
    const response = await browser.api(`${ENTRA}${IDP_API.entra[name].path}`, { body: form });
    expect(response.status, await response.clone().text()).toBe(200);
    return body<{ step?: string; redirectTo?: string }>(response);
  };
  await post('signInUsername', { login: loginId, username: account.username });
  let next = await post('signInPassword', { login: loginId, password: account.password });
  if (next.step === 'code') next = await post('signInCode', { login: loginId, code: totpCode(account.totpSecret!, world.now()) });
  expect(next.redirectTo).toBeDefined();
  return browser.navigate(new URL(next.redirectTo!, ENTRA).toString(), { from: ENTRA });
}

/** Tomas opens Entra's admin center and signs in there with his password and his phone's code. */
export async function tomasAtEntra(world: TestWorld): Promise<TestBrowser> {
  const tomas = world.browser('tomas');
  const start = await tomas.navigate(`${ENTRA}/admin/applications`);
  const back = await signInAtEntra(world, tomas, start, 'tomas');
  expect(viewOf(back)).toBe('idp/console/applications');
  return tomas;
}

export async function registerConnect(tomas: TestBrowser): Promise<ConsoleApplication> {
  const api = idpConsoleApi('entra');
  const response = await tomas.api(`${ENTRA}${api.addApplication.path}`, { body: { name: 'Connect', redirectUris: [SSO_REDIRECT_URI] } });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<ConsoleApplication>(response);
}

/** Helena activates her Connect administrator account from the mail the workspace sent her, and signs in. */
export async function helenaAtConnect(world: TestWorld): Promise<TestBrowser> {
  const helena = world.browser('helena-connect');
  const email = person(world, 'helena').email!;
  const link = await activationLink(helena, email);
  expect((await activate(helena, new URL(link).searchParams.get('token')!, HELENA_CONNECT_PASSWORD)).status).toBe(200);
  expect((await login(helena, email, HELENA_CONNECT_PASSWORD)).status).toBe(200);
  return helena;
}

/** Helena adds northwind.test, Tomas publishes the TXT record at the DNS provider, and Verify passes once it is visible. */
export async function verifyDomain(world: TestWorld, helena: TestBrowser, tomas: TestBrowser): Promise<void> {
  const added = await helena.api(`${CONNECT}/api/admin/domains`, { body: { domain: SSO_COMPANY_DOMAIN } });
  expect(added.status).toBe(201);
  const domain = await body<DomainView>(added);
  const dns = person(world, 'tomas').dnsAccount!;
  expect((await tomas.api(`${ORIGINS.dns}/api/session`, { body: { email: dns.email, password: dns.password } })).status).toBe(200);
  const record = { host: '@', type: 'TXT', value: domain.instructions.txt.value };
  expect((await tomas.api(`${ORIGINS.dns}/api/zones/${SSO_COMPANY_DOMAIN}/records`, { body: record })).status).toBe(201);
  await world.advance(5 * 60_000);
  const verified = await helena.api(`${CONNECT}/api/admin/domains/${SSO_COMPANY_DOMAIN}/verify`, { body: { method: 'txt' } });
  expect(verified.status).toBe(200);
  expect((await body<{ domain: DomainView }>(verified)).domain.status).toBe('verified');
}

export function entraInput(clientId: string, fields: Partial<IdentityProviderInput> = {}): IdentityProviderInput {
  return {
    kind: 'entra',
    name: 'Entra ID',
    issuer: ISSUER,
    clientId,
    clientAuth: 'private_key_jwt',
    emailClaim: 'email',
    domains: [SSO_COMPANY_DOMAIN],
    ssoOnly: false,
    offer: 'button',
    ...fields,
  };
}

export async function addProvider(helena: TestBrowser, input: IdentityProviderInput): Promise<IdentityProviderView> {
  const response = await helena.api(`${CONNECT}/api/admin/identity-providers`, { body: input });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<IdentityProviderView>(response);
}

export async function changeProvider(helena: TestBrowser, provider: IdentityProviderView, fields: Partial<IdentityProviderInput>) {
  const { kind, name, issuer, clientId, clientAuth, emailClaim, domains, ssoOnly, offer } = provider;
  const request = { kind, name, issuer, clientId, clientAuth, emailClaim, domains, ssoOnly, offer, version: provider.updatedAt, ...fields };
  const response = await helena.api(`${CONNECT}/api/admin/identity-providers/${provider.id}`, { method: 'PUT', body: request });
  expect(response.status, await response.clone().text()).toBe(200);
  return body<IdentityProviderView>(response);
}

export async function providers(helena: TestBrowser): Promise<IdentityProviderView[]> {
  return body<IdentityProviderView[]>(await helena.api(`${CONNECT}/api/admin/identity-providers`));
}

/** Helena makes Connect's certificate; Tomas uploads its PEM to Connect's app registration at Entra. */
export async function certificateToEntra(helena: TestBrowser, tomas: TestBrowser, provider: IdentityProviderView, clientId: string) {
  const made = await helena.api(`${CONNECT}/api/admin/identity-providers/${provider.id}/certificate`, { body: { years: 1 } });
  expect(made.status, await made.clone().text()).toBe(200);
  const withCertificate = await body<IdentityProviderView>(made);
  const download = await helena.api(`${CONNECT}/api/admin/identity-providers/${provider.id}/certificate.pem`);
  expect(download.status).toBe(200);
  const pem = await download.text();
  expect(pem).toContain('-----BEGIN CERTIFICATE-----');
  const api = idpConsoleApi('entra');
  const uploaded = await tomas.api(`${ENTRA}${api.addCertificate.path.replace(':clientId', clientId)}`, { body: { pem } });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  return withCertificate;
}

/** Test connection: Helena starts the run, signs in at Entra as the test user `key`, and reads the finished run. */
export async function testConnection(world: TestWorld, helena: TestBrowser, provider: IdentityProviderView, key: string) {
  const started = await helena.api(`${CONNECT}/api/admin/identity-providers/${provider.id}/test`, { method: 'POST' });
  expect(started.status, await started.clone().text()).toBe(201);
  const { test, redirectTo } = await body<StartTestResponse>(started);
  let landed: NavigationResult | null = null;
  if (redirectTo !== null) {
    const atEntra = await helena.navigate(new URL(redirectTo, CONNECT).toString(), { from: CONNECT });
    landed = viewOf(atEntra) === 'idp/sign-in' ? await signInAtEntra(world, helena, atEntra, key) : atEntra;
  }
  const run = await body<SsoTestView>(await helena.api(`${CONNECT}/api/admin/identity-providers/${provider.id}/tests/${test.id}`));
  return { run, landed };
}

/** The Connect part of everything above: Tomas registers Connect, Helena verifies the domain, adds Entra ID and tests it. */
export async function entraAtConnect(world: TestWorld, fields: Partial<IdentityProviderInput> = {}) {
  const tomas = await tomasAtEntra(world);
  const application = await registerConnect(tomas);
  const helena = await helenaAtConnect(world);
  await verifyDomain(world, helena, tomas);
  let provider = await addProvider(helena, entraInput(application.clientId, fields));
  if (provider.clientAuth === 'private_key_jwt') provider = await certificateToEntra(helena, tomas, provider, application.clientId);
  return { tomas, helena, application, provider };
}

/** The cutover: the world clock runs to the scheduled activation. */
export async function activation(world: TestWorld): Promise<void> {
  await world.workspace.clock.jumpToNextEvent();
  await world.workspace.settled();
}

/** The email step on Connect's login page (identifier first). */
export async function identify(browser: TestBrowser, email: string, returnTo: string | undefined) {
  const query = returnTo === undefined ? '' : `?return_to=${encodeURIComponent(returnTo)}`;
  const response = await browser.api(`${CONNECT}/api/session/identify${query}`, { body: { email } });
  return { status: response.status, body: await body<import('../../../src/contracts/connect').IdentifyResponse>(response) };
}

/**
 * Opens `url`; when it ends on Connect's login page, `key` types their email there and takes "Sign in with …" through
 * Entra's login page (skipped when Entra still has their session), back to where the page was going.
 */
export async function openWithSso(world: TestWorld, browser: TestBrowser, url: string, key: string): Promise<NavigationResult> {
  const opened = await browser.navigate(url);
  if (viewOf(opened) !== 'connect/login') return opened;
  const { returnTo } = dataOf<{ returnTo: string }>(opened);
  const offered = await identify(browser, person(world, key).email!, returnTo);
  expect(offered.body.next).toBe('sso');
  const sent = await browser.navigate(new URL(offered.body.sso!.startUrl, CONNECT).toString(), { from: CONNECT });
  return viewOf(sent) === 'idp/sign-in' ? signInAtEntra(world, browser, sent, key) : sent;
}
