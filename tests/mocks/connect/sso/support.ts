// Owns the single sign-on tests' shared steps: a world whose organisation signs company.com in with the fake provider,
// the email step, the trip through the provider and back, and what Connect recorded (sessions, accounts, audit).
import { expect } from 'vitest';
import type { ConnectErrorPageData, IdentifyResponse } from '../../../../src/contracts/connect';
import type { NavigationResult } from '../../../../src/clients/navigation';
import type { AccountRow, AuditRow, FederatedIdentityRow, IdentityProviderRow } from '../../../../mocks/servers/connect/db';
import { configureProvider, FakeIdp, type SsoWorldOptions } from '../../../support/fake-idp';
import type { TestBrowser, TestWorld } from '../../../support/harness';
import { auditLog, body, CONNECT, connectDb } from '../support';

export { auditLog, body, CONNECT };

/** Erik has a Connect account with a password at company.com in the demo tenant. */
export const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024', sub: 'idp-erik' } as const;

export async function ssoWorld(world: TestWorld, options: SsoWorldOptions = {}): Promise<{ idp: FakeIdp; provider: IdentityProviderRow }> {
  const idp = await FakeIdp.create(world);
  idp.addUser({ sub: ERIK.sub, email: ERIK.email, name: 'Erik Johansson', amr: ['pwd', 'mfa'] });
  const provider = await configureProvider(world, idp, options);
  return { idp, provider };
}

export async function identify(
  browser: TestBrowser,
  email: string,
  returnTo?: string,
): Promise<{ status: number; body: IdentifyResponse }> {
  const query = returnTo === undefined ? '' : `?return_to=${encodeURIComponent(returnTo)}`;
  const response = await browser.api(`${CONNECT}/api/session/identify${query}`, { body: { email } });
  return { status: response.status, body: await body<IdentifyResponse>(response) };
}

/** The email step, then "Sign in with …": the browser goes to the provider and comes back to Connect. */
export async function signInWithSso(browser: TestBrowser, email: string, returnTo?: string): Promise<NavigationResult> {
  const answer = await identify(browser, email, returnTo);
  expect(answer.body.next).toBe('sso');
  return browser.navigate(`${CONNECT}${answer.body.sso!.startUrl}`, { from: CONNECT });
}

/** The view a navigation ended on. */
export function viewOf(result: NavigationResult): string {
  return result.outcome.kind === 'page' ? result.outcome.page.view : `problem:${result.outcome.problem.code}`;
}

/** The sign-in error page's data; fails the test when the navigation ended elsewhere. */
export function errorPageOf(result: NavigationResult): ConnectErrorPageData {
  expect(viewOf(result)).toBe('connect/error');
  return (result.outcome as { page: { data: ConnectErrorPageData } }).page.data;
}

/** Whether the browser is signed in at Connect (GET /api/me). */
export async function signedIn(browser: TestBrowser): Promise<boolean> {
  const status = (await browser.api(`${CONNECT}/api/me`)).status;
  expect([200, 401]).toContain(status);
  return status === 200;
}

export async function entries(world: TestWorld, type: AuditRow['type']): Promise<AuditRow[]> {
  return (await auditLog(world)).filter((e) => e.type === type);
}

export async function connectState(world: TestWorld): Promise<{ accounts: AccountRow[]; links: FederatedIdentityRow[]; sessions: number }> {
  const db = connectDb(world);
  try {
    return { accounts: await db.accounts.toArray(), links: await db.federatedIdentities.toArray(), sessions: await db.sessions.count() };
  } finally {
    db.close();
  }
}

export async function accountByEmail(world: TestWorld, email: string): Promise<AccountRow[]> {
  return (await connectState(world)).accounts.filter((a) => a.email === email);
}

/**
 * A brokered sign-in refused with `failure`: Connect's sign-in error page says so with a way back to the login page,
 * the browser has no session, no session was stored, and the audit log has the refusal with its reason.
 */
export async function expectRefused(world: TestWorld, browser: TestBrowser, result: NavigationResult, failure: string): Promise<string> {
  const page = errorPageOf(result);
  expect(page.code).toBe(failure);
  expect(page.message.length).toBeGreaterThan(20);
  expect(page.retryUrl).toMatch(/^\/login(\?|$)/);
  expect(await signedIn(browser)).toBe(false);
  expect((await connectState(world)).sessions).toBe(0);
  const refused = await entries(world, 'sso.refused');
  expect(refused).toHaveLength(1);
  expect(refused[0]!.detail).toContain(`(${failure})`);
  expect(await entries(world, 'sso.login')).toHaveLength(0);
  return page.message;
}
