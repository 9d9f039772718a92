// The developer x-ray during a login through Connect, by keyboard: the traffic inspector shows the sign-in's navigation
// grouped with its hops and the cookies they set, the OIDC view traces the flow with PKCE checked, the token decoder
// verifies the ID token against Connect's JWKS and explains malformed input, the traffic exports as a HAR file, and
// the mail x-ray shows the reset mail's headers, parts and links.
import { expect, test, type Page } from '@playwright/test';
import { activate, choosePersona, downloadText, inboxOf, linkBeforeTheSwitch, logInThroughConnect, openStage } from './support';

const ANNA = 'anna.svensson@company.com';

async function openXrayByKeyboard(page: Page) {
  await page.getByRole('button', { name: 'Developer x-ray' }).focus();
  await page.keyboard.press('Enter');
  const xray = page.getByRole('region', { name: 'X-ray' });
  await expect(xray.getByRole('tab', { name: 'Traffic' })).toHaveAttribute('aria-selected', 'true');
  return xray;
}

test('the x-ray traces a login through Connect: the navigation and its hops, the OIDC flow, the ID token, a HAR file — by keyboard', async ({
  page,
}) => {
  await openStage(page);
  await linkBeforeTheSwitch(page, 'anna', '10001', 'anna-hrm-1', ANNA);
  await activate(page);
  const anna = await choosePersona(page, 'Anna Svensson');
  const xray = await openXrayByKeyboard(page);

  await logInThroughConnect(page, anna, inboxOf(page, 'Anna Svensson'), ANNA);

  // Live: the sign-in's way back to the HRM is one navigation of three hops.
  const traffic = xray.getByRole('tabpanel', { name: 'Traffic' });
  const navigation = traffic.getByRole('button', {
    name: /^Navigation GET connect\.test\/connect\/authorize\/resume\?request_id=\w+ to web\.hrm\.test\/, 3 hops, 200$/,
  });
  await expect(navigation).toBeVisible();
  await navigation.focus();
  await page.keyboard.press('ArrowRight');
  await expect(
    traffic.getByRole('button', { name: /^Hop 2 of 3: GET web\.hrm\.test\/auth\/callback\?code=[0-9a-f]{64}&state=/ }),
  ).toBeVisible();
  await page.keyboard.press('Enter');
  const details = traffic.getByRole('region', { name: 'Request details' });
  await expect(details.getByRole('heading', { name: 'Navigation: 3 hops by Anna Svensson’s browser' })).toBeVisible();
  await expect(details.getByRole('table', { name: 'Cookies set' }).filter({ hasText: 'hrm_session' })).toBeVisible();
  // Down the list, the hops one by one.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(traffic.getByRole('button', { name: /^Hop 2 of 3/ })).toBeFocused();
  await expect(details.getByRole('heading', { name: /^GET web\.hrm\.test\/auth\/callback\?code=/ })).toBeVisible();
  // The browser told the HRM where the hop comes from: Connect's page, another site (and no Origin on a GET navigation).
  const sent = details.getByRole('table', { name: 'Request headers' });
  await expect(sent.getByRole('row', { name: 'sec-fetch-site cross-site' })).toBeVisible();
  await expect(sent.getByRole('row', { name: 'sec-fetch-mode navigate' })).toBeVisible();
  await expect(sent.getByRole('row', { name: /^origin / })).toHaveCount(0);

  // The OIDC view, one arrow key away.
  await xray.getByRole('tab', { name: 'Traffic' }).focus();
  await page.keyboard.press('ArrowRight');
  const oidc = xray.getByRole('tabpanel', { name: 'OIDC flows' });
  await expect(
    oidc.getByRole('heading', { name: 'Authorization code flow of hrm in Anna Svensson’s browser: Tokens issued' }),
  ).toBeVisible();
  await expect(oidc.getByRole('table', { name: 'Authorization request parameters' })).toContainText('code_challenge_method');
  await expect(oidc.getByText('state matches the request’s', { exact: false })).toBeVisible();
  await expect(
    oidc.getByText('The verifier hashes to the challenge. Connect checked the same and issued tokens (RFC 7636 §4.6).'),
  ).toBeVisible();

  // Decode the ID token of the token response.
  await oidc.getByRole('button', { name: 'Decode id_token' }).focus();
  await page.keyboard.press('Enter');
  await expect(xray.getByRole('tab', { name: 'Token decoder' })).toBeFocused();
  const decoder = xray.getByRole('tabpanel', { name: 'Token decoder' });
  await expect(decoder.getByText(/^Signature verified: RS256 with key [\w-]{43} of the issuer's JWKS\.$/)).toBeVisible();
  await expect(decoder.getByRole('table', { name: 'Claims' }).getByRole('row', { name: /^aud hrm/ })).toBeVisible();
  await expect(decoder.getByText(/^Valid at world time/)).toBeVisible();
  // Malformed input is explained.
  const field = decoder.getByRole('textbox', { name: /^Token/ });
  await field.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('abc.def');
  await expect(decoder.getByRole('alert')).toHaveText('A JWT has three parts separated by dots (header.claims.signature); this has 2.');

  // Back to Traffic: export what it shows as HAR.
  await xray.getByRole('tab', { name: 'Token decoder' }).focus();
  await page.keyboard.press('Home');
  await expect(xray.getByRole('tab', { name: 'Traffic' })).toBeFocused();
  await traffic.getByRole('button', { name: 'Export HAR' }).focus();
  const { fileName, text } = await downloadText(page, () => page.keyboard.press('Enter'));
  expect(fileName).toMatch(/^rollout-rehearsal-demo-company-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.har$/);
  const har = JSON.parse(text) as {
    log: { version: string; pages: Array<{ id: string }>; entries: Array<{ pageref?: string; request: { url: string } }> };
  };
  expect(har.log.version).toBe('1.2');
  const callback = har.log.entries.find((e) => e.request.url.startsWith('https://web.hrm.test/auth/callback'))!;
  expect(har.log.pages.map((p) => p.id)).toContain(callback.pageref);
  // The x-ray's own JWKS requests are not in what the list showed.
  expect(har.log.entries.some((e) => e.request.url.endsWith('/.well-known/jwks.json'))).toBe(false);
  await expect(traffic.getByText(/^Saved \d+ requests as rollout-rehearsal-demo-company-/)).toBeVisible();
});

test('the mail x-ray shows the reset mail’s headers, text and HTML parts, and opens its link in the persona’s browser', async ({
  page,
}) => {
  await openStage(page);
  await linkBeforeTheSwitch(page, 'anna', '10001', 'anna-hrm-1', ANNA);
  await activate(page);
  const anna = await choosePersona(page, 'Anna Svensson');
  const xray = await openXrayByKeyboard(page);
  await logInThroughConnect(page, anna, inboxOf(page, 'Anna Svensson'), ANNA);

  await xray.getByRole('tab', { name: 'Traffic' }).focus();
  await page.keyboard.press('End');
  const mail = xray.getByRole('tabpanel', { name: 'Mail' });
  // The inbox had the reset mail open: the x-ray examines that one.
  await expect(mail.getByRole('heading', { name: 'Reset your Connect password' })).toBeVisible();
  await expect(mail.getByRole('definition').getByText(/^<msg_[0-9a-f]{16}@mail\.test>$/)).toBeVisible();
  await expect(mail.getByText(/^Mon, 30 Mar 2026 \d\d:\d\d:\d\d \+0000 — Mon, 30 Mar 2026, \d\d:\d\d:\d\d world time$/)).toBeVisible();
  await expect(mail.getByTitle('HTML part of “Reset your Connect password”')).toBeVisible();
  const open = mail.getByRole('button', { name: "Open in Anna Svensson's browser" }).first();
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('address-bar')).toHaveValue(/^https:\/\/connect\.test\/reset-password\?token=/);
  // Anna set her password with this link already: Connect says so (single use, R15).
  await expect(anna.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
});
