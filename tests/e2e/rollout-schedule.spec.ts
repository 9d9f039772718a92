// The rollout's schedule on the world clock: the admin sets the dates, the clock passes the first one,
// preparation opens and every user is mailed the announcement; the readiness dashboard starts from nobody linked.
import { expect, test, type Page } from '@playwright/test';
import { addressOf, advanceClock, browserOf, csvRows, downloadText, inboxOf, logInToHrm, openStage } from './support';

const DAY = 86_400_000;

/** A datetime-local value `days` from the world clock's time, in the browser's own zone (as the page reads it). */
async function worldDateInput(page: Page, days: number): Promise<string> {
  const now = Date.parse((await page.getByTestId('world-time').getAttribute('datetime')) ?? '');
  expect(Number.isFinite(now)).toBe(true);
  return page.evaluate(
    (at) => {
      const d = new Date(at);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    },
    now + days * DAY,
  );
}

async function newSetupWorkspace(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Workspace/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Rollout rehearsal');
  await page.getByLabel('Template').selectOption({ label: 'Demo company (30 employees, setup)' });
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created “Rollout rehearsal”.' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('phase')).toHaveText('setup');
}

test('moving the clock past the preparation date opens the phase and sends the announcement', async ({ page }) => {
  await openStage(page);
  await newSetupWorkspace(page);

  await page.getByRole('button', { name: /Karin Berg/ }).click();
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Rollout' }).click();
  await expect(karin.getByRole('heading', { name: 'Rollout', level: 1 })).toBeVisible();
  const phase = (name: string) => karin.getByRole('list', { name: 'Phases' }).getByRole('listitem').filter({ hasText: name });
  await expect(phase('Setup')).toHaveAttribute('aria-current', 'step');
  await expect(karin.getByText('every domain (none listed)')).toBeVisible();

  // A date in the past is refused at its field.
  const preparation = karin.getByLabel('Preparation starts');
  const activation = karin.getByLabel('Activation (Connect becomes the login)');
  await preparation.fill(await worldDateInput(page, -1));
  await activation.fill(await worldDateInput(page, 35));
  await karin.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(preparation).toHaveAttribute('aria-invalid', 'true');
  await expect(karin.getByRole('alert').filter({ hasText: 'The preparation start is in the past' })).toBeVisible();
  await expect(page.getByTestId('next-event')).toHaveCount(0);

  await preparation.fill(await worldDateInput(page, 7));
  await karin.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Schedule saved.' })).toBeVisible();
  await expect(preparation).not.toHaveAttribute('aria-invalid', 'true');
  // Non-blocking advice: allowed domains are best set before preparation (R6).
  await expect(karin.getByRole('list', { name: 'Warnings' })).toContainText('No allowed domains are set');
  await expect(phase('Preparation')).toContainText('Scheduled');
  await expect(karin.getByText('The line starts when preparation opens.')).toBeVisible();

  const next = page.getByTestId('next-event');
  await expect(next).toHaveAccessibleName(/^Next: Preparation opens/);
  await next.click();
  await expect(page.getByTestId('phase')).toHaveText('preparation');

  // Karin's page follows the clock. A week has passed, longer than the old login's working-day session: she logs in
  // again and is back on Rollout, where the phase has moved and nobody has linked yet; Timeclock-only users apart.
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await expect.poll(() => addressOf(page)).toBe('https://hrm.test/rollout');
  await expect(phase('Preparation')).toHaveAttribute('aria-current', 'step');
  await expect(karin.getByText('linked: 0 of 27 users who need an account')).toBeVisible();
  await expect(karin.getByText(/3\s+Timeclock-only users need no action/)).toBeVisible();
  await expect(karin.getByText(/27\s+users who need an account are not linked and could not log in/)).toBeVisible();
  await expect(karin.getByText('The line starts as world time moves on.')).toBeVisible();
  await advanceClock(page, '+30 min');
  await expect(karin.getByRole('img', { name: /^Linked users over world time: 0 on .*, 0 on / })).toBeVisible();
  await expect(karin.locator('canvas')).toBeVisible();
  const byState = karin.getByRole('table', { name: 'Users who need an account, by state' });
  await expect(byState.getByRole('row', { name: /^Not started 27 100%/ })).toBeVisible();
  await expect(byState.getByRole('row', { name: /^Linked 0 0%/ })).toBeVisible();
  const logistics = karin.getByRole('table', { name: 'By department' }).getByRole('row', { name: /^Logistics/ });
  await expect(logistics.getByRole('cell').last()).toHaveText('3');

  // Who would be locked out, as a list to work through.
  const list = await downloadText(page, () => karin.getByRole('button', { name: 'Export the list (CSV)' }).click());
  expect(list.fileName).toBe('users-not-linked.csv');
  const rows = csvRows(list.text);
  expect(rows).toHaveLength(27);
  expect(rows.every((r) => r['Link status'] === 'Not started')).toBe(true);
  await karin.getByRole('link', { name: 'Show them in Users (Not linked)' }).click();
  await expect.poll(() => addressOf(page)).toBe('https://hrm.test/users?status=not_linked');
  await expect(karin.getByRole('button', { name: /^Not linked 27/ })).toHaveAttribute('aria-pressed', 'true');

  // The audit log tells who was mailed: the bulk job leads to its 30 recipients.
  await karin.getByRole('link', { name: 'Audit log' }).click();
  await expect(karin.getByRole('row').filter({ hasText: 'Preparation started' })).toContainText('opened as scheduled');
  const job = karin.getByRole('row').filter({ hasText: 'started sending the announcement to 30 users' });
  await job.getByRole('button', { name: 'Show recipients' }).click();
  await expect(karin.getByLabel('Type')).toHaveValue('announcement_sent');
  await expect(karin.getByRole('navigation', { name: 'Pages of entries' })).toContainText('1–30 of 30');

  await page.getByRole('button', { name: /Anna Svensson/ }).click();
  await expect(inboxOf(page, 'Anna Svensson').getByRole('button', { name: /We are upgrading our login solution!/ })).toBeVisible();
});

test('“Start preparation now” asks first, then opens preparation at once', async ({ page }) => {
  await openStage(page);
  await newSetupWorkspace(page);
  await page.getByRole('button', { name: /Karin Berg/ }).click();
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Rollout' }).click();

  await karin.getByRole('button', { name: 'Start preparation now' }).click();
  await expect(karin.getByText('Start preparation now? Every user gets the announcement')).toBeVisible();
  await karin.getByRole('button', { name: 'Yes, start preparation' }).click();
  await expect(page.getByTestId('phase')).toHaveText('preparation');
  await expect(karin.getByRole('list', { name: 'Phases' }).getByRole('listitem').filter({ hasText: 'Preparation' })).toHaveAttribute(
    'aria-current',
    'step',
  );
  await expect(karin.getByRole('button', { name: 'Start preparation now' })).toHaveCount(0);
  await expect(karin.getByLabel('Preparation starts')).toHaveAttribute('readonly', '');
});
