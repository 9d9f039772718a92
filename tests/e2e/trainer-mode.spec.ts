// Trainer mode: the happy path from the catalogue replayed on the stage — stepped through with Next, its step titles,
// presenter notes and each step's ✓, one step back (the workspace as it was before it), the rest played to the end,
// and large text.
import { expect, test } from '@playwright/test';
import { browserOf, openStage, trainerPanel, trainerStep as step } from './support';

const SHOTS = '/tmp/trainer-shots';

test('replays the happy path step by step, goes back one step, plays the rest, and shows it in large text', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openStage(page);
  await page.getByRole('button', { name: 'Trainer mode' }).click();
  const trainer = trainerPanel(page);
  await trainer
    .getByLabel('Scenario', { exact: true })
    .selectOption({ label: 'The happy path: Anna links her account and logs in through Connect after activation' });
  await trainer.getByRole('button', { name: 'Load scenario' }).click();
  await expect(page.getByRole('button', { name: /^Workspace/ })).toContainText('Scenario: The happy path');
  await expect(trainer.getByText('Step 1 of 18')).toBeVisible();
  await expect(trainer.getByText('Anna logs in to the HRM with her old user ID and password.')).toBeVisible();
  // Each step is listed by the title a trainer reads aloud.
  await expect(step(trainer, 1)).toContainText('1. Anna logs in to the HRM with her old user ID');
  await expect(step(trainer, 6)).toContainText('6. Anna types the code');

  const next = trainer.getByRole('button', { name: 'Next step' });
  await next.click();
  await expect(step(trainer, 1)).toContainText('✓');
  await expect(trainer.getByText('Step 2 of 18')).toBeVisible();
  await expect(trainer.getByText('The banner at the top asks her to prepare her account.')).toBeVisible();
  // The stage follows the step: Anna's browser shows the HRM she logged in to.
  const anna = browserOf(page, 'Anna Svensson');
  await expect(anna.getByRole('button', { name: 'Log out' })).toBeVisible();

  for (let n = 2; n <= 5; n++) {
    await next.click();
    await expect(step(trainer, n)).toContainText('✓');
  }
  await expect(trainer.getByText('She types the code from her inbox and clicks "Verify": "You\'re all set!"')).toBeVisible();
  await next.click();
  await expect(step(trainer, 6)).toContainText('✓');
  await expect(step(trainer, 6)).toContainText('linked');
  await page.screenshot({ path: `${SHOTS}/stepped.png` });

  // One step back: the checkpoint before "verifyCode" is restored — Anna is not linked, and the step runs again.
  await trainer.getByRole('button', { name: 'Previous step' }).click();
  await expect(trainer.getByText('Step 6 of 18')).toBeVisible();
  await expect(step(trainer, 6)).not.toContainText('✓');
  await trainer.getByText('Checkpoints (6)').click();
  await expect(trainer.getByRole('button', { name: /^Before step 6: Anna types the code/ })).toHaveAttribute('aria-current', 'true');
  await expect(anna.getByText('Check your inbox')).toBeVisible();
  await expect(anna.getByText("You're all set!")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/previous.png` });

  // The pause and large text sit with the scenario's set-up, folded away once a scenario is loaded.
  await trainer.getByText('Scenario: The happy path').click();
  await trainer.getByLabel('Pause between steps').selectOption({ label: '1 s' });
  await trainer.getByRole('button', { name: 'Play' }).click();
  await expect(trainer.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(trainer.getByText('All 18 steps done')).toBeVisible({ timeout: 120_000 });
  const marks = trainer.getByRole('list', { name: 'Steps' }).locator('.trainer-mark');
  await expect(marks).toHaveText(Array.from({ length: 18 }, () => '✓'));
  await expect(trainer.getByRole('button', { name: 'Play' })).toBeDisabled();
  // The last step left Anna in the HRM, signed in through Connect.
  await expect(anna.getByRole('button', { name: 'Log out' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/played.png` });

  const fontSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(await fontSize()).toBe('15px');
  await trainer.getByRole('switch', { name: 'Large text' }).check();
  await expect.poll(fontSize).toBe('20px');
  await page.screenshot({ path: `${SHOTS}/large-text.png` });
  // Kept for the next visit.
  await page.reload();
  await expect(page.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();
  expect(await fontSize()).toBe('20px');
});

test('a scenario file with mistakes is refused, each error naming its field', async ({ page }) => {
  await openStage(page);
  await page.getByRole('button', { name: 'Trainer mode' }).click();
  const trainer = trainerPanel(page);
  const file = {
    format: 'rollout-rehearsal/scenario',
    version: 1,
    id: 'typo',
    title: 'Typo',
    workspace: { template: 'demo', seed: 's' },
    steps: [{ persona: 'anna', action: 'sendCod' }],
  };
  await trainer
    .getByLabel('Open a scenario file')
    .setInputFiles({ name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(trainer.getByRole('alert')).toContainText('typo.json is not a scenario this replay can run');
  await expect(trainer.getByRole('alert')).toContainText('steps[0].action: unknown action "sendCod" (did you mean "sendCode"?)');
  await expect(page.getByRole('button', { name: /^Workspace/ })).toContainText('Demo company');
});
