import type { Table } from 'dexie';
import { HttpHandler } from 'msw';
import { afterEach, describe, expect, vi } from 'vitest';
import { endpointsOf, routeOf } from '../../../src/contracts/endpoint';
import { TIMECLOCK_API, TIMECLOCK_OLD_API } from '../../../src/contracts/timeclock';
import type { Punch, TimeclockScreen } from '../../../src/contracts/timeclock';
import { HrmDb, type IntegrationCallRow } from '../../../mocks/servers/hrm/db';
import { Workspace } from '../../../mocks/runtime/workspace';
import { ManualClock } from '../../../src/domain/clock';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { TestBrowser, TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, person } from './support';

const FACTORY = 'https://hrm.test/Timeclock/Fabriksklocka';
const FACTORY_NEW = 'https://timeclock.hrm.test/Fabriksklocka/4711';
const USER = { username: 'timeclock', password: 'clock-4711' };

async function logIn(device: TestBrowser, address: string, deviceName = 'Factory clock'): Promise<TimeclockScreen> {
  const response = await device.api(`${address}/login`, { body: { ...USER, deviceName } });
  expect(response.status, await response.clone().text()).toBe(200);
  return body<TimeclockScreen>(response);
}

async function punch(device: TestBrowser, address: string, by: { badge?: string; employeeNumber?: string }): Promise<Punch> {
  const response = await device.api(`${address}/punch`, { body: by });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<Punch>(response);
}

async function cutover(world: TestWorld): Promise<void> {
  await world.workspace.clock.advance(demoTenant.tenant.activationAt! - world.now() + 60_000);
}

async function storedCalls(world: TestWorld): Promise<IntegrationCallRow[]> {
  const db = new HrmDb(world.workspace.id);
  try {
    return await db.integrationCalls.toArray();
  } finally {
    db.close();
  }
}

/** The same device (its cookie jar) on a workspace opened again from IndexedDB, as a reload does. */
function deviceOn(workspace: Workspace, device: TestBrowser) {
  return (url: string, sent?: unknown) =>
    workspace.network.fetch(
      new Request(url, {
        method: sent === undefined ? 'GET' : 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        ...(sent === undefined ? {} : { body: JSON.stringify(sent) }),
      }),
      { initiator: 'browser:factory', jar: device.jar, origin: new URL(url).origin },
    );
}

describe('the Timeclock before the move (R19: the customer’s own address)', () => {
  it('a device opens each form of the old address and logs in with the Timeclock user', async ({ world }) => {
    const device = world.browser('factory');
    for (const [address, clock] of [
      ['https://hrm.test/Timeclock', 'default'],
      [FACTORY, 'Fabriksklocka'],
      ['https://hrm.test/Timeclock/Lager/4711', 'Lager'],
    ] as const) {
      const screen = await body<TimeclockScreen>(await device.api(address));
      expect(screen).toEqual({ clock, customerNumber: '4711', tenantName: 'Demo Company', device: null });
    }
    expect(await logIn(device, FACTORY)).toMatchObject({ clock: 'Fabriksklocka', device: 'Factory clock' });
    expect(await body<TimeclockScreen>(await device.api(FACTORY))).toMatchObject({ device: 'Factory clock' });
    // The session is this clock's: another clock on the same device asks for its own login.
    expect(await body<TimeclockScreen>(await device.api('https://hrm.test/Timeclock'))).toMatchObject({ device: null });
  });

  it('punches in and out by badge and by employee number, answering the person’s name', async ({ world }) => {
    const device = world.browser('factory');
    await logIn(device, FACTORY);
    const pekka = person(world, 'pekka');
    expect(await punch(device, FACTORY, { badge: pekka.badge! })).toMatchObject({
      name: 'Pekka Virtanen',
      employeeNumber: pekka.loginId,
      direction: 'in',
      clock: 'Fabriksklocka',
      device: 'Factory clock',
    });
    await world.advance(8 * 3_600_000);
    // Tags are read in any letter case, with or without spaces.
    expect(await punch(device, FACTORY, { badge: ' 04a1 b2c3 ' })).toMatchObject({ name: 'Pekka Virtanen', direction: 'out' });
    expect(await punch(device, FACTORY, { employeeNumber: '10001' })).toMatchObject({ name: 'Anna Svensson', direction: 'in' });
  });

  it('R11: a Timeclock-only worker with no email punches; the web login stays closed to him', async ({ world }) => {
    const pekka = person(world, 'pekka');
    expect(pekka.email).toBeUndefined();
    expect(pekka.employments.every((e) => e.email === undefined)).toBe(true);
    const device = world.browser('kiosk');
    await logIn(device, 'https://hrm.test/Timeclock', 'Entrance kiosk');
    expect((await punch(device, 'https://hrm.test/Timeclock', { employeeNumber: pekka.loginId })).name).toBe('Pekka Virtanen');
    await expectProblem(
      await world.browser('pekka').api('https://hrm.test/api/session', { body: { loginId: pekka.loginId, password: pekka.password } }),
      403,
      'timeclock_only',
    );
  });

  it('refuses what is wrong, at the field, with what to do', async ({ world }) => {
    const device = world.browser('factory');
    await expectProblem(await device.api(`${FACTORY}/punch`, { body: { badge: pekkaBadge(world) } }), 401, 'device_login_required');
    const login = (b: Record<string, string>) => device.api(`${FACTORY}/login`, { body: { ...USER, deviceName: 'Factory clock', ...b } });
    await expectProblem(await login({ username: ' ' }), 422, 'invalid_request', 'username');
    await expectProblem(await login({ password: '' }), 422, 'invalid_request', 'password');
    await expectProblem(await login({ deviceName: '' }), 422, 'invalid_request', 'deviceName');
    await expectProblem(await login({ deviceName: 'x'.repeat(61) }), 422, 'invalid_request', 'deviceName');
    await expectProblem(await login({ password: 'wrong' }), 401, 'invalid_credentials', 'password');
    await logIn(device, FACTORY);
    const badge = await device.api(`${FACTORY}/punch`, { body: { badge: '04FFFFFF' } });
    await expectProblem(badge, 404, 'unknown_badge', 'badge');
    expect((await body<{ message: string }>(badge)).message).toContain('Badge 04FFFFFF is not registered to anyone');
    await expectProblem(
      await device.api(`${FACTORY}/punch`, { body: { employeeNumber: '99999' } }),
      404,
      'unknown_employee_number',
      'employeeNumber',
    );
    await expectProblem(await device.api(`${FACTORY}/punch`, { body: {} }), 422, 'invalid_request', 'badge');
    await expectProblem(
      await device.api(`${FACTORY}/punch`, { body: { badge: '04A1B2C3', employeeNumber: '10001' } }),
      422,
      'invalid_request',
      'employeeNumber',
    );
    await expectProblem(await device.api('https://hrm.test/Timeclock/Lager/1234'), 404, 'unknown_customer');
  });

  it('the new host is not in use for this customer yet, and says when it will be', async ({ world }) => {
    const response = await world.browser('factory').api(FACTORY_NEW);
    await expectProblem(response, 409, 'timeclock_not_in_use');
    expect((await body<{ message: string }>(response)).message).toContain('30 Mar 2026');
  });
});

function pekkaBadge(world: TestWorld): string {
  return person(world, 'pekka').badge!;
}

describe('the Timeclock after the move (R19: devices are updated by hand)', () => {
  it('the old address no longer answers the device, naming the new address; the new one needs its own login', async ({ world }) => {
    const device = world.browser('factory');
    await logIn(device, FACTORY);
    expect((await punch(device, FACTORY, { badge: pekkaBadge(world) })).direction).toBe('in');
    await cutover(world);

    const gone = await device.api(`${FACTORY}/punch`, { body: { badge: pekkaBadge(world) } });
    await expectProblem(gone, 410, 'timeclock_moved');
    expect((await body<{ message: string }>(gone)).message).toContain(`moved to ${FACTORY_NEW}`);
    await expectProblem(await device.api(FACTORY), 410, 'timeclock_moved');

    // The old address's session is not the new host's: the device logs in again there.
    expect(await body<TimeclockScreen>(await device.api(FACTORY_NEW))).toMatchObject({ clock: 'Fabriksklocka', device: null });
    await expectProblem(await device.api(`${FACTORY_NEW}/punch`, { body: { badge: pekkaBadge(world) } }), 401, 'device_login_required');
    await logIn(device, FACTORY_NEW);
    // The badge keeps working, and the punch before the move is still the one this punch closes.
    expect(await punch(device, FACTORY_NEW, { badge: pekkaBadge(world) })).toMatchObject({ name: 'Pekka Virtanen', direction: 'out' });

    const calls = await storedCalls(world);
    expect(calls.filter((c) => c.kind === 'timeclock').map((c) => [c.client, c.address, c.lastOutcome])).toEqual(
      expect.arrayContaining([
        ['Factory clock', 'old', 'refused'],
        ['Factory clock', 'new', 'ok'],
      ]),
    );
  });

  it('a wrong or missing customer number on the new host is named', async ({ world }) => {
    await cutover(world);
    const device = world.browser('kiosk');
    await expectProblem(await device.api('https://timeclock.hrm.test/default/1234'), 404, 'unknown_customer');
    const missing = await device.api('https://timeclock.hrm.test/default');
    await expectProblem(missing, 404, 'customer_number_needed');
    expect((await body<{ message: string }>(missing)).message).toContain('https://timeclock.hrm.test/default/<customer number>');
    expect(await body<TimeclockScreen>(await device.api('https://timeclock.hrm.test/default/4711'))).toMatchObject({ clock: 'default' });
  });

  it('a reload (a new server on the same database) keeps the device session and the punches', async ({ world }) => {
    await cutover(world);
    const device = world.browser('factory');
    await logIn(device, FACTORY_NEW);
    expect((await punch(device, FACTORY_NEW, { employeeNumber: '10004' })).direction).toBe('in');
    await world.workspace.close();
    const reopened = (await Workspace.open({ id: world.workspace.id, realClock: new ManualClock(0) }))!;
    try {
      const call = deviceOn(reopened, device);
      expect(await body<TimeclockScreen>(await call(FACTORY_NEW))).toMatchObject({ device: 'Factory clock' });
      const again = await call(`${FACTORY_NEW}/punch`, { employeeNumber: '10004' });
      expect(again.status).toBe(201);
      expect((await body<Punch>(again)).direction).toBe('out');
    } finally {
      await reopened.close();
    }
  });
});

describe('the Timeclock across sites', () => {
  it('a punch sent by another site’s page is refused', async ({ world }) => {
    await cutover(world);
    const device = world.browser('factory');
    await logIn(device, FACTORY_NEW);
    await expectProblem(
      await device.api(`${FACTORY_NEW}/punch`, { body: { badge: '04A1B2C3' }, from: 'https://evil.test' }),
      403,
      'cross_site_request',
    );
  });
});

describe('the Timeclock and the browser’s storage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a punch that cannot be stored answers 507 and is not counted; the next one is the same punch in', async ({ world }) => {
    const device = world.browser('factory');
    await logIn(device, FACTORY);
    const hrm = new HrmDb(world.workspace.id);
    // Every Dexie table inherits one Table prototype: writes to the punches table fail as a full disk does.
    const prototype = Object.getPrototypeOf(Object.getPrototypeOf(hrm.punches)) as { add: (...args: unknown[]) => unknown };
    hrm.close();
    const original = prototype.add;
    vi.spyOn(prototype, 'add').mockImplementation(function (this: Table, ...args: unknown[]) {
      if (this.name === 'punches') return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return original.apply(this, args);
    });
    await expectProblem(await device.api(`${FACTORY}/punch`, { body: { badge: pekkaBadge(world) } }), 507, 'storage_full');
    vi.restoreAllMocks();
    expect((await punch(device, FACTORY, { badge: pekkaBadge(world) })).direction).toBe('in');
  });
});

describe('the Timeclock’s endpoint tables', () => {
  it('every endpoint of both tables is answered by a handler of its own', ({ world }) => {
    const handled = world.workspace
      .handlers()
      .filter((handler): handler is HttpHandler => handler instanceof HttpHandler)
      .map((handler) => `${String(handler.info.method)} ${String(handler.info.path)}`);
    const routes = [...endpointsOf(TIMECLOCK_OLD_API), ...endpointsOf(TIMECLOCK_API)].map((e) => `${e.method} ${routeOf(e)}`);
    expect(routes.filter((r) => !handled.includes(r))).toEqual([]);
  });
});
