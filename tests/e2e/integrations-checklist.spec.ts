// Integrations after the move (R18): the payroll export keeps calling the old API address after the cutover; the
// admin's checklist shows it red with the exact new address, and green once it calls the new one.
import { expect, test, type Page } from '@playwright/test';
import { activate, browserOn, choosePersona, go, inboxOf, linkBeforeTheSwitch, logInThroughConnect, openStage } from './support';

/** The payroll export system calls the HRM's API with its key, through the simulation's network (as another server). */
async function payrollExportCalls(page: Page, url: string): Promise<number> {
  return page.evaluate(async (url) => {
    type Simulation = { network: { fetch(request: Request, options: { initiator: string }): Promise<Response> } };
    const sim = (globalThis as unknown as { rolloutRehearsal: Simulation }).rolloutRehearsal;
    const request = new Request(url, { headers: { authorization: 'Bearer hrm-api-key-demo-payroll-export' } });
    return (await sim.network.fetch(request, { initiator: 'server:payroll-export' })).status;
  }, url);
}

test('the checklist shows the payroll export red at the old API address with what to change, then green after it moves', async ({
  page,
}) => {
  await openStage(page);
  await linkBeforeTheSwitch(page, 'karin', '10002', 'karin-hrm-1', 'karin.berg@company.com');
  await activate(page);

  // After the cutover the old address still answers, by forwarding to the new one.
  expect(await payrollExportCalls(page, 'https://hrm.test/api/v1/employees')).toBe(200);

  const karin = await choosePersona(page, 'Karin Berg');
  await logInThroughConnect(page, karin, inboxOf(page, 'Karin Berg'), 'karin.berg@company.com');
  await karin.getByRole('link', { name: 'Integrations after the move' }).click();
  await expect(karin.getByRole('heading', { name: 'Integrations after the move' })).toBeVisible();
  const row = karin.getByRole('row').filter({ hasText: 'Payroll export' });
  await expect(row).toContainText('Still on the old address');
  await expect(row).toContainText('Forwarded to the new address');
  await expect(row).toContainText('from https://hrm.test/api/v1 to https://api.hrm.test/v1');

  expect(await payrollExportCalls(page, 'https://api.hrm.test/v1/employees')).toBe(200);
  await go(browserOn(page), 'https://web.hrm.test/general/integrations');
  await expect(row).toContainText('Moved');
  await expect(row).toContainText('Nothing: it uses the new address.');
  await expect(karin.getByText('Still on the old address')).toHaveCount(0);
});
