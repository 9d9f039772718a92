// Owns what the browser tests share: opening the stage on a fresh workspace, reading mails from the inbox, reading the
// files a page downloads, and the switch to Connect (linking before it, activating, logging in through Connect after).
import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';
import Papa from 'papaparse';

/**
 * Opens the stage with empty storage (each Playwright test gets a fresh context) and waits for the personas, and for the
 * console's `rolloutRehearsal` and plain fetch() to *.test hosts, which start beside the stage.
 */
export async function openStage(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();
  await page.waitForFunction(() => 'rolloutRehearsal' in globalThis);
}

export function browserOf(page: Page, name: string): Locator {
  return page.getByRole('region', { name: `Browser of ${name}` });
}

export function inboxOf(page: Page, name: string): Locator {
  return page.getByRole('region', { name: `Inbox of ${name}` });
}

/**
 * Presses one of the clock bar's jumps ("+30 min", "+1 day") and waits until the world clock shows the time it jumps to:
 * the simulation applies a jump (and the events it passes) after the click, so a step taken before it lands would still
 * run at the old time.
 */
export async function advanceClock(page: Page, jump: '+30 min' | '+1 day', times = 1): Promise<void> {
  const worldTime = page.getByTestId('world-time');
  const button = page.getByRole('button', { name: jump });
  const step = jump === '+1 day' ? 24 * 60 * 60_000 : 30 * 60_000;
  for (let i = 0; i < times; i++) {
    await expect(button).toBeEnabled();
    const before = Date.parse((await worldTime.getAttribute('datetime')) ?? '');
    expect(before, 'the world clock shows its time').not.toBeNaN();
    await button.click();
    await expect(worldTime).toHaveAttribute('datetime', new Date(before + step).toISOString());
    await expect(button).toBeEnabled();
  }
}

export async function addressOf(page: Page): Promise<string> {
  return page.getByTestId('address-bar').inputValue();
}

/** Opens the newest mail with this subject in the inbox and returns its body text. */
export async function openMail(inbox: Locator, subject: string): Promise<string> {
  const item = inbox.getByRole('button', { name: new RegExp(subject) }).first();
  const id = await item.getAttribute('data-message-id');
  await item.click();
  // The message view swaps its content once the mail has loaded: wait for this very mail, not the one shown before.
  const message = inbox.locator(`article[data-message-id="${id}"]`);
  await expect(message).toBeVisible();
  return (await message.getByTestId('mail-body').textContent()) ?? '';
}

export async function readVerificationCode(inbox: Locator): Promise<string> {
  const text = await openMail(inbox, 'Verify your email address');
  const code = /Your verification code:\s*(\d{6})/.exec(text)?.[1];
  expect(code, `a 6-digit code in: ${text}`).toBeTruthy();
  return code!;
}

export async function logInToHrm(page: Page, browser: Locator, loginId: string, password: string): Promise<void> {
  await expect(browser.getByLabel('User ID')).toBeVisible();
  await browser.getByLabel('User ID').fill(loginId);
  await browser.getByLabel('Password').fill(password);
  await browser.getByRole('button', { name: 'Log in' }).click();
  await expect(browser.getByRole('button', { name: 'Log out' })).toBeVisible();
}

/** Clicks what starts a download and returns the saved file's text (without the byte-order mark spreadsheets want). */
export async function downloadText(page: Page, start: () => Promise<void>): Promise<{ fileName: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const path = await download.path();
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  return { fileName: download.suggestedFilename(), text };
}

/** A CSV file's rows as objects by header. */
export function csvRows(text: string): Array<Record<string, string>> {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  expect(parsed.errors, 'the CSV parses').toEqual([]);
  return parsed.data;
}

/** Puts a persona on stage (the picker's card, not a user of the same name in a page) and returns their browser. */
export async function choosePersona(page: Page, name: string): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Personas' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
  const browser = browserOf(page, name);
  await expect(browser).toBeVisible();
  return browser;
}

/** Types an address into the persona's address bar, as a person would, and waits for the page to load. */
export async function go(browser: Locator, address: string): Promise<void> {
  const bar = browser.getByTestId('address-bar');
  await bar.fill(address);
  await bar.press('Enter');
  await expect(browser.locator('.device-viewport')).toHaveAttribute('aria-busy', 'false');
}

/** Connect's identifier-first login (R20): the email (unless it is already there), Continue, the password, Sign in. */
export async function signInAtConnect(browser: Locator, email: string | null, password: string): Promise<void> {
  await expect(browser.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  if (email !== null) await browser.getByRole('textbox', { name: 'Email' }).fill(email);
  await browser.getByRole('button', { name: 'Continue' }).click();
  await browser.getByLabel('Password', { exact: true }).fill(password);
  await browser.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * R28: a first Connect administrator opens the activation mail the workspace sent them and chooses a
 * password. Returns their browser (on "You're an administrator") and the mail's text.
 */
export async function activateConnectAdmin(page: Page, name: string, password: string): Promise<{ browser: Locator; mail: string }> {
  const browser = await choosePersona(page, name);
  const inbox = inboxOf(page, name);
  const mail = await openMail(inbox, 'Activate your Connect administrator account');
  await inbox.getByRole('link', { name: /connect\.test\/activate/ }).click();
  await expect(browser.getByRole('heading', { name: 'Activate your administrator account' })).toBeVisible();
  await browser.getByLabel('Password', { exact: true }).fill(password);
  await browser.getByLabel('Confirm password').fill(password);
  await browser.getByRole('button', { name: 'Activate account' }).click();
  await expect(browser.getByRole('heading', { name: "You're an administrator" })).toBeVisible();
  return { browser, mail };
}

/** The Connect password the activation journeys choose. */
export const CONNECT_PASSWORD = 'midnight orchard lantern';

/** Links a persona's HRM user before the switch, through the persona's own browser's network (the arrange step). */
export async function linkBeforeTheSwitch(page: Page, persona: string, loginId: string, password: string, email: string): Promise<void> {
  await page.evaluate(
    async ({ persona, loginId, password, email }) => {
      type Simulation = {
        devices(id: string): { jar: unknown };
        network: { fetch(request: Request, options: { initiator: string; jar: unknown }): Promise<Response> };
      };
      const sim = (globalThis as unknown as { rolloutRehearsal: Simulation }).rolloutRehearsal;
      const jar = sim.devices(persona).jar;
      const call = async (url: string, body?: unknown) => {
        const init: RequestInit =
          body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
        return (await sim.network.fetch(new Request(url, init), { initiator: `browser:${persona}`, jar })).json();
      };
      // The code as the trainer reads it (mail.test's inspection, which no persona's browser reaches).
      const trainer = async (url: string) => (await sim.network.fetch(new Request(url), { initiator: 'xray', jar: undefined })).json();
      await call('https://hrm.test/api/session', { loginId, password });
      await call('https://hrm.test/api/me/connect/verification-code', { email });
      const listing = await trainer(`https://mail.test/_sim/mailboxes/${email}/messages`);
      const mail = await trainer(`https://mail.test/_sim/messages/${listing.messages[0].id}`);
      const code = /Your verification code:\s*(\d{6})/.exec(mail.text)![1];
      const linked = await call('https://hrm.test/api/me/connect/verify', { code });
      if (linked.status !== 'linked') throw new Error(`Linking ${email} failed: ${JSON.stringify(linked)}`);
    },
    { persona, loginId, password, email },
  );
}

/** The browser of whoever is on stage now. */
export function browserOn(page: Page): Locator {
  return page.getByRole('region', { name: /^Browser of / });
}

export async function activate(page: Page): Promise<void> {
  const next = page.getByTestId('next-event');
  await expect(next).toContainText('Activation');
  await next.click();
  await expect(page.getByTestId('phase')).toHaveText('activation');
}

/** R15: no password yet, so "Forgot your password?", the mailed link, a new password. */
export async function setPasswordThroughForgot(page: Page, browser: Locator, inbox: Locator, email: string): Promise<void> {
  await browser.getByRole('textbox', { name: 'Email' }).fill(email);
  await browser.getByRole('button', { name: 'Continue' }).click();
  await browser.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(browser.getByRole('textbox', { name: 'Email' })).toHaveValue(email);
  await browser.getByRole('button', { name: 'Send reset link' }).click();
  await expect(browser.getByText(/we've sent a link/)).toBeVisible();
  await openMail(inbox, 'Reset your Connect password');
  await inbox.getByRole('link', { name: /https:\/\/connect\.test\/reset-password/ }).click();
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/reset-password/);
  await browser.getByLabel('New password', { exact: true }).fill(CONNECT_PASSWORD);
  await browser.getByLabel('Confirm new password').fill(CONNECT_PASSWORD);
  await browser.getByRole('button', { name: 'Set password' }).click();
  await expect(browser.getByText('Your password has been set')).toBeVisible();
}

/** Into the HRM after the switch: Connect's login (with a password set first), and back. */
export async function logInThroughConnect(page: Page, browser: Locator, inbox: Locator, email: string): Promise<void> {
  // R18: after the move the HRM is at its new web address.
  await go(browserOn(page), 'https://web.hrm.test/');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await setPasswordThroughForgot(page, browser, inbox, email);
  await go(browserOn(page), 'https://web.hrm.test/');
  await expect.poll(() => addressOf(page)).toMatch(/^https:\/\/connect\.test\/login/);
  await signInAtConnect(browser, email, CONNECT_PASSWORD);
  await expect(browser.getByRole('button', { name: 'Log out' })).toBeVisible();
  expect(await addressOf(page)).toBe('https://web.hrm.test/');
}

/** Trainer mode's panel on the stage. */
export function trainerPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Trainer mode' });
}

/** The n-th step (from 1) of the scenario trainer mode shows. */
export function trainerStep(trainer: Locator, n: number): Locator {
  return trainer
    .getByRole('list', { name: 'Steps' })
    .getByRole('listitem')
    .nth(n - 1);
}

/** Creates a workspace from a template of the workspace menu, with a seed, and waits for `persona` in the picker. */
export async function createWorkspace(
  page: Page,
  options: { name: string; template: string; seed: string; persona: string },
): Promise<void> {
  await page.getByRole('button', { name: /^Workspace/ }).click();
  const menu = page.getByRole('group', { name: 'Workspace' });
  await menu.getByLabel('Name', { exact: true }).fill(options.name);
  await menu.getByLabel('Template').selectOption({ label: options.template });
  await menu.getByLabel('Seed').fill(options.seed);
  await menu.getByRole('button', { name: 'Create workspace' }).click();
  await expect(menu.getByRole('status')).toContainText(`Created “${options.name}”`);
  await page.getByRole('button', { name: /^Workspace/ }).click();
  await expect(menu).toBeHidden();
  await expect(
    page.getByRole('navigation', { name: 'Personas' }).getByRole('button', { name: new RegExp(`^${options.persona}`) }),
  ).toBeVisible();
}

/** The code the persona's phone shows now for the authenticator account whose name starts with `account`, without spaces. */
export async function codeOnPhone(page: Page, persona: string, account: string | RegExp): Promise<string> {
  const phone = page.getByRole('region', { name: `Phone of ${persona}` });
  const text = (await phone.getByLabel(typeof account === 'string' ? `Code for ${account}` : account).textContent()) ?? '';
  const code = text.replace(/\s/g, '');
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

/**
 * An identity provider's own login page (entra.test, google.test…): the username, Next, the password, Sign in, and —
 * for a user with an authenticator there — the code from the persona's phone, Verify.
 */
export async function signInAtIdentityProvider(
  page: Page,
  browser: Locator,
  user: { persona: string; username: string; password: string; phoneAccount?: string },
): Promise<void> {
  await expect(browser.getByLabel('Username')).toBeVisible();
  await browser.getByLabel('Username').fill(user.username);
  await browser.getByRole('button', { name: 'Next' }).click();
  await browser.getByLabel('Password').fill(user.password);
  await browser.getByRole('button', { name: 'Sign in' }).click();
  if (user.phoneAccount === undefined) return;
  await expect(browser.getByRole('heading', { name: 'Enter code' })).toBeVisible();
  await browser.getByLabel('Code').fill(await codeOnPhone(page, user.persona, user.phoneAccount));
  await browser.getByRole('button', { name: 'Verify' }).click();
}

/**
 * R23 through DNS: the Connect administrator (signed in, on the admin portal) adds `domain` under Domains, the IT
 * persona who runs it at dns.test adds the TXT record, and after the propagation delay the administrator verifies it.
 * Leaves the administrator's browser on the Domains tab.
 */
export async function verifyDomainThroughDns(
  page: Page,
  admin: { persona: string; browser: Locator },
  it: { persona: string; email: string; password: string },
  domain: string,
): Promise<void> {
  const tabs = admin.browser.getByRole('navigation', { name: 'Admin portal' });
  await tabs.getByRole('link', { name: 'Domains' }).click();
  await admin.browser.getByRole('button', { name: 'Add domain' }).click();
  await admin.browser.getByRole('textbox', { name: 'Domain name' }).fill(domain);
  await admin.browser.getByRole('button', { name: 'Next' }).click();
  const value = (await admin.browser.getByTestId('txt-value').textContent())!;

  const dns = await choosePersona(page, it.persona);
  await go(dns, 'dns.test');
  await dns.getByRole('textbox', { name: 'Email' }).fill(it.email);
  await dns.getByLabel('Password').fill(it.password);
  await dns.getByRole('button', { name: 'Sign in' }).click();
  await dns.getByRole('link', { name: domain }).first().click();
  await dns.getByRole('textbox', { name: 'Host' }).fill('@');
  await dns.getByRole('textbox', { name: 'Value' }).fill(value);
  await dns.getByRole('button', { name: 'Add record' }).click();
  await expect(dns.getByRole('status')).toContainText(`Record added: TXT on ${domain}`);

  await choosePersona(page, admin.persona);
  await advanceClock(page, '+30 min');
  await admin.browser.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(admin.browser.getByRole('status').filter({ hasText: /verified/i })).toContainText(`${domain} is verified`);
}

/**
 * Sends one JSON request as the persona's own browser would (its cookies, its network), outside any page: what a
 * saved form or a script can send whatever the page offers. Returns the status and the parsed body
 * (docs/decisions/a-browser-test-sends-what-the-page-no-longer-offers.md).
 */
export async function requestAs(page: Page, persona: string, url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ persona, url, body }) => {
      type Simulation = {
        devices(id: string): { jar: unknown };
        network: { fetch(request: Request, options: { initiator: string; jar: unknown }): Promise<Response> };
      };
      const sim = (globalThis as unknown as { rolloutRehearsal: Simulation }).rolloutRehearsal;
      const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const response = await sim.network.fetch(new Request(url, init), { initiator: `browser:${persona}`, jar: sim.devices(persona).jar });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { persona, url, body },
  );
}

/** Karin, the HRM administrator, logs in to the HRM with her old login and opens the Users view. */
export async function openUsersAsKarin(page: Page): Promise<Locator> {
  const karin = await choosePersona(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(karin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  return karin;
}

/** A world time as a datetime-local input takes it, in the browser's own zone. */
export function datetimeLocal(page: Page, at: number): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
  }, at);
}
