// Post-migration on the Rollout page (R18): the admin sets when the old API address stops forwarding and the old
// calendar links stop redirecting, before the cutover and after it, sees each countdown, and the world clock passing
// the last end date completes the migration.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  activate,
  addressOf,
  browserOn,
  choosePersona,
  CONNECT_PASSWORD,
  go,
  inboxOf,
  linkBeforeTheSwitch,
  logInThroughConnect,
  openStage,
  signInAtConnect,
  datetimeLocal,
} from './support';

/** The HRM web app's address after the cutover, where the admin works from then on. */
const HRM_AFTER_CUTOVER = 'https://web.hrm.test';
const CUTOVER = Date.UTC(2026, 2, 30, 7, 0, 0);
const DAY = 86_400_000;

/**
 * After a clock jump of days the admin opens the Rollout page again; once her session has ended on the way, that goes
 * through Connect's login, and she signs in again to come back to the page.
 */
async function backOnTheRolloutPage(page: Page, karin: Locator): Promise<void> {
  const rollout = `${HRM_AFTER_CUTOVER}/rollout`;
  await go(browserOn(page), rollout);
  await expect(karin.getByRole('list', { name: 'Phases' }).or(karin.getByRole('heading', { name: 'Sign in' }))).toBeVisible();
  if ((await addressOf(page)) !== rollout) await signInAtConnect(karin, 'karin.berg@company.com', CONNECT_PASSWORD);
  await expect.poll(() => addressOf(page)).toBe(rollout);
}

function measuresForm(karin: Locator): Locator {
  return karin.getByRole('form', { name: 'Temporary measures' });
}

test('the admin sets the end dates before and after the cutover; the clock passing them completes the migration', async ({ page }) => {
  // Two logins, a cutover and three clock jumps of days: longer than one journey.
  test.slow();
  await openStage(page);
  await linkBeforeTheSwitch(page, 'karin', '10002', 'karin-hrm-1', 'karin.berg@company.com');
  const karin = await choosePersona(page, 'Karin Berg');
  // Signed in to the old login when she linked.
  await go(browserOn(page), 'https://hrm.test/rollout');

  // Before the cutover: hosting, and the end dates with errors at their field.
  const form = measuresForm(karin);
  await expect(form.getByRole('radio', { name: 'Hosted by us' })).toBeChecked();
  await expect(form.getByText('No forwarding from the old addresses')).toBeVisible();
  const apiEnd = form.getByLabel('API forwarding ends');
  const calendarEnd = form.getByLabel('Calendar redirect ends');
  await apiEnd.fill(await datetimeLocal(page, CUTOVER + 10 * DAY));
  await calendarEnd.fill(await datetimeLocal(page, CUTOVER - DAY));
  await form.getByRole('button', { name: 'Save temporary measures' }).click();
  await expect(calendarEnd).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('This end date must come after activation, when the new addresses take over.')).toBeVisible();
  await calendarEnd.fill(await datetimeLocal(page, CUTOVER + 20 * DAY));
  await form.getByRole('button', { name: 'Save temporary measures' }).click();
  await expect(form.getByText('Temporary measures saved.')).toBeVisible();

  // The cutover; the admin now logs in through Connect.
  await activate(page);
  await logInThroughConnect(page, karin, inboxOf(page, 'Karin Berg'), 'karin.berg@company.com');
  await go(browserOn(page), `${HRM_AFTER_CUTOVER}/rollout`);
  const phases = karin.getByRole('list', { name: 'Phases' });
  await expect(phases.locator('[aria-current="step"]')).toContainText('Post-migration');
  const countdowns = karin.getByRole('list', { name: 'Temporary measures' });
  await expect(countdowns).toContainText('API forwarding ends in 10 days');
  await expect(countdowns).toContainText('The calendar redirect ends in 20 days');
  await expect(form.getByRole('radio', { name: 'Self-hosted' })).toHaveCount(0);
  await expect(karin.getByText('Hosting: Hosted by us')).toBeVisible();

  // After the cutover: the calendar redirect runs five days longer.
  await calendarEnd.fill(await datetimeLocal(page, CUTOVER + 25 * DAY));
  await form.getByRole('button', { name: 'Save temporary measures' }).click();
  await expect(form.getByText('Temporary measures saved.')).toBeVisible();
  await expect(countdowns).toContainText('The calendar redirect ends in 25 days');

  // The world clock passes the end dates: forwarding ends, then the redirect, and with it the migration.
  const next = page.getByTestId('next-event');
  await expect(next).toContainText('API forwarding ends');
  await next.click();
  await expect(next).toContainText('The calendar redirect ends; the migration is complete');
  await backOnTheRolloutPage(page, karin);
  await expect(countdowns).toContainText('API forwarding ended on');
  await next.click();
  // Complete: nothing more is scheduled on the world clock.
  await expect(next).toHaveCount(0);
  await backOnTheRolloutPage(page, karin);
  await expect(phases.locator('[aria-current="step"]')).toContainText('Migration complete');
  await expect(karin.getByRole('list', { name: 'Temporary measures' })).toHaveCount(0);
  await expect(karin.getByRole('status').filter({ hasText: 'Migration complete since' })).toBeVisible();
  await expect(karin.getByRole('button', { name: 'Close the migration' })).toHaveCount(0);
});

test('the admin closes the migration with its confirmation', async ({ page }) => {
  // Two logins and a cutover.
  test.slow();
  await openStage(page);
  await linkBeforeTheSwitch(page, 'karin', '10002', 'karin-hrm-1', 'karin.berg@company.com');
  await activate(page);
  const karin = await choosePersona(page, 'Karin Berg');
  await logInThroughConnect(page, karin, inboxOf(page, 'Karin Berg'), 'karin.berg@company.com');
  await go(browserOn(page), `${HRM_AFTER_CUTOVER}/rollout`);
  const countdowns = karin.getByRole('list', { name: 'Temporary measures' });
  await expect(countdowns).toContainText('API forwarding has no end date');
  await karin.getByRole('button', { name: 'Close the migration' }).click();
  await expect(karin.getByText(/Close the migration now\? The old addresses stop forwarding API calls/)).toBeVisible();
  await karin.getByRole('button', { name: 'Yes, close the migration' }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Migration complete since' })).toBeVisible();
});
