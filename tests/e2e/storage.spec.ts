// The browser's storage full or a workspace that will not open: named errors, the live workspace kept, a recovery screen.
import { expect, test } from '@playwright/test';
import { browserOf, downloadText, openStage } from './support';

const TEN_MB = 10 * 1024 * 1024;

test('a company too big for the storage is refused by name, and the workspace that was live stays live', async ({ page, baseURL }) => {
  // Chromium applies the override to an origin's storage only when it is set before the origin's first page opens.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: TEN_MB });
  await openStage(page);

  const outcome = await page.evaluate(() =>
    (globalThis as unknown as { rolloutRehearsal: { createWorkspace(input: object): Promise<unknown> } }).rolloutRehearsal
      .createWorkspace({ name: 'Big company', templateId: 'generated-17000', seed: 'big' })
      .then(
        () => 'created',
        (error: Error) => error.message,
      ),
  );
  expect(outcome).toMatch(/^The workspace “Big company” could not be created, and nothing was changed\. The browser's storage for this site is full(: [\d.]+ MB used of 10 MB)?\. Delete a workspace/);

  // The demo workspace still answers: Anna's browser loads the HRM's sign-in page.
  const anna = browserOf(page, 'Anna Svensson');
  await page.getByRole('button', { name: /Anna Svensson/ }).click();
  await anna.getByTestId('address-bar').fill('https://hrm.test/login');
  await anna.getByTestId('address-bar').press('Enter');
  await expect(anna.getByLabel('User ID')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Rollout Rehearsal could not start' })).toHaveCount(0);
});

test('a workspace that cannot open gives the recovery screen: export it, then open the demo', async ({ context, page }) => {
  await openStage(page);
  // A world clock past the last date JavaScript has, written behind the simulation's back.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('rollout-rehearsal/default/world');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('meta', 'readwrite');
          const store = tx.objectStore('meta');
          const read = store.get('world');
          read.onsuccess = () => store.put({ ...read.result, clock: { ...read.result.clock, anchorWorld: 9e15, paused: true } });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  // The simulation's worker ends with its last page; a new page starts it again from storage.
  await page.close();
  const next = await context.newPage();
  await next.goto('/');

  await expect(next.getByRole('heading', { name: 'Rollout Rehearsal could not start' })).toBeVisible();
  await expect(next.getByRole('alert').first()).toContainText('The workspace “Demo company” could not be opened');
  await expect(next.getByText(/Demo company/).first()).toBeVisible();
  await expect(next.getByText(/about [\d.]+ MB|under 0\.1 MB/)).toBeVisible();

  const file = await downloadText(next, () => next.getByRole('button', { name: 'Export “Demo company”' }).click());
  expect(file.fileName).toMatch(/^demo-company-.*\.workspace\.json$/);
  expect(JSON.parse(file.text)).toMatchObject({ format: 'rollout-rehearsal/workspace', workspace: { name: 'Demo company' } });

  await next.getByRole('button', { name: 'Open the demo' }).click();
  await expect(next.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();
});
