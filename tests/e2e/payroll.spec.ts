// Payroll (R12): a run pays every employee, whether or not they are linked to Connect.
import { expect, test } from '@playwright/test';
import { browserOf, logInToHrm, openStage } from './support';

test('a payroll run pays the employees who are not linked to Connect as usual', async ({ page }) => {
  await openStage(page);
  await page.getByRole('button', { name: /Karin Berg/ }).click();
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Payroll' }).click();

  // The world clock's month to begin with.
  await expect(karin.getByLabel('Period', { exact: true })).toHaveValue('2026-03');
  await karin.getByRole('button', { name: 'Run payroll' }).click();

  const result = karin.getByRole('region', { name: 'Payroll March 2026' });
  const figure = (term: string) =>
    result
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator('xpath=following-sibling::dd');
  // 30 people, one of them on parental leave (paid by the Social Insurance Agency, not here); Anna has two employments.
  await expect(figure('Employees paid')).toHaveText('29');
  await expect(figure('Lines')).toHaveText('31');
  await expect(figure('Net')).toHaveText(/^SEK\s[\d,]+$/);
  await expect(
    result.getByText('Payroll does not depend on the link to Connect: 29 employees not linked yet were paid as usual.'),
  ).toBeVisible();
  const byState = result.getByRole('table', { name: 'Employees paid, by link to Connect' });
  await expect(byState.getByRole('row', { name: 'Not started 29' })).toBeVisible();
  await expect(byState.getByRole('row', { name: 'Linked 0' })).toBeVisible();

  const lines = result.getByRole('table', { name: 'Lines' });
  await expect(lines.getByRole('row').filter({ hasText: 'Anna Svensson' }).first()).toContainText('Not started');
  await expect(result.getByRole('navigation', { name: 'Pages of lines' })).toContainText('1–31 of 31');

  await expect(karin.getByRole('table', { name: 'Earlier runs' }).getByRole('row', { name: /^1 March 2026/ })).toBeVisible();
});
