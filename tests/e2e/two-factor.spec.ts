// Two-factor authentication in the browser (R21): Erik sets up an authenticator app in Connect's
// account settings, his phone scanning the QR code on his screen, and signs in to Expense with a code read from the
// phone — after a phone clock set two minutes off shows why codes fail — and has the browser remembered. HR staff,
// once Karin requires it, must set up an app at their next sign-in to the HRM, and then reach the HRM. Required of
// everyone from a date, it can be put off until then ("Remind me later"), not after; a recovery code stands in for
// the phone once; Karin reads all of it in the audit log. An HR staff member with a passkey is asked for it, not for
// an app, and the sandbox authenticator answers.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { activateConnectAdmin, addressOf, advanceClock, choosePersona, go, openStage, signInAtConnect } from './support';

const ERIK = { name: 'Erik Johansson', email: 'erik.johansson@company.com', password: 'expense-erik-2024' };
const KARIN = { name: 'Karin Berg', email: 'karin.berg@company.com', password: 'karin-admin-passphrase' };
const JOHAN = { name: 'Johan Ek', email: 'johan.ek@company.com', password: 'johan-connect-passphrase' };

function phoneOf(page: Page, name: string): Locator {
  return page.getByRole('region', { name: `Phone of ${name}` });
}

/** The code the phone's authenticator app shows now for the account, without the space in the middle. */
async function codeOnPhone(phone: Locator, account: string): Promise<string> {
  const text = (await phone.getByLabel(`Code for Connect ${account}`).textContent()) ?? '';
  const code = text.replace(/\s/g, '');
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

/** The setup page is on screen: the phone scans its QR code, and the code it then shows confirms the app. */
async function setUpWithPhone(page: Page, browser: Locator, persona: string, email: string): Promise<string[]> {
  await expect(browser.getByRole('img', { name: `QR code to add ${email} to an authenticator app` })).toBeVisible();
  const phone = phoneOf(page, persona);
  await phone.getByRole('button', { name: 'Scan QR code' }).click();
  await expect(phone.getByText(`Added Connect ${email}`)).toBeVisible();
  await browser.getByLabel('Code', { exact: true }).fill(await codeOnPhone(phone, email));
  await browser.getByRole('button', { name: 'Verify' }).click();
  await expect(browser.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
  const codes = await browser.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  return codes;
}

test('Erik sets up an authenticator app from his phone in account settings, then signs in to Expense with a code from it', async ({
  page,
}) => {
  await openStage(page);
  const erik = await choosePersona(page, ERIK.name);
  const phone = phoneOf(page, ERIK.name);
  // Nothing asks for a code yet: the phone is closed to its button until opened.
  await phone.getByRole('button', { name: 'Phone' }).click();
  await expect(phone.getByText('No accounts yet.')).toBeVisible();
  await phone.getByRole('button', { name: 'Scan QR code' }).click();
  await expect(phone.getByRole('alert')).toContainText('No QR code on the screen');

  await go(erik, 'connect.test/account');
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await expect(erik.getByTestId('two-factor-status')).toHaveText('Off');
  await erik.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(erik.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await setUpWithPhone(page, erik, ERIK.name, ERIK.email);
  await erik.getByRole('button', { name: 'Continue' }).click();
  await expect(erik.getByTestId('two-factor-status')).toContainText('On: authenticator app added');
  await expect(erik.getByTestId('two-factor-status')).toContainText('10 of 10 recovery codes left');

  // Later: he signs out, and half an hour on signs in to Expense through Connect.
  await erik.getByRole('button', { name: 'Sign out' }).click();
  await advanceClock(page, '+30 min');
  await go(erik, 'expense.test');
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
  expect(await addressOf(page)).toMatch(/^https:\/\/connect\.test\/login\/two-factor\?return_to=/);

  // A phone clock two minutes fast shows a code outside the ±30 s window: refused, at the field.
  await phone.getByLabel('Clock off by (seconds)').fill('120');
  await phone.getByRole('button', { name: 'Set clock' }).click();
  await expect(phone.getByText('The phone’s clock is 120 seconds fast.')).toBeVisible();
  await expect(phone.getByText('120 s fast', { exact: true })).toBeVisible();
  await erik.getByLabel('Code', { exact: true }).fill(await codeOnPhone(phone, ERIK.email));
  await erik.getByRole('button', { name: 'Verify' }).click();
  await expect(erik.getByRole('alert')).toContainText('That code didn’t work');

  // The clock put right, the code on the phone signs him in and Expense opens; he has this browser remembered.
  await phone.getByLabel('Clock off by (seconds)').fill('0');
  await phone.getByRole('button', { name: 'Set clock' }).click();
  await expect(phone.getByText('The phone’s clock is right.')).toBeVisible();
  await erik.getByLabel('Code', { exact: true }).fill(await codeOnPhone(phone, ERIK.email));
  await erik.getByRole('checkbox', { name: 'Remember this device for 30 days' }).check();
  await erik.getByRole('button', { name: 'Verify' }).click();
  await expect(erik.getByRole('heading', { name: 'Your receipts' })).toBeVisible();
  expect(await addressOf(page)).toBe('https://expense.test/');

  // Signed out of Expense (and so of Connect), the remembered browser signs in with the password alone.
  await erik.getByRole('button', { name: 'Sign out' }).click();
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Your receipts' })).toBeVisible();

  // The phone keeps its account across a reload of the tab, like the browser keeps its cookies.
  await page.reload();
  await expect(phoneOf(page, ERIK.name).getByLabel(`Code for Connect ${ERIK.email}`)).toHaveText(/^\d{3} \d{3}$/);
});

/** Johan links his HRM user and sets a Connect password before the switch (the arrange step, through his browser's network). */
async function johanLinkedWithPassword(page: Page): Promise<void> {
  await page.evaluate(
    async ({ email, password }) => {
      type Simulation = {
        devices(id: string): { jar: unknown };
        settled(): Promise<void>;
        network: { fetch(request: Request, options: { initiator: string; jar: unknown }): Promise<Response> };
      };
      const sim = (globalThis as unknown as { rolloutRehearsal: Simulation }).rolloutRehearsal;
      const jar = sim.devices('johan').jar;
      const call = async (url: string, body?: unknown) => {
        const init: RequestInit =
          body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
        return (await sim.network.fetch(new Request(url, init), { initiator: 'browser:johan', jar })).json();
      };
      const newest = async (subject: string) => {
        // As the trainer reads it (mail.test's inspection, which no persona's browser reaches).
        const trainer = async (url: string) => (await sim.network.fetch(new Request(url), { initiator: 'xray', jar: undefined })).json();
        const listing = await trainer(`https://mail.test/_sim/mailboxes/${email}/messages`);
        const found = listing.messages.find((m: { subject: string }) => m.subject === subject);
        return (await trainer(`https://mail.test/_sim/messages/${found.id}`)).text as string;
      };
      await call('https://hrm.test/api/session', { loginId: '10003', password: 'johan-hrm-1' });
      await call('https://hrm.test/api/me/connect/verification-code', { email });
      const code = /Your verification code:\s*(\d{6})/.exec(await newest('Verify your email address'))![1];
      const linked = await call('https://hrm.test/api/me/connect/verify', { code });
      if (linked.status !== 'linked') throw new Error(`Linking ${email} failed: ${JSON.stringify(linked)}`);
      await call('https://connect.test/api/password/forgot', { email });
      // The reset mail is sent after the answer, as background work: wait for it as a person waits for a mail.
      await sim.settled();
      const token = /reset-password\?token=([0-9a-f]{64})/.exec(await newest('Reset your Connect password'))![1];
      await call('https://connect.test/api/password/reset', { token, password, confirmPassword: password });
    },
    { email: JOHAN.email, password: JOHAN.password },
  );
}

test('Karin requires two-factor authentication for HR staff; after activation Johan must set up an app at his next sign-in, then reaches the HRM', async ({
  page,
}) => {
  await openStage(page);
  const { browser: karin } = await activateConnectAdmin(page, KARIN.name, KARIN.password);
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(karin, null, KARIN.password);
  await karin.getByRole('link', { name: 'Two-factor authentication', exact: true }).click();
  await expect(karin.getByRole('heading', { name: 'Two-factor authentication', level: 1 })).toBeVisible();
  await expect(karin.getByTestId('two-factor-figures')).toContainText('0 of');
  await karin.getByRole('checkbox', { name: 'HR staff' }).check();
  await karin.getByRole('button', { name: 'Save' }).click();
  await expect(karin.getByRole('status')).toHaveText('Saved. Affected users set up two-factor authentication at their next sign-in.');

  await johanLinkedWithPassword(page);
  const next = page.getByTestId('next-event');
  await expect(next).toContainText('Activation');
  await next.click();
  await expect(page.getByTestId('phase')).toHaveText('activation');

  const johan = await choosePersona(page, JOHAN.name);
  await go(johan, 'web.hrm.test');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await signInAtConnect(johan, JOHAN.email, JOHAN.password);
  await expect(johan.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await expect(johan.getByText('Your organisation requires two-factor authentication for HR staff.')).toBeVisible();
  await expect(johan.getByRole('button', { name: 'Remind me later' })).toHaveCount(0);
  await setUpWithPhone(page, johan, JOHAN.name, JOHAN.email);
  await johan.getByRole('button', { name: 'Continue' }).click();
  await expect(johan.getByRole('button', { name: 'Log out' })).toBeVisible();
  expect(await addressOf(page)).toBe('https://web.hrm.test/');
});

test('Johan (HR staff) adds a passkey with the sandbox authenticator; once Karin requires two-factor authentication, his password is followed by the passkey', async ({
  page,
}) => {
  await openStage(page);
  await johanLinkedWithPassword(page);
  const johan = await choosePersona(page, JOHAN.name);
  await page
    .getByRole('region', { name: 'Passkey authenticator' })
    .getByLabel(`${JOHAN.name} uses`)
    .selectOption({ label: 'Sandbox authenticator' });
  await go(johan, 'connect.test/account');
  await signInAtConnect(johan, JOHAN.email, JOHAN.password);
  await expect(johan.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  const passkeys = johan.getByRole('region', { name: 'Passkeys' });
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);
  await expect(johan.getByTestId('two-factor-status')).toContainText('On: passkey added');
  await expect(johan.getByText('Each sign-in asks for your passkey after the password.')).toBeVisible();
  await johan.getByRole('button', { name: 'Sign out' }).click();

  const { browser: karin } = await activateConnectAdmin(page, KARIN.name, KARIN.password);
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(karin, null, KARIN.password);
  await karin.getByRole('link', { name: 'Two-factor authentication', exact: true }).click();
  await expect(karin.getByTestId('two-factor-figures')).toContainText('1 of');
  await karin.getByRole('checkbox', { name: 'HR staff' }).check();
  await karin.getByRole('button', { name: 'Save' }).click();
  await expect(karin.getByRole('status')).toHaveText('Saved. Affected users set up two-factor authentication at their next sign-in.');

  await choosePersona(page, JOHAN.name);
  await go(johan, 'connect.test/account');
  await signInAtConnect(johan, JOHAN.email, JOHAN.password);
  // Verified with the passkey he has, not asked to set up an app.
  await expect(johan.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
  await expect(johan.getByRole('heading', { name: 'Set up two-factor authentication' })).toHaveCount(0);
  await expect(johan.getByRole('textbox', { name: 'Code' })).toHaveCount(0);
  await johan.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(johan.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await expect(johan.getByText('Your organisation requires two-factor authentication for HR staff.')).toBeVisible();
  await expect(passkeys.getByRole('listitem')).toContainText('last used');
  await expect(page.getByRole('region', { name: 'Passkey authenticator' }).getByRole('listitem')).toContainText('counter 1');
});

test('Karin requires two-factor authentication of everyone from a date: Erik puts it off until then, must set it up after, signs in with a recovery code, and Karin reads it all in the audit log', async ({
  page,
}) => {
  await openStage(page);
  const { browser: karin } = await activateConnectAdmin(page, KARIN.name, KARIN.password);
  await karin.getByRole('button', { name: 'Sign in' }).click();
  await signInAtConnect(karin, null, KARIN.password);
  await karin.getByRole('link', { name: 'Two-factor authentication', exact: true }).click();
  await karin.getByRole('checkbox', { name: 'Require two-factor authentication for everyone from a date' }).check();
  // The world opens on Monday 2 March 2026, 08:00: the date is a day later.
  await karin.getByLabel('From (world time)').fill('2026-03-03T08:00');
  await karin.getByRole('button', { name: 'Save' }).click();
  await expect(karin.getByRole('status')).toHaveText('Saved. Affected users set up two-factor authentication at their next sign-in.');
  await expect(karin.getByText('Saved: from Tue 3 Mar, 08:00.')).toBeVisible();

  // Before the date Erik is asked, and may put it off.
  const erik = await choosePersona(page, ERIK.name);
  await go(erik, 'expense.test');
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await expect(erik.getByText('From Tue 3 Mar, 08:00, your organisation requires two-factor authentication.')).toBeVisible();
  await erik.getByRole('button', { name: 'Remind me later' }).click();
  await expect(erik.getByRole('heading', { name: 'Your receipts' })).toBeVisible();
  await erik.getByRole('button', { name: 'Sign out' }).click();

  // Two days on, it is required: no putting off, he sets it up with his phone and keeps the recovery codes.
  await advanceClock(page, '+1 day', 2);
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await expect(erik.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await expect(erik.getByText('Your organisation requires two-factor authentication for everyone since Tue 3 Mar, 08:00.')).toBeVisible();
  await expect(erik.getByRole('button', { name: 'Remind me later' })).toHaveCount(0);
  const recoveryCodes = await setUpWithPhone(page, erik, ERIK.name, ERIK.email);
  await erik.getByRole('button', { name: 'Continue' }).click();
  await expect(erik.getByRole('heading', { name: 'Your receipts' })).toBeVisible();
  await erik.getByRole('button', { name: 'Sign out' }).click();

  // Without his phone at hand, a recovery code signs him in — once.
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await erik.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await erik.getByLabel('Recovery code').fill('aaaaa-aaaaa');
  await erik.getByRole('button', { name: 'Verify' }).click();
  await expect(erik.getByText('That recovery code isn’t one of yours. Check it and try again.')).toBeVisible();
  await erik.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await erik.getByRole('button', { name: 'Verify' }).click();
  await expect(erik.getByRole('heading', { name: 'Your receipts' })).toBeVisible();
  await erik.getByRole('button', { name: 'Sign out' }).click();
  await erik.getByRole('button', { name: 'Sign in with Connect' }).click();
  await signInAtConnect(erik, ERIK.email, ERIK.password);
  await erik.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await erik.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await erik.getByRole('button', { name: 'Verify' }).click();
  await expect(erik.getByText('That recovery code has already been used. Each code works once: use another one.')).toBeVisible();

  // Karin's session ended long ago. Signing in again, she too must set up an app first (everyone means her too), then
  // reads Erik's two-factor entries, newest first.
  await choosePersona(page, KARIN.name);
  await go(karin, 'connect.test/admin/audit');
  await signInAtConnect(karin, KARIN.email, KARIN.password);
  await expect(karin.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await setUpWithPhone(page, karin, KARIN.name, KARIN.email);
  await karin.getByRole('button', { name: 'Continue' }).click();
  await expect(karin.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await karin.getByLabel('User').fill(ERIK.email);
  await karin.getByLabel('Type').selectOption({ label: 'Two-factor authentication' });
  await karin.getByRole('button', { name: 'Filter' }).click();
  const rows = karin.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('Wrong two-factor code');
  const types = await rows.locator('td:nth-child(2)').allTextContents();
  expect(types).toEqual([
    'Wrong two-factor code',
    'Recovery code used',
    'Wrong two-factor code',
    'Two-factor set up',
    'Two-factor postponed',
  ]);
  await expect(rows.filter({ hasText: 'Two-factor postponed' })).toContainText(
    'Erik Johansson chose “Remind me later” for two-factor authentication',
  );
  await expect(rows.filter({ hasText: 'Two-factor set up' })).toContainText(
    'set up an authenticator app at sign-in; 10 recovery codes issued',
  );
});
