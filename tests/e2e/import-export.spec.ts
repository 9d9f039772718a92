// Users > Import/export (R9): the Employees/users template out, Connect emails in — previewed row by
// row, applied only where the row is good, the rejected users' field left as it was.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { browserOf, csvRows, downloadText, inboxOf, logInToHrm, openStage, readVerificationCode } from './support';

async function openImportExport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /Karin Berg/ }).click();
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Import/export' }).click();
  await expect(karin.getByRole('heading', { name: 'Import and export' })).toBeVisible();
  return karin;
}

async function exportTemplate(page: Page, karin: Locator): Promise<Array<Record<string, string>>> {
  const file = await downloadText(page, () => karin.getByRole('button', { name: 'Export to CSV' }).click());
  expect(file.fileName).toBe('users.csv');
  await expect(karin.getByRole('status').filter({ hasText: 'Downloaded users.csv' })).toBeVisible();
  return csvRows(file.text);
}

function connectEmailOf(rows: Array<Record<string, string>>, userId: string): string | undefined {
  return rows.find((r) => r['User ID'] === userId)?.['Connect email'];
}

test('a CSV import with bad rows shows the preview and applies only the good ones', async ({ page }) => {
  await openStage(page);

  // Anna links herself first (R2–R4): an import may not touch her any more.
  const anna = browserOf(page, 'Anna Svensson');
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await anna.getByRole('button', { name: 'Go to Account Settings' }).click();
  await anna.getByRole('button', { name: 'anna.svensson@company.com' }).click();
  await anna.getByRole('button', { name: 'Send verification code' }).click();
  await anna.getByRole('textbox', { name: 'Verification code' }).fill(await readVerificationCode(inboxOf(page, 'Anna Svensson')));
  await anna.getByRole('button', { name: 'Verify' }).click();
  await expect(anna.getByText("You're all set!")).toBeVisible();

  const karin = await openImportExport(page);
  const before = await exportTemplate(page, karin);
  expect(Object.keys(before[0]!)).toContain('Connect email');
  expect(before).toHaveLength(30);
  expect(connectEmailOf(before, '10003')).toBe('');

  const csv = [
    'User ID,Name,Connect email',
    '10003,Johan Ek,johan.ek@company.se',
    '10101,Maja Andersson,maja.andersson@example.org',
    '10102,Lars Karlsson,lars.karlsson@@company.com',
    '99999,Nobody,nobody@company.com',
    '10103,Elin Persson,shared@company.com',
    '10104,Nils Olsson,shared@company.com',
    '10105,Ida Gustafsson,ida.g@company.com',
    '10105,Ida Gustafsson,ida.gustafsson@company.com',
    '10001,Anna Svensson,anna.new@company.com',
  ].join('\n');
  await karin.getByLabel('CSV file').setInputFiles({ name: 'connect-emails.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  const preview = karin.getByRole('region', { name: 'Preview: connect-emails.csv' });
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('definition').nth(0)).toHaveText('2');
  await expect(preview.getByRole('definition').nth(1)).toHaveText('0');
  await expect(preview.getByRole('definition').nth(2)).toHaveText('7');
  await expect(preview.getByText('“Name”')).toBeVisible();

  const row = (line: number) => preview.getByRole('row').filter({ has: page.getByRole('cell', { name: String(line), exact: true }) });
  await expect(row(2)).toContainText('Will update');
  await expect(row(2)).toContainText('johan.ek@company.se');
  await expect(row(3)).toContainText('Will update');
  await expect(row(4)).toContainText('Rejected');
  await expect(row(4)).toContainText('the field is not updated');
  await expect(row(5)).toContainText('No user 99999 in the HRM.');
  await expect(row(6)).toContainText('more than one row for different users');
  await expect(row(7)).toContainText('more than one row for different users');
  await expect(row(8)).toContainText('Ida Gustafsson is on more than one row');
  await expect(row(9)).toContainText('Ida Gustafsson is on more than one row');
  await expect(row(10)).toContainText('Anna Svensson is already linked to Connect with anna.svensson@company.com');

  // Rows filtered by outcome, as the server pages them.
  await preview.getByLabel('Show').selectOption({ label: 'Rejected (7)' });
  await expect(preview.getByRole('row')).toHaveCount(8);
  await preview.getByLabel('Show').selectOption({ label: 'Will update (2)' });
  await expect(preview.getByRole('row')).toHaveCount(3);
  await expect(preview.getByRole('navigation', { name: 'Pages of rows' })).toContainText('1–2 of 2');

  await preview.getByRole('button', { name: 'Apply' }).click();
  const applied = karin.getByRole('region', { name: 'Applied: connect-emails.csv' });
  await expect(applied.getByRole('status').filter({ hasText: '2 Connect emails updated' })).toBeVisible();
  await expect(karin.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await expect(
    karin.getByRole('table', { name: 'Recent imports' }).getByRole('row').filter({ hasText: 'connect-emails.csv' }),
  ).toContainText('Applied');

  const after = await exportTemplate(page, karin);
  expect(connectEmailOf(after, '10003')).toBe('johan.ek@company.se');
  expect(connectEmailOf(after, '10101')).toBe('maja.andersson@example.org');
  for (const rejected of ['10102', '10103', '10104', '10105'])
    expect(connectEmailOf(after, rejected), rejected).toBe(connectEmailOf(before, rejected));
  expect(connectEmailOf(after, '10001')).toBe('anna.svensson@company.com');
});

test('an older preview of the same file is refused after another was applied, and the file can be previewed again', async ({ page }) => {
  await openStage(page);
  const karin = await openImportExport(page);
  const file = { name: 'one-row.csv', mimeType: 'text/csv', buffer: Buffer.from('User ID,Connect email\n10003,johan.ek@company.se\n') };

  await karin.getByLabel('CSV file').setInputFiles(file);
  const first = karin.getByRole('region', { name: 'Preview: one-row.csv' });
  await expect(first.getByRole('button', { name: 'Apply' })).toBeEnabled();
  // A second look at the same file, applied: the first preview no longer matches the directory.
  await karin.getByLabel('CSV file').setInputFiles(file);
  await expect(first).toBeVisible();
  await karin.getByRole('button', { name: 'Apply' }).click();
  await expect(karin.getByRole('status').filter({ hasText: '1 Connect email updated' })).toBeVisible();

  const recent = karin.getByRole('table', { name: 'Recent imports' });
  await expect(recent.getByRole('row')).toHaveCount(3);
  await recent.getByRole('row').filter({ hasText: 'Not applied' }).getByRole('button', { name: /^Open/ }).click();
  await expect(karin.getByRole('region', { name: 'Preview: one-row.csv' })).toBeVisible();
  await karin.getByRole('button', { name: 'Apply' }).click();
  await expect(karin.getByRole('alert').filter({ hasText: 'changed since the preview' })).toBeVisible();
  await expect(karin.getByText('Choose the file again to preview it.')).toBeVisible();

  // Chosen again, the file's row is now unchanged: nothing left to apply.
  await karin.getByLabel('CSV file').setInputFiles(file);
  await expect(karin.getByRole('region', { name: 'Preview: one-row.csv' }).getByRole('definition').nth(1)).toHaveText('1');
  await expect(karin.getByRole('button', { name: 'Apply' })).toBeDisabled();
});
