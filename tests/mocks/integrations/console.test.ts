// The integrations console at integrations.test: signing in, every field of its forms checked at the field, an edit
// from a stale second tab refused, a reload of the simulation mid-way, a full storage, and a customer with nothing set up.
import { afterEach, describe, expect, vi } from 'vitest';
import type { Table } from 'dexie';
import type {
  ApiClientPageData,
  FileServerPageData,
  IntegrationsLoginPageData,
  IntegrationsOverviewPageData,
  SmsPageData,
} from '../../../src/contracts/integrations';
import { HRM_OUTBOUND_IP } from '../../../src/contracts/origins';
import { DAY } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { IntegrationsDb } from '../../../mocks/servers/integrations/db';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import { testWorkspaceOptions, testWorldOf, type TestBrowser } from '../../support/harness';
import { it, test } from '../../support/world-test';
import { INTEGRATIONS, KARIN, openPage, signedIn, StandInHrm } from './stand-in-hrm';

afterEach(() => vi.restoreAllMocks());

async function put(browser: TestBrowser, path: string, body: unknown): Promise<Response> {
  return browser.api(`${INTEGRATIONS}/api/integrations/${path}`, { method: 'PUT', body });
}

async function problemOf(response: Response): Promise<{ status: number; code: string; field?: string; message: string }> {
  return { status: response.status, ...((await response.json()) as { code: string; field?: string; message: string }) };
}

describe('the integrations console', () => {
  it('sends a signed-out visitor to the sign-in and back; Karin’s account opens the four integrations', async ({ world }) => {
    const browser = world.browser('karin');
    const login = await openPage<IntegrationsLoginPageData>(browser, '/integrations/file-server');
    expect(login.view).toBe('integrations/login');
    expect(login.data).toEqual({ returnTo: '/integrations/file-server', configured: true });
    const wrong = await browser.api(`${INTEGRATIONS}/api/session`, { body: { ...KARIN, password: 'nope' } });
    expect(await problemOf(wrong)).toMatchObject({ status: 401, code: 'invalid_credentials' });
    const right = await browser.api(`${INTEGRATIONS}/api/session?return_to=/integrations/file-server`, { body: KARIN });
    expect(await right.json()).toEqual({ redirectTo: '/integrations/file-server' });

    const overview = await openPage<IntegrationsOverviewPageData>(browser, '/');
    expect(overview.view).toBe('integrations/overview');
    expect(overview.data.account).toEqual({ email: 'karin.berg@company.com', name: 'Karin Berg' });
    expect(overview.data.integrations.map((i) => [i.name, i.configured])).toEqual([
      ['Payroll export', 'Calls https://hrm.test/api/v1'],
      [
        'Calendar app',
        'Anna Svensson: https://hrm.test/Calendar/cal-anna-3b9f2c.ics · Johan Ek: https://hrm.test/Calendar/cal-johan-8d41e7.ics',
      ],
      ['IP1 SMS', 'Replies go to https://hrm.test/ShiftRequest/SmsCallback/ip1-callback-demo'],
      ['Payroll file server', `Allow-list: ${HRM_OUTBOUND_IP.old}`],
    ]);
  });

  it.for([
    ['payroll-export', 'baseUrl', { baseUrl: '', apiKey: 'k' }, 'Enter the address to call, such as https://api.hrm.test/v1.'],
    [
      'payroll-export',
      'baseUrl',
      { baseUrl: 'api.hrm.test/v1', apiKey: 'k' },
      'Enter an absolute address starting with https:// or http://, such as https://api.hrm.test/v1.',
    ],
    [
      'payroll-export',
      'baseUrl',
      { baseUrl: 'ftp://api.hrm.test/v1', apiKey: 'k' },
      'The address must start with https:// or http://, not ftp://.',
    ],
    [
      'payroll-export',
      'baseUrl',
      { baseUrl: 'https://user:pw@api.hrm.test/v1', apiKey: 'k' },
      'Leave the user name and password out of the address; the API key is its own field.',
    ],
    [
      'payroll-export',
      'apiKey',
      { baseUrl: 'https://api.hrm.test/v1', apiKey: ' ' },
      'Enter the API key the HRM gave you for this client.',
    ],
    [
      'payroll-export',
      'apiKey',
      { baseUrl: 'https://api.hrm.test/v1', apiKey: 'has a space' },
      'The API key is letters, digits and punctuation without spaces; paste it again.',
    ],
    [
      'calendar-app',
      'urls.1',
      { urls: ['https://web.hrm.test/calendar/a/schedule.ics', 'webcal://hrm.test/x.ics'] },
      'The address must start with https:// or http://, not webcal://.',
    ],
    [
      'calendar-app',
      'urls',
      { urls: ['https://web.hrm.test/calendar/a/schedule.ics'] },
      'urls: one address for each of the 2 subscriptions, not 1.',
    ],
    [
      'sms',
      'callbackUrl',
      { callbackUrl: '/v1/sms/callback/x' },
      'Enter an absolute address starting with https:// or http://, such as https://api.hrm.test/v1.',
    ],
  ] as Array<[string, string, Record<string, unknown>, string]>)(
    '%s: refuses a bad %s at the field, changing nothing',
    async ([path, field, body, message], { world }) => {
      const karin = await signedIn(world);
      const before = await openPage<{ version: number; config: unknown }>(karin, `/integrations/${path}`);
      const response = await put(karin, path, { ...body, version: before.data.version });
      expect(await problemOf(response)).toMatchObject({ status: 422, field, message });
      const after = await openPage<{ version: number; config: unknown }>(karin, `/integrations/${path}`);
      expect(after.data).toMatchObject({ version: before.data.version, config: before.data.config });
    },
  );

  it.for([
    ['', 'Enter an IPv4 address such as 198.51.100.189, or an IPv6 address.', 'address_invalid'],
    [
      '198.51.100.256',
      '“198.51.100.256” is not an IP address. Enter an IPv4 address such as 198.51.100.189, or an IPv6 address such as 2001:db8::1.',
      'address_invalid',
    ],
    [
      '198.051.100.189',
      '“198.051.100.189” is not an IP address. Enter an IPv4 address such as 198.51.100.189, or an IPv6 address such as 2001:db8::1.',
      'address_invalid',
    ],
    [
      '2001:db8:::1',
      '“2001:db8:::1” is not an IP address. Enter an IPv4 address such as 198.51.100.189, or an IPv6 address such as 2001:db8::1.',
      'address_invalid',
    ],
    ['198.51.100.0/24', 'Enter one address, not a range: “198.51.100.0/24” has a prefix length.', 'address_invalid'],
    [` ${HRM_OUTBOUND_IP.old} `, `${HRM_OUTBOUND_IP.old} is already on the allow-list.`, 'address_listed'],
  ])('the allow-list refuses “%s” at the address field', async ([address, message, code], { world }) => {
    const karin = await signedIn(world);
    const { data } = await openPage<FileServerPageData>(karin, '/integrations/file-server');
    const response = await karin.api(`${INTEGRATIONS}/api/integrations/file-server/allow-list`, {
      body: { address, version: data.version },
    });
    expect(await problemOf(response)).toMatchObject({ status: 422, code, field: 'address', message });
  });

  it('removes an address from the allow-list, and says so when it is not on it', async ({ world }) => {
    const karin = await signedIn(world);
    const { data } = await openPage<FileServerPageData>(karin, '/integrations/file-server');
    const removed = await karin.api(
      `${INTEGRATIONS}/api/integrations/file-server/allow-list/${HRM_OUTBOUND_IP.old}?version=${data.version}`,
      {
        method: 'DELETE',
      },
    );
    expect(await removed.json()).toMatchObject({ allowList: [], version: data.version + 1 });
    const again = await karin.api(
      `${INTEGRATIONS}/api/integrations/file-server/allow-list/${HRM_OUTBOUND_IP.old}?version=${data.version + 1}`,
      {
        method: 'DELETE',
      },
    );
    expect(await problemOf(again)).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('refuses an edit from a second tab that still shows the old version, with 409, and keeps the first edit', async ({ world }) => {
    const first = await signedIn(world, 'karin-tab-1');
    const second = await signedIn(world, 'karin-tab-2');
    const one = await openPage<ApiClientPageData>(first, '/integrations/payroll-export');
    const two = await openPage<ApiClientPageData>(second, '/integrations/payroll-export');
    expect(
      (
        await put(first, 'payroll-export', {
          baseUrl: 'https://api.hrm.test/v1',
          apiKey: one.data.config.apiKey,
          version: one.data.version,
        })
      ).status,
    ).toBe(200);
    const stale = await put(second, 'payroll-export', {
      baseUrl: 'https://hrm.test/api/v2',
      apiKey: two.data.config.apiKey,
      version: two.data.version,
    });
    expect(await problemOf(stale)).toMatchObject({
      status: 409,
      code: 'stale_edit',
      message:
        'Payroll export was changed by someone else since you opened this page (it is now at version 2). Reload the page to see the change, then make yours again.',
    });
    const after = await openPage<ApiClientPageData>(second, '/integrations/payroll-export');
    expect(after.data.config.baseUrl).toBe('https://api.hrm.test/v1');

    // The same for the allow-list: two admins adding addresses at once.
    const list1 = await openPage<FileServerPageData>(first, '/integrations/file-server');
    const list2 = await openPage<FileServerPageData>(second, '/integrations/file-server');
    const body = (address: string, version: number) => ({ body: { address, version } });
    expect(
      (await first.api(`${INTEGRATIONS}/api/integrations/file-server/allow-list`, body(HRM_OUTBOUND_IP.new, list1.data.version))).status,
    ).toBe(200);
    const late = await second.api(`${INTEGRATIONS}/api/integrations/file-server/allow-list`, body('203.0.113.7', list2.data.version));
    expect(await problemOf(late)).toMatchObject({ status: 409, code: 'stale_edit' });
  });

  it('keeps its configuration, log and schedule across a reload of the simulation', async ({ world }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    const karin = await signedIn(world);
    const { data } = await openPage<ApiClientPageData>(karin, '/integrations/payroll-export');
    await put(karin, 'payroll-export', { baseUrl: 'https://api.hrm.test/v1', apiKey: data.config.apiKey, version: data.version });
    hrm.stage = 'forwarding';
    await karin.api(`${INTEGRATIONS}/api/integrations/payroll-export/runs`, { method: 'POST' });

    const id = world.workspace.id;
    await world.workspace.close();
    const reopened = (await Workspace.open({ ...testWorkspaceOptions(), id }))!;
    const restarted = testWorldOf(reopened, demoTenant);
    try {
      const again = new StandInHrm(restarted);
      again.stage = 'forwarding';
      again.install();
      const browser = restarted.browser('karin');
      browser.jar.replaceAll(karin.jar.toJSON());
      const page = await openPage<ApiClientPageData>(browser, '/integrations/payroll-export');
      expect(page.data.config.baseUrl).toBe('https://api.hrm.test/v1');
      expect(page.data.version).toBe(2);
      expect(page.data.runs.map((r) => r.url)).toEqual(['https://api.hrm.test/v1/travel-expenses', 'https://api.hrm.test/v1/employees']);
      // The daily run is back on the clock after the reload.
      await restarted.advance(DAY);
      expect(again.received.map((r) => r.url)).toEqual(['https://api.hrm.test/v1/employees', 'https://api.hrm.test/v1/travel-expenses']);
    } finally {
      await restarted.close();
    }
  });

  it('when storage is full, an edit answers 507 and nothing changes', async ({ world }) => {
    const karin = await signedIn(world);
    const { data } = await openPage<SmsPageData>(karin, '/integrations/sms');
    fillStorage(`rollout-rehearsal/${world.workspace.id}/integrations`);
    const response = await put(karin, 'sms', {
      callbackUrl: 'https://api.hrm.test/v1/sms/callback/ip1-callback-demo',
      version: data.version,
    });
    vi.restoreAllMocks();
    expect(await problemOf(response)).toMatchObject({ status: 507, code: 'storage_full' });
    const after = await openPage<SmsPageData>(karin, '/integrations/sms');
    expect(after.data.config.callbackUrl).toBe(data.config.callbackUrl);
    expect(after.data.version).toBe(data.version);
  });

  it('when storage is full, a file that arrives is refused with 507 and not listed', async ({ world }) => {
    fillStorage(`rollout-rehearsal/${world.workspace.id}/integrations`);
    const response = await world.workspace.network.fetch(
      new Request(`${INTEGRATIONS}/file-server/inbox/payroll.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', forwarded: `for=${HRM_OUTBOUND_IP.old}` },
        body: 'a,b\r\n1,2\r\n',
      }),
      { initiator: 'server:hrm.test' },
    );
    vi.restoreAllMocks();
    expect(response.status).toBe(507);
    const { data } = await openPage<FileServerPageData>(await signedIn(world), '/integrations/file-server');
    expect(data.files).toEqual([]);
  });
});

describe('a customer without integrations', () => {
  test.override({ template: { ...demoTenant, tenant: { ...demoTenant.tenant, integrations: undefined } } });

  it('has nothing configured: the console says so and its API refuses', async ({ world }) => {
    const browser = world.browser('karin');
    const login = await openPage<IntegrationsLoginPageData>(browser, '/login');
    expect(login.data.configured).toBe(false);
    const karin = await signedIn(world);
    const overview = await openPage<IntegrationsOverviewPageData>(karin, '/integrations');
    expect(overview.data.integrations).toEqual([]);
    const run = await karin.api(`${INTEGRATIONS}/api/integrations/payroll-export/runs`, { method: 'POST' });
    expect(await problemOf(run)).toMatchObject({
      status: 404,
      code: 'not_configured',
      message: 'No integrations are set up for this customer, so there is nothing to change or run here.',
    });
    const sms = await karin.api(`${INTEGRATIONS}/sms/messages`, { body: { to: '+46701234567', text: 'x', reference: 'r' }, from: null });
    expect(sms.status).toBe(404);
  });
});

type Write = 'add' | 'put' | 'bulkAdd' | 'bulkPut' | 'update';

/** Makes every write to the named database fail as a full disk does in Chromium (QuotaExceededError). */
function fillStorage(name: string): void {
  // The network reports the failure on the console as well as in its answer.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  // Every Dexie database's Table class inherits Dexie's one Table prototype: reached here through a closed database's.
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(new IntegrationsDb('probe').runs)) as Record<
    Write,
    (...args: unknown[]) => unknown
  >;
  for (const method of ['add', 'put', 'bulkAdd', 'bulkPut', 'update'] as Write[]) {
    const original = prototype[method];
    vi.spyOn(prototype, method).mockImplementation(function (this: Table, ...args: unknown[]) {
      if (this.db.name === name) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
  }
}
