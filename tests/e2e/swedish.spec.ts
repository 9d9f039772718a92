// Anna's journey in Swedish: the workspace set to Svenska, her HRM pages and the code's mail in Swedish, a reload of
// the tab keeping the language; and a persona who reads English in a Swedish workspace.
import { expect, test, type Page } from '@playwright/test';
import { addressOf, browserOf, inboxOf, openMail, openStage } from './support';

async function chooseWorkspaceLanguage(page: Page, language: 'Svenska' | 'English'): Promise<void> {
  await page.getByRole('button', { name: /^Workspace/ }).click();
  const panel = page.getByRole('group', { name: 'Workspace' });
  await panel.getByLabel('Employees’ language').selectOption({ label: language });
  await expect(panel.getByRole('status')).toContainText(`now in ${language}`);
  await page.getByRole('button', { name: /^Workspace/ }).click();
}

test('Anna links her account in Swedish, from the login to “Klart!”, and a reload keeps the language', async ({ page }) => {
  await openStage(page);
  const browser = browserOf(page, 'Anna Svensson');
  const inbox = inboxOf(page, 'Anna Svensson');
  await chooseWorkspaceLanguage(page, 'Svenska');

  await expect(browser.getByRole('heading', { level: 1, name: /^Logga in på/ })).toBeVisible();
  await browser.getByLabel('Användar-ID').fill('10001');
  await browser.getByLabel('Lösenord').fill('anna-hrm-1');
  await browser.getByRole('button', { name: 'Logga in' }).click();
  await expect(browser.getByText('Vi uppgraderar vår inloggningslösning!')).toBeVisible();

  await browser.getByRole('button', { name: 'Gå till Kontoinställningar' }).click();
  await expect.poll(() => addressOf(page)).toBe('https://hrm.test/my-profile/account-settings');
  await expect(browser.getByRole('heading', { level: 1, name: 'Kontoinställningar' })).toBeVisible();

  // A reload of the tab mid-way: the workspace is still Swedish.
  await page.reload();
  await expect(browser.getByRole('heading', { level: 1, name: 'Kontoinställningar' })).toBeVisible();

  await browser.getByRole('textbox', { name: 'E-post' }).fill('anna.svensson@company.com');
  await browser.getByRole('button', { name: 'Skicka verifieringskod' }).click();
  await expect(browser.getByText('Titta i din inkorg')).toBeVisible();

  const mail = await openMail(inbox, 'Verifiera din e-postadress');
  expect(mail).toContain('Hej Anna');
  const code = /Din verifieringskod:\s*(\d{6})/.exec(mail)?.[1];
  expect(code, `a 6-digit code in: ${mail}`).toBeTruthy();

  await browser.getByRole('textbox', { name: 'Verifieringskod' }).fill(code!);
  await browser.getByRole('button', { name: 'Verifiera' }).click();
  await expect(browser.getByRole('heading', { name: 'Klart!' })).toBeVisible();
  await expect(browser.getByText('Vi uppgraderar vår inloggningslösning!')).toHaveCount(0);
});

test('a persona set to English reads English pages in a Swedish workspace', async ({ page }) => {
  await openStage(page);
  const browser = browserOf(page, 'Anna Svensson');
  await chooseWorkspaceLanguage(page, 'Svenska');
  await expect(browser.getByRole('heading', { level: 1, name: /^Logga in på/ })).toBeVisible();

  await browser.getByLabel('Language of Anna Svensson’s browser').selectOption({ label: 'English' });
  await expect(browser.getByRole('heading', { level: 1, name: /^Log in to/ })).toBeVisible();
  await expect(browser.getByLabel('User ID')).toBeVisible();

  await browser.getByLabel('Language of Anna Svensson’s browser').selectOption({ label: 'Workspace (Svenska)' });
  await expect(browser.getByRole('heading', { level: 1, name: /^Logga in på/ })).toBeVisible();
});
