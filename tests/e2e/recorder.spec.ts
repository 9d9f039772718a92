// Recording on the stage: Anna links her account while "Record" is on; the exported file is a valid scenario whose
// steps are what she did, in the action vocabulary.
import { expect, test } from '@playwright/test';
import { parseScenario } from '../../src/contracts/scenario';
import { addressOf, browserOf, downloadText, inboxOf, logInToHrm, openStage, readVerificationCode } from './support';

test('Anna linking her account is recorded, exported and validates as a scenario of her actions', async ({ page }) => {
  await openStage(page);
  const recorder = page.getByRole('group', { name: 'Scenario recording' });
  const browser = browserOf(page, 'Anna Svensson');
  const inbox = inboxOf(page, 'Anna Svensson');

  await recorder.getByRole('button', { name: 'Record' }).click();
  await expect(recorder.getByRole('status')).toHaveText(/0 steps recorded/);

  await logInToHrm(page, browser, '10001', 'anna-hrm-1');
  await expect(recorder.getByRole('status')).toHaveText(/1 step recorded/);
  await browser.getByRole('button', { name: 'Go to Account Settings' }).click();
  await expect.poll(() => addressOf(page)).toBe('https://hrm.test/my-profile/account-settings');
  await browser.getByRole('button', { name: 'anna.svensson@company.com' }).click();
  await browser.getByRole('button', { name: 'Send verification code' }).click();
  await expect(browser.getByText('Check your inbox')).toBeVisible();
  const code = await readVerificationCode(inbox);
  await browser.getByRole('textbox', { name: 'Verification code' }).fill(code);
  await browser.getByRole('button', { name: 'Verify' }).click();
  await expect(browser.getByText("You're all set!")).toBeVisible();
  await expect(recorder.getByRole('status')).toHaveText(/3 steps recorded/);

  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder.getByRole('button', { name: 'Record' })).toBeVisible();
  const { fileName, text } = await downloadText(page, () => recorder.getByRole('button', { name: 'Export scenario' }).click());
  expect(fileName).toMatch(/^recording-\d+\.scenario\.json$/);

  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  expect(parsed.scenario.workspace).toMatchObject({ template: 'demo', startAt: expect.stringMatching(/^2026-/) });
  // The page reads around her clicks are not steps; the code she typed from her inbox is read from it on replay.
  expect(parsed.scenario.steps).toEqual([
    { action: 'hrmLogin', persona: 'anna' },
    { action: 'sendCode', persona: 'anna', email: 'anna.svensson@company.com' },
    { action: 'verifyCode', persona: 'anna' },
  ]);
});
