// A developer's own code in the tab reaches the simulated servers with a plain fetch(), through MSW's service worker.
import { expect, test } from '@playwright/test';
import { openStage } from './support';

test('plain fetch() to a virtual host is answered by the live workspace', async ({ page }) => {
  await openStage(page);
  const answer = await page.evaluate(async () => {
    const response = await fetch('https://hrm.test/api/rollout');
    return { status: response.status, body: (await response.json()) as unknown };
  });
  expect(answer).toEqual({ status: 200, body: expect.objectContaining({ tenantName: 'Demo Company', phase: 'preparation' }) });
});
