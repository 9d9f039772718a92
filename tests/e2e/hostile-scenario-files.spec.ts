// A hostile scenario file opened in trainer mode: a pattern that would backtrack without end runs in the tab's simulation
// and its step fails saying so; a megabyte-long action name is refused with the name cut short, the workspace kept.
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { openStage, trainerPanel, trainerStep as step } from './support';

const FIXTURES = fileURLToPath(new URL('../fixtures/hostile/scenario/', import.meta.url));

test('a pattern that backtracks without end runs to its end in the tab, the step saying the mail has nothing like it', async ({ page }) => {
  test.setTimeout(120_000);
  await openStage(page);
  await page.getByRole('button', { name: 'Trainer mode' }).click();
  const trainer = trainerPanel(page);
  await trainer.getByLabel('Open a scenario file').setInputFiles(`${FIXTURES}catastrophic-pattern.json`);
  await expect(page.getByRole('button', { name: /^Workspace/ })).toContainText('Scenario: A pattern that backtracks without end');
  const next = trainer.getByRole('button', { name: 'Next step' });
  for (const [n, mark] of [
    [1, '✓'],
    [2, '✓'],
    [3, '✗'],
  ] as const) {
    await next.click();
    await expect(step(trainer, n)).toContainText(mark);
  }
  await expect(step(trainer, 3)).toContainText('no_match: The mail “Verify your email address” has nothing like /([\\s\\S]*)*X/');
  // The simulation answers the stage as before.
  await page.getByRole('button', { name: /Anna Svensson/ }).click();
  await expect(page.getByRole('region', { name: 'Browser of Anna Svensson' })).toBeVisible();
});

test('a megabyte-long action name is refused, the name cut short, and the workspace stays', async ({ page }) => {
  await openStage(page);
  await page.getByRole('button', { name: 'Trainer mode' }).click();
  const trainer = trainerPanel(page);
  const file = {
    format: 'rollout-rehearsal/scenario',
    version: 1,
    id: 'long',
    title: 'Long',
    workspace: { template: 'demo', seed: 's' },
    steps: [{ persona: 'anna', action: 'a'.repeat(1 << 20) }],
  };
  await trainer
    .getByLabel('Open a scenario file')
    .setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(trainer.getByRole('alert')).toContainText('long.json is not a scenario this replay can run');
  await expect(trainer.getByRole('alert')).toContainText(
    'steps[0].action: unknown action “aaaaaaaaaaaaaaaaaaaaaaaa…” (1,048,576 characters)',
  );
  await expect(page.getByRole('button', { name: /^Workspace/ })).toContainText('Demo company');
});
