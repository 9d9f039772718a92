// Passkeys at Connect (R21: "biometric authentication methods like Face ID and Touch ID"): Erik adds a
// passkey in account settings and signs in with it without a password — once with the browser's own WebAuthn (a CDP
// virtual authenticator stands in for Touch ID) and once with the workspace's sandbox authenticator.
// Adding the same authenticator twice is refused in clear words; a removed passkey no longer signs him in; the
// developer x-ray shows each ceremony Connect verified.
import { expect, test, type CDPSession, type Locator, type Page } from '@playwright/test';
import { choosePersona, go, openStage, signInAtConnect } from './support';

const ERIK = { name: 'Erik Johansson', email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const ALREADY_REGISTERED =
  'This authenticator already has a passkey for your account. Use it to sign in, or remove its passkey from the list above to register it again.';

/** A platform authenticator with user verification (Touch ID's kind): CTAP2, internal transport, resident keys. */
async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** The persona's passkey authenticator panel on the stage, beside the browser. */
function authenticatorPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Passkey authenticator' });
}

function passkeysSection(browser: Locator): Locator {
  return browser.getByRole('region', { name: 'Passkeys' });
}

async function useAuthenticator(page: Page, label: string): Promise<void> {
  await authenticatorPanel(page).getByLabel(`${ERIK.name} uses`).selectOption({ label });
}

/** Erik signs in at Connect with his password and lands in account settings. */
async function openAccountSettings(page: Page): Promise<Locator> {
  const erik = await choosePersona(page, ERIK.name);
  await go(erik, 'connect.test/account');
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  return erik;
}

async function addPasskey(erik: Locator): Promise<void> {
  await passkeysSection(erik).getByRole('button', { name: 'Add a passkey' }).click();
}

async function signOut(erik: Locator): Promise<void> {
  await erik.getByRole('button', { name: 'Sign out' }).click();
  await go(erik, 'connect.test/account');
  await expect(erik.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

test('with the computer’s authenticator: Erik adds a passkey, cannot add it twice, and signs in without a password', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  await openStage(page);
  const erik = await openAccountSettings(page);
  await useAuthenticator(page, 'This computer’s authenticator');
  const passkeys = passkeysSection(erik);
  await expect(passkeys.getByText('No passkeys yet.')).toBeVisible();

  await addPasskey(erik);
  await expect(passkeys.getByRole('status')).toHaveText('Passkey added: Passkey. Next time, choose “Sign in with a passkey”.');
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);
  await expect(passkeys.getByRole('listitem')).toContainText('not used yet');
  // The credential is the authenticator's, discoverable, for the page's real host (the RP ID).
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost', signCount: 1 });

  // excludeCredentials: the authenticator already holds a passkey for Erik and says so.
  await addPasskey(erik);
  await expect(passkeys.getByRole('alert')).toHaveText(ALREADY_REGISTERED);
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);
  expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);

  await signOut(erik);
  await erik.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await expect(erik.getByText(ERIK.email).first()).toBeVisible();
  await expect(passkeys.getByRole('listitem')).toContainText('last used');
  const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0]!.signCount).toBe(2);
});

test('with the sandbox authenticator: Erik adds a passkey, cannot add it twice, signs in with it, and the x-ray shows each ceremony', async ({
  page,
}) => {
  await openStage(page);
  const erik = await openAccountSettings(page);
  await useAuthenticator(page, 'Sandbox authenticator');
  const panel = authenticatorPanel(page);
  await expect(panel.getByText('No passkeys.')).toBeVisible();
  const passkeys = passkeysSection(erik);

  await addPasskey(erik);
  await expect(passkeys.getByRole('status')).toHaveText(
    'Passkey added: Sandbox authenticator. Next time, choose “Sign in with a passkey”.',
  );
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);
  await expect(passkeys.getByRole('listitem')).toContainText('Sandbox authenticator');
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  await expect(panel.getByRole('listitem')).toContainText(ERIK.email);
  await expect(panel.getByRole('listitem')).toContainText('localhost · counter 0');

  await addPasskey(erik);
  await expect(passkeys.getByRole('alert')).toHaveText(ALREADY_REGISTERED);
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);
  await expect(panel.getByRole('listitem')).toHaveCount(1);

  await signOut(erik);
  await erik.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(erik.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await expect(passkeys.getByRole('listitem')).toContainText('last used');
  await expect(panel.getByRole('listitem')).toContainText('localhost · counter 1');

  // The developer x-ray: the options sent, the authenticator's response and Connect's verdict, newest first.
  await page.getByRole('button', { name: 'Developer x-ray' }).click();
  await page.getByRole('tab', { name: 'Passkeys' }).click();
  const ceremonies = page.locator('.ceremony-list > li');
  // Newest first: the sign-in; the second "Add a passkey", which the authenticator refused, so Connect got no answer;
  // the registration.
  await expect(ceremonies).toHaveCount(3);
  const signIn = ceremonies.nth(0);
  await expect(signIn.locator('summary').first()).toContainText('Sign-in without a password');
  await expect(signIn.locator('summary').first()).toContainText('verified');
  await expect(signIn.getByRole('region', { name: 'Options sent' })).toContainText('"userVerification": "required"');
  const response = signIn.getByRole('region', { name: 'Authenticator response' });
  await expect(response).toContainText('challenge matches the options ✓');
  await expect(response).toContainText('is SHA-256 of the RP ID ✓');
  await expect(response.getByRole('listitem').filter({ hasText: 'UV' })).toHaveText('UV on');
  const verification = signIn.getByRole('region', { name: 'Verification' });
  await expect(verification).toContainText(`Signed in as ${ERIK.email}.`);
  await expect(verification).toContainText('0 → 1');
  await expect(verification).toContainText('swk user mfa');
  await expect(ceremonies.nth(1).locator('summary').first()).toContainText('not answered');
  const registration = ceremonies.nth(2);
  await expect(registration.locator('summary').first()).toContainText('Registration');
  await expect(registration.locator('summary').first()).toContainText('verified');
});

test('a removed passkey no longer signs Erik in', async ({ page }) => {
  await openStage(page);
  const erik = await openAccountSettings(page);
  await useAuthenticator(page, 'Sandbox authenticator');
  const passkeys = passkeysSection(erik);
  await addPasskey(erik);
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);

  await passkeys.getByRole('button', { name: /^Remove Sandbox authenticator, added / }).click();
  await passkeys.getByRole('button', { name: /^Yes, remove: Sandbox authenticator, added / }).click();
  await expect(passkeys.getByRole('status')).toContainText('Passkey removed: Sandbox authenticator, added');
  await expect(passkeys.getByText('No passkeys yet.')).toBeVisible();

  // The sandbox authenticator still holds the key (as a phone would), but Connect no longer accepts it.
  await expect(authenticatorPanel(page).getByRole('listitem')).toHaveCount(1);
  await signOut(erik);
  await erik.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(erik.getByRole('alert')).toHaveText(
    'Connect does not accept this passkey: it may have been removed. Sign in with your email and password.',
  );
  await expect(erik.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
