// After the move (R18): a calendar app's subscription to the old feed address is redirected to the new one until the
// end date, then refused with where to subscribe again; a shift request sent before the move can no longer be answered
// from its old link. The feeds are parsed with an iCalendar library, as calendar apps read them.
import { expect, test, type Page } from '@playwright/test';
import ICAL from 'ical.js';
import { activate, browserOf, inboxOf, logInToHrm, openMail, openStage } from './support';

const OLD_FEED = 'https://hrm.test/Calendar/cal-anna-3b9f2c.ics';
const NEW_FEED = 'https://web.hrm.test/calendar/cal-anna-3b9f2c/schedule.ics';

/** A calendar app fetching a feed over the simulation's network: no cookies, no page, redirects not followed. */
async function fetchFeed(page: Page, url: string): Promise<{ status: number; location: string | null; text: string }> {
  return page.evaluate(async (url) => {
    type Simulation = { network: { fetch(request: Request, options: { initiator: string }): Promise<Response> } };
    const sim = (globalThis as unknown as { rolloutRehearsal: Simulation }).rolloutRehearsal;
    const response = await sim.network.fetch(new Request(url), { initiator: 'integration:calendar-app' });
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  }, url);
}

function events(text: string): Array<{ uid: string; start: number }> {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, start: event.startDate.toJSDate().getTime() };
  });
}

/**
 * The admin's end date of the calendar redirect, stored in the tenant's rollout as the HRM keeps it (its form is the
 * Rollout page's, built apart from this flow).
 */
async function setCalendarRedirectEnd(page: Page, endsAt: number): Promise<void> {
  await page.evaluate(async (endsAt) => {
    const sim = (globalThis as unknown as { rolloutRehearsal: { workspace(): { id: string } } }).rolloutRehearsal;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`rollout-rehearsal/${sim.workspace().id}/hrm`);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('settings', 'readwrite');
      const store = tx.objectStore('settings');
      const read = store.get('rollout');
      read.onsuccess = () => {
        const row = read.result as { snapshot: { context: Record<string, unknown> } };
        row.snapshot.context['calendarRedirectEndsAt'] = endsAt;
        store.put(row);
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, endsAt);
}

async function jumpTo(page: Page, local: string): Promise<void> {
  await page.getByRole('button', { name: 'Jump to…' }).click();
  await page.getByLabel('World time to jump to').fill(local);
  await page.getByRole('button', { name: 'Go', exact: true }).click();
}

test('a calendar subscription is redirected from the old address after the move, then stops at the end date', async ({ page }) => {
  await openStage(page);
  const before = await fetchFeed(page, OLD_FEED);
  expect(before.status).toBe(200);
  const shifts = events(before.text);
  expect(shifts.length).toBeGreaterThan(20);

  await setCalendarRedirectEnd(page, Date.UTC(2026, 3, 6, 7, 0));
  await activate(page);

  const redirected = await fetchFeed(page, OLD_FEED);
  expect(redirected).toMatchObject({ status: 302, location: NEW_FEED });
  const moved = await fetchFeed(page, NEW_FEED);
  expect(moved.status).toBe(200);
  // The same shifts keep their UIDs at the new address.
  const uids = new Set(events(moved.text).map((e) => e.uid));
  expect(shifts.filter((s) => s.start >= Date.UTC(2026, 2, 30)).every((s) => uids.has(s.uid))).toBe(true);

  await jumpTo(page, '2026-04-08T09:30');
  const gone = await fetchFeed(page, OLD_FEED);
  expect(gone.status).toBe(410);
  expect((JSON.parse(gone.text) as { message: string }).message).toBe(
    'This calendar address no longer works: subscribe again with the link in My schedule at https://web.hrm.test/my-profile/schedule.',
  );
  expect((await fetchFeed(page, NEW_FEED)).status).toBe(200);
});

test('a shift request sent before the move is refused at its old link after it, saying why and what to do', async ({ page }) => {
  await openStage(page);
  await page.getByRole('button', { name: /Karin Berg/ }).click();
  const karin = browserOf(page, 'Karin Berg');
  await logInToHrm(page, karin, '10002', 'karin-hrm-1');
  await karin.getByRole('link', { name: 'Shift requests' }).click();
  await karin.getByLabel('Date').fill('2026-03-10');
  await karin.getByLabel('Start time').fill('06:00');
  await karin.getByLabel('End time').fill('14:00');
  // A wrong department is refused at its field.
  await karin.getByRole('button', { name: 'Send shift request' }).click();
  await expect(karin.getByText('Choose the department to offer the shift to.')).toBeVisible();
  await karin.getByLabel('Department').selectOption('Finance');
  await karin.getByRole('button', { name: 'Send shift request' }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Sent to 4 in Finance.' })).toBeVisible();
  await expect(karin.getByRole('article', { name: 'Shift request 1' })).toContainText('Anna Svensson');

  await activate(page);

  await page.getByRole('button', { name: /Anna Svensson/ }).click();
  const anna = browserOf(page, 'Anna Svensson');
  const inbox = inboxOf(page, 'Anna Svensson');
  await openMail(inbox, 'Open shift: Tuesday 10 March 2026');
  await inbox.getByRole('link', { name: /^https:\/\/hrm\.test\/ShiftRequest\/Respond\// }).click();
  await expect(anna.getByRole('heading', { name: 'This shift request can no longer be answered' })).toBeVisible();
  await expect(
    anna.getByText(
      'This shift request was sent before Demo Company moved to the new address, and can no longer be answered. Open the HRM at https://web.hrm.test to see open shifts, or ask Karin Berg whether the shift is still free.',
    ),
  ).toBeVisible();
  await expect(anna.getByRole('button', { name: 'Accept shift' })).toHaveCount(0);
});
