// The Payroll export through the end of API forwarding (R18): it keeps working at the old API address while forwarding
// lasts, and after the end date its "Run now" is refused with the HRM's message naming the new address.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { activate, browserOn, choosePersona, go, logInToHrm, openStage, datetimeLocal } from './support';

const CUTOVER = Date.UTC(2026, 2, 30, 7, 0, 0);
const DAY = 86_400_000;
const CONSOLE = { email: 'karin.berg@company.com', password: 'integrations-karin-1' };

/** Opens the Payroll export in the integrations console, signing in first when the console asks. */
async function openPayrollExport(page: Page, karin: Locator): Promise<void> {
  await go(browserOn(page), 'https://integrations.test/integrations/payroll-export');
  const signIn = karin.getByRole('heading', { name: 'Sign in to the integrations console' });
  const runNow = karin.getByRole('button', { name: 'Run now' });
  await expect(signIn.or(runNow)).toBeVisible();
  if (await signIn.isVisible()) {
    await karin.getByRole('textbox', { name: 'Email' }).fill(CONSOLE.email);
    await karin.getByLabel('Password').fill(CONSOLE.password);
    await karin.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(runNow).toBeVisible();
}

test('the Payroll export works through forwarding, then "Run now" gets the message naming the new address', async ({ page }) => {
  test.slow();
  await openStage(page);
  const karin = await choosePersona(page, 'Karin Berg');
  await go(browserOn(page), 'https://hrm.test/');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');

  // On the Rollout page Karin ends API forwarding ten days after the cutover.
  await go(browserOn(page), 'https://hrm.test/rollout');
  const form = karin.getByRole('form', { name: 'Temporary measures' });
  await form.getByLabel('API forwarding ends').fill(await datetimeLocal(page, CUTOVER + 10 * DAY));
  await form.getByRole('button', { name: 'Save temporary measures' }).click();
  await expect(form.getByText('Temporary measures saved.')).toBeVisible();

  await activate(page);

  // After the cutover the Payroll export still calls the old API address, which forwards it.
  await openPayrollExport(page, karin);
  await expect(karin.getByRole('textbox', { name: 'Base URL' })).toHaveValue('https://hrm.test/api/v1');
  await karin.getByRole('button', { name: 'Run now' }).click();
  await expect(karin.getByRole('status')).toHaveText('Run finished: every call worked.');

  // The world clock passes the end of API forwarding.
  const next = page.getByTestId('next-event');
  await expect(next).toContainText('API forwarding ends');
  await next.click();
  // The jump runs ten days of the integrations' schedules on the way.
  await expect(page.getByTestId('world-time')).toHaveAttribute('datetime', new Date(CUTOVER + 10 * DAY).toISOString(), { timeout: 60_000 });

  await openPayrollExport(page, karin);
  await karin.getByRole('button', { name: 'Run now' }).click();
  await expect(karin.getByRole('status')).toContainText('calls failed. See the run log.');
  await expect(karin.getByText(/no longer answers .*: use https:\/\/api\.hrm\.test\/v1 with the same API key/).first()).toBeVisible();
});
