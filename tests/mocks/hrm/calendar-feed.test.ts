// Schedules as calendar feeds (R18): each employee's shifts as iCalendar at the old address before the move; after it a
// temporary redirect to the new address until the end date the admin set, then a refusal saying where to subscribe
// again. Feeds are read back by an independent parser (ical.js), as calendar apps do.
import ICAL from 'ical.js';
import { afterEach, describe, expect, vi } from 'vitest';
import { transition } from 'xstate';
import { rolloutMachine, type TemporaryMeasuresInput } from '../../../machines/rollout';
import { loadRollout, persistRollout } from '../../../mocks/servers/hrm/store';
import { Workspace } from '../../../mocks/runtime/workspace';
import { calendarFeedUrl, type CalendarSubscription, type MySchedule } from '../../../src/contracts/hrm-shifts';
import { ManualClock } from '../../../src/domain/clock';
import { testWorldOf, type TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, hrmDb, HRM, link, signIn, signInThroughConnect, WEB } from './support';

(ICAL.design.defaultSet.property as Record<string, { defaultType: string }>)['x-wr-calname'] = { defaultType: 'text' };

const DAY = 86_400_000;
const ANNA_TOKEN = 'cal-anna-3b9f2c';

let reopened: Workspace | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await reopened?.close();
  reopened = undefined;
});

/** A calendar app fetching a feed: no cookies, no page. */
function fetchFeed(world: TestWorld, url: string): Promise<Response> {
  return world.workspace.network.fetch(new Request(url), { initiator: 'integration:calendar-app' });
}

interface ParsedEvent {
  uid: string;
  start: number;
  end: number;
  summary: string;
  location: string;
}

function parseFeed(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    name: String(calendar.getFirstPropertyValue('x-wr-calname')),
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        start: event.startDate.toJSDate().getTime(),
        end: event.endDate.toJSDate().getTime(),
        summary: event.summary,
        location: event.location,
      };
    }),
  };
}

/** The admin's end dates of the temporary measures, as the rollout stores them (R18). */
async function setMeasures(world: TestWorld, input: Partial<TemporaryMeasuresInput>): Promise<void> {
  const db = hrmDb(world);
  try {
    const before = await loadRollout(db);
    const event = {
      type: 'SET_TEMPORARY_MEASURES' as const,
      now: world.now(),
      hosting: before.context.hosting,
      apiForwardingEndsAt: before.context.apiForwardingEndsAt,
      calendarRedirectEndsAt: before.context.calendarRedirectEndsAt,
      ...input,
    };
    const [after] = transition(rolloutMachine, before, event);
    expect(after.context.calendarRedirectEndsAt).toBe(event.calendarRedirectEndsAt);
    await db.settings.put({ key: 'rollout', snapshot: persistRollout(after) });
  } finally {
    db.close();
  }
}

async function moveToNewAddresses(world: TestWorld): Promise<void> {
  await world.advance(world.template.tenant.activationAt! - world.now());
  await world.workspace.settled();
}

async function integrationCalls(world: TestWorld) {
  const db = hrmDb(world);
  try {
    return await db.integrationCalls.toArray();
  } finally {
    db.close();
  }
}

describe('the schedule feed', () => {
  it('is the employee’s schedule as iCalendar: one event per shift, the same UIDs and times as My schedule', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const schedule = await body<MySchedule>(await anna.api(`${HRM}/api/me/schedule`));
    expect(schedule.subscription).toMatchObject({ token: ANNA_TOKEN, url: `${HRM}/Calendar/${ANNA_TOKEN}.ics` });
    expect(schedule.shifts.length).toBeGreaterThan(20);

    const response = await fetchFeed(world, schedule.subscription.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const feed = parseFeed(await response.text());
    expect(feed.name).toBe('Anna Svensson – schedule (Demo Company)');
    expect(feed.events.map((e) => ({ uid: e.uid, start: e.start, end: e.end }))).toEqual(
      schedule.shifts.map((s) => ({ uid: `${s.id}@hrm.test`, start: s.start, end: s.end })),
    );
    expect(feed.events[0]!.location).toBe('Demo Company, Finance');
    expect(feed.events[0]!.summary).toMatch(/^Day shift: Payroll Specialist$/);
    // A shift from 08:00 Stockholm time: UTC+1 in winter, UTC+2 from the last Sunday of March.
    for (const shift of schedule.shifts) {
      const hour = new Date(shift.start).getUTCHours();
      expect(hour).toBe(shift.date < '2026-03-29' ? 7 : 6);
    }

    // Fetched again a day later: the same events keep their UIDs.
    await world.advance(DAY);
    const again = parseFeed(await (await fetchFeed(world, schedule.subscription.url)).text());
    expect(again.events.map((e) => e.uid)).toEqual(feed.events.map((e) => e.uid));
  });

  it('carries a validator: asked again with it, answers 304 until the events change (RFC 9110 §13.1.2)', async ({ world }) => {
    const url = calendarFeedUrl(ANNA_TOKEN, 'old');
    const first = await fetchFeed(world, url);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const events = parseFeed(await first.text()).events;
    const ask = (ifNoneMatch: string) =>
      world.workspace.network.fetch(new Request(url, { headers: { 'if-none-match': ifNoneMatch } }), {
        initiator: 'integration:calendar-app',
      });

    // An hour later the feed is produced anew (a new DTSTAMP) with the same events: not modified, no content.
    await world.advance(3_600_000);
    const same = await ask(etag!);
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    expect(await same.text()).toBe('');
    // Weak comparison: the strong form of the tag, a list holding it, and "*" match too; another tag does not.
    expect((await ask(etag!.slice(2))).status).toBe(304);
    expect((await ask(`"other", ${etag!}`)).status).toBe(304);
    expect((await ask('*')).status).toBe(304);
    const other = await ask('W/"0123"');
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).toBe(etag);
    expect(parseFeed(await other.text()).events).toEqual(events);

    // A week on, the schedule's window has moved: the events differ, so does the validator, and the feed is sent.
    await world.advance(7 * DAY);
    const changed = await ask(etag!);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(parseFeed(await changed.text()).events.map((e) => e.uid)).not.toEqual(events.map((e) => e.uid));
  });

  it('is not served at the new address before the move, and says where it is until then', async ({ world }) => {
    // The new web address as a whole is not in use yet, and says which address works until the cutover.
    const response = await fetchFeed(world, calendarFeedUrl(ANNA_TOKEN, 'new'));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain(HRM);
  });

  it('after the move redirects from the old address until the end date, then stops with where to subscribe again', async ({ world }) => {
    const redirectEndsAt = world.template.tenant.activationAt! + 14 * DAY;
    await setMeasures(world, { calendarRedirectEndsAt: redirectEndsAt });
    await moveToNewAddresses(world);

    const oldUrl = calendarFeedUrl(ANNA_TOKEN, 'old');
    const redirected = await fetchFeed(world, oldUrl);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe(calendarFeedUrl(ANNA_TOKEN, 'new'));
    const followed = await fetchFeed(world, redirected.headers.get('location')!);
    expect(followed.status).toBe(200);
    expect(parseFeed(await followed.text()).events.length).toBeGreaterThan(20);

    await world.advance(redirectEndsAt - 1 - world.now());
    expect((await fetchFeed(world, oldUrl)).status).toBe(302);
    await world.advance(1);
    const gone = await expectProblem(await fetchFeed(world, oldUrl), 410, 'calendar_address_gone');
    expect(gone.message).toBe(
      'This calendar address no longer works: subscribe again with the link in My schedule at https://web.hrm.test/my-profile/schedule.',
    );
    // The new address keeps working.
    expect((await fetchFeed(world, calendarFeedUrl(ANNA_TOKEN, 'new'))).status).toBe(200);

    // The demo's calendar app polls Anna's feed too, on its own schedule: the counts are at least this test's calls.
    const calls = (await integrationCalls(world)).filter((c) => c.kind === 'calendar');
    const old = calls.find((c) => c.address === 'old');
    expect(old).toMatchObject({ client: "Anna Svensson's calendar feed", lastOutcome: 'refused', lastPath: `/Calendar/${ANNA_TOKEN}.ics` });
    expect(old!.count).toBeGreaterThanOrEqual(3);
    const moved = calls.find((c) => c.address === 'new');
    expect(moved).toMatchObject({ client: "Anna Svensson's calendar feed", lastOutcome: 'ok' });
    expect(moved!.count).toBeGreaterThanOrEqual(2);
  });

  it('stops at once after the move for a self-hosted customer, who gets no redirect', async ({ world }) => {
    await setMeasures(world, { hosting: 'selfHosted' });
    await moveToNewAddresses(world);
    await expectProblem(await fetchFeed(world, calendarFeedUrl(ANNA_TOKEN, 'old')), 410, 'calendar_address_gone');
  });

  it('answers an unknown token or a file that is not .ics with not found', async ({ world }) => {
    await expectProblem(await fetchFeed(world, `${HRM}/Calendar/cal-nobody.ics`), 404, 'not_found');
    await expectProblem(await fetchFeed(world, `${HRM}/Calendar/${ANNA_TOKEN}.txt`), 404, 'not_found');
  });
});

describe('the calendar subscription link', () => {
  it('is made for someone without one when they first ask, and stays the same, across a reload too', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const first = (await body<MySchedule>(await karin.api(`${HRM}/api/me/schedule`))).subscription;
    expect(first.token).toMatch(/^cal-[0-9a-f]{24}$/);
    expect((await body<MySchedule>(await karin.api(`${HRM}/api/me/schedule`))).subscription).toEqual(first);

    reopened = (await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) }))!;
    const tab = testWorldOf(reopened, world.template);
    const feed = await tab.workspace.network.fetch(new Request(first.url), { initiator: 'integration:calendar-app' });
    expect(feed.status).toBe(200);
    expect(parseFeed(await feed.text()).name).toBe('Karin Berg – schedule (Demo Company)');
  });

  it('"Create a new link" replaces it: the old link says it was replaced, the new one works', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const renewed = await body<CalendarSubscription>(
      await anna.api(`${HRM}/api/me/calendar-subscription`, { body: { replaces: ANNA_TOKEN } }),
    );
    expect(renewed.token).not.toBe(ANNA_TOKEN);
    expect(renewed.url).toBe(calendarFeedUrl(renewed.token, 'old'));
    const replaced = await expectProblem(await fetchFeed(world, calendarFeedUrl(ANNA_TOKEN, 'old')), 404, 'calendar_link_replaced');
    expect(replaced.message).toBe(
      'This calendar link was replaced by a newer one: subscribe again with the link in My schedule in the HRM.',
    );
    expect((await fetchFeed(world, renewed.url)).status).toBe(200);
    expect((await body<MySchedule>(await anna.api(`${HRM}/api/me/schedule`))).subscription.token).toBe(renewed.token);
  });

  it('a second tab showing the old link cannot replace the newer one unseen', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await anna.api(`${HRM}/api/me/calendar-subscription`, { body: { replaces: ANNA_TOKEN } });
    const stale = await expectProblem(
      await anna.api(`${HRM}/api/me/calendar-subscription`, { body: { replaces: ANNA_TOKEN } }),
      409,
      'link_changed',
      'replaces',
    );
    expect(stale.message).toContain('reload My schedule');
  });

  it('refuses a request without the link it replaces, at the field', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await expectProblem(await anna.api(`${HRM}/api/me/calendar-subscription`, { body: {} }), 400, 'invalid_request', 'replaces');
    await expectProblem(
      await anna.api(`${HRM}/api/me/calendar-subscription`, { body: { replaces: '' } }),
      400,
      'invalid_request',
      'replaces',
    );
    await expectProblem(await world.browser('nobody').api(`${HRM}/api/me/schedule`), 401, 'unauthenticated');
  });

  it('after the move is shown at the new address, the same token', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    expect((await body<MySchedule>(await anna.api(`${HRM}/api/me/schedule`))).subscription.url).toBe(`${HRM}/Calendar/${ANNA_TOKEN}.ics`);
    await link(anna, 'anna.svensson@company.com');
    await moveToNewAddresses(world);
    const again = await signInThroughConnect(world, 'anna', 'anna.svensson@company.com');
    expect((await body<MySchedule>(await again.api(`${WEB}/api/me/schedule`))).subscription).toMatchObject({
      token: ANNA_TOKEN,
      url: 'https://web.hrm.test/calendar/cal-anna-3b9f2c/schedule.ics',
    });
  });

  it('with the storage full, making a link says so and nothing is half made', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    fillHrmStorage(world);
    const full = await karin.api(`${HRM}/api/me/schedule`);
    expect(full.status).toBe(507);
    expect((await full.json()) as { code: string }).toMatchObject({ code: 'storage_full' });
    vi.restoreAllMocks();
    const db = hrmDb(world);
    try {
      expect(await db.calendarFeeds.count()).toBe(2);
    } finally {
      db.close();
    }
    expect((await body<MySchedule>(await karin.api(`${HRM}/api/me/schedule`))).subscription.token).toMatch(/^cal-/);
  });
});

/** Makes every write to this world's HRM database fail as a full disk does in Chromium (QuotaExceededError). */
function fillHrmStorage(world: TestWorld): void {
  const db = hrmDb(world);
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(db.calendarFeeds)) as Record<string, (...args: unknown[]) => unknown>;
  db.close();
  const name = `rollout-rehearsal/${world.workspace.id}/hrm`;
  for (const method of ['add', 'put', 'bulkAdd', 'bulkPut']) {
    const original = prototype[method]!;
    vi.spyOn(prototype, method).mockImplementation(function (this: { db: { name: string } }, ...args: unknown[]) {
      if (this.db.name === name) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
  }
}
