// Timeclock devices through the move (R11, R19): a badge punch on the Factory clock before the cutover; after it the
// device cannot reach its address until the admin types the new one (the one offered) and logs in again on it; the
// same badge then punches out.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { activate, openStage } from './support';

function device(page: Page, name: string): Locator {
  return page.getByRole('region', { name: 'Timeclock devices' }).getByRole('article', { name });
}

async function logIn(clock: Locator): Promise<void> {
  await clock.getByLabel('User name').fill('timeclock');
  await clock.getByLabel('Password').fill('clock-4711');
  await clock.getByRole('button', { name: 'Log in' }).click();
}

async function punchWithBadge(clock: Locator): Promise<void> {
  await clock.getByLabel('Badge').selectOption({ label: '04A1B2C3 (Pekka Virtanen)' });
  await clock.getByRole('button', { name: 'Punch' }).click();
}

// The devices sit beside the phone on the smallest stage the product supports.
test.use({ viewport: { width: 1280, height: 720 } });

test('a Timeclock device is repointed by hand after the move, and the badge punches before and after', async ({ page }) => {
  await openStage(page);
  const panel = page.getByRole('region', { name: 'Timeclock devices' });
  await panel.getByRole('button', { name: 'Show' }).click();
  const factory = device(page, 'Factory clock');
  await expect(factory.getByText('https://hrm.test/Timeclock/Fabriksklocka')).toBeVisible();
  const card = await factory.boundingBox();
  expect(card!.x + card!.width).toBeLessThanOrEqual(1280);

  await logIn(factory);
  await punchWithBadge(factory);
  await expect(factory.getByRole('status').filter({ hasText: 'Pekka Virtanen: punched in' })).toBeVisible();

  await activate(page);
  await punchWithBadge(factory);
  await expect(factory.getByRole('alert').filter({ hasText: 'Cannot reach https://hrm.test/Timeclock/Fabriksklocka' })).toBeVisible();

  await factory.getByRole('button', { name: 'Settings of Factory clock' }).click();
  await expect(factory.getByText('https://timeclock.hrm.test/Fabriksklocka/4711', { exact: true })).toBeVisible();
  await factory.getByRole('button', { name: 'Use the new address' }).click();
  await expect(factory.getByLabel('Address')).toHaveValue('https://timeclock.hrm.test/Fabriksklocka/4711');
  await factory.getByRole('button', { name: 'Save address' }).click();

  // A new address is a new login: the device logs in again there.
  await logIn(factory);
  await punchWithBadge(factory);
  await expect(factory.getByRole('status').filter({ hasText: 'Pekka Virtanen: punched out' })).toBeVisible();

  // A reload keeps the device's address and its login.
  await page.reload();
  await page.waitForFunction(() => 'rolloutRehearsal' in globalThis);
  await page.getByRole('region', { name: 'Timeclock devices' }).getByRole('button', { name: 'Show' }).click();
  await expect(device(page, 'Factory clock').getByText('https://timeclock.hrm.test/Fabriksklocka/4711', { exact: true })).toBeVisible();
  await expect(device(page, 'Factory clock').getByRole('button', { name: 'Punch' })).toBeVisible();
});
