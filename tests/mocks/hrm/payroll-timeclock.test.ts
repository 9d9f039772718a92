import { describe, expect } from 'vitest';
import type { HrmPayrollPageData, PayrollRunPage } from '../../../src/contracts/hrm';
import type { Punch } from '../../../src/contracts/timeclock';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, HRM, link, openPage, person, signIn, signInThroughConnect, WEB } from './support';

const HOUR = 3_600_000;
const FACTORY = 'https://hrm.test/Timeclock/Fabriksklocka';
const FACTORY_NEW = 'https://timeclock.hrm.test/Fabriksklocka/4711';

async function device(browser: TestBrowser, address: string): Promise<void> {
  const response = await browser.api(`${address}/login`, {
    body: { username: 'timeclock', password: 'clock-4711', deviceName: 'Factory clock' },
  });
  expect(response.status).toBe(200);
}

async function punch(browser: TestBrowser, address: string, badge: string): Promise<Punch> {
  const response = await browser.api(`${address}/punch`, { body: { badge } });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<Punch>(response);
}

/** A payroll run at `origin`: the customer's own address, or the new web address after the move. */
async function run(browser: TestBrowser, period: string, origin: string = HRM): Promise<PayrollRunPage> {
  const response = await browser.api(`${origin}/api/payroll-runs?limit=500`, { body: { period } });
  expect(response.status, await response.clone().text()).toBe(201);
  const first = await body<PayrollRunPage>(response);
  const all = await body<PayrollRunPage>(await browser.api(`${origin}/api/payroll-runs/${first.id}?limit=500`));
  return all;
}

describe('payroll through the move (R12: unaffected)', () => {
  it('pays the same people the same before and after the move, with the hours punched at both addresses', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    // Karin links her account during preparation, so she can log in through Connect after the move.
    await link(karin, 'karin.berg@company.com');
    const clock = world.browser('factory-clock');
    const badge = person(world, 'pekka').badge!;
    await device(clock, FACTORY);

    // A shift in early March, and one that starts two hours before the cutover and ends after it.
    await punch(clock, FACTORY, badge);
    await world.advance(8 * HOUR);
    await punch(clock, FACTORY, badge);
    const before = await run(await signIn(world, 'karin'), '2026-03');
    await world.advance(demoTenant.tenant.activationAt! - 2 * HOUR - world.now());
    expect((await punch(clock, FACTORY, badge)).direction).toBe('in');
    const preparing = await openPage<HrmPayrollPageData>(await signIn(world, 'karin'), `${HRM}/payroll`);
    expect(preparing.page.data.hours).toEqual({
      period: '2026-03',
      people: [{ userId: expect.any(String), name: 'Pekka Virtanen', employeeNumber: '10004', hours: 8, punches: 3 }],
    });

    await world.advance(2 * HOUR);
    // The move: the device is repointed by hand and logs in again; the shift ends at the new address.
    await device(clock, FACTORY_NEW);
    await world.advance(6 * HOUR);
    expect((await punch(clock, FACTORY_NEW, badge)).direction).toBe('out');

    const admin = await signInThroughConnect(world, 'karin', 'karin.berg@company.com');
    const after = await run(admin, '2026-03', WEB);
    const pay = (r: PayrollRunPage) => r.rows.map(({ state: _state, ...line }) => line);
    expect(pay(after)).toEqual(pay(before));
    expect({ employees: after.employees, gross: after.gross, net: after.net }).toEqual({
      employees: before.employees,
      gross: before.gross,
      net: before.net,
    });
    // Payroll preparation counts the shift across the move whole: 8 hours before and 8 across it.
    const prepared = await openPage<HrmPayrollPageData>(admin, `${WEB}/payroll`);
    expect(prepared.page.data.hours.people).toEqual([expect.objectContaining({ name: 'Pekka Virtanen', hours: 16, punches: 4 })]);
    // The run made before the move is still there, unchanged: a report in progress survives the move.
    const kept = await body<PayrollRunPage>(await admin.api(`${WEB}/api/payroll-runs/${before.id}?limit=500`));
    expect(pay(kept)).toEqual(pay(before));
    expect(prepared.page.data.runs.map((r) => r.id)).toEqual([after.id, before.id]);
  });
});
