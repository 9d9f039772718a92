// Single sign-on through the organisation's own identity provider (R20, R21, R22, R24), as Northwind Traders lives it:
// Tomas (IT) registers Connect at Entra ID and uploads Connect's certificate, Helena (Connect administrator) verifies
// northwind.test, adds Entra ID and runs Test connection before activation; after activation Jonas signs in to the HRM
// through Connect and Entra ID (his MFA there meets Connect's requirement for HR staff; Helena, without MFA at Entra ID,
// is asked for Connect's) and opens Expense signed in; "Only SSO" refuses a password naming the provider, and an email
// at a domain Connect has not verified never goes to Entra ID.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SSO_COMPANY_DOMAIN, SSO_COMPANY_INITIAL_DOMAIN, SSO_COMPANY_TENANT_ID, ssoCompany } from '../../mocks/templates/sso-company';
import {
  activate,
  activateConnectAdmin,
  addressOf,
  choosePersona,
  createWorkspace,
  downloadText,
  go,
  inboxOf,
  readVerificationCode,
  requestAs,
  signInAtConnect,
  signInAtIdentityProvider,
  openStage,
  verifyDomainThroughDns,
} from './support';

// Each journey starts from a new workspace and sets up what it needs through the pages: more than the default minute.
test.describe.configure({ timeout: 120_000 });

const ISSUER = `https://entra.test/${SSO_COMPANY_TENANT_ID}/v2.0`;
const REDIRECT_URI = 'https://connect.test/connect/sso/callback';
const HELENA = {
  persona: 'Helena Dahl',
  email: `helena.dahl@${SSO_COMPANY_DOMAIN}`,
  connectPassword: 'fjord lantern willow',
  entraPassword: 'entra-helena-1',
};
const TOMAS = {
  persona: 'Tomas Lindqvist',
  username: `tomas.lindqvist@${SSO_COMPANY_DOMAIN}`,
  entraPassword: 'entra-tomas-1',
  dnsPassword: 'dns-tomas-1',
};
const JONAS = { persona: 'Jonas Berglund', email: `jonas.berglund@${SSO_COMPANY_DOMAIN}`, entraPassword: 'entra-jonas-1' };

async function openNorthwind(page: Page): Promise<void> {
  await openStage(page);
  await createWorkspace(page, { name: 'Northwind', template: ssoCompany.name, seed: 'northwind-sso-journey', persona: 'Tomas Lindqvist' });
}

/** Helena activates her Connect administrator account, signs in with it and verifies northwind.test with Tomas's TXT record. */
async function helenaWithVerifiedDomain(page: Page): Promise<Locator> {
  const { browser: helena } = await activateConnectAdmin(page, HELENA.persona, HELENA.connectPassword);
  await helena.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(helena, null, HELENA.connectPassword);
  await verifyDomainThroughDns(
    page,
    { persona: HELENA.persona, browser: helena },
    { persona: TOMAS.persona, email: TOMAS.username, password: TOMAS.dnsPassword },
    SSO_COMPANY_DOMAIN,
  );
  return helena;
}

/** Tomas signs in to the Entra admin center (his MFA from his phone) and registers Connect; returns its client ID. */
async function tomasRegistersConnect(page: Page): Promise<{ tomas: Locator; clientId: string }> {
  const tomas = await choosePersona(page, TOMAS.persona);
  await go(tomas, 'https://entra.test/admin/applications');
  await signInAtIdentityProvider(page, tomas, {
    persona: TOMAS.persona,
    username: TOMAS.username,
    password: TOMAS.entraPassword,
    phoneAccount: `Entra ID ${TOMAS.username}`,
  });
  await expect(tomas.getByRole('heading', { name: 'App registrations' })).toBeVisible();
  const form = tomas.getByRole('form', { name: 'New app registration' });
  await form.getByLabel('Name').fill('Connect');
  await form.getByLabel('Redirect URIs (one a line)').fill(REDIRECT_URI);
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(tomas.getByRole('heading', { name: 'Connect', level: 1 })).toBeVisible();
  const clientId = (await tomas.locator('dt:has-text("Application (client) ID") + dd').textContent())!.trim();
  expect(clientId).not.toBe('');
  return { tomas, clientId };
}

/** Helena opens "Add identity provider" on the Identity providers tab and fills in Entra ID for northwind.test. */
async function helenaAddsEntra(helena: Locator, clientId: string, clientAuth: 'secret' | 'certificate', secret?: string): Promise<Locator> {
  await helena.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Identity providers' }).click();
  await helena.getByRole('button', { name: 'Add identity provider' }).click();
  const form = helena.getByRole('form', { name: 'Add identity provider' });
  await expect(form.getByLabel('Identity provider')).toHaveValue('entra');
  await form.getByLabel('Name on the button').fill('Entra ID');
  await form.getByLabel('Issuer URL').fill(ISSUER);
  await form.getByLabel('Client ID').fill(clientId);
  if (clientAuth === 'certificate') await form.getByRole('radio', { name: 'Certificate (private_key_jwt)' }).check();
  else await form.getByLabel('Client secret value').fill(secret!);
  await expect(form.getByRole('checkbox', { name: SSO_COMPANY_DOMAIN })).toBeChecked();
  return form;
}

test('Tomas registers Connect at Entra ID with Connect’s certificate, and Helena’s Test connection passes every step before activation', async ({
  page,
}) => {
  await openNorthwind(page);
  const helena = await helenaWithVerifiedDomain(page);
  const { tomas, clientId } = await tomasRegistersConnect(page);

  // Helena adds Entra ID with the certificate Connect makes, and downloads it for Tomas.
  await choosePersona(page, HELENA.persona);
  const form = await helenaAddsEntra(helena, clientId, 'certificate');
  await form.getByRole('button', { name: 'Check discovery' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Found.' })).toContainText(`Found the provider ${ISSUER}`);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(helena.getByRole('status').filter({ hasText: 'Added “Entra ID”' })).toBeVisible();
  const edit = helena.getByRole('form', { name: 'Edit Entra ID' });
  await edit.getByRole('button', { name: 'Make certificate' }).click();
  await expect(helena.getByRole('status').filter({ hasText: 'Made a certificate valid until' })).toBeVisible();
  const { fileName, text: pem } = await downloadText(page, () => edit.getByRole('button', { name: 'Download certificate (PEM)' }).click());
  expect(pem).toContain('-----BEGIN CERTIFICATE-----');

  // Tomas uploads the file to Connect's registration.
  await choosePersona(page, TOMAS.persona);
  await tomas
    .getByLabel('Certificate file (.pem, .cer, .crt)')
    .setInputFiles({ name: fileName, mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
  await expect(tomas.getByLabel('Certificate (PEM)')).toHaveValue(pem);
  await tomas.getByRole('button', { name: 'Upload certificate' }).click();
  await expect(tomas.getByRole('status').filter({ hasText: 'Certificate uploaded' })).toContainText('thumbprint');

  // Helena tests the connection: a real sign-in at Entra ID as herself, then each step on Connect's run page.
  await choosePersona(page, HELENA.persona);
  await helena
    .getByRole('row', { name: /Entra ID/ })
    .getByRole('button', { name: 'Test connection' })
    .click();
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/entra\.test\//);
  await signInAtIdentityProvider(page, helena, { persona: HELENA.persona, username: HELENA.email, password: HELENA.entraPassword });
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/admin\/identity-providers\/idp_\w+\/test\/test_\w+$/);
  await expect(helena.getByRole('heading', { name: /Test connection: Entra ID/ })).toContainText('Passed');
  await expect(helena.getByRole('status').filter({ hasText: 'The provider signed the test user in' })).toContainText(HELENA.email);
  const steps = helena.getByRole('listitem');
  for (const step of [
    'Discovery document read',
    'Sent to the identity provider to sign in',
    'Came back to Connect',
    'Code exchanged for tokens',
    'ID token checked',
    'Claims mapped to an email',
  ])
    await expect(steps.filter({ hasText: step })).toContainText('passed');
  await expect(helena.getByText(`Email from the claim email: ${HELENA.email}`)).toBeVisible();
  await expect(page.getByTestId('phase')).toHaveText('preparation');
});

/** Tomas adds a client secret to Connect's registration; returns the value the console shows once. */
async function tomasAddsSecret(tomas: Locator): Promise<string> {
  const form = tomas.getByRole('form', { name: 'New client secret' });
  await form.getByLabel('Description').fill('Connect');
  await form.getByRole('button', { name: 'Add client secret' }).click();
  const value = await tomas.getByLabel('Value').inputValue();
  expect(value).not.toBe('');
  return value;
}

/** Everything before the switch the sign-ins below need: northwind.test verified, Entra ID added at Connect with a secret. */
async function northwindWithEntraAtConnect(page: Page, options: { ssoOnly: boolean }): Promise<Locator> {
  await openNorthwind(page);
  const helena = await helenaWithVerifiedDomain(page);
  const { tomas, clientId } = await tomasRegistersConnect(page);
  const secret = await tomasAddsSecret(tomas);
  await choosePersona(page, HELENA.persona);
  const form = await helenaAddsEntra(helena, clientId, 'secret', secret);
  if (options.ssoOnly) {
    await form.getByRole('checkbox', { name: /^Only SSO/ }).check();
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    // Not tested yet: Connect asks for a confirmation first.
    await form.getByRole('checkbox', { name: 'Switch “Only SSO” on anyway' }).check();
  }
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(helena.getByRole('status').filter({ hasText: 'Added “Entra ID”' })).toBeVisible();
  return helena;
}

test('after activation Jonas signs in to the HRM through Connect and Entra ID with his MFA there, then opens Expense, with no Connect password or 2FA prompt; Helena without MFA at Entra ID is asked for Connect’s', async ({
  page,
}) => {
  const helena = await northwindWithEntraAtConnect(page, { ssoOnly: false });

  // Connect requires two-factor authentication of HR staff, Jonas among them.
  await helena.getByRole('link', { name: 'Two-factor authentication', exact: true }).click();
  await helena.getByRole('checkbox', { name: 'HR staff' }).check();
  await helena.getByRole('button', { name: 'Save' }).click();
  await expect(helena.getByRole('status')).toHaveText('Saved. Affected users set up two-factor authentication at their next sign-in.');

  // During preparation Jonas signs in to the HRM with Entra ID, as today, and verifies his email.
  const jonas = await choosePersona(page, JONAS.persona);
  const inbox = inboxOf(page, JONAS.persona);
  const entraAccount = `Entra ID ${JONAS.email}`;
  await go(jonas, 'https://hrm.test/');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/entra\.test\/signin/);
  await signInAtIdentityProvider(page, jonas, {
    persona: JONAS.persona,
    username: JONAS.email,
    password: JONAS.entraPassword,
    phoneAccount: entraAccount,
  });
  await expect(jonas.getByRole('button', { name: 'Log out' })).toBeVisible();
  await jonas.getByRole('button', { name: 'Go to Account Settings' }).click();
  await jonas.getByRole('button', { name: JONAS.email }).click();
  await jonas.getByRole('button', { name: 'Send verification code' }).click();
  await jonas.getByRole('textbox', { name: 'Verification code' }).fill(await readVerificationCode(inbox));
  await jonas.getByRole('button', { name: 'Verify' }).click();
  await expect(jonas.getByText("You're all set!")).toBeVisible();

  await activate(page);

  // After the switch: the HRM sends him to Connect, which sends northwind.test to Entra ID.
  await choosePersona(page, JONAS.persona);
  await go(jonas, 'https://web.hrm.test/');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await jonas.getByRole('textbox', { name: 'Email' }).fill(JONAS.email);
  await jonas.getByRole('button', { name: 'Continue' }).click();
  await expect(jonas.getByLabel('Password', { exact: true })).toHaveCount(0);
  await jonas.getByRole('button', { name: 'Sign in with Entra ID' }).click();
  await expect.poll(() => addressOf(page)).toMatch(new RegExp(`^https://entra\\.test/`));
  await signInAtIdentityProvider(page, jonas, {
    persona: JONAS.persona,
    username: JONAS.email,
    password: JONAS.entraPassword,
    phoneAccount: entraAccount,
  });

  // Entra ID's MFA meets Connect's requirement: straight back to the HRM, signed in, with no Connect password, no
  // code and no two-factor setup asked.
  await expect(jonas.getByRole('button', { name: 'Log out' })).toBeVisible();
  expect(await addressOf(page)).toBe('https://web.hrm.test/');
  await expect(jonas.getByRole('heading', { name: 'Set up two-factor authentication' })).toHaveCount(0);

  // Expense signs him in through the same Connect session.
  await go(jonas, 'https://expense.test/');
  await jonas.getByRole('button', { name: 'Sign in with Connect' }).click();
  await expect(jonas.getByRole('heading', { name: 'Your receipts' })).toBeVisible();
  await expect(jonas.getByText(`Signed in through Connect as ${JONAS.email}`)).toBeVisible();
  expect(await addressOf(page)).toBe('https://expense.test/');
  await expect(jonas.getByLabel('Password')).toHaveCount(0);
  await expect(jonas.getByLabel('Code', { exact: true })).toHaveCount(0);

  // Helena (HR staff too) has no MFA at Entra ID: Connect's own requirement applies to her after Entra ID's sign-in.
  const helenaNow = await choosePersona(page, HELENA.persona);
  await go(helenaNow, 'https://web.hrm.test/');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await helenaNow.getByRole('textbox', { name: 'Email' }).fill(HELENA.email);
  await helenaNow.getByRole('button', { name: 'Continue' }).click();
  await helenaNow.getByRole('button', { name: 'Sign in with Entra ID' }).click();
  await signInAtIdentityProvider(page, helenaNow, { persona: HELENA.persona, username: HELENA.email, password: HELENA.entraPassword });
  await expect(helenaNow.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await expect(helenaNow.getByText('Your organisation requires two-factor authentication for HR staff.')).toBeVisible();
});

test('“Only SSO” refuses a password and “Forgot your password?” with a message that names Entra ID, and the audit log records each refusal', async ({
  page,
}) => {
  const helena = await northwindWithEntraAtConnect(page, { ssoOnly: false });

  // While the domain is not Only SSO, Jonas may still choose a Connect password instead.
  const jonas = await choosePersona(page, JONAS.persona);
  await go(jonas, 'https://connect.test/login');
  await jonas.getByRole('textbox', { name: 'Email' }).fill(JONAS.email);
  await jonas.getByRole('button', { name: 'Continue' }).click();
  await expect(jonas.getByRole('button', { name: 'Sign in with Entra ID' })).toBeVisible();
  await expect(jonas.getByRole('button', { name: 'Sign in with a password instead' })).toBeVisible();

  // Helena switches Only SSO on: Entra ID has not passed Test connection yet, so she confirms.
  await choosePersona(page, HELENA.persona);
  await helena.getByRole('button', { name: 'Edit Entra ID' }).click();
  const edit = helena.getByRole('form', { name: 'Edit Entra ID' });
  await edit.getByRole('checkbox', { name: /^Only SSO/ }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await edit.getByRole('checkbox', { name: 'Switch “Only SSO” on anyway' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(helena.getByRole('status').filter({ hasText: 'Saved “Entra ID”' })).toBeVisible();
  await expect(helena.getByRole('row', { name: /Entra ID/ })).toContainText('Only SSO');

  // A password sent from Jonas's browser anyway (a saved form, a password manager) is refused, naming the provider.
  const refusal = 'Your organisation signs you in with Entra ID. Use “Sign in with Entra ID”.';
  const sent = await requestAs(page, 'jonas', 'https://connect.test/api/session', { email: JONAS.email, password: JONAS.entraPassword });
  expect(sent.status).toBe(403);
  expect(sent.body).toMatchObject({ code: 'sso_required', message: refusal });

  // From now on the login page offers Entra ID alone, and a reset link is refused the same way.
  await choosePersona(page, JONAS.persona);
  await go(jonas, 'https://connect.test/login');
  await jonas.getByRole('textbox', { name: 'Email' }).fill(JONAS.email);
  await jonas.getByRole('button', { name: 'Continue' }).click();
  await expect(jonas.getByRole('button', { name: 'Sign in with Entra ID' })).toBeVisible();
  await expect(jonas.getByRole('button', { name: 'Sign in with a password instead' })).toHaveCount(0);
  await go(jonas, `https://connect.test/forgot-password?email=${encodeURIComponent(JONAS.email)}`);
  await expect(jonas.getByRole('textbox', { name: 'Email' })).toHaveValue(JONAS.email);
  await jonas.getByRole('button', { name: 'Send reset link' }).click();
  await expect(jonas.getByText(refusal)).toBeVisible();
  await expect(jonas.getByText(/we've sent a link/)).toHaveCount(0);

  // Helena reads both refusals in the audit log.
  await choosePersona(page, HELENA.persona);
  await helena.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Audit log' }).click();
  const domainRule = `${JONAS.email}: ${SSO_COMPANY_DOMAIN} signs in only with Entra ID`;
  await expect(helena.getByRole('row').filter({ hasText: `Password sign-in refused for ${domainRule}` })).toHaveCount(1);
  await expect(helena.getByRole('row').filter({ hasText: `Password reset refused for ${domainRule}` })).toHaveCount(1);
});

test('an email at a domain Connect has not verified never goes to Entra ID, by keyboard alone; the provider’s form cannot assign that domain', async ({
  page,
}) => {
  const helena = await northwindWithEntraAtConnect(page, { ssoOnly: true });
  const upn = `a.berg@${SSO_COMPANY_INITIAL_DOMAIN}`;

  // Helena adds Entra's initial domain under Domains but does not verify it: the provider's form shows it, not to be chosen, and why.
  await helena.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Domains' }).click();
  await helena.getByRole('button', { name: 'Add domain' }).click();
  await helena.getByRole('textbox', { name: 'Domain name' }).fill(SSO_COMPANY_INITIAL_DOMAIN);
  await helena.getByRole('button', { name: 'Next' }).click();
  await expect(helena.getByTestId('txt-value')).toBeVisible();
  await helena.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Identity providers' }).click();
  await helena.getByRole('button', { name: 'Edit Entra ID' }).click();
  const domains = helena.getByRole('form', { name: 'Edit Entra ID' }).getByRole('group', { name: 'Domains that sign in here' });
  await expect(domains.getByRole('checkbox', { name: SSO_COMPANY_DOMAIN })).toBeChecked();
  await expect(domains.getByRole('checkbox', { name: new RegExp(SSO_COMPANY_INITIAL_DOMAIN), disabled: false })).toHaveCount(0);
  await expect(domains.getByRole('checkbox', { name: new RegExp(SSO_COMPANY_INITIAL_DOMAIN), disabled: true })).toHaveCount(1);
  await expect(domains.getByText(`${SSO_COMPANY_INITIAL_DOMAIN} (not verified: verify it under Domains first)`)).toBeVisible();

  // Anna types her Entra username, not her email, at Connect's login, by keyboard alone: Connect asks for a
  // Connect password and sends nothing to Entra ID.
  const anna = await choosePersona(page, 'Anna Berg');
  await go(anna, 'https://connect.test/login');
  const email = anna.getByRole('textbox', { name: 'Email' });
  await email.focus();
  await page.keyboard.type(upn);
  await page.keyboard.press('Enter');
  await expect(anna.getByLabel('Password', { exact: true })).toBeFocused();
  await expect(anna.getByRole('button', { name: 'Sign in with Entra ID' })).toHaveCount(0);
  expect(await addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  // Her Entra password is no Connect password: refused as any wrong password, and still nothing went to Entra ID.
  await page.keyboard.type('entra-anna-1');
  await page.keyboard.press('Enter');
  await expect(anna.getByRole('alert')).toContainText('The email or password is incorrect');
  expect(await addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);

  // Her email at the verified domain, typed the same way, is offered Entra ID alone (Only SSO).
  await go(anna, 'https://connect.test/login');
  await anna.getByRole('textbox', { name: 'Email' }).focus();
  await page.keyboard.type(`anna.berg@${SSO_COMPANY_DOMAIN}`);
  await page.keyboard.press('Enter');
  await expect(anna.getByRole('button', { name: 'Sign in with Entra ID' })).toBeVisible();
  await expect(anna.getByLabel('Password', { exact: true })).toHaveCount(0);
});
