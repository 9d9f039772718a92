// The clock bar's "Jump to…": a popover with the world time to jump to; the past is refused with the reason.
import { expect, test } from '@playwright/test';
import { openStage } from './support';

test('jump to a later world time from the popover; a time in the past is refused and the clock stays', async ({ page }) => {
  await openStage(page);
  const worldTime = page.getByTestId('world-time');
  const before = await worldTime.textContent();
  const toggle = page.getByRole('button', { name: 'Jump to…' });
  const field = page.getByLabel('World time to jump to');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(field).toBeFocused();

  await field.fill('2026-03-01T08:00');
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('the clock only moves forward');
  await expect(worldTime).toHaveText(before!);

  await field.fill('2026-03-05T09:30');
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(worldTime).toHaveText('Thu, 5 Mar 2026, 09:30:00');
  await expect(field).toBeHidden();
  await expect(toggle).toBeFocused();

  // Escape closes it without jumping, back on the button that opened it.
  await toggle.click();
  await field.press('Escape');
  await expect(field).toBeHidden();
  await expect(toggle).toBeFocused();
});
