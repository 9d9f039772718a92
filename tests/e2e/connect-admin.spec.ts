// The Connect admin portal in the browser (R25–R28): Karin, the first administrator, activates her
// account from her mail, blocks Erik — Connect and the Expense app sign him out, his password is refused — and unblocks
// him in one action; she sends him a temporary password, which he replaces at his next login; an expired activation
// link asks for a new one.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  activateConnectAdmin,
  advanceClock,
  choosePersona as persona,
  go,
  inboxOf,
  openMail,
  openStage,
  signInAtConnect as signIn,
} from './support';

const ERIK = { name: 'Erik Johansson', email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const KARIN = { name: 'Karin Berg', email: 'karin.berg@company.com', password: 'karin-admin-passphrase' };

/** Karin opens the activation mail the workspace sent her, sets her password, signs in and lands in the portal. */
async function activateKarin(page: Page): Promise<Locator> {
  const { browser: karin, mail } = await activateConnectAdmin(page, KARIN.name, KARIN.password);
  expect(mail).toContain('You have been named an administrator of Demo Company');
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signIn(karin, null, KARIN.password);
  await expect(karin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  return karin;
}

test('Karin blocks Erik in the admin portal: Connect and Expense sign him out, his password is refused; one action unblocks him', async ({
  page,
}) => {
  await openStage(page);
  let erik = await persona(page, ERIK.name);
  // Erik signs in to Expense through Connect, and is then signed in at Connect too (single sign-on).
  await go(erik, 'expense.test');
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await signIn(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Your receipts' })).toBeVisible();
  await go(erik, 'connect.test/account');
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();

  const karin = await activateKarin(page);
  const row = karin.locator(`tr[data-user="${ERIK.email}"]`);
  await expect(row).toContainText('Active');
  await karin.getByRole('button', { name: `Block ${ERIK.name}` }).click();
  await karin.getByRole('button', { name: `Yes, block: ${ERIK.name}` }).click();
  await expect(karin.getByRole('status').first()).toContainText(`${ERIK.name} is blocked`);
  await expect(row).toContainText('Blocked');

  // R25: access ends in every connected system at once.
  erik = await persona(page, ERIK.name);
  await go(erik, 'expense.test');
  await expect(erik.getByRole('alert')).toContainText('Connect no longer accepts your sign-in');
  await go(erik, 'connect.test/account');
  await signIn(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('alert')).toHaveText('The email or password is incorrect.');

  await persona(page, KARIN.name);
  await karin.getByRole('button', { name: `Unblock ${ERIK.name}` }).click();
  await expect(row).toContainText('Active');

  erik = await persona(page, ERIK.name);
  await signIn(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await go(erik, 'expense.test');
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await expect(erik.getByRole('heading', { name: 'Your receipts' })).toBeVisible();

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

test('a week later Karin’s activation link has expired: she sends herself a new one from its page and activates with it', async ({
  page,
}) => {
  await openStage(page);
  const karin = await persona(page, KARIN.name);
  const inbox = inboxOf(page, KARIN.name);
  await advanceClock(page, '+1 day', 7);
  await openMail(inbox, 'Activate your Connect administrator account');
  await inbox.getByRole('link', { name: /connect\.test\/activate/ }).click();
  await expect(karin.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await karin.getByRole('button', { name: 'Send me a new link' }).click();
  await expect(karin.getByRole('status').filter({ hasText: `A new activation link is on its way to ${KARIN.email}` })).toBeVisible();

  // The newest mail holds the new link; it opens the form, and the account is activated.
  await expect(inbox.getByRole('button', { name: /Activate your Connect administrator account/ })).toHaveCount(2);
  await openMail(inbox, 'Activate your Connect administrator account');
  await inbox.getByRole('link', { name: /connect\.test\/activate/ }).click();
  await expect(karin.getByRole('heading', { name: 'Activate your administrator account' })).toBeVisible();
  await karin.getByLabel('Password', { exact: true }).fill(KARIN.password);
  await karin.getByLabel('Confirm password').fill(KARIN.password);
  await karin.getByRole('button', { name: 'Activate account' }).click();
  await expect(karin.getByRole('heading', { name: "You're an administrator" })).toBeVisible();
});
