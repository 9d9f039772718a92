// Owns the admin portal tests' shared steps: Karin's activation as the workspace's first administrator (R28),
// calls to the admin APIs, finding a user in the portal, and locking an email with wrong passwords.
import { expect } from 'vitest';
import type { AdminUser, AdminUsersPage } from '../../../src/contracts/connect';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { body, CONNECT, inbox, login, readMessage } from './support';

export const KARIN = { email: 'karin.berg@company.com', password: 'karin-admin-passphrase' } as const;
export const ACTIVATION_SUBJECT = 'Activate your Connect administrator account';

/** The activation link in the newest activation mail to `email`. */
export async function activationLink(browser: TestBrowser, email: string): Promise<string> {
  const mail = (await inbox(browser, email)).messages.find((m) => m.subject === ACTIVATION_SUBJECT);
  expect(mail, `an activation mail to ${email}`).toBeDefined();
  const text = (await readMessage(browser, mail!.id)).text;
  const match = /https:\/\/connect\.test\/activate\?token=[0-9a-f]{64}/.exec(text);
  if (!match) throw new Error(`No activation link in the mail:\n${text}`);
  return match[0];
}

export function activate(browser: TestBrowser, token: string, password: string, confirmPassword = password): Promise<Response> {
  return browser.api(`${CONNECT}/api/activate`, { body: { token, password, confirmPassword } });
}

/** Karin activates her administrator account from the mail the workspace sent her, and signs in: her browser. */
export async function signedInAdmin(world: TestWorld): Promise<TestBrowser> {
  const karin = world.browser('karin');
  const link = await activationLink(karin, KARIN.email);
  expect((await activate(karin, new URL(link).searchParams.get('token')!, KARIN.password)).status).toBe(200);
  expect((await login(karin, KARIN.email, KARIN.password)).status).toBe(200);
  return karin;
}

/** An admin API call with the browser's session: GET without a body, POST with one unless `method` says otherwise. */
export function adminApi(browser: TestBrowser, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return browser.api(`${CONNECT}/api/admin${path}`, init);
}

/** The user with this email as the Users tab shows it. */
export async function adminUser(admin: TestBrowser, email: string): Promise<AdminUser> {
  const page = await body<AdminUsersPage>(await adminApi(admin, `/users?q=${encodeURIComponent(email)}`));
  const user = page.users.find((u) => u.email === email);
  expect(user, `${email} in the Users tab`).toBeDefined();
  return user!;
}

/** Posts `n` wrong passwords for `email`, one after the other, and returns their statuses. */
export async function failLogins(browser: TestBrowser, email: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await login(browser, email, `wrong-password-${i}`)).status);
  return statuses;
}
