// Admin tables with nothing to show: a search that matches nobody says so in a row under the column headers (the
// headers stay, so the admin sees what was searched in), in the HRM's Users view and in Connect's admin portal; a list
// that is simply empty yet says so in the table's place.
import { expect, test, type Locator } from '@playwright/test';
import { activateConnectAdmin, choosePersona, logInToHrm, openStage, signInAtConnect } from './support';

async function expectEmptyRow(table: Locator, headers: string[], message: string): Promise<void> {
  for (const name of headers) await expect(table.getByRole('columnheader', { name, exact: true })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('cell', { name: message, exact: true })).toBeVisible();
}

test('a search that matches nobody says so under the column headers, in the HRM and in Connect’s admin portal', async ({ page }) => {
  await openStage(page);
  const karin = await choosePersona(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Users', exact: true }).click();
  await karin.getByRole('searchbox', { name: 'Search' }).fill('nobody by this name');
  await expectEmptyRow(karin.getByRole('table', { name: 'Users' }), ['Connect email', 'Status'], 'No users match this filter.');

  const { browser: admin } = await activateConnectAdmin(page, 'Karin Berg', 'harbour lantern meadow');
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(admin, null, 'harbour lantern meadow');
  await expect(admin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await admin.getByRole('searchbox', { name: 'Search' }).fill('nobody by this name');
  await admin.getByRole('button', { name: 'Search' }).click();
  await expectEmptyRow(admin.getByRole('table'), ['User', 'Status', 'Last login'], 'No users match.');
});

test('a list with nothing in it yet says so instead of an empty table', async ({ page }) => {
  await openStage(page);
  const { browser: admin } = await activateConnectAdmin(page, 'Karin Berg', 'harbour lantern meadow');
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(admin, null, 'harbour lantern meadow');
  await admin.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Domains' }).click();
  await expect(admin.getByText('No domains yet. Click Add domain to start.')).toBeVisible();
  await expect(admin.getByRole('table')).toHaveCount(0);
});
