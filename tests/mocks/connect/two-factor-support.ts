// Owns the two-factor tests' shared steps: setting up an authenticator app as a phone would (reading the key URI the
// page shows and computing codes on world time), the second step's calls, and an account's sign-in ending there.
import { expect } from 'vitest';
import type { ConfirmTotpResponse, TwoFactorSetupPageData } from '../../../src/contracts/connect-two-factor';
import { parseOtpauthUri, totpCode } from '../../../src/domain/totp';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { body, CONNECT, login } from './support';

export const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024' } as const;

/** The base32 secret in a setup page's QR code, as an authenticator app reads it. */
export function secretOf(page: TwoFactorSetupPageData): string {
  const parsed = parseOtpauthUri(page.enrolment.otpauthUri);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.secret;
}

/** A page's data, from a navigation that must end on `view`. */
export async function pageData<T>(browser: TestBrowser, url: string, view: string): Promise<T> {
  const result = await browser.navigate(url);
  expect(result.outcome.kind === 'page' ? result.outcome.page.view : result.outcome).toBe(view);
  return (result.outcome as { page: { data: T } }).page.data;
}

/** Account settings: the QR code of a new authenticator app, confirmed with the code the app shows now. */
export async function setUpInAccount(world: TestWorld, browser: TestBrowser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await pageData<TwoFactorSetupPageData>(browser, `${CONNECT}/account/two-factor`, 'connect/two-factor-setup');
  const secret = secretOf(page);
  const response = await browser.api(`${CONNECT}/api/me/two-factor/totp/confirm`, { body: { code: totpCode(secret, world.now()) } });
  expect(response.status).toBe(200);
  return { secret, recoveryCodes: (await body<ConfirmTotpResponse>(response)).recoveryCodes };
}

/** Erik signs in with his password in a new browser and sets up an authenticator app in account settings. */
export async function erikWithApp(world: TestWorld): Promise<{ browser: TestBrowser; secret: string; recoveryCodes: string[] }> {
  const browser = world.browser('erik');
  expect((await login(browser, ERIK.email, ERIK.password)).status).toBe(200);
  return { browser, ...(await setUpInAccount(world, browser)) };
}

/** The password step; expects it to lead to the second step and returns where that is. */
export async function passwordThenSecondStep(browser: TestBrowser, email: string, password: string, returnTo?: string): Promise<string> {
  const response = await login(browser, email, password, returnTo);
  expect(response.status).toBe(200);
  const answer = await body<{ next?: string; redirectTo: string }>(response);
  expect(answer.next).toBe('second_factor');
  return answer.redirectTo;
}

export function verify(
  browser: TestBrowser,
  method: 'totp' | 'recovery_code',
  code: string,
  rememberDevice = false,
  returnTo?: string,
): Promise<Response> {
  const query = returnTo === undefined ? '' : `?return_to=${encodeURIComponent(returnTo)}`;
  return browser.api(`${CONNECT}/api/session/two-factor${query}`, { body: { method, code, rememberDevice } });
}

/** Whether the browser is signed in at Connect (GET /api/me). */
export async function signedIn(browser: TestBrowser): Promise<boolean> {
  const status = (await browser.api(`${CONNECT}/api/me`)).status;
  expect([200, 401]).toContain(status);
  return status === 200;
}

/** The claims of a JWT, unverified (the OIDC tests verify signatures; these read what a session said). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload)) as Record<string, unknown>;
}
