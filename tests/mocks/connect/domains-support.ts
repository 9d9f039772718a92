// Owns the domain verification tests' shared steps: a Connect account signed in, adding a domain and clicking Verify
// as Karin (the administrator, signed in with admin-support's signedInAdmin).
import { expect } from 'vitest';
import type { DomainView, VerificationMethod, VerifyDomainResponse } from '../../../src/contracts/connect-domains';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { body, CONNECT, login } from './support';

export const DOMAINS = `${CONNECT}/api/admin/domains`;
export const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' };

/** A browser signed in to Connect as someone who is not an administrator. */
export async function signInToConnect(world: TestWorld, who: { email: string; password: string }, name: string): Promise<TestBrowser> {
  const browser = world.browser(name);
  expect((await login(browser, who.email, who.password)).status).toBe(200);
  return browser;
}

export async function addDomain(karin: TestBrowser, domain = 'company.com'): Promise<DomainView> {
  const response = await karin.api(DOMAINS, { body: { domain } });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<DomainView>(response);
}

export async function verify(
  karin: TestBrowser,
  method: VerificationMethod = 'txt',
  domain = 'company.com',
): Promise<VerifyDomainResponse> {
  const response = await karin.api(`${DOMAINS}/${domain}/verify`, { body: { method } });
  expect(response.status, await response.clone().text()).toBe(200);
  return body<VerifyDomainResponse>(response);
}
