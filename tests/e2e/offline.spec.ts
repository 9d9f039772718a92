// After the first load the app boots and works with the network off, from the app shell its service worker precached.
import { expect, test, type Page } from '@playwright/test';
import { browserOf, logInToHrm, openStage } from './support';

async function waitForOfflineShell(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!registration.active) throw new Error('no active service worker');
  });
  // The worker must control the page and have finished precaching before the network goes away.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).some((k) => k.includes('precache')))).toBe(true);
}

test('reloads and runs the journey offline', async ({ page, context }) => {
  await openStage(page);
  await waitForOfflineShell(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();
  await logInToHrm(page, browserOf(page, 'Anna Svensson'), '10001', 'anna-hrm-1');
  await expect(browserOf(page, 'Anna Svensson').getByText('We are upgrading our login solution!')).toBeVisible();
});

test('boots offline after its last tab was closed', async ({ page, context }) => {
  await openStage(page);
  await waitForOfflineShell(page);
  await context.setOffline(true);
  await page.close({ runBeforeUnload: true });
  const next = await context.newPage();
  await next.goto('/');
  await expect(next.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();
  await logInToHrm(next, browserOf(next, 'Anna Svensson'), '10001', 'anna-hrm-1');
});
