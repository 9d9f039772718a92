// A workspace that will not open: the recovery screen, with its export, and the way back to a demo.
import { expect, test } from '@playwright/test';
import { downloadText, openStage } from './support';

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
