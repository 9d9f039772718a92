// General > Security after preparation has started (R6: "configure the allowed domains before the preparation
// phase begins, as this setting will not affect users who are already connected").
import { expect, test } from '@playwright/test';
import { browserOf, logInToHrm, openStage } from './support';

test('allowed domains changed during preparation come back with the HRM’s warning', async ({ page }) => {
  await openStage(page);
  await page.getByRole('button', { name: /Karin Berg/ }).click();
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Security' }).click();
  await expect(karin.getByText('Preparation has started: a change here applies to users who link from now on')).toBeVisible();

  await karin.getByRole('button', { name: 'Add row' }).click();
  await karin.getByRole('textbox', { name: 'Allowed domain 1' }).fill('company.com');
  await karin.getByRole('button', { name: 'Save' }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Saved. 1 domain allowed.' })).toBeVisible();
  await expect(karin.getByRole('alert').filter({ hasText: 'Preparation has already started' })).toBeVisible();
});
