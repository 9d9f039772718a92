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

test('a plain fetch() that changes something goes as the developer’s own request, and its body must say it is JSON', async ({ page }) => {
  await openStage(page);
  const answers = await page.evaluate(async () => {
    const send = async (contentType: string) => {
      const response = await fetch('https://hrm.test/api/session', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify({ loginId: '10001', password: 'anna-hrm-1' }),
      });
      return { status: response.status, code: ((await response.json()) as { code?: string }).code ?? null };
    };
    return { json: await send('application/json'), text: await send('text/plain') };
  });
  // No page of a simulated site started it (Sec-Fetch-Site: none): the HRM signs Anna in rather than refusing it as cross-site.
  expect(answers).toEqual({ json: { status: 200, code: null }, text: { status: 415, code: 'unsupported_media_type' } });
});
