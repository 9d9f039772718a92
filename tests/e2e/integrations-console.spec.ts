// The customer's integrations console (integrations.test) as Karin repoints it for the move (R18): the Payroll export's
// base URL to the new API address and the HRM's new outbound address onto the file server's allow-list, each after a
// mistake the form shows at its field.
import { expect, test } from '@playwright/test';
import { addressOf, choosePersona, go, openStage } from './support';

const KARIN = { email: 'karin.berg@company.com', password: 'integrations-karin-1' };

test('Karin repoints the Payroll export and allows the new outbound address, after field errors', async ({ page }) => {
  await openStage(page);
  const karin = await choosePersona(page, 'Karin Berg');

  // Signed out, the console sends her to its sign-in first.
  await go(karin, 'integrations.test');
  await expect(karin.getByRole('heading', { name: 'Sign in to the integrations console' })).toBeVisible();
  await karin.getByRole('textbox', { name: 'Email' }).fill(KARIN.email);
  await karin.getByLabel('Password').fill(KARIN.password);
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await expect(karin.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
  await expect(karin.getByText('Calls https://hrm.test/api/v1')).toBeVisible();

  // The Payroll export: a base URL without a scheme is refused at its field.
  await karin.getByRole('link', { name: 'Payroll export' }).click();
  await expect.poll(() => addressOf(page)).toBe('https://integrations.test/integrations/payroll-export');
  const baseUrl = karin.getByRole('textbox', { name: 'Base URL' });
  await expect(baseUrl).toHaveValue('https://hrm.test/api/v1');
  await baseUrl.fill('api.hrm.test/v1');
  await karin.getByRole('button', { name: 'Save' }).click();
  const message = 'Enter an absolute address starting with https:// or http://, such as https://api.hrm.test/v1.';
  await expect(baseUrl).toHaveAttribute('aria-invalid', 'true');
  await expect(baseUrl).toHaveAccessibleDescription(message);

  await baseUrl.fill('https://api.hrm.test/v1');
  await karin.getByRole('button', { name: 'Save' }).click();
  await expect(karin.getByRole('status')).toContainText('Saved. The next run calls https://api.hrm.test/v1.');
  await expect(baseUrl).toHaveValue('https://api.hrm.test/v1');
  await expect(baseUrl).not.toHaveAttribute('aria-invalid', 'true');

  // The file server's allow-list: not an address, then one already listed, then the HRM's new outbound address.
  await karin.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Integrations' }).click();
  await karin.getByRole('link', { name: 'Payroll file server' }).click();
  const address = karin.getByRole('textbox', { name: 'Address to allow' });
  await address.fill('198.51.100');
  await karin.getByRole('button', { name: 'Add address' }).click();
  await expect(address).toHaveAccessibleDescription(
    '“198.51.100” is not an IP address. Enter an IPv4 address such as 198.51.100.189, or an IPv6 address such as 2001:db8::1.',
  );
  await address.fill('192.0.2.24');
  await karin.getByRole('button', { name: 'Add address' }).click();
  await expect(address).toHaveAccessibleDescription('192.0.2.24 is already on the allow-list.');

  await address.fill('198.51.100.189');
  await karin.getByRole('button', { name: 'Add address' }).click();
  await expect(karin.getByRole('status')).toContainText('Added 198.51.100.189 to the allow-list.');
  await expect(karin.getByRole('button', { name: 'Remove 198.51.100.189' })).toBeVisible();
  await expect(karin.getByRole('button', { name: 'Remove 192.0.2.24' })).toBeVisible();

  // The overview now shows both changes.
  await karin.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Integrations' }).click();
  await expect(karin.getByText('Calls https://api.hrm.test/v1')).toBeVisible();
  await expect(karin.getByText('Allow-list: 192.0.2.24, 198.51.100.189')).toBeVisible();
});
