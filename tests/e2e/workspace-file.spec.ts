// The workspace menu's file and checkpoints: a workspace exported to one file and imported back as a workspace of its
// own, a file that is not one refused with its reason, and a trainer's checkpoint restored with one click.
import { expect, test, type Page } from '@playwright/test';
import { browserOf, downloadText, inboxOf, logInToHrm, openStage } from './support';

async function openMenu(page: Page) {
  await page.getByRole('button', { name: /^Workspace/ }).click();
  return page.getByRole('group', { name: 'Workspace' });
}

test('exports the workspace from the menu and imports the file back as a workspace of its own', async ({ page }) => {
  await openStage(page);
  const anna = browserOf(page, 'Anna Svensson');
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');

  const menu = await openMenu(page);
  const file = await downloadText(page, () => menu.getByRole('button', { name: 'Export workspace' }).click());
  expect(file.fileName).toBe('demo-company-2026-03-02.workspace.json');
  expect(JSON.parse(file.text)).toMatchObject({ format: 'rollout-rehearsal/workspace', version: 1, workspace: { name: 'Demo company' } });
  await expect(menu.getByRole('status')).toHaveText('Exported “Demo company”.');

  // A file that is not a workspace file is refused with its reason, and nothing changes.
  await menu
    .getByLabel('Import a workspace file')
    .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from('User ID,Connect email\n10001,anna@company.com\n') });
  await expect(menu.getByRole('alert')).toHaveText(/This is not a workspace file: it is not JSON/);
  await expect(menu.getByRole('heading', { name: 'Other workspaces' })).toHaveCount(0);

  await menu
    .getByLabel('Import a workspace file')
    .setInputFiles({ name: file.fileName, mimeType: 'application/json', buffer: Buffer.from(file.text) });
  await expect(menu.getByRole('status')).toHaveText(`Imported “Demo company” from ${file.fileName}; it is the live workspace now.`);
  // The original is listed among the others, by its name; the imported one is live, with Anna still signed in.
  await expect(menu.getByRole('button', { name: 'Switch to Demo company' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Workspace/ })).toContainText('Demo company');
  await expect(anna.getByRole('button', { name: 'Log out' })).toBeVisible();
});

test('a workspace file with a user whose name is a number is refused at the import field, naming the place, and nothing changes', async ({
  page,
}) => {
  await openStage(page);
  const menu = await openMenu(page);
  const file = await downloadText(page, () => menu.getByRole('button', { name: 'Export workspace' }).click());
  const hostile = JSON.parse(file.text) as {
    databases: { hrm: { data: { data: Array<{ tableName: string; rows: Array<{ users: Array<{ name: unknown }> }> }> } } };
  };
  hostile.databases.hrm.data.data.find((t) => t.tableName === 'people')!.rows[0]!.users[0]!.name = 42;

  const field = menu.getByLabel('Import a workspace file');
  await field.setInputFiles({ name: file.fileName, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostile)) });
  const message = 'The “hrm” database, table “people”, row 1: the field “users → item 1 → name” should be text, but is 42.';
  await expect(menu.getByRole('alert')).toHaveText(message);
  await expect(field).toHaveAccessibleDescription(message);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(menu.getByRole('heading', { name: 'Other workspaces' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Workspace/ })).toContainText('Demo company');
});

test('a checkpoint taken from the menu is restored with one click: the mail sent after it is gone', async ({ page }) => {
  await openStage(page);
  const menu = await openMenu(page);
  await menu.getByLabel('Checkpoint name').fill('Before the code');
  await menu.getByRole('button', { name: 'Take checkpoint' }).click();
  await expect(menu.getByRole('status')).toHaveText('Checkpoint “Before the code” taken.');
  await expect(menu.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem')).toHaveText([/Before the code/]);
  await page.getByRole('button', { name: /^Workspace/ }).click();

  const anna = browserOf(page, 'Anna Svensson');
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await anna.getByRole('link', { name: 'My Profile' }).click();
  await anna.getByRole('button', { name: 'Go to Account Settings' }).click();
  await anna.getByRole('button', { name: 'anna.svensson@company.com' }).click();
  await anna.getByRole('button', { name: 'Send verification code' }).click();
  const inbox = inboxOf(page, 'Anna Svensson');
  await expect(inbox.getByRole('button', { name: /Verify your email address/ })).toHaveCount(1);

  await openMenu(page);
  await menu.getByRole('button', { name: 'Restore Before the code' }).click();
  await expect(menu.getByRole('status')).toHaveText('Back to “Before the code”.');
  await expect(inboxOf(page, 'Anna Svensson').getByRole('button', { name: /Verify your email address/ })).toHaveCount(0);
  await expect(browserOf(page, 'Anna Svensson').getByLabel('User ID')).toBeVisible();
});
