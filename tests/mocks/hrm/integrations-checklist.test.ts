import { describe, expect, it } from 'vitest';
import type { FileExportRunRow, IntegrationCallRow } from '../../../mocks/servers/hrm/db';
import { integrationsChecklist, type ChecklistInput } from '../../../mocks/servers/hrm/integrations-checklist';
import type { IntegrationsChecklist } from '../../../src/contracts/hrm-integrations';
import { HRM_OUTBOUND_IP } from '../../../src/contracts/origins';
import { DAY, HOUR } from '../../../src/domain/clock';
import { it as worldIt } from '../../support/world-test';
import { apiClient, moveOn, PAYROLL_CLIENT, setMeasures } from './integrations-support';
import { body, expectProblem, HRM, openPage, signIn, signInThroughConnect, WEB } from './support';

const MOVED = Date.UTC(2026, 2, 30, 7);

function call(
  kind: IntegrationCallRow['kind'],
  client: string,
  address: 'old' | 'new',
  lastSeenAt: number,
  lastPath = '/api/v1/employees',
): IntegrationCallRow {
  return {
    key: `${kind}|${client}|${address}`,
    kind,
    client,
    address,
    firstSeenAt: lastSeenAt,
    lastSeenAt,
    count: 1,
    lastPath,
    lastOutcome: address === 'old' ? 'forwarded' : 'ok',
  };
}

function checklist(change: Partial<ChecklistInput>): IntegrationsChecklist {
  return integrationsChecklist({
    now: MOVED + DAY,
    activatedAt: MOVED,
    hosting: 'hosted',
    apiForwardingEndsAt: null,
    calendarRedirectEndsAt: null,
    customerNumber: '4711',
    calls: [],
    lastFileExport: null,
    fileServerName: null,
    ...change,
  });
}

describe('integrationsChecklist', () => {
  it('before the move lists what will change, with each new address and the new outbound address', () => {
    const before = checklist({ now: MOVED - DAY, calls: [call('api', 'Payroll export', 'old', MOVED - DAY)] });
    expect(before).toMatchObject({ moved: false, items: [], warnings: [] });
    expect(Object.fromEntries(before.planned.map((p) => [p.kind, p.newAddress]))).toEqual({
      web: 'https://web.hrm.test',
      mobile: 'https://mobile.hrm.test',
      timeclock: 'https://timeclock.hrm.test/default/4711 (or /<device name>/4711)',
      api: 'https://api.hrm.test/v1',
      calendar: 'https://web.hrm.test/calendar/<token>/schedule.ics',
      smsCallback: 'https://api.hrm.test/v1/sms/callback/<secret>',
      shiftRequestLink: 'https://web.hrm.test/shift-requests/<id>',
      fileExport: HRM_OUTBOUND_IP.new,
    });
  });

  it('is red while a client calls an old address since the move, green once seen at the new one after, unseen otherwise', () => {
    const red = checklist({ calls: [call('api', 'Payroll export', 'old', MOVED + HOUR), call('api', 'Travel app', 'old', MOVED - DAY)] });
    expect(red.items.map((i) => [i.client, i.status])).toEqual([
      ['Payroll export', 'old'],
      ['Travel app', 'unseen'],
    ]);
    expect(red.items[0]).toMatchObject({
      address: 'old',
      lastOutcome: 'Forwarded to the new address',
      change:
        'Change the API address in Payroll export from https://hrm.test/api/v1 to https://api.hrm.test/v1; the API key stays the same.',
    });
    expect(red.allMoved).toBe(false);

    const green = checklist({
      calls: [call('api', 'Payroll export', 'old', MOVED + HOUR), call('api', 'Payroll export', 'new', MOVED + 2 * HOUR)],
    });
    expect(green.items.filter((i) => i.kind === 'api')).toEqual([
      expect.objectContaining({ client: 'Payroll export', status: 'new', address: 'new', change: 'Nothing: it uses the new address.' }),
    ]);
    expect(green.allMoved).toBe(true);
    // Back at the old address after the new one (an old copy of its settings): red again.
    const back = checklist({
      calls: [call('api', 'Payroll export', 'new', MOVED + HOUR), call('api', 'Payroll export', 'old', MOVED + 2 * HOUR)],
    });
    expect(back.items[0]!.status).toBe('old');
  });

  it('says what to change for each kind, with the exact new address', () => {
    const items = checklist({
      calls: [
        call('calendar', 'Anna Svensson’s calendar', 'old', MOVED + HOUR, '/Calendar/cal-anna-3b9f2c.ics'),
        call('smsCallback', 'IP1 SMS', 'old', MOVED + HOUR, '/ShiftRequest/SmsCallback/ip1-callback-demo'),
        call('timeclock', 'Factory clock', 'old', MOVED + HOUR, '/Timeclock/Fabriksklocka'),
      ],
    }).items;
    expect(Object.fromEntries(items.map((i) => [i.kind, i.change]))).toEqual({
      calendar: 'Subscribe again with the link from My Profile: https://web.hrm.test/calendar/cal-anna-3b9f2c/schedule.ics',
      smsCallback: 'Change the callback URL at IP1 SMS to https://api.hrm.test/v1/sms/callback/ip1-callback-demo',
      timeclock: 'Enter the device’s new address on it, https://timeclock.hrm.test/<device name>/4711, and log in again on it.',
    });
  });

  it('warns within 14 days of a forwarding end date while a client still uses it, and says what failed after', () => {
    const endsAt = MOVED + 30 * DAY;
    const calls = [call('api', 'Payroll export', 'old', MOVED + HOUR)];
    expect(checklist({ now: endsAt - 15 * DAY, apiForwardingEndsAt: endsAt, calls }).warnings).toEqual([]);
    expect(checklist({ now: endsAt - 14 * DAY, apiForwardingEndsAt: endsAt, calls }).warnings).toEqual([
      'API forwarding ends on 29 Apr 2026, 09:00 CEST (in 14 days) and Payroll export still calls the old address.',
    ]);
    expect(checklist({ now: endsAt - HOUR, apiForwardingEndsAt: endsAt, calls }).warnings[0]).toContain('(in 1 day)');
    expect(checklist({ now: endsAt, apiForwardingEndsAt: endsAt, calls }).warnings).toEqual([
      'API forwarding ended on 29 Apr 2026, 09:00 CEST: Payroll export still calls the old address and gets an error since.',
    ]);
    // Nothing to warn about once it moved.
    const moved = [...calls, call('api', 'Payroll export', 'new', MOVED + 2 * HOUR)];
    expect(checklist({ now: endsAt - DAY, apiForwardingEndsAt: endsAt, calls: moved }).warnings).toEqual([]);
    expect(checklist({ hosting: 'selfHosted', calls }).warnings).toEqual([
      'A self-hosted installation has no forwarding: Payroll export calls an old address and gets an error.',
    ]);
  });

  it('turns the file export green after a run got through since the move, red while refused', () => {
    const run = (outcome: FileExportRunRow['outcome'], at: number): FileExportRunRow => ({
      id: 'fex_1',
      number: 1,
      at,
      trigger: 'manual',
      url: 'https://integrations.test/file-server/inbox/x.csv',
      sourceAddress: HRM_OUTBOUND_IP.new,
      outcome,
      message: outcome === 'ok' ? null : 'Not on the allow-list',
    });
    const calls = [call('fileExport', 'Payroll file server', 'new', MOVED + HOUR)];
    expect(checklist({ calls, lastFileExport: run('refused', MOVED + HOUR) }).items[0]).toMatchObject({
      status: 'old',
      lastOutcome: 'Refused: Not on the allow-list',
    });
    expect(checklist({ calls, lastFileExport: run('ok', MOVED + HOUR) }).items[0]).toMatchObject({
      status: 'new',
      lastOutcome: 'File received',
    });
  });
});

describe('GET /api/integrations-checklist and the Integrations after the move page', () => {
  worldIt('shows the API client red at the old address with what to change, then green after it calls the new one', async ({ world }) => {
    const before = await body<IntegrationsChecklist>(await (await signIn(world, 'karin')).api(`${HRM}/api/integrations-checklist`));
    expect(before).toMatchObject({ moved: false, items: [] });

    const endsAt = world.template.tenant.activationAt! + 10 * DAY;
    await setMeasures(world, { hosting: 'hosted', apiForwardingEndsAt: endsAt, calendarRedirectEndsAt: endsAt });
    const karin = await moveOn(world);
    const payroll = apiClient(world);
    expect((await payroll(`${HRM}/api/v1/employees`)).status).toBe(200);

    const red = await openPage<{ checklist: IntegrationsChecklist }>(karin, `${WEB}/general/integrations`);
    expect(red.page.view).toBe('hrm/integrations');
    // The daily file export ran before the move too; this is about the API client.
    expect(red.page.data.checklist.items.filter((i) => i.kind === 'api')).toEqual([
      expect.objectContaining({
        kind: 'api',
        client: PAYROLL_CLIENT,
        status: 'old',
        address: 'old',
        lastOutcome: 'Forwarded to the new address',
      }),
    ]);
    expect(red.page.data.checklist.items[0]!.change).toContain('https://api.hrm.test/v1');
    expect(red.page.data.checklist.warnings).toEqual([
      `API forwarding ends on 9 Apr 2026, 09:00 CEST (in 10 days) and ${PAYROLL_CLIENT} still calls the old address.`,
    ]);

    expect((await payroll('https://api.hrm.test/v1/employees')).status).toBe(200);
    const green = await body<IntegrationsChecklist>(await karin.api(`${WEB}/api/integrations-checklist`));
    expect(green.items.filter((i) => i.kind === 'api')).toEqual([
      expect.objectContaining({ client: PAYROLL_CLIENT, status: 'new', address: 'new' }),
    ]);
    expect(green).toMatchObject({ warnings: [], allMoved: true });

    const anna = world.browser('anna-x');
    await expectProblem(await anna.api(`${WEB}/api/integrations-checklist`), 401, 'unauthenticated');
  });

  worldIt('counts a calendar app that reads several feeds as one caller, by the name it gives in User-Agent', async ({ world }) => {
    const activationAt = world.template.tenant.activationAt!;
    await setMeasures(world, { hosting: 'hosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: activationAt + DAY });
    await moveOn(world);
    // Past the redirect's end: the demo's calendar app, still subscribed at the old addresses, is refused for both feeds.
    await world.advance(2 * DAY);
    const karin = await signInThroughConnect(world, 'karin', 'karin.berg@company.com');
    const calendarItems = async () =>
      (await body<IntegrationsChecklist>(await karin.api(`${WEB}/api/integrations-checklist`))).items.filter((i) => i.kind === 'calendar');
    expect(await calendarItems()).toEqual([
      expect.objectContaining({ client: 'Calendar app', status: 'old', address: 'old', lastOutcome: 'Refused' }),
    ]);

    // Repointed, it reads both new feeds: still one caller, now green.
    const app = (url: string) =>
      world.workspace.network.fetch(new Request(url, { headers: { 'user-agent': 'CalendarApp/1.0 (Calendar app)' } }), {
        initiator: 'integration:calendar-app',
      });
    for (const token of ['cal-anna-3b9f2c', 'cal-johan-8d41e7'])
      expect((await app(`${WEB}/calendar/${token}/schedule.ics`)).status).toBe(200);
    expect(await calendarItems()).toEqual([expect.objectContaining({ client: 'Calendar app', status: 'new', address: 'new' })]);

    // A caller that does not name itself (a phone's calendar) is known by the feed it reads.
    const phone = await world.workspace.network.fetch(new Request(`${WEB}/calendar/cal-anna-3b9f2c/schedule.ics`), {
      initiator: 'integration:phone',
    });
    expect(phone.status).toBe(200);
    expect((await calendarItems()).map((i) => i.client).sort()).toEqual(["Anna Svensson's calendar feed", 'Calendar app']);
  });
});
