// The x-ray's state diagrams follow Anna's link journey (R3, R4) as the HRM holds it: after each step the
// state the server stores is the one the diagram marks as current, and the event that moved it is listed.
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { HrmInspection, StateValueJson } from '../../src/contracts/inspection';
import { browserOf, inboxOf, logInToHrm, openStage, readVerificationCode } from './support';

/** What the HRM's database holds for Anna, asked the way a developer would from the console (plain fetch). */
async function annaAtTheHrm(page: Page): Promise<HrmInspection> {
  return page.evaluate(async () => {
    const response = await fetch('https://hrm.test/_sim/machines?loginId=10001');
    if (!response.ok) throw new Error(`inspection answered ${response.status}`);
    return (await response.json()) as HrmInspection;
  });
}

/** XState node ids of the innermost states of a value: `{ codeSent: 'awaitingCode' }` → `linking.codeSent.awaitingCode`. */
function leafIds(machineId: string, value: StateValueJson): string[] {
  if (typeof value === 'string') return [`${machineId}.${value}`];
  return Object.entries(value).flatMap(([key, child]) => leafIds(`${machineId}.${key}`, child));
}

async function openStateDiagrams(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Developer x-ray' }).click();
  await page.getByRole('tab', { name: 'State diagrams' }).click();
  await expect(page.getByRole('tab', { name: 'State diagrams' })).toHaveAttribute('aria-selected', 'true');
}

/** The states a diagram marks as current, by node id: the boxes named "…, current state". */
async function currentInDiagram(diagram: Locator): Promise<string[]> {
  const boxes = diagram.getByRole('button', { name: /, current state/ });
  const ids = await boxes.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state') ?? ''));
  return ids.sort();
}

/** The diagram shows, as current, exactly the state the server holds, marked in words as well as drawn. */
async function expectDiagramHoldsServerState(page: Page, diagram: Locator, expectedValue: StateValueJson): Promise<void> {
  const server = await annaAtTheHrm(page);
  expect(server.linking?.value).toEqual(expectedValue);
  const expected = leafIds('linking', server.linking!.value).sort();
  await expect.poll(() => currentInDiagram(diagram)).toEqual(expected);
  for (const id of expected) await expect(diagram.locator(`[data-state="${id}"]`).getByText('now', { exact: true })).toBeVisible();
  await expect(diagram.getByRole('button', { name: /, current state/ })).toHaveCount(expected.length);
}

function lastEvents(diagram: Locator): Locator {
  return diagram.getByRole('list', { name: 'Last events' }).getByRole('listitem');
}

test('the link journey diagram highlights the state the HRM holds for Anna after each step', async ({ page }) => {
  await openStage(page);
  const browser = browserOf(page, 'Anna Svensson');
  const inbox = inboxOf(page, 'Anna Svensson');
  await openStateDiagrams(page);

  const journey = page.getByRole('region', { name: 'Link journey: Anna Svensson (10001)' });
  const rollout = page.getByRole('region', { name: /^Rollout: / });
  await expect(journey.getByRole('group', { name: /State diagram of link journey/ })).toBeVisible();
  await expect(rollout.getByRole('group', { name: /State diagram of rollout/ })).toBeVisible();

  // Before anything: unlinked, nothing remembered yet.
  await expectDiagramHoldsServerState(page, journey, 'unlinked');
  await expect(journey.getByText('None remembered yet.')).toBeVisible();
  // The rollout's diagram shows the phase the server holds for the tenant, too.
  const phase = (await annaAtTheHrm(page)).rollout.value;
  await expect.poll(() => currentInDiagram(rollout)).toEqual(leafIds('rollout', phase).sort());

  // Step 4–5: send the verification code.
  await logInToHrm(page, browser, '10001', 'anna-hrm-1');
  await browser.getByRole('button', { name: 'Go to Account Settings' }).click();
  await browser.getByRole('button', { name: 'anna.svensson@company.com' }).click();
  await browser.getByRole('button', { name: 'Send verification code' }).click();
  await expect(browser.getByText('Check your inbox')).toBeVisible();
  await expectDiagramHoldsServerState(page, journey, { codeSent: 'awaitingCode' });
  await expect(lastEvents(journey)).toHaveCount(1);
  await expect(lastEvents(journey).first()).toContainText('SEND_CODE');
  await expect(lastEvents(journey).first()).toContainText('unlinked → codeSent.awaitingCode');
  await expect(journey.getByTestId('current-state')).toHaveText('codeSent.awaitingCode');

  // A wrong code: the server stays awaiting the code, and the diagram says so.
  await browser.getByRole('textbox', { name: 'Verification code' }).fill('000000');
  await browser.getByRole('button', { name: 'Verify' }).click();
  await expect(browser.getByRole('alert').first()).toBeVisible();
  await expect(lastEvents(journey)).toHaveCount(2);
  await expect(lastEvents(journey).first()).toContainText('VERIFY');
  await expectDiagramHoldsServerState(page, journey, { codeSent: 'awaitingCode' });

  // Step 6–7: the right code, and Anna is linked.
  const code = await readVerificationCode(inbox);
  await browser.getByRole('textbox', { name: 'Verification code' }).fill(code);
  await browser.getByRole('button', { name: 'Verify' }).click();
  await expect(browser.getByText("You're all set!")).toBeVisible();
  await expectDiagramHoldsServerState(page, journey, 'linked');
  await expect(journey.getByTestId('current-state')).toHaveText('linked');
  // Newest first: the confirmation from Connect, then the code that was right.
  await expect(lastEvents(journey).nth(0)).toContainText('LINKED');
  await expect(lastEvents(journey).nth(1)).toContainText('VERIFY');
  await expect(lastEvents(journey).nth(1)).toContainText('[isCorrectCode]');
  // The transition the last event took is drawn heavier than the rest.
  await expect(journey.locator('.sc-edge.sc-taken')).toHaveCount(1);
});

test('the states of a diagram are reached and explained from the keyboard', async ({ page }) => {
  await openStage(page);
  await openStateDiagrams(page);
  const journey = page.getByRole('region', { name: 'Link journey: Anna Svensson (10001)' });
  const unlinked = journey.getByRole('button', { name: /^unlinked, current state/ });
  await expect(unlinked).toBeVisible();

  // From the tab, Tab moves through the panel and the diagram's controls into its states.
  await page.getByRole('tab', { name: 'State diagrams' }).focus();
  for (let presses = 0; presses < 10 && !(await unlinked.evaluate((node) => node === document.activeElement)); presses++)
    await page.keyboard.press('Tab');
  await expect(unlinked).toBeFocused();
  const transitions = journey.getByRole('list', { name: 'Transitions of unlinked' }).getByRole('listitem');
  await expect(transitions.filter({ hasText: 'SEND_CODE → codeSent' })).toHaveCount(1);
  await expect(transitions.filter({ hasText: 'UNLINK from linked' })).toHaveCount(1);
  // While a state is in focus its own arrows stay drawn in full and the others recede.
  await expect(journey.locator('.sc-edge.sc-related')).not.toHaveCount(0);

  await page.keyboard.press('Tab');
  const next = journey.locator('[data-state]:focus');
  await expect(next).toHaveCount(1);
  const key = await next.locator('.sc-title').textContent();
  await expect(journey.getByRole('heading', { name: `Transitions of ${key}` })).toBeVisible();

  // Escape lets every arrow come back and keeps the keyboard where it was.
  await page.keyboard.press('Escape');
  await expect(journey.getByRole('heading', { name: /^Transitions of / })).toHaveCount(0);
  await expect(next).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(journey.getByRole('heading', { name: `Transitions of ${key}` })).toBeVisible();
});

test('the diagrams are drawn with the network off', async ({ page, context }) => {
  await openStage(page);
  // The offline worker must control the page and hold its precache (the layout worker's script among it) first.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).some((key) => key.includes('precache')))).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();

  await openStateDiagrams(page);
  const journey = page.getByRole('region', { name: 'Link journey: Anna Svensson (10001)' });
  await expect(journey.getByRole('button', { name: /^unlinked, current state/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Rollout: / }).getByRole('button', { name: /, current state/ })).toHaveCount(1);
  await expect(page.getByText(/could not be laid out/)).toHaveCount(0);
});
