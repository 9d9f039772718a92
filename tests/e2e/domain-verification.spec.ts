// Domain verification (R23) as Karin (Connect administrator) and Nils (IT, runs company.com at the DNS
// provider) live it: through DNS after the propagation delay (a typo first, Verify too early, the fix, then Verified),
// and through the HTTPS file.
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  activateConnectAdmin,
  addressOf,
  advanceClock,
  choosePersona as become,
  go,
  logInToHrm,
  openStage,
  signInAtConnect,
} from './support';

const KARIN = { email: 'karin.berg@company.com', password: 'harbour lantern meadow' };
const NILS = { email: 'nils.olsson@company.com', password: 'dns-nils-1' };

/** Karin, the workspace's first Connect administrator, activates her account, signs in and opens the Domains tab. */
async function karinOnTheDomainsTab(page: Page): Promise<Locator> {
  const { browser: karin } = await activateConnectAdmin(page, 'Karin Berg', KARIN.password);
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(karin, null, KARIN.password);
  await karin.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Domains' }).click();
  await expect.poll(() => addressOf(page)).toBe('https://connect.test/admin/domains');
  return karin;
}

/** Nils signs in to the DNS provider's console (at its sign-in page, where `address` sent him). */
async function nilsAtTheDnsProvider(page: Page, address: string): Promise<Locator> {
  const nils = await become(page, 'Nils Olsson');
  await go(nils, address);
  await nils.getByRole('textbox', { name: 'Email' }).fill(NILS.email);
  await nils.getByLabel('Password').fill(NILS.password);
  await nils.getByRole('button', { name: 'Sign in' }).click();
  return nils;
}

async function verify(browser: Locator): Promise<Locator> {
  await browser.getByRole('button', { name: 'Verify', exact: true }).click();
  return browser.getByRole('status').filter({ hasText: /verified/i });
}

test('a domain verified through DNS after the propagation delay, with a typo fixed on the way', async ({ page }) => {
  await openStage(page);

  // Karin adds company.com in Connect's admin portal.
  const karin = await karinOnTheDomainsTab(page);
  await karin.getByRole('button', { name: 'Add domain' }).click();
  await karin.getByRole('textbox', { name: 'Domain name' }).fill('company.com');
  await karin.getByRole('button', { name: 'Next' }).click();
  const value = (await karin.getByTestId('txt-value').textContent())!;
  expect(value).toMatch(/^connect-domain-verification=[0-9a-f]{32}$/);
  const typo = value.replace('verification', 'verificaton');

  // Nils creates the TXT record at the DNS provider, with a typo.
  const nils = await nilsAtTheDnsProvider(page, 'dns.test');
  await nils.getByRole('link', { name: 'company.com' }).first().click();
  await expect(nils.getByRole('heading', { name: 'DNS records · company.com' })).toBeVisible();
  await nils.getByRole('textbox', { name: 'Host' }).fill('@');
  await nils.getByRole('textbox', { name: 'Value' }).fill(typo);
  await nils.getByRole('button', { name: 'Add record' }).click();
  await expect(nils.getByRole('status')).toContainText('Record added: TXT on company.com');
  await expect(nils.getByRole('row', { name: new RegExp(typo) })).toContainText('Propagating');

  // Verify right away: nothing is visible to resolvers yet.
  await become(page, 'Karin Berg');
  await expect(await verify(karin)).toContainText("We couldn't find the TXT record on company.com yet");

  // 30 minutes later resolvers see the record: Verify shows the typo it found.
  await advanceClock(page, '+30 min');
  await expect(await verify(karin)).toContainText(`Found: “${typo}”`);

  // Nils corrects the value.
  await become(page, 'Nils Olsson');
  await nils.getByRole('button', { name: new RegExp(`Edit TXT record @: ${typo}`) }).click();
  await nils.getByRole('textbox', { name: 'Value' }).fill(value);
  await nils.getByRole('button', { name: 'Save record' }).click();
  await expect(nils.getByRole('status')).toContainText('Record saved');

  // Verify right away: resolvers still answer with the old value until its TTL has passed.
  await become(page, 'Karin Berg');
  await expect(await verify(karin)).toContainText('Resolvers can show the old value for up to 5 minutes');
  await expect(karin.getByText('Not verified').first()).toBeVisible();

  // Past 300 s of world time: Verified.
  await advanceClock(page, '+30 min');
  await expect(await verify(karin)).toContainText('company.com is verified');
  await expect(karin.getByRole('row', { name: /company\.com/ })).toContainText('Verified');

  // R23: the record may go once the domain is Verified; the status stays.
  await become(page, 'Nils Olsson');
  await nils.getByRole('button', { name: new RegExp(`Delete TXT record @: ${value}`) }).click();
  await nils.getByRole('button', { name: /Yes, delete/ }).click();
  await expect(nils.getByRole('status')).toContainText('Record deleted');
  await become(page, 'Karin Berg');
  await karin.getByRole('button', { name: 'Reload' }).click();
  await expect(karin.getByRole('row', { name: /company\.com/ })).toContainText('Verified');
});

test('a domain verified by the HTTPS file, then its emails linked without a code (R13)', async ({ page }) => {
  await openStage(page);
  const karin = await karinOnTheDomainsTab(page);
  await karin.getByRole('button', { name: 'Add domain' }).click();
  await karin.getByRole('textbox', { name: 'Domain name' }).fill('company.com');
  await karin.getByRole('button', { name: 'Next' }).click();
  await karin.getByRole('radio', { name: 'HTTPS file' }).check();
  const downloading = page.waitForEvent('download');
  await karin.getByRole('button', { name: 'Download verification file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^connect-[0-9a-f]{32}\.html$/);
  const file = await download.path();

  // Not published yet: Verify says where it looked.
  await expect(await verify(karin)).toContainText(
    `We couldn't find the verification file at https://company.com/${download.suggestedFilename()}`,
  );

  // Nils uploads the very file at the domain's website root.
  const nils = await nilsAtTheDnsProvider(page, 'dns.test/zones/company.com/website');
  await expect(nils.getByRole('heading', { name: 'Website files · company.com' })).toBeVisible();
  await nils
    .getByLabel('Upload from your computer')
    .setInputFiles({ name: download.suggestedFilename(), mimeType: 'text/html', buffer: await readFile(file) });
  await expect(nils.getByRole('textbox', { name: 'File name' })).toHaveValue(download.suggestedFilename());
  await nils.getByRole('button', { name: 'Publish file' }).click();
  await expect(nils.getByRole('status')).toContainText(`Published: https://company.com/${download.suggestedFilename()}`);
  // Anyone can open it now, with no propagation delay.
  await nils.getByRole('link', { name: `https://company.com/${download.suggestedFilename()}` }).click();
  await expect(nils.getByText(/^connect-domain-verification=[0-9a-f]{32}$/)).toBeVisible();

  await become(page, 'Karin Berg');
  await expect(await verify(karin)).toContainText('company.com is verified');

  // R13: with the domain verified, the HRM can link its emails without a code — for users without an inbox.
  await go(karin, 'hrm.test/general/security');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await expect(karin.getByTestId('verified-domains')).toHaveText('Verified at Connect: company.com.');
  await karin.getByRole('checkbox', { name: 'Link emails at verified domains without a code' }).check();
  await expect(karin.getByRole('status').filter({ hasText: 'Verified domains link without a code' })).toBeVisible();
  await karin.getByRole('link', { name: 'Users', exact: true }).click();
  await karin.getByRole('searchbox', { name: 'Search' }).fill('Lena');
  await karin.getByRole('table', { name: 'Users' }).getByRole('button', { name: 'Lena Holm' }).click();
  const lena = karin.getByRole('region', { name: 'Lena Holm', exact: true });
  await lena.getByRole('textbox', { name: 'Email' }).fill('lena.holm@company.com');
  await lena.getByRole('button', { name: 'Send verification email' }).click();
  await expect(lena.getByText('Linked').first()).toBeVisible();
});
