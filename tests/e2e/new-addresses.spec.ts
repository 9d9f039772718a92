// The HRM's new addresses as people meet them after the cutover (R18): the old address and an old bookmark show where
// the HRM moved; its web link leads to the new web address, where the employee logs in through Connect; the old
// mobile address sends a device that used the app on to the new one.
import { expect, test } from '@playwright/test';
import {
  activate,
  addressOf,
  browserOn,
  choosePersona,
  go,
  inboxOf,
  linkBeforeTheSwitch,
  logInToHrm,
  openStage,
  setPasswordThroughForgot,
  signInAtConnect,
  CONNECT_PASSWORD,
} from './support';

test('after the cutover the old address and an old bookmark show the landing page, whose web link leads to the login through Connect', async ({
  page,
}) => {
  // A link before the switch, a password through "Forgot your password?" and a login: longer than one journey.
  test.setTimeout(120_000);
  await openStage(page);
  await linkBeforeTheSwitch(page, 'anna', '10001', 'anna-hrm-1', 'anna.svensson@company.com');
  // Before the move the new web address is not in use yet.
  const anna = await choosePersona(page, 'Anna Svensson');
  await go(browserOn(page), 'https://web.hrm.test/');
  await expect(anna.getByRole('heading', { name: 'This address is not in use for Demo Company yet' })).toBeVisible();
  await expect(anna.getByText('Until then use')).toBeVisible();

  await activate(page);
  for (const address of ['https://hrm.test/', 'https://hrm.test/users?status=not_linked']) {
    await go(browserOn(page), address);
    await expect(anna.getByRole('heading', { name: 'Demo Company has moved to a new address' })).toBeVisible();
    await expect(anna.getByText('Update your bookmarks: this address no longer opens the HRM.')).toBeVisible();
    await expect(anna.getByRole('img', { name: /QR code for the mobile app's address/ })).toBeVisible();
    expect(await addressOf(page)).toBe(address);
  }
  await anna.getByRole('link', { name: 'https://web.hrm.test/' }).click();
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await setPasswordThroughForgot(page, anna, inboxOf(page, 'Anna Svensson'), 'anna.svensson@company.com');
  await go(browserOn(page), 'https://web.hrm.test/');
  await signInAtConnect(anna, 'anna.svensson@company.com', CONNECT_PASSWORD);
  await expect(anna.getByRole('button', { name: 'Log out' })).toBeVisible();
  expect(await addressOf(page)).toBe('https://web.hrm.test/');
});

test('the old mobile address sends a device that used the app on to the new mobile address', async ({ page }) => {
  await openStage(page);
  const anna = await choosePersona(page, 'Anna Svensson');
  await go(browserOn(page), 'https://hrm.test/login');
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await go(browserOn(page), 'https://hrm.test/mobile');
  await expect(anna.getByRole('heading', { name: 'Hello, Anna Svensson' })).toBeVisible();

  await activate(page);
  await choosePersona(page, 'Anna Svensson');
  await go(browserOn(page), 'https://hrm.test/mobile');
  // 301 to the new mobile host, which logs her in through Connect.
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);

  // A device that never used the app is shown where it is now.
  const karin = await choosePersona(page, 'Karin Berg');
  await go(browserOn(page), 'https://hrm.test/mobile');
  await expect(karin.getByRole('heading', { name: 'The Demo Company mobile app has a new address' })).toBeVisible();
  await expect(karin.getByRole('link', { name: 'https://mobile.hrm.test/' })).toBeVisible();
  expect(await addressOf(page)).toBe('https://hrm.test/mobile');
});
