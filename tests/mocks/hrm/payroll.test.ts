import { describe, expect } from 'vitest';
import type { PayrollRunPage, PayrollRunSummary } from '../../../src/contracts/hrm';
import { preliminaryTax } from '../../../mocks/servers/hrm/payroll';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, HRM, link, signIn } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
});

async function run(browser: TestBrowser, period = '2026-03'): Promise<PayrollRunPage> {
  const response = await browser.api(`${HRM}/api/payroll-runs`, { body: { period } });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<PayrollRunPage>(response);
}

async function allLines(id: string) {
  return (await body<PayrollRunPage>(await karin.api(`${HRM}/api/payroll-runs/${id}?limit=500`))).rows;
}

describe('payroll runs (R12: unaffected by link status)', () => {
  it('pays every employment whatever its link state; linking changes nothing in the result', async ({ world }) => {
    const before = await run(karin);
    // 30 people, Anna with two employments.
    expect(before).toMatchObject({ period: '2026-03', lines: 31, total: 31, createdBy: { name: 'Karin Berg' } });
    // Sara is on parental leave: her employer pays nothing this month; everyone else is paid.
    expect(before.employees).toBe(29);
    expect(before.byState).toEqual({ not_started: 29, code_sent: 0, link_sent: 0, linked: 0 });
    expect(before.net).toBe(before.gross - before.tax);

    await link(await signIn(world, 'anna'), 'anna.svensson@company.com');
    await link(await signIn(world, 'johan'), 'johan.ek@company.com');
    const after = await run(karin);
    expect({ gross: after.gross, tax: after.tax, net: after.net, employees: after.employees }).toEqual({
      gross: before.gross,
      tax: before.tax,
      net: before.net,
      employees: before.employees,
    });
    expect(after.byState).toMatchObject({ linked: 2, not_started: 27 });
    const strip = (lines: PayrollRunPage['rows']) => lines.map(({ state: _state, ...pay }) => pay);
    expect(strip(await allLines(after.id))).toEqual(strip(await allLines(before.id)));
    const runs = await body<PayrollRunSummary[]>(await karin.api(`${HRM}/api/payroll-runs`));
    expect(runs.map((r) => r.id)).toEqual([after.id, before.id]);
  });

  it('is open to HR staff, not to other employees, and checks the period', async ({ world }) => {
    const johan = await signIn(world, 'johan');
    expect((await run(johan, '2026-04')).createdBy.name).toBe('Johan Ek');
    await expectProblem(
      await (await signIn(world, 'anna')).api(`${HRM}/api/payroll-runs`, { body: { period: '2026-03' } }),
      403,
      'forbidden',
    );
    await expectProblem(await karin.api(`${HRM}/api/payroll-runs`, { body: { period: 'March' } }), 422, 'period_invalid', 'period');
    await expectProblem(await karin.api(`${HRM}/api/payroll-runs`, { body: { period: '2026-13' } }), 422, 'period_invalid', 'period');
  });

  it('withholds 30 %, and 20 % more above the state tax threshold', () => {
    expect(preliminaryTax(0)).toBe(0);
    expect(preliminaryTax(30_000)).toBe(9_000);
    expect(preliminaryTax(63_600)).toBe(19_080 + 2_000);
  });
});
