import { afterEach, describe, expect, vi } from 'vitest';
import type { ApiClientsAnswer, CreatedApiClient, PublicEmployee, TravelExpenseReport } from '../../../src/contracts/hrm-integrations';
import { HRM_NEW_ORIGINS } from '../../../src/contracts/origins';
import { DAY } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { testWorkspaceOptions, testWorldOf } from '../../support/harness';
import { it } from '../../support/world-test';
import { apiClient, fillHrmStorage, moveOn, PAYROLL_CLIENT, PAYROLL_KEY, setMeasures } from './integrations-support';
import { body, expectProblem, hrmDb, HRM, signIn, WEB } from './support';

const OLD = `${HRM}/api/v1`;
const NEW = `${HRM_NEW_ORIGINS.api}/v1`;
const EXPENSE = { employeeNumber: '10001', date: '2026-03-12', amount: 1250.5, currency: 'SEK', description: 'Train Stockholm–Göteborg' };

afterEach(() => vi.restoreAllMocks());

async function storedReports(world: Parameters<typeof moveOn>[0]) {
  const db = hrmDb(world);
  try {
    return await db.travelExpenses.toArray();
  } finally {
    db.close();
  }
}

describe('the public API before the move', () => {
  it('answers at the old address, and the new one says when it opens', async ({ world }) => {
    const call = apiClient(world);
    const employees = await call(`${OLD}/employees`);
    expect(employees.status).toBe(200);
    const list = await body<PublicEmployee[]>(employees);
    expect(list).toContainEqual({
      employeeNumber: '10001',
      name: 'Anna Svensson',
      department: expect.any(String),
      title: expect.any(String),
    });
    expect(list).toHaveLength(world.template.people.length);

    const early = await expectProblem(await call(`${NEW}/employees`), 404, 'address_not_in_use');
    expect(early.message).toContain('https://api.hrm.test/v1 opens for Demo Company');
    expect(early.message).toContain('30 Mar 2026');
    expect(early.message).toContain('Until then use https://hrm.test/api/v1');
  });

  it('refuses a missing, unknown or revoked key, each saying what to do', async ({ world }) => {
    const missing = await world.browser('x').api(`${OLD}/employees`, { from: null });
    expect((await expectProblem(missing, 401, 'api_key_missing')).message).toContain('Bearer');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    await expectProblem(await apiClient(world, 'hrm_not-a-key')(`${OLD}/employees`), 401, 'api_key_unknown');

    const karin = await signIn(world, 'karin');
    const clients = await body<ApiClientsAnswer>(await karin.api(`${HRM}/api/api-clients`));
    const payroll = clients.clients.find((c) => c.name === PAYROLL_CLIENT)!;
    expect(payroll).toMatchObject({ keyPrefix: PAYROLL_KEY.slice(0, 8), revokedAt: null });
    expect((await karin.api(`${HRM}/api/api-clients/${payroll.id}`, { method: 'DELETE' })).status).toBe(200);
    const revoked = await expectProblem(await apiClient(world)(`${OLD}/employees`), 401, 'api_key_revoked');
    expect(revoked.message).toContain('Payroll export');
  });

  it('stores a travel expense and shows it to the administrator; each bad field is named', async ({ world }) => {
    const call = apiClient(world);
    const created = await call(`${OLD}/travel-expenses`, { body: EXPENSE });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await body<TravelExpenseReport>(created)).toMatchObject({
      ...EXPENSE,
      employeeName: 'Anna Svensson',
      client: PAYROLL_CLIENT,
      address: 'old',
    });

    const bad: Array<[Record<string, unknown>, string]> = [
      [{ employeeNumber: '' }, 'employeeNumber'],
      [{ date: '2026-02-30' }, 'date'],
      [{ date: '12/03/2026' }, 'date'],
      [{ amount: 0 }, 'amount'],
      [{ amount: '100' }, 'amount'],
      [{ amount: 10.555 }, 'amount'],
      [{ currency: 'sek' }, 'currency'],
      [{ description: '  ' }, 'description'],
      [{ description: 'x'.repeat(201) }, 'description'],
    ];
    for (const [change, field] of bad)
      await expectProblem(await call(`${OLD}/travel-expenses`, { body: { ...EXPENSE, ...change } }), 422, 'invalid_request', field);
    await expectProblem(
      await call(`${OLD}/travel-expenses`, { body: { ...EXPENSE, employeeNumber: '99999' } }),
      422,
      'employee_unknown',
      'employeeNumber',
    );
    expect(await storedReports(world)).toHaveLength(1);

    const karin = await signIn(world, 'karin');
    const listed = await body<ApiClientsAnswer>(await karin.api(`${HRM}/api/api-clients`));
    expect(listed.recentReports.map((r) => r.description)).toEqual([EXPENSE.description]);
  });

  it('a travel expense that does not fit in storage is refused with storage_full and nothing is stored', async ({ world }) => {
    fillHrmStorage(world);
    await expectProblem(await apiClient(world)(`${OLD}/travel-expenses`, { body: EXPENSE }), 507, 'storage_full');
    vi.restoreAllMocks();
    expect(await storedReports(world)).toEqual([]);
  });
});

describe('the public API after the move', () => {
  it('answers at the new address; the old one forwards method, headers and body until the end date, then answers 410', async ({
    world,
  }) => {
    const endsAt = world.template.tenant.activationAt! + 30 * DAY;
    await setMeasures(world, { hosting: 'hosted', apiForwardingEndsAt: endsAt, calendarRedirectEndsAt: endsAt });
    await moveOn(world);
    const call = apiClient(world);

    expect((await call(`${NEW}/employees`)).status).toBe(200);
    const forwarded = await call(`${OLD}/travel-expenses`, { body: EXPENSE });
    expect(forwarded.status, await forwarded.clone().text()).toBe(201);
    expect(await body<TravelExpenseReport>(forwarded)).toMatchObject({ ...EXPENSE, address: 'old', client: PAYROLL_CLIENT });
    expect(forwarded.headers.get('link')).toBe(`<${NEW}/travel-expenses>; rel="successor-version"`);
    expect(forwarded.headers.get('deprecation')).toBe(`@${world.template.tenant.activationAt! / 1000}`);
    expect(forwarded.headers.get('sunset')).toBe(new Date(endsAt).toUTCString());
    // The forwarded call is checked like any other: a bad body and a bad key still fail, at the field.
    await expectProblem(await call(`${OLD}/travel-expenses`, { body: { ...EXPENSE, currency: 'kr' } }), 422, 'invalid_request', 'currency');
    await expectProblem(await apiClient(world, 'wrong')(`${OLD}/employees`), 401, 'api_key_unknown');

    await world.advance(endsAt - 1 - world.now());
    expect((await call(`${OLD}/employees`)).status).toBe(200);
    await world.advance(1);
    const gone = await expectProblem(await call(`${OLD}/employees?department=HR`), 410, 'old_address_gone');
    expect(gone.message).toContain('The old API address https://hrm.test/api/v1 no longer answers');
    expect(gone.message).toContain(
      'use https://api.hrm.test/v1 with the same API key, here https://api.hrm.test/v1/employees?department=HR',
    );
    expect((await call(`${NEW}/employees`)).status).toBe(200);
    // The demo's Payroll export sends its own report every day: this test's one was stored once.
    expect((await storedReports(world)).filter((r) => r.description === EXPENSE.description)).toHaveLength(1);
  });

  it('a self-hosted installation has no forwarding: the old address answers 410 from the move', async ({ world }) => {
    await setMeasures(world, { hosting: 'selfHosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: null });
    await moveOn(world);
    await expectProblem(await apiClient(world)(`${OLD}/employees`), 410, 'old_address_gone');
    expect((await apiClient(world)(`${NEW}/employees`)).status).toBe(200);
  });

  it('after a reload a new client’s key and the forwarding still work', async ({ world }) => {
    const karin = await moveOn(world);
    const created = await body<CreatedApiClient>(await karin.api(`${WEB}/api/api-clients`, { body: { name: 'Travel app' } }));
    const id = world.workspace.id;
    await world.workspace.close();
    const reopened = testWorldOf((await Workspace.open({ ...testWorkspaceOptions(), id }))!, world.template);
    try {
      const travel = apiClient(reopened, created.key, 'travel-app');
      expect((await travel(`${NEW}/employees`)).status).toBe(200);
      expect((await travel(`${OLD}/travel-expenses`, { body: EXPENSE })).status).toBe(201);
      expect((await apiClient(reopened)(`${OLD}/employees`)).status).toBe(200);
    } finally {
      await reopened.close();
    }
  });
});

describe('API clients', () => {
  it('creates a client whose key is shown once and works; checks the name at the field; a second revoke is refused', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const created = await karin.api(`${HRM}/api/api-clients`, { body: { name: '  Travel   app ' } });
    expect(created.status).toBe(201);
    const { client, key } = await body<CreatedApiClient>(created);
    expect(client).toMatchObject({ name: 'Travel app', keyPrefix: key.slice(0, 8), revokedAt: null });
    expect(JSON.stringify(await body(await karin.api(`${HRM}/api/api-clients`)))).not.toContain(key);
    expect((await apiClient(world, key, 'travel')(`${OLD}/employees`)).status).toBe(200);

    await expectProblem(await karin.api(`${HRM}/api/api-clients`, { body: { name: '' } }), 422, 'invalid_request', 'name');
    await expectProblem(await karin.api(`${HRM}/api/api-clients`, { body: {} }), 422, 'invalid_request', 'name');
    await expectProblem(await karin.api(`${HRM}/api/api-clients`, { body: { name: 'x'.repeat(81) } }), 422, 'invalid_request', 'name');
    await expectProblem(await karin.api(`${HRM}/api/api-clients`, { body: { name: 'travel APP' } }), 422, 'name_taken', 'name');

    const secondTab = world.browser('karin');
    secondTab.jar.replaceAll(karin.jar.toJSON());
    expect((await karin.api(`${HRM}/api/api-clients/${client.id}`, { method: 'DELETE' })).status).toBe(200);
    await expectProblem(await secondTab.api(`${HRM}/api/api-clients/${client.id}`, { method: 'DELETE' }), 409, 'already_revoked');
    await expectProblem(await karin.api(`${HRM}/api/api-clients/apc_nothing`, { method: 'DELETE' }), 404, 'not_found');
    await expectProblem(await (await signIn(world, 'anna')).api(`${HRM}/api/api-clients`), 403, 'forbidden');
  });
});
