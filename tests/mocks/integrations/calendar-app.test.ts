// The calendar app at integrations.test: two people's schedule feeds refreshed every 6 hours of world time and on
// "Refresh now", redirects followed, events counted, and the HRM's answer once the old address has stopped (R18).
import { describe, expect } from 'vitest';
import type { CalendarPageData, RunResult } from '../../../src/contracts/integrations';
import { HOUR } from '../../../src/domain/clock';
import { it } from '../../support/world-test';
import { INTEGRATIONS, openPage, signedIn, StandInHrm } from './stand-in-hrm';

const refresh = async (browser: Awaited<ReturnType<typeof signedIn>>) =>
  (await (await browser.api(`${INTEGRATIONS}/api/integrations/calendar-app/runs`, { method: 'POST' })).json()) as RunResult;

describe('the calendar app', () => {
  it('is subscribed to Anna’s and Johan’s feeds at the old address, and refreshes them every 6 hours', async ({ world }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    // 08:00 → the next refresh is at 12:00, then 18:00.
    await world.advance(4 * HOUR);
    await world.advance(6 * HOUR);
    const karin = await signedIn(world);
    const { data } = await openPage<CalendarPageData>(karin, '/integrations/calendar-app');
    expect(data.config.subscriptions).toEqual([
      expect.objectContaining({
        personName: 'Anna Svensson',
        url: 'https://hrm.test/Calendar/cal-anna-3b9f2c.ics',
        events: 3,
        lastError: null,
      }),
      expect.objectContaining({
        personName: 'Johan Ek',
        url: 'https://hrm.test/Calendar/cal-johan-8d41e7.ics',
        events: 3,
        lastError: null,
      }),
    ]);
    expect(data.runs.map((r) => [r.trigger, new Date(r.at).toISOString().slice(11, 16), r.message])).toEqual([
      ['schedule', '18:00', 'Johan Ek: 200: 3 events.'],
      ['schedule', '18:00', 'Anna Svensson: 200: 3 events.'],
      ['schedule', '12:00', 'Johan Ek: 200: 3 events.'],
      ['schedule', '12:00', 'Anna Svensson: 200: 3 events.'],
    ]);
    expect(data.nextRefreshAt).toBe(Date.UTC(2026, 2, 3, 0));
  });

  it('follows the old feed’s redirect to the new address and logs it', async ({ world }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    hrm.stage = 'forwarding';
    const run = await refresh(await signedIn(world));
    expect(run.entries[0]).toMatchObject({
      trigger: 'manual',
      url: 'https://hrm.test/Calendar/cal-anna-3b9f2c.ics',
      status: 200,
      ok: true,
      message: 'Anna Svensson: 200: 4 events.',
      details: ['redirected to https://web.hrm.test/calendar/cal-anna-3b9f2c/schedule.ics (302)'],
    });
  });

  it('once the old feed stops, logs its 410 text and keeps the last good count; a new link repairs it', async ({ world }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    const karin = await signedIn(world);
    await refresh(karin);
    hrm.stage = 'ended';
    const run = await refresh(karin);
    expect(run.entries.map((e) => e.message)).toEqual([
      'Anna Svensson: 410: This calendar address is no longer in use. Subscribe again with the link from My Profile.',
      'Johan Ek: 410: This calendar address is no longer in use. Subscribe again with the link from My Profile.',
    ]);
    let { data } = await openPage<CalendarPageData>(karin, '/integrations/calendar-app');
    expect(data.config.subscriptions[0]).toMatchObject({
      events: 3,
      lastError: 'This calendar address is no longer in use. Subscribe again with the link from My Profile.',
    });

    const saved = await karin.api(`${INTEGRATIONS}/api/integrations/calendar-app`, {
      method: 'PUT',
      body: {
        urls: ['https://web.hrm.test/calendar/cal-anna-3b9f2c/schedule.ics', data.config.subscriptions[1]!.url],
        version: data.version,
      },
    });
    expect(saved.status).toBe(200);
    await refresh(karin);
    ({ data } = await openPage<CalendarPageData>(karin, '/integrations/calendar-app'));
    expect(data.config.subscriptions.map((s) => [s.events, s.lastError !== null])).toEqual([
      [4, false],
      [3, true],
    ]);
  });

  it('sends the feed’s validator back and keeps its count when the HRM answers 304 Not Modified', async ({ world }) => {
    const karin = await signedIn(world);
    const first = await refresh(karin);
    expect(first.entries.map((e) => e.status)).toEqual([200, 200]);
    const counted = first.entries.map((e) => e.message);
    expect(counted[0]).toMatch(/^Anna Svensson: 200: \d+ events\.$/);

    const again = await refresh(karin);
    expect(again.entries.map((e) => [e.status, e.ok])).toEqual([
      [304, true],
      [304, true],
    ]);
    expect(again.entries.map((e) => e.message)).toEqual(counted.map((m) => m.replace(': 200: ', ': 304: not modified, still ')));
    const { data } = await openPage<CalendarPageData>(karin, '/integrations/calendar-app');
    expect(data.config.subscriptions.map((s) => [s.events, s.lastError])).toEqual(
      first.entries.map((e) => [Number(/(\d+) events/.exec(e.message)![1]), null]),
    );
  });
});
