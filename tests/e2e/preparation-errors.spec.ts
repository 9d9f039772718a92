// The journey's failures as an employee and an admin see them: each with its own message at its field.
import { expect, test } from '@playwright/test';
import { browserOf, inboxOf, logInToHrm, openStage, readVerificationCode } from './support';

const BANNER = 'We are upgrading our login solution!';

test('allowed domains set by the admin refuse Anna’s private address at the email field', async ({ page }) => {
  await openStage(page);
  await page.getByRole('button', { name: /Karin Berg/ }).click();
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Security' }).click();
  await karin.getByRole('button', { name: 'Add row' }).click();
  await karin.getByRole('textbox', { name: 'Allowed domain 1' }).fill('company');
  await karin.getByRole('button', { name: 'Save' }).click();
  await expect(karin.getByText(/needs a dot/)).toBeVisible();
  await karin.getByRole('textbox', { name: 'Allowed domain 1' }).fill('company.com');
  await karin.getByRole('button', { name: 'Save' }).click();
  await expect(karin.getByText(/needs a dot/)).toHaveCount(0);

  await page.getByRole('button', { name: /Anna Svensson/ }).click();
  const anna = browserOf(page, 'Anna Svensson');
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await anna.getByRole('button', { name: 'Go to Account Settings' }).click();
  await anna.getByRole('button', { name: 'anna.svensson@gmail.com' }).click();
  await anna.getByRole('button', { name: 'Send verification code' }).click();
  const emailField = anna.getByRole('textbox', { name: 'Email' });
  await expect(emailField).toHaveAttribute('aria-invalid', 'true');
  await expect(anna.getByRole('alert').filter({ hasText: 'company.com' })).toBeVisible();
  await expect(emailField).toHaveValue('anna.svensson@gmail.com');
});

test('a wrong code counts down the tries; unlinking brings the banner back and Anna links again', async ({ page }) => {
  await openStage(page);
  const anna = browserOf(page, 'Anna Svensson');
  const inbox = inboxOf(page, 'Anna Svensson');
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await anna.getByRole('button', { name: 'Go to Account Settings' }).click();
  await anna.getByRole('textbox', { name: 'Email' }).fill('anna.svensson');
  await anna.getByRole('button', { name: 'Send verification code' }).click();
  await expect(anna.getByRole('alert').filter({ hasText: 'needs an @' })).toBeVisible();

  await anna.getByRole('button', { name: 'anna.svensson@company.com' }).click();
  await anna.getByRole('button', { name: 'Send verification code' }).click();
  const code = await readVerificationCode(inbox);
  const wrong = code === '000000' ? '111111' : '000000';
  await anna.getByRole('textbox', { name: 'Verification code' }).fill(wrong);
  await anna.getByRole('button', { name: 'Verify' }).click();
  await expect(anna.getByRole('alert').filter({ hasText: /incorrect.*4 tries left/ })).toBeVisible();

  await anna.getByRole('textbox', { name: 'Verification code' }).fill(code);
  await anna.getByRole('button', { name: 'Verify' }).click();
  await expect(anna.getByText("You're all set!")).toBeVisible();
  await expect(anna.getByText(BANNER)).toHaveCount(0);

  await anna.getByRole('button', { name: 'Unlink account' }).click();
  await anna.getByRole('button', { name: 'Yes, unlink' }).click();
  await expect(anna.getByText(BANNER)).toBeVisible();
  await expect(anna.getByRole('button', { name: 'Send verification code' })).toBeVisible();
});
