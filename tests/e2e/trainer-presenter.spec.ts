// Trainer mode on a projector (1280×720, large text): the presenter view floats over the stage, so the virtual browser
// keeps its height; the step about to run, its note and the first row of the step list are whole on screen and on top;
// the trainer steps through with the presenter view's controls, reads human titles, minimises it to its title bar and
// moves it with the keyboard.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { browserOf, openStage, trainerPanel, trainerStep as step } from './support';

const SHOTS = '/tmp/trainer-shots';
const HAPPY_PATH = 'The happy path: Anna links her account and logs in through Connect after activation';

/**
 * Whole inside the window and inside every box that clips it (a scrolling list), and on top: what the viewer sees at
 * its corners belongs to trainer mode, not to the stage under it.
 */
async function expectWhollyShown(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  const viewport = page.viewportSize()!;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  const problems = await locator.evaluate((element) => {
    const found: string[] = [];
    const r = element.getBoundingClientRect();
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflow === 'visible') continue;
      const clip = up.getBoundingClientRect();
      if (r.top < clip.top - 0.5 || r.bottom > clip.bottom + 0.5 || r.left < clip.left - 0.5 || r.right > clip.right + 0.5)
        found.push(`cut by ${up.tagName.toLowerCase()}.${up.className}`);
    }
    const region = element.closest('section');
    for (const [x, y] of [
      [r.left + 3, r.top + 3],
      [r.right - 3, r.top + 3],
      [r.left + 3, r.bottom - 3],
      [r.right - 3, r.bottom - 3],
    ] as const) {
      const hit = document.elementFromPoint(x, y);
      if (!hit || !region?.contains(hit))
        found.push(`covered at ${Math.round(x)},${Math.round(y)} by ${hit?.tagName.toLowerCase()}.${hit?.className}`);
    }
    return found;
  });
  expect(problems).toEqual([]);
}

test('on a projector the presenter view leaves the stage whole, shows the note and steps through with human titles', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openStage(page);
  await page.getByRole('button', { name: 'Trainer mode' }).click();
  const trainer = trainerPanel(page);
  await trainer.getByRole('switch', { name: 'Large text' }).check();
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
  await trainer.getByLabel('Scenario', { exact: true }).selectOption({ label: HAPPY_PATH });
  await trainer.getByRole('button', { name: 'Load scenario' }).click();
  await expect(trainer.getByText('Step 1 of 18')).toBeVisible();

  // The stage keeps its size: the virtual browser is as tall as without trainer mode.
  const browser = browserOf(page, 'Anna Svensson');
  await expect(browser).toBeVisible();
  const height = async () => (await browser.boundingBox())!.height;
  expect(await height()).toBeGreaterThanOrEqual(500);

  // The step about to run: its title and note, whole and on top; the step after it; the first row of the list.
  const note = trainer.getByText('Anna logs in to the HRM with her old user ID and password.');
  await expect(trainer.getByText('Now · step 1')).toBeVisible();
  await expectWhollyShown(page, note);
  await expectWhollyShown(page, step(trainer, 1));
  await expectWhollyShown(page, trainer.getByRole('button', { name: 'Minimise' }));
  await expect(trainer.getByText('After that: The banner asks Anna to prepare her account')).toBeVisible();
  await expect(trainer.getByText(/^Elapsed \d+:\d\d/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/presenter-1280-large.png` });

  // Stepping with the presenter view's controls; every title shown is a sentence, not an action's code name.
  const next = trainer.getByRole('button', { name: 'Next step' });
  await next.click();
  await expect(step(trainer, 1)).toContainText('✓');
  await next.click();
  await expect(step(trainer, 2)).toContainText('✓');
  await expect(trainer.getByText('Step 3 of 18')).toBeVisible();
  await expect(trainer.getByText('Now · step 3')).toBeVisible();
  await expect(trainer.getByText("Anna's start page greets her by name", { exact: true })).toBeVisible();
  await expectWhollyShown(page, trainer.getByText(/^Point at the start page: nothing has changed for Anna yet/));
  await expect(trainer.getByText('After that: Anna sends a code to her work email')).toBeVisible();
  const titles = await trainer.getByRole('list', { name: 'Steps' }).getByRole('listitem').allInnerTexts();
  expect(titles).toHaveLength(18);
  for (const title of titles)
    expect(title).not.toMatch(/\b(hrmLogin|linkStatus|sendCode|verifyCode|nextEvent|connectLogin|openMailLink)\b/);

  await trainer.getByRole('button', { name: 'Previous step' }).click();
  await expect(trainer.getByText('Step 2 of 18')).toBeVisible();
  await trainer.getByText('Checkpoints (2)').click();
  await expect(trainer.getByText('Now · step 2')).toBeVisible();
  await expect(trainer.getByRole('button', { name: /^Before step 2: The banner asks Anna to prepare her account/ })).toHaveAttribute(
    'aria-current',
    'true',
  );
  expect(await height()).toBeGreaterThanOrEqual(500);
  // Its title bar stays below the clock bar, never under it.
  await expectWhollyShown(page, trainer.getByRole('heading', { name: 'Trainer mode' }));
  await trainer.getByText('Checkpoints (2)').click();

  // Minimised to its title bar, it keeps the step and Next, and covers almost nothing.
  await trainer.getByRole('button', { name: 'Minimise' }).click();
  await expect(trainer.getByText('Step 2: The banner asks Anna to prepare her account', { exact: true })).toBeVisible();
  await expect(trainer.getByRole('list', { name: 'Steps' })).toBeHidden();
  expect((await trainer.boundingBox())!.height).toBeLessThan(80);
  await trainer.getByRole('button', { name: 'Next step' }).click();
  await expect(trainer.getByText("Step 3: Anna's start page greets her by name", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/presenter-minimised.png` });
  await trainer.getByRole('button', { name: 'Expand' }).click();
  await expect(step(trainer, 2)).toContainText('✓');

  // Moved with the keyboard on its handle, kept on screen; Home puts it back in its corner.
  const before = (await trainer.boundingBox())!;
  const handle = trainer.getByRole('button', { name: 'Move trainer mode' });
  await handle.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await trainer.boundingBox())!.x).toBeLessThan(before.x - 60);
  await expectWhollyShown(page, trainer.getByText(/^Point at the start page/));
  await page.keyboard.press('Home');
  await expect.poll(async () => Math.round((await trainer.boundingBox())!.x)).toBe(Math.round(before.x));
});
