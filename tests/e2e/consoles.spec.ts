// The admin's consoles and the inbox as people use them at 1440×900: the Users view fits and remembers its columns,
// a mail's code is copied and used, a mail's link opens, a clock jump that ends a session says so, and the counters
// after a wrong code agree.
import { expect, test, type Locator } from '@playwright/test';
import { addressOf, advanceClock, browserOf, choosePersona, go, inboxOf, logInToHrm, openStage, openUsersAsKarin } from './support';

test.use({ viewport: { width: 1440, height: 900 } });

/** Whether `inner` lies within the visible box of `outer` (its scroll container), horizontally. */
async function horizontallyWithin(inner: Locator, outer: Locator): Promise<boolean> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  if (!a || !b) return false;
  return a.x >= b.x - 0.5 && a.x + a.width <= b.x + b.width + 0.5;
}

test('the Users view shows Status without scrolling sideways, and a column hidden by the admin stays hidden after a reload', async ({
  page,
}) => {
  await openStage(page);
  const karin = await openUsersAsKarin(page);
  const table = karin.getByRole('table', { name: 'Users' });
  const scroller = karin.locator('.users-table-wrap');
  await expect(table.getByRole('row', { name: /Sara Nilsson/ })).toBeVisible();

  const status = table.getByRole('columnheader', { name: 'Status' });
  expect(await horizontallyWithin(status, scroller)).toBe(true);
  expect(await horizontallyWithin(table.getByRole('row', { name: /Sara Nilsson/ }).getByText('Not started'), scroller)).toBe(true);
  expect(await scroller.evaluate((el) => el.scrollLeft)).toBe(0);

  // The column chooser, by keyboard: open it, untick "User ID", close it with Escape.
  const chooser = karin.getByRole('button', { name: 'Columns' });
  await chooser.focus();
  await page.keyboard.press('Enter');
  const group = karin.getByRole('group', { name: 'Columns shown' });
  await expect(group.getByRole('checkbox', { name: 'User ID' })).toBeChecked();
  await group.getByRole('checkbox', { name: 'User ID' }).press('Space');
  await expect(table.getByRole('columnheader', { name: 'User ID' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(group).toHaveCount(0);
  await expect(chooser).toBeFocused();

  await page.reload();
  await choosePersona(page, 'Karin Berg');
  await go(karin, 'https://hrm.test/users');
  await expect(table.getByRole('columnheader', { name: 'Status' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'User ID' })).toHaveCount(0);
});

test('a reminder from the row menu lands in the inbox, where "Open link" opens the mail\'s link in the persona\'s browser', async ({
  page,
}) => {
  await openStage(page);
  const karin = await openUsersAsKarin(page);
  const row = karin.getByRole('table', { name: 'Users' }).getByRole('row', { name: /Sara Nilsson/ });
  await row.getByRole('button', { name: 'Actions' }).click();
  await row.getByRole('button', { name: 'Send reminder', exact: true }).click();
  await expect(karin.getByRole('heading', { name: /Reminders/ }).first()).toBeVisible();

  await choosePersona(page, 'Sara Nilsson');
  const inbox = inboxOf(page, 'Sara Nilsson');
  const mail = inbox.getByRole('button', { name: /Reminder: prepare your account for Connect/ });
  await mail.click();
  const reader = inbox.locator(`article[data-message-id="${await mail.getAttribute('data-message-id')}"]`);
  await reader.getByRole('button', { name: 'Open link' }).click();
  await expect.poll(() => addressOf(page)).toContain('account-settings');
  await expect(browserOf(page, 'Sara Nilsson').getByLabel('User ID')).toBeVisible();
});

test.describe('with the clipboard', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('after a wrong code both counters agree at once; the code copied from the opened mail then links Anna', async ({ page }) => {
    await openStage(page);
    const anna = browserOf(page, 'Anna Svensson');
    const inbox = inboxOf(page, 'Anna Svensson');
    await logInToHrm(page, anna, '10001', 'anna-hrm-1');
    await go(anna, 'https://hrm.test/my-profile/account-settings');
    await anna.getByRole('button', { name: 'anna.svensson@company.com' }).click();
    await anna.getByRole('button', { name: 'Send verification code' }).click();
    await expect(anna.getByText('Check your inbox')).toBeVisible();

    // The mail that just arrived is opened by itself, its code on top of the reader.
    const reader = inbox.locator('article');
    await expect(reader.getByRole('heading', { name: 'Verify your email address' })).toBeVisible();
    const chip = reader.locator('.mail-chip-code');
    await expect(chip).toHaveText(/^\d{6}$/);
    const code = (await chip.textContent()) ?? '';
    // The row carries the same code.
    await expect(inbox.getByRole('listitem').first().locator('.mail-chip-code')).toHaveText(code);

    // A wrong code: the refusal and the field's hint say the same number of tries left, without a reload.
    const wrong = code === '000000' ? '111111' : '000000';
    await anna.getByRole('textbox', { name: 'Verification code' }).fill(wrong);
    await anna.getByRole('button', { name: 'Verify' }).click();
    await expect(anna.getByText('The code is incorrect. 4 tries left.')).toBeVisible();
    await expect(anna.getByText('4 attempts left.')).toBeVisible();
    await expect(anna.getByText('5 attempts left.')).toHaveCount(0);

    // Copy puts the code on the clipboard and says so; pasted into the field, it links her.
    await reader.getByRole('button', { name: /^Copy/ }).click();
    await expect(reader.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    const field = anna.getByRole('textbox', { name: 'Verification code' });
    await field.fill('');
    await field.focus();
    await page.keyboard.press('Control+V');
    await expect(field).toHaveValue(code);
    await anna.getByRole('button', { name: 'Verify' }).click();
    await expect(anna.getByText("You're all set!")).toBeVisible();
  });
});

test('"+1 day" on the Rollout page ends Karin\'s session, and the login page says why; the countdown to activation counts down', async ({
  page,
}) => {
  await openStage(page);
  await choosePersona(page, 'Karin Berg');
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Rollout', exact: true }).click();
  await expect(karin.getByRole('heading', { name: 'Rollout', level: 1 })).toBeVisible();

  // Readiness first, then the schedule; the countdown from the world clock.
  const headings = await karin.getByRole('heading', { level: 2 }).allTextContents();
  expect(headings.indexOf('Readiness')).toBeLessThan(headings.indexOf('Schedule'));
  const countdown = karin.getByTestId('phase-countdown');
  await expect(countdown).toHaveText(/^Activation in \d+ days?( \d+ h)?/);
  const before = (await countdown.textContent()) ?? '';
  await expect(karin.getByTestId('hrm-countdown')).toHaveText(/^Activation in \d+ d/);

  await advanceClock(page, '+1 day');
  await expect(karin.getByText(/^You were signed out because your session ended at .+ \(the world clock moved past it\)/)).toBeVisible();
  await expect(karin.getByLabel('User ID')).toBeVisible();

  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Rollout', exact: true }).click();
  await expect(countdown).not.toHaveText(before);
  await expect(karin.getByText(/You were signed out/)).toHaveCount(0);
});
