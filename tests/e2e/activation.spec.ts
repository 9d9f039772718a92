// The cutover as employees live it (R14–R16): after activation the HRM's login is Connect's; a linked
// user sets a password with "Forgot your password?" and gets in, then opens Expense without a password (single
// sign-on); a user who never linked is refused until the administrator's link rescues them.
import { expect, test } from '@playwright/test';
import {
  activate,
  activateConnectAdmin,
  addressOf,
  browserOn,
  choosePersona,
  CONNECT_PASSWORD,
  go,
  inboxOf,
  linkBeforeTheSwitch,
  logInThroughConnect,
  openMail,
  openStage,
  signInAtConnect,
} from './support';

test('after activation a linked user sets a password with "Forgot your password?", logs in to HRM through Connect, then opens Expense without a password', async ({
  page,
}) => {
  await openStage(page);
  await linkBeforeTheSwitch(page, 'anna', '10001', 'anna-hrm-1', 'anna.svensson@company.com');
  await activate(page);

  const anna = await choosePersona(page, 'Anna Svensson');
  const inbox = inboxOf(page, 'Anna Svensson');
  // The login at the new address says how to log in now (R14–R16, R18).
  await go(browserOn(page), 'https://web.hrm.test/login');
  await expect(anna.getByRole('heading', { name: 'Demo Company now logs in with Connect' })).toBeVisible();
  await expect(anna.getByText('No password yet? Choose “Forgot your password?” on the Connect login page.')).toBeVisible();

  await logInThroughConnect(page, anna, inbox, 'anna.svensson@company.com');
  await expect(anna.getByText('We are upgrading our login solution!')).toHaveCount(0);

  // Single sign-on: Expense signs her in through the same Connect session.
  await go(browserOn(page), 'https://expense.test/');
  await anna.getByRole('button', { name: 'Sign in with Connect' }).click();
  await expect(anna.getByRole('heading', { name: 'Your receipts' })).toBeVisible();
  await expect(anna.getByText('Signed in through Connect as anna.svensson@company.com')).toBeVisible();
  expect(await addressOf(page)).toBe('https://expense.test/');
  await expect(anna.getByLabel('Password')).toHaveCount(0);
});

test('a user who never linked is refused after activation, rescued by the admin’s link, and gets in', async ({ page }) => {
  await openStage(page);
  await linkBeforeTheSwitch(page, 'karin', '10002', 'karin-hrm-1', 'karin.berg@company.com');
  await activate(page);

  // Sara was on parental leave: no Connect account, so Connect's answer is the generic one.
  const sara = await choosePersona(page, 'Sara Nilsson');
  const saraInbox = inboxOf(page, 'Sara Nilsson');
  await go(browserOn(page), 'https://web.hrm.test/');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await signInAtConnect(sara, 'sara.nilsson@gmail.com', 'a guess at a password');
  await expect(sara.getByRole('alert').filter({ hasText: 'The email or password is incorrect' })).toBeVisible();

  // The admin logs in through Connect and sends her a verification link (R16).
  const karin = await choosePersona(page, 'Karin Berg');
  await logInThroughConnect(page, karin, inboxOf(page, 'Karin Berg'), 'karin.berg@company.com');
  await karin.getByRole('link', { name: 'Users', exact: true }).click();
  await karin.getByRole('searchbox', { name: 'Search' }).fill('Sara');
  const table = karin.getByRole('table', { name: 'Users' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await table.getByRole('button', { name: 'Sara Nilsson' }).click();
  const panel = karin.getByRole('region', { name: 'Sara Nilsson', exact: true });
  await panel.getByRole('textbox', { name: 'Email' }).fill('sara.nilsson@gmail.com');
  await panel.getByRole('button', { name: 'Send verification email' }).click();
  await expect(panel.getByText(/Link sent/).first()).toBeVisible();

  // Sara clicks the link, confirms, sets a password and is in.
  await choosePersona(page, 'Sara Nilsson');
  await openMail(saraInbox, 'Verify your email address for Connect');
  // After the move the link is at the new web address (R18).
  await saraInbox.getByRole('link', { name: /^https:\/\/web\.hrm\.test\/verify-email\?token=/ }).click();
  await sara.getByRole('button', { name: 'Confirm email' }).click();
  await expect(sara.getByText(/log in to HRM with sara\.nilsson@gmail\.com/i)).toBeVisible();
  await logInThroughConnect(page, sara, saraInbox, 'sara.nilsson@gmail.com');
  await expect(sara.getByText('Sara Nilsson').first()).toBeVisible();
});

test('the admin blocks a user at Connect, and the HRM and Expense both lose her at her next click (R25)', async ({ page }) => {
  await openStage(page);
  // Karin, the first Connect administrator, activates her account from the mail the workspace sent her (R28).
  const { browser: karin } = await activateConnectAdmin(page, 'Karin Berg', 'karin-admin-passphrase');

  await linkBeforeTheSwitch(page, 'anna', '10001', 'anna-hrm-1', 'anna.svensson@company.com');
  await activate(page);
  const anna = await choosePersona(page, 'Anna Svensson');
  await logInThroughConnect(page, anna, inboxOf(page, 'Anna Svensson'), 'anna.svensson@company.com');
  await go(anna, 'https://expense.test/auth/login');
  await expect(anna.getByRole('heading', { name: 'Your receipts' })).toBeVisible();

  await choosePersona(page, 'Karin Berg');
  await go(karin, 'https://connect.test/admin');
  await signInAtConnect(karin, 'karin.berg@company.com', 'karin-admin-passphrase');
  await expect(karin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await karin.getByRole('button', { name: 'Block Anna Svensson' }).click();
  await karin.getByRole('button', { name: 'Yes, block: Anna Svensson' }).click();
  await expect(karin.locator('tr[data-user="anna.svensson@company.com"]')).toContainText('Blocked');

  // Her next click in either app finds her signed out; Connect refuses her password.
  await choosePersona(page, 'Anna Svensson');
  await go(anna, 'https://web.hrm.test/my-profile');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await go(anna, 'https://expense.test/');
  await expect(anna.getByRole('alert')).toContainText('Connect no longer accepts your sign-in');
  await go(anna, 'https://web.hrm.test/');
  await signInAtConnect(anna, 'anna.svensson@company.com', CONNECT_PASSWORD);
  await expect(anna.getByRole('alert')).toHaveText('The email or password is incorrect.');
});
