// The organisation's identity provider at Connect (R22, R24) as Karin (Connect administrator) sets it up before
// activation: company.com verified first, then an Entra ID provider with Connect's certificate, each bad field's
// message at its field, and "Check discovery" against an address where no server answers — that one by keyboard only.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  activateConnectAdmin,
  addressOf,
  advanceClock,
  choosePersona as become,
  downloadText,
  go,
  openStage,
  signInAtConnect,
} from './support';

const KARIN = { email: 'karin.berg@company.com', password: 'harbour lantern meadow' };
const NILS = { email: 'nils.olsson@company.com', password: 'dns-nils-1' };

/** Karin activates her administrator account and verifies company.com with the TXT record Nils creates (R23). */
async function karinWithVerifiedDomain(page: Page): Promise<Locator> {
  const { browser: karin } = await activateConnectAdmin(page, 'Karin Berg', KARIN.password);
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(karin, null, KARIN.password);
  const tabs = karin.getByRole('navigation', { name: 'Admin portal' });
  await tabs.getByRole('link', { name: 'Domains' }).click();
  await karin.getByRole('button', { name: 'Add domain' }).click();
  await karin.getByRole('textbox', { name: 'Domain name' }).fill('company.com');
  await karin.getByRole('button', { name: 'Next' }).click();
  const value = (await karin.getByTestId('txt-value').textContent())!;

  const nils = await become(page, 'Nils Olsson');
  await go(nils, 'dns.test');
  await nils.getByRole('textbox', { name: 'Email' }).fill(NILS.email);
  await nils.getByLabel('Password').fill(NILS.password);
  await nils.getByRole('button', { name: 'Sign in' }).click();
  await nils.getByRole('link', { name: 'company.com' }).first().click();
  await nils.getByRole('textbox', { name: 'Host' }).fill('@');
  await nils.getByRole('textbox', { name: 'Value' }).fill(value);
  await nils.getByRole('button', { name: 'Add record' }).click();
  await expect(nils.getByRole('status')).toContainText('Record added: TXT on company.com');

  await become(page, 'Karin Berg');
  await advanceClock(page, '+30 min');
  await karin.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(karin.getByRole('status').filter({ hasText: /verified/i })).toContainText('company.com is verified');
  await tabs.getByRole('link', { name: 'Identity providers' }).click();
  await expect.poll(() => addressOf(page)).toBe('https://connect.test/admin/identity-providers');
  return karin;
}

/** The form's field with this label, and the error shown at it (tied to it by aria-describedby). */
async function expectFieldError(browser: Locator, label: string | RegExp, message: RegExp): Promise<void> {
  const field = browser.getByLabel(label, { exact: typeof label === 'string' });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message);
}

test('Karin adds Entra ID for company.com with a certificate, after each bad field says what is wrong at the field', async ({ page }) => {
  await openStage(page);
  const karin = await karinWithVerifiedDomain(page);
  await expect(karin.getByText('No identity providers yet.')).toBeVisible();

  await karin.getByRole('button', { name: 'Add identity provider' }).click();
  const form = karin.getByRole('form', { name: 'Add identity provider' });
  await expect(form.getByLabel('Identity provider')).toHaveValue('entra');
  await expect(form.getByLabel('Name on the button')).toHaveValue('Microsoft Entra ID');
  await expect(form.getByRole('checkbox', { name: 'company.com' })).toBeChecked();

  // Nothing filled in: the issuer is asked for at its field.
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expectFieldError(form, 'Issuer URL', /Enter the issuer URL of the identity provider, such as https:\/\/entra\.test/);

  // An http address is refused for Entra ID.
  await form.getByLabel('Issuer URL').fill('http://entra.test/company/v2.0');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expectFieldError(form, 'Issuer URL', /must start with https:\/\/, not http:\/\//);

  // A client ID pasted with a space in it.
  await form.getByLabel('Issuer URL').fill('https://entra.test/company/v2.0');
  await form.getByLabel('Client ID').fill('3f2a 91c0');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expectFieldError(form, 'Client ID', /has no spaces/);
  await expect(form.getByLabel('Issuer URL')).not.toHaveAttribute('aria-invalid', 'true');

  // A name too long for a button.
  await form.getByLabel('Client ID').fill('3f2a91c0-connect');
  await form.getByLabel('Name on the button').fill('E'.repeat(61));
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expectFieldError(form, 'Name on the button', /at most 60 characters/);

  // With a client secret chosen, the secret is asked for.
  await form.getByLabel('Name on the button').fill('Entra ID');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expectFieldError(form, 'Client secret value', /Enter the client secret/);

  // With the certificate instead, no secret; a claim name with a space is refused.
  await form.getByRole('radio', { name: 'Certificate (private_key_jwt)' }).check();
  await expect(form.getByLabel('Client secret value')).toHaveCount(0);
  await form.getByLabel('Claim with the email').fill('e mail');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expectFieldError(form, 'Claim with the email', /“e mail” is not a claim name/);

  // No domain chosen.
  await form.getByLabel('Claim with the email').fill('email');
  await form.getByRole('checkbox', { name: 'company.com' }).uncheck();
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form.getByRole('group', { name: 'Domains that sign in here' })).toContainText('Choose at least one verified domain');

  // Corrected: added, and the form goes on as the provider's own, to make the certificate.
  await form.getByRole('checkbox', { name: 'company.com' }).check();
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Added “Entra ID”' })).toBeVisible();
  const row = karin.getByRole('row', { name: /Entra ID/ });
  await expect(row).toContainText('company.com');
  await expect(row).toContainText('No certificate yet');

  const edit = karin.getByRole('form', { name: 'Edit Entra ID' });
  await edit.getByLabel('Valid for').selectOption('2');
  await edit.getByRole('button', { name: 'Make certificate' }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Made a certificate valid until' })).toBeVisible();
  const thumbprint = (await edit.getByTestId('certificate-thumbprint').textContent())!;
  expect(thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expect(row).toContainText(/Certificate\s+expires in 7[23]\d days/);

  const { fileName, text } = await downloadText(page, () => edit.getByRole('button', { name: 'Download certificate (PEM)' }).click());
  expect(fileName).toBe('connect-entra-id.pem');
  expect(text).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/);

  // A second certificate replaces the first only once Karin confirms.
  await edit.getByRole('button', { name: 'Make a new certificate' }).click();
  await expect(edit.getByRole('alert')).toContainText('This provider already has a certificate');
  await expect(edit.getByTestId('certificate-thumbprint')).toHaveText(thumbprint);
});

test('Check discovery says that no server answers at the issuer, by keyboard alone', async ({ page }) => {
  await openStage(page);
  const karin = await karinWithVerifiedDomain(page);

  await karin.getByRole('button', { name: 'Add identity provider' }).focus();
  await page.keyboard.press('Enter');
  const form = karin.getByRole('form', { name: 'Add identity provider' });
  // The form opens with the name field focused; Tab goes on to the issuer.
  await expect(form.getByLabel('Name on the button')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Issuer URL')).toBeFocused();
  await page.keyboard.type('https://login.nowhere.test/company/v2.0');
  await page.keyboard.press('Tab');
  await expect(form.getByRole('button', { name: 'Check discovery' })).toBeFocused();
  await page.keyboard.press('Enter');
  const result = form.getByRole('status').filter({ hasText: 'Connect could not read the discovery document.' });
  await expect(result).toContainText('No server answers at login.nowhere.test. Check the issuer URL for a typo in the host name.');
  await expect(form.getByRole('button', { name: 'Check discovery' })).toBeEnabled();
});

test('Test connection against a provider that does not know the redirect URI says so, step by step, and runs again', async ({ page }) => {
  await openStage(page);
  const karin = await karinWithVerifiedDomain(page);

  // Connect's own OpenID provider stands in for the organisation's: it does not know this client, so it answers the
  // sign-in request with its error page instead of a sign-in.
  await karin.getByRole('button', { name: 'Add identity provider' }).click();
  const form = karin.getByRole('form', { name: 'Add identity provider' });
  await form.getByLabel('Identity provider').selectOption('oidc');
  await form.getByLabel('Name on the button').fill('Stand-in');
  await form.getByLabel('Issuer URL').fill('https://connect.test');
  await form.getByLabel('Client ID').fill('not-registered-there');
  await form.getByLabel('Client secret value').fill('a-secret-value');
  await form.getByRole('button', { name: 'Check discovery' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Found.' })).toContainText('Found the provider https://connect.test');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Added “Stand-in”' })).toBeVisible();

  await karin
    .getByRole('row', { name: /Stand-in/ })
    .getByRole('button', { name: 'Test connection' })
    .click();
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/admin\/identity-providers\/idp_\w+\/test\/test_\w+$/);
  const first = await addressOf(page);
  await expect(karin.getByRole('heading', { name: /Test connection: Stand-in/ })).toContainText('Failed');
  await expect(karin.getByRole('status')).toContainText('The identity provider does not know Connect’s redirect URI.');
  await expect(karin.getByRole('status')).toContainText(
    'Add https://connect.test/connect/sso/callback as a redirect URI of the application at the provider.',
  );
  const steps = karin.getByRole('listitem');
  await expect(steps.filter({ hasText: 'Discovery document read' })).toContainText('passed');
  await expect(steps.filter({ hasText: 'Sent to the identity provider to sign in' })).toContainText('failed');
  await expect(steps.filter({ hasText: 'Came back to Connect' })).toContainText('not reached');

  // Run again: a new run, with its own page.
  await karin.getByRole('button', { name: 'Run again' }).click();
  await expect.poll(() => addressOf(page)).not.toBe(first);
  await expect(karin.getByRole('heading', { name: /Test connection: Stand-in/ })).toContainText('Failed');

  // The tab lists the last run's result.
  await karin.getByRole('link', { name: '← Identity providers' }).click();
  await expect(karin.getByRole('row', { name: /Stand-in/ }).getByRole('link', { name: 'Failed' })).toBeVisible();

  // Removed after a confirmation that says what it means for the domain's users.
  await karin.getByRole('button', { name: 'Remove Stand-in' }).click();
  await expect(karin.getByRole('alert')).toContainText(
    'Remove “Stand-in”? Users at company.com then sign in with a Connect password again.',
  );
  await karin.getByRole('button', { name: 'Yes, remove Stand-in' }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Removed “Stand-in”' })).toBeVisible();
  await expect(karin.getByText('No identity providers yet.')).toBeVisible();
});
