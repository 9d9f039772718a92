// The Users view as an admin lives it (R8, R16): filtering who has not linked, a verification link to
// an employee who was away, and bulk reminders with their progress and summary.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { addressOf, advanceClock, browserOf, choosePersona, inboxOf, openMail, openStage, openUsersAsKarin } from './support';

const LINK_MAIL = 'Verify your email address for Connect';

/** The count on a status chip ("Not linked 27" → 27). */
async function chipCount(browser: Locator, label: string): Promise<number> {
  const text = (await browser.getByRole('button', { name: new RegExp(`^${label} [\\d,]+$`) }).textContent()) ?? '';
  return Number(/([\d,]+)\s*$/.exec(text)?.[1]?.replace(/,/g, ''));
}

/** Karin searches for one user and opens her detail panel. */
async function openUser(browser: Locator, name: string): Promise<Locator> {
  const table = browser.getByRole('table', { name: 'Users' });
  await browser.getByRole('searchbox', { name: 'Search' }).fill(name);
  await expect(table.getByRole('row')).toHaveCount(2);
  await table.getByRole('button', { name }).click();
  const panel = browser.getByRole('region', { name, exact: true });
  await expect(panel.getByRole('heading', { name: 'Link to Connect' })).toBeVisible();
  return panel;
}

/** Opens one of the link mails (0 = newest) and clicks its link, which opens in the persona's browser. */
async function followLinkMail(page: Page, inbox: Locator, nth: number): Promise<void> {
  const item = inbox.getByRole('button', { name: new RegExp(LINK_MAIL) }).nth(nth);
  const id = await item.getAttribute('data-message-id');
  await item.click();
  // The reader swaps its content once the mail has loaded: the link of this very mail, not of the one shown before.
  const link = inbox.locator(`article[data-message-id="${id}"]`).getByRole('link', { name: /^https:\/\/hrm\.test\/verify-email\?token=/ });
  const href = await link.getAttribute('href');
  await link.click();
  await expect.poll(() => addressOf(page)).toBe(href);
}

test('the admin filters unlinked users, sends a verification link to the parental-leave employee, who clicks it in her inbox and is linked', async ({
  page,
}) => {
  await openStage(page);
  const karin = await openUsersAsKarin(page);
  const table = karin.getByRole('table', { name: 'Users' });

  // Everyone first; the chips count by status (R11: Timeclock-only users apart).
  await expect(karin.getByRole('button', { name: /^All / })).toHaveAttribute('aria-pressed', 'true');
  const all = await chipCount(karin, 'All');
  const notLinked = await chipCount(karin, 'Not linked');
  const timeclockOnly = await chipCount(karin, 'Timeclock-only');
  expect(all).toBe(30);
  expect(timeclockOnly).toBeGreaterThan(0);
  expect(notLinked).toBeLessThanOrEqual(all - timeclockOnly);
  await expect(karin.getByText(`1–30 of 30`)).toBeVisible();
  await expect(table.getByRole('button', { name: 'Pekka Virtanen' })).toBeVisible();

  // Column headers sort on the server, and say how.
  const byUserId = table.getByRole('columnheader', { name: 'User ID' });
  await byUserId.getByRole('button').click();
  await expect(byUserId).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.getByRole('row').nth(1)).toContainText('Anna Svensson');
  await byUserId.getByRole('button').click();
  await expect(byUserId).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('row').nth(1)).toContainText('10122');
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'none');

  // R8: "a filter in the user registry that allows you to view who has and has not verified".
  await karin.getByRole('button', { name: /^Not linked / }).click();
  await expect(karin.getByRole('button', { name: /^Not linked / })).toHaveAttribute('aria-pressed', 'true');
  await expect(karin.getByText(`1–${notLinked} of ${notLinked}`)).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(notLinked + 1);
  await expect(table.getByRole('button', { name: 'Pekka Virtanen' })).toHaveCount(0);

  // Sara, on parental leave, has not linked: her detail, with her suggested addresses.
  const sara = await openUser(karin, 'Sara Nilsson');
  await expect(karin.getByText('1–1 of 1')).toBeVisible();
  // Her employments are in her detail, not in the table's default columns.
  await expect(sara.getByRole('region', { name: 'Employments' })).toContainText('parental leave');
  await expect(table.getByRole('row', { name: /Sara Nilsson/ })).toContainText('Not started');
  await expect(sara.getByRole('textbox', { name: 'Email' })).toHaveValue('sara.nilsson@company.com');
  await sara.getByRole('button', { name: 'sara.nilsson@gmail.com' }).click();
  await expect(sara.getByRole('textbox', { name: 'Email' })).toHaveValue('sara.nilsson@gmail.com');
  await sara.getByRole('button', { name: 'Send verification email' }).click();
  await expect(sara.getByRole('status')).toHaveText('Verification email sent to sara.nilsson@gmail.com.');
  await expect(sara.getByText('A new link replaces the one sent before.')).toBeVisible();
  await expect(sara.getByText('Link sent to')).toBeVisible();
  await expect(table.getByRole('row', { name: /Sara Nilsson/ })).toContainText('Link sent');

  // Sara clicks the link in her inbox; it opens in her browser, where she confirms (R16).
  await choosePersona(page, 'Sara Nilsson');
  const saraBrowser = browserOf(page, 'Sara Nilsson');
  const inbox = inboxOf(page, 'Sara Nilsson');
  const text = await openMail(inbox, LINK_MAIL);
  expect(text).toContain('Karin Berg has asked you to verify sara.nilsson@gmail.com');
  await followLinkMail(page, inbox, 0);
  await expect(saraBrowser.getByRole('heading', { name: 'Link to Connect' })).toBeVisible();
  await expect(saraBrowser.getByText('sara.nilsson@gmail.com')).toBeVisible();
  await saraBrowser.getByRole('button', { name: 'Confirm email' }).click();
  await expect(saraBrowser.getByRole('heading', { name: "You're all set!" })).toBeVisible();
  await expect(saraBrowser.getByText(/You won't be able to use it to log in to HRM just yet/)).toBeVisible();
  await expect(saraBrowser.getByRole('link', { name: 'Manage your account' })).toBeVisible();

  // Back on Karin's Users page, as she left it, brought up to date: the "Not linked" filter no longer finds Sara…
  await choosePersona(page, 'Karin Berg');
  await expect(karin.getByRole('searchbox', { name: 'Search' })).toHaveValue('Sara Nilsson');
  await expect(karin.getByText('No users', { exact: true })).toBeVisible();
  // …and her detail says she is linked, with nothing more to send.
  await expect(sara.getByText('Linked email')).toBeVisible();
  await expect(sara.getByRole('button', { name: 'Send verification email' })).toHaveCount(0);
  await expect(sara.getByText(/already linked to Connect with sara\.nilsson@gmail\.com/)).toBeVisible();
  await expect(sara.getByRole('button', { name: 'Remove connection' })).toBeVisible();
  await karin.getByRole('button', { name: /^All / }).click();
  await expect(table.getByRole('row', { name: /Sara Nilsson/ })).toContainText('Linked');

  // R10: the admin can remove the connection again; Sara is back to not started.
  await sara.getByRole('button', { name: 'Remove connection' }).click();
  await sara.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(sara.getByRole('status')).toHaveText('The connection of Sara Nilsson was removed.');
  await expect(table.getByRole('row', { name: /Sara Nilsson/ })).toContainText('Not started');
  await expect(sara.getByRole('button', { name: 'Send verification email' })).toBeVisible();
});

test('a second verification email replaces the first: the first link then says a newer one was sent', async ({ page }) => {
  await openStage(page);
  const karin = await openUsersAsKarin(page);
  const sara = await openUser(karin, 'Sara Nilsson');
  // A malformed address is refused at the field.
  const email = sara.getByRole('textbox', { name: 'Email' });
  await email.fill('sara.nilsson');
  await sara.getByRole('button', { name: 'Send verification email' }).click();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(sara.getByRole('alert').filter({ hasText: 'needs an @' })).toBeVisible();
  await sara.getByRole('button', { name: 'sara.nilsson@gmail.com' }).click();
  await sara.getByRole('button', { name: 'Send verification email' }).click();
  await expect(sara.getByRole('status')).toHaveText('Verification email sent to sara.nilsson@gmail.com.');
  await expect(sara.getByText('A new link replaces the one sent before.')).toBeVisible();
  // Later, once more (R16: several requests can be sent).
  await advanceClock(page, '+30 min');
  await sara.getByRole('button', { name: 'Send verification email' }).click();
  await expect(sara.getByRole('listitem').filter({ hasText: /sent a verification email/ })).toHaveCount(2);

  await choosePersona(page, 'Sara Nilsson');
  const saraBrowser = browserOf(page, 'Sara Nilsson');
  const inbox = inboxOf(page, 'Sara Nilsson');
  await expect(inbox.getByRole('button', { name: new RegExp(LINK_MAIL) })).toHaveCount(2);
  // The older mail's link: superseded, and nothing to confirm.
  await followLinkMail(page, inbox, 1);
  await expect(saraBrowser.getByRole('alert')).toHaveText(/A newer verification email has been sent to you since/);
  await expect(saraBrowser.getByRole('button', { name: 'Confirm email' })).toHaveCount(0);
  // The newest one works.
  await followLinkMail(page, inbox, 0);
  await saraBrowser.getByRole('button', { name: 'Confirm email' }).click();
  await expect(saraBrowser.getByRole('heading', { name: "You're all set!" })).toBeVisible();
});

test('a bulk reminder to every user shows its progress and a summary with the Timeclock-only users skipped', async ({ page }) => {
  await openStage(page);
  const karin = await openUsersAsKarin(page);
  const timeclockOnly = await chipCount(karin, 'Timeclock-only');

  await karin.getByRole('button', { name: 'Select all 30 matching the filter' }).click();
  await expect(karin.getByText('All 30 users matching the filter selected')).toBeVisible();
  await karin.getByRole('button', { name: 'Send reminders' }).click();
  await expect(karin.getByText('Send reminders to 30 users?')).toBeVisible();
  await karin.getByRole('button', { name: 'Yes, send' }).click();

  const job = karin.getByRole('region', { name: /Reminders/ });
  const progress = job.getByRole('progressbar', { name: 'Progress' });
  await expect(progress).toHaveAttribute('aria-valuemax', '30');
  await expect(progress).toHaveAttribute('aria-valuenow', '30');
  await expect(job.getByRole('status')).toHaveText(/^Done: \d+ sent, \d+ skipped, 0 failed\.$/);
  const reasons = job.getByRole('list', { name: 'Skipped, by reason' });
  await expect(reasons.getByRole('listitem').filter({ hasText: 'Timeclock-only' })).toContainText(String(timeclockOnly));

  // Exactly who was skipped.
  await job.getByRole('button', { name: 'List recipients' }).click();
  await job.getByRole('button', { name: 'Skipped', exact: true }).click();
  const recipients = job.getByRole('table', { name: 'Recipients' });
  await expect(recipients.getByRole('row', { name: /Pekka Virtanen/ })).toContainText('Timeclock-only');
  await expect(recipients.getByRole('row', { name: /Anna Svensson/ })).toHaveCount(0);

  // The reminder reached an employee's inbox.
  await choosePersona(page, 'Anna Svensson');
  await expect(inboxOf(page, 'Anna Svensson').getByRole('button', { name: /Reminder: prepare your account for Connect/ })).toBeVisible();
});

test('before preparation opens, sending is explained instead of offered and reminders are refused with the reason', async ({ page }) => {
  await openStage(page);
  await page.getByRole('button', { name: /^Workspace/ }).click();
  const menu = page.getByRole('group', { name: 'Workspace' });
  await menu.getByLabel('Name', { exact: true }).fill('Setup rehearsal');
  await menu.getByLabel('Template').selectOption({ label: 'Demo company (30 employees, setup)' });
  await menu.getByRole('button', { name: 'Create workspace' }).click();
  await expect(menu.getByRole('status')).toHaveText('Created “Setup rehearsal”.');
  await page.getByRole('button', { name: /^Workspace/ }).click();
  await expect(page.getByTestId('phase')).toHaveText(/setup/i);

  const karin = await openUsersAsKarin(page);
  const sara = await openUser(karin, 'Sara Nilsson');
  await expect(sara.getByText(/Linking opens with the preparation phase/)).toBeVisible();
  await expect(sara.getByRole('button', { name: 'Send verification email' })).toHaveCount(0);

  await karin.getByRole('button', { name: 'Select all 1 matching the filter' }).click();
  await karin.getByRole('button', { name: 'Send reminders' }).click();
  await karin.getByRole('button', { name: 'Yes, send' }).click();
  await expect(karin.getByRole('alert').filter({ hasText: /Reminders point users to Account Settings/ })).toBeVisible();
  await expect(karin.getByRole('progressbar')).toHaveCount(0);
});
