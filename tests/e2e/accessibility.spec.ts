// Every main screen of the stage passes axe (WCAG 2.1 A and AA, nothing moderate or worse): the stage on first load,
// the employee's pages (HRM, Connect, Expense, the inbox, the phone, a Timeclock device), the administrators' consoles
// (HRM, Connect's admin portal, the DNS provider, the integrations console) and the trainer's and developer's panels.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import {
  activateConnectAdmin,
  choosePersona,
  go,
  inboxOf,
  logInToHrm,
  openMail,
  openStage,
  signInAtConnect,
  trainerPanel,
} from './support';

const ERIK = { name: 'Erik Johansson', email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const KARIN = { name: 'Karin Berg', password: 'karin-admin-passphrase' };

/** Waits for the page in the browser to finish loading, then checks the whole stage: one <main>, the stage's, and axe. */
async function check(page: Page, browser: Locator, screen: string): Promise<void> {
  await expect(browser.locator('.device-viewport')).toHaveAttribute('aria-busy', 'false');
  await expect.soft(page.getByRole('main'), `one main landmark on "${screen}"`).toHaveCount(1);
  await expectNoAxeViolations(page, screen);
}

test('the stage and an employee’s screens: HRM login and link journey, inbox, Connect, phone, Expense, Timeclock', async ({ page }) => {
  test.setTimeout(240_000);
  await openStage(page);
  const anna = await choosePersona(page, 'Anna Svensson');
  await check(page, anna, 'the stage on first load, HRM login');

  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await check(page, anna, 'HRM start page with the preparation banner');
  await anna.getByRole('button', { name: 'Go to Account Settings' }).click();
  await expect(anna.getByRole('heading', { name: 'Account Settings' })).toBeVisible();
  await check(page, anna, 'HRM Account Settings');
  await anna.getByRole('button', { name: 'anna.svensson@company.com' }).click();
  await anna.getByRole('button', { name: 'Send verification code' }).click();
  await expect(anna.getByText('Check your inbox')).toBeVisible();
  const inbox = inboxOf(page, 'Anna Svensson');
  const text = await openMail(inbox, 'Verify your email address');
  await check(page, anna, 'HRM code entry, inbox with the code mail open');
  const code = /Your verification code:\s*(\d{6})/.exec(text)![1]!;
  await anna.getByRole('textbox', { name: 'Verification code' }).fill(code);
  await anna.getByRole('button', { name: 'Verify' }).click();
  await expect(anna.getByText("You're all set!")).toBeVisible();
  await check(page, anna, 'HRM “You’re all set!”');
  await anna.getByRole('link', { name: 'Manage your account' }).click();
  await expect(anna.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await check(page, anna, 'Connect sign-in');

  // Erik: Connect's account page, the authenticator set up from his phone, then Expense.
  const erik = await choosePersona(page, ERIK.name);
  await go(erik, 'connect.test/account');
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await check(page, erik, 'Connect account settings');
  await erik.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(erik.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await check(page, erik, 'Connect two-factor setup with its QR code');
  const phone = page.getByRole('region', { name: `Phone of ${ERIK.name}` });
  await phone.getByRole('button', { name: 'Scan QR code' }).click();
  await expect(phone.getByText(`Added Connect ${ERIK.email}`)).toBeVisible();
  await check(page, erik, 'the phone with an authenticator account');
  await go(erik, 'expense.test');
  await check(page, erik, 'Expense');

  const devices = page.getByRole('region', { name: 'Timeclock devices' });
  await devices.getByRole('button', { name: 'Show' }).click();
  await expect(devices.getByRole('article', { name: 'Factory clock' })).toBeVisible();
  await check(page, erik, 'a Timeclock device screen');
});

test('the HRM’s admin screens (Users, Rollout, Integrations) and the integrations console', async ({ page }) => {
  test.setTimeout(180_000);
  await openStage(page);
  const karin = await choosePersona(page, KARIN.name);
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  for (const [address, heading] of [
    ['hrm.test/users', 'Users'],
    ['hrm.test/rollout', 'Rollout'],
    ['hrm.test/general/integrations', 'Integrations after the move'],
  ] as const) {
    await go(karin, address);
    await expect(karin.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await check(page, karin, `HRM ${heading}`);
  }

  await go(karin, 'integrations.test');
  await check(page, karin, 'integrations console sign-in');
  await karin.getByRole('textbox', { name: 'Email' }).fill('karin.berg@company.com');
  await karin.getByLabel('Password').fill('integrations-karin-1');
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await expect(karin.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
  await check(page, karin, 'integrations console overview');
  await karin.getByRole('link', { name: 'Payroll export' }).click();
  await expect(karin.getByRole('textbox', { name: 'Base URL' })).toBeVisible();
  await check(page, karin, 'integrations console, an integration');
});

test('Connect’s admin portal and the DNS provider’s console', async ({ page }) => {
  test.setTimeout(180_000);
  await openStage(page);
  const { browser: karin } = await activateConnectAdmin(page, KARIN.name, KARIN.password);
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(karin, null, KARIN.password);
  const tabs = karin.getByRole('navigation', { name: 'Admin portal' });
  await expect(tabs).toBeVisible();
  for (const tab of ['Users', 'Audit log', 'Administrators', 'Domains', 'Identity providers', 'Two-factor authentication']) {
    await tabs.getByRole('link', { name: tab }).click();
    await expect(karin.getByRole('heading', { name: tab, level: 1 })).toBeVisible();
    await check(page, karin, `Connect admin portal, ${tab}`);
  }

  const nils = await choosePersona(page, 'Nils Olsson');
  await go(nils, 'dns.test');
  await check(page, nils, 'DNS provider sign-in');
  await nils.getByRole('textbox', { name: 'Email' }).fill('nils.olsson@company.com');
  await nils.getByLabel('Password').fill('dns-nils-1');
  await nils.getByRole('button', { name: 'Sign in' }).click();
  await expect(nils.getByRole('heading', { name: 'Your domains' })).toBeVisible();
  await check(page, nils, 'DNS provider, domains');
  await nils.getByRole('link', { name: 'company.com' }).first().click();
  await expect(nils.getByRole('heading', { name: 'DNS records · company.com' })).toBeVisible();
  await check(page, nils, 'DNS provider, a zone’s records');
});

test('trainer mode and the developer x-ray, open on the stage', async ({ page }) => {
  test.setTimeout(180_000);
  await openStage(page);
  const anna = await choosePersona(page, 'Anna Svensson');
  await page.getByRole('button', { name: 'Trainer mode', exact: true }).click();
  const trainer = trainerPanel(page);
  await trainer
    .getByLabel('Scenario', { exact: true })
    .selectOption({ label: 'The happy path: Anna links her account and logs in through Connect after activation' });
  await trainer.getByRole('button', { name: 'Load scenario' }).click();
  await expect(trainer.getByText(/Step 1 of \d+/)).toBeVisible();
  await check(page, anna, 'trainer mode with the happy path loaded');
  await page.getByRole('button', { name: 'Trainer mode', exact: true }).click();

  await page.getByRole('button', { name: 'Developer x-ray' }).click();
  const xray = page.getByRole('region', { name: 'X-ray' });
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await expect(xray.getByRole('tab', { name: 'Traffic' })).toHaveAttribute('aria-selected', 'true');
  await check(page, anna, 'the x-ray’s traffic');
  for (const tab of await xray.getByRole('tab').all()) {
    const name = (await tab.textContent())?.trim() ?? '';
    if (name === 'Traffic') continue;
    await tab.click();
    await check(page, anna, `the x-ray’s ${name}`);
  }
});
