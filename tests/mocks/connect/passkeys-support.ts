// Owns the passkey API tests' shared steps: a sandbox authenticator whose credentials live in memory (the client, as a
// persona's would be in the tab), Erik signed in to Connect, and one registration or passkey sign-in as a page runs it.
import { expect } from 'vitest';
import type { PasskeyCreationOptions, PasskeyRequestOptions } from '../../../src/contracts/connect-passkeys';
import { PASSKEY_API } from '../../../src/contracts/connect-passkeys';
import type { SandboxCredential } from '../../../src/contracts/simulation';
import { SandboxAuthenticator, type SandboxCredentialStore } from '../../../src/platform/webauthn/sandbox-authenticator';
import type { AuthenticatorResult } from '../../../src/platform/webauthn/authenticator';
import { TEST_PAGE_ORIGIN, type TestBrowser, type TestWorld } from '../../support/harness';
import { body, CONNECT, login } from './support';

export const ERIK = { email: 'erik.johansson@company.com', password: 'expense-erik-2024', name: 'Erik Johansson' };

/** A persona's sandbox credentials, kept in memory; `snapshot` copies them as a cloned authenticator would hold them. */
export class MemoryCredentialStore implements SandboxCredentialStore {
  credentials: SandboxCredential[] = [];

  list(): readonly SandboxCredential[] {
    return this.credentials;
  }

  async replace(credentials: SandboxCredential[]): Promise<void> {
    this.credentials = credentials.map((c) => ({ ...c }));
  }

  snapshot(): MemoryCredentialStore {
    const copy = new MemoryCredentialStore();
    copy.credentials = this.credentials.map((c) => ({ ...c }));
    return copy;
  }
}

/** A sandbox authenticator on the test's page origin (vitest.config.ts), with its own store unless one is given. */
export function sandbox(
  options: { store?: MemoryCredentialStore; origin?: string; verifiesUser?: boolean; crossOrigin?: { topOrigin?: string } } = {},
): {
  authenticator: SandboxAuthenticator;
  store: MemoryCredentialStore;
} {
  const store = options.store ?? new MemoryCredentialStore();
  const authenticator = new SandboxAuthenticator(store, {
    origin: options.origin ?? TEST_PAGE_ORIGIN,
    verifiesUser: options.verifiesUser ?? true,
    ...(options.crossOrigin ? { crossOrigin: options.crossOrigin } : {}),
  });
  return { authenticator, store };
}

/** Erik's browser, signed in to Connect with his password. */
export async function signedInErik(world: TestWorld, name = 'erik'): Promise<TestBrowser> {
  const browser = world.browser(name);
  expect((await login(browser, ERIK.email, ERIK.password)).status).toBe(200);
  return browser;
}

export async function registrationOptions(browser: TestBrowser): Promise<PasskeyCreationOptions> {
  const response = await browser.api(`${CONNECT}${PASSKEY_API.registrationOptions}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return body<PasskeyCreationOptions>(response);
}

export async function authenticationOptions(browser: TestBrowser): Promise<PasskeyRequestOptions> {
  const response = await browser.api(`${CONNECT}${PASSKEY_API.authenticationOptions}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return body<PasskeyRequestOptions>(response);
}

/** What the authenticator answered, or a failed test naming why it gave nothing. */
export function answered<T>(result: AuthenticatorResult<T>): T {
  if (!result.ok) throw new Error(`The authenticator answered ${result.code}: ${result.message}`);
  return result.response;
}

/** Account settings' "Add a passkey": options, the authenticator, the answer sent back. */
export async function registerPasskey(browser: TestBrowser, authenticator: SandboxAuthenticator): Promise<Response> {
  const options = await registrationOptions(browser);
  const response = answered(await authenticator.create(options.publicKey));
  return browser.api(`${CONNECT}${PASSKEY_API.registration}`, { body: { ceremonyId: options.ceremonyId, response } });
}

/** The login page's "Sign in with a passkey", returning to `returnTo` when given. */
export async function signInWithPasskey(browser: TestBrowser, authenticator: SandboxAuthenticator, returnTo?: string): Promise<Response> {
  const options = await authenticationOptions(browser);
  const response = answered(await authenticator.get(options.publicKey));
  const query = returnTo === undefined ? '' : `?return_to=${encodeURIComponent(returnTo)}`;
  return browser.api(`${CONNECT}${PASSKEY_API.authentication}${query}`, { body: { ceremonyId: options.ceremonyId, response } });
}
