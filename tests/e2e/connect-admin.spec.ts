// The Connect admin portal in the browser (seed 002, rules 25–28): Karin, the first administrator, activates her
// account from her mail, blocks Erik — his Connect session ends, Expense refuses his token, his password is refused —
// and unblocks him in one action; she sends him a temporary password, which he replaces at his next login.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { browserOf, inboxOf, openMail, openStage } from './support';

const ERIK = { name: 'Erik Johansson', email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const KARIN = { name: 'Karin Berg', email: 'karin.berg@company.com', password: 'karin-admin-passphrase' };

async function persona(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  const browser = browserOf(page, name);
  await expect(browser).toBeVisible();
  return browser;
}

async function go(browser: Locator, address: string): Promise<void> {
  const bar = browser.getByTestId('address-bar');
  await bar.fill(address);
  await bar.press('Enter');
}

/** Connect's identifier-first login: the email (unless it is already there), Continue, the password, Sign in. */
async function signIn(browser: Locator, email: string | null, password: string): Promise<void> {
  await expect(browser.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  if (email !== null) await browser.getByRole('textbox', { name: 'Email' }).fill(email);
  await browser.getByRole('button', { name: 'Continue' }).click();
  await browser.getByLabel('Password', { exact: true }).fill(password);
  await browser.getByRole('button', { name: 'Sign in' }).click();
}

/** Karin opens the activation mail the workspace sent her, sets her password, signs in and lands in the portal. */
async function activateKarin(page: Page): Promise<Locator> {
  const karin = await persona(page, KARIN.name);
  const inbox = inboxOf(page, KARIN.name);
  const text = await openMail(inbox, 'Activate your Connect administrator account');
  expect(text).toContain('You have been named an administrator of Demo Company');
  await inbox.getByRole('link', { name: /connect\.test\/activate/ }).click();
  await expect(karin.getByRole('heading', { name: 'Activate your administrator account' })).toBeVisible();
  await karin.getByLabel('Password', { exact: true }).fill(KARIN.password);
  await karin.getByLabel('Confirm password').fill(KARIN.password);
  await karin.getByRole('button', { name: 'Activate account' }).click();
  await expect(karin.getByRole('heading', { name: "You're an administrator" })).toBeVisible();
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signIn(karin, null, KARIN.password);
  await expect(karin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  return karin;
}

/**
 * Expense signs Erik in by single sign-on, as Expense's server would over the network (its own pages are not simulated):
 * the authorization request with his browser's cookies, PKCE S256, the code exchanged at the token endpoint.
 */
async function expenseAccessToken(page: Page): Promise<string> {
  return page.evaluate(async () => {
    type Sim = {
      network: { fetch(request: Request, options: { initiator: string; jar?: unknown }): Promise<Response> };
      devices(id: string): { jar: unknown };
    };
    const sim = (globalThis as unknown as { rolloutRehearsal: Sim }).rolloutRehearsal;
    const base64url = (bytes: ArrayBuffer | Uint8Array) =>
      btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const redirectUri = 'https://expense.test/auth/callback';
    const authorize = new URL('https://connect.test/connect/authorize');
    const query = { client_id: 'expense', redirect_uri: redirectUri, response_type: 'code', scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256', state: 'e2e' };
    for (const [name, value] of Object.entries(query)) authorize.searchParams.set(name, value);
    const sso = await sim.network.fetch(new Request(authorize), { initiator: 'browser:erik', jar: sim.devices('erik').jar });
    const code = new URL(sso.headers.get('location') ?? 'https://none.test/').searchParams.get('code');
    if (!code) throw new Error(`No single sign-on code: ${sso.status} ${sso.headers.get('location')}`);
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'expense', code_verifier: verifier });
    const token = await sim.network.fetch(
      new Request('https://connect.test/connect/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }),
      { initiator: 'server:expense.test' },
    );
    return ((await token.json()) as { access_token: string }).access_token;
  });
}

async function userinfoStatus(page: Page, accessToken: string): Promise<number> {
  return page.evaluate(async (token) => {
    type Sim = { network: { fetch(request: Request, options: { initiator: string }): Promise<Response> } };
    const sim = (globalThis as unknown as { rolloutRehearsal: Sim }).rolloutRehearsal;
    const response = await sim.network.fetch(new Request('https://connect.test/connect/userinfo', { headers: { authorization: `Bearer ${token}` } }), {
      initiator: 'server:expense.test',
    });
    return response.status;
  }, accessToken);
}

test('Karin blocks Erik in the admin portal: Connect signs him out, Expense refuses his token, his password is refused; one action unblocks him', async ({ page }) => {
  await openStage(page);
  let erik = await persona(page, ERIK.name);
  await go(erik, 'connect.test/login');
  await signIn(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  const expenseToken = await expenseAccessToken(page);
  expect(await userinfoStatus(page, expenseToken)).toBe(200);

  const karin = await activateKarin(page);
  const row = karin.locator(`tr[data-user="${ERIK.email}"]`);
  await expect(row).toContainText('Active');
  await karin.getByRole('button', { name: `Block ${ERIK.name}` }).click();
  await karin.getByRole('button', { name: `Yes, block: ${ERIK.name}` }).click();
  await expect(karin.getByRole('status').first()).toContainText(`${ERIK.name} is blocked`);
  await expect(row).toContainText('Blocked');

  erik = await persona(page, ERIK.name);
  await go(erik, 'connect.test/account');
  await expect(erik.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await userinfoStatus(page, expenseToken)).toBe(401);
  await signIn(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('alert')).toHaveText('The email or password is incorrect.');

  await persona(page, KARIN.name);
  await karin.getByRole('button', { name: `Unblock ${ERIK.name}` }).click();
  await expect(row).toContainText('Active');

  erik = await persona(page, ERIK.name);
  await signIn(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();

  // The audit log shows the block and the unblock, by Karin.
  await persona(page, KARIN.name);
  await karin.getByRole('link', { name: 'Audit log', exact: true }).first().click();
  await karin.getByLabel('Type').selectOption({ label: 'Blocks' });
  await karin.getByRole('button', { name: 'Filter' }).click();
  await expect(karin.locator('tbody tr')).toHaveCount(2);
  await expect(karin.locator('tbody tr').first()).toContainText(`Karin Berg unblocked ${ERIK.email}`);
});

test('Karin sends Erik a temporary password; he signs in with it from his mail and chooses a new one', async ({ page }) => {
  await openStage(page);
  const karin = await activateKarin(page);
  await karin.getByRole('button', { name: `Send temporary password ${ERIK.name}` }).click();
  await karin.getByRole('button', { name: `Yes, send: ${ERIK.name}` }).click();
  await expect(karin.getByRole('status').first()).toContainText(`A temporary password was emailed to ${ERIK.email}`);
  await expect(karin.locator(`tr[data-user="${ERIK.email}"]`)).toContainText('temporary password until');

  const erik = await persona(page, ERIK.name);
  const inbox = inboxOf(page, ERIK.name);
  const text = await openMail(inbox, 'Your temporary Connect password');
  const temporary = /Temporary password: (\S+)/.exec(text)?.[1];
  expect(temporary).toBeTruthy();
  await inbox.getByRole('link', { name: /connect\.test\/login/ }).click();
  await signIn(erik, null, temporary!);
  await expect(erik.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(erik.getByText('At least 10 characters')).toBeVisible();
  await erik.getByLabel('New password', { exact: true }).fill(temporary!);
  await erik.getByLabel('Confirm new password').fill(temporary!);
  await erik.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(erik.getByRole('alert')).toHaveText('Choose a password of your own, not the temporary one');
  await erik.getByLabel('New password', { exact: true }).fill('erik-chose-this-one');
  await erik.getByLabel('Confirm new password').fill('erik-chose-this-one');
  await erik.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();

  await persona(page, KARIN.name);
  await karin.getByRole('link', { name: 'Audit log', exact: true }).first().click();
  await karin.getByLabel('User').fill(ERIK.email);
  await karin.getByRole('button', { name: 'Filter' }).click();
  await expect(karin.locator('tbody tr[data-type="email.temporary_password"]')).toContainText('Temporary password email');
  await expect(karin.locator('tbody tr[data-type="password.changed"]')).toContainText('replaced the temporary password');
});
