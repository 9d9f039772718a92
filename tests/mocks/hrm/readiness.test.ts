import { describe, expect } from 'vitest';
import type { Readiness } from '../../../src/contracts/hrm';
import { HOUR } from '../../../src/domain/clock';
import { HISTORY_POINTS, linkedHistory } from '../../../mocks/servers/hrm/readiness';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, HRM, link, sendCode, signIn } from './support';

let karin: TestBrowser;
it.beforeEach(async ({ world }) => {
  karin = await signIn(world, 'karin');
});

const readiness = async () => body<Readiness>(await karin.api(`${HRM}/api/readiness`));

describe('GET /api/readiness', () => {
  it('counts users by state, Timeclock-only apart, by department, and who would be locked out now', async ({ world }) => {
    const start = await readiness();
    expect(start).toMatchObject({
      phase: 'preparation',
      activationAt: demoTenant.tenant.activationAt,
      total: 30,
      timeclockOnly: 3,
      eligible: 27,
      byState: { not_started: 27, code_sent: 0, link_sent: 0, linked: 0 },
      linkedShare: 0,
      lockedOut: 27,
    });
    const logistics = start.byDepartment.find((d) => d.department === 'Logistics')!;
    expect(logistics).toMatchObject({ eligible: 2, timeclockOnly: 3 });
    expect(start.byDepartment.reduce((sum, d) => sum + d.eligible + d.timeclockOnly, 0)).toBe(30);

    const anna = await signIn(world, 'anna');
    await link(anna, 'anna.svensson@company.com');
    await world.advance(HOUR);
    const johan = await signIn(world, 'johan');
    await link(johan, 'johan.ek@company.com');
    await sendCode(await signIn(world, 'erik'), 'erik.johansson@company.com');
    const later = await readiness();
    expect(later.byState).toEqual({ not_started: 24, code_sent: 1, link_sent: 0, linked: 2 });
    expect(later.linkedShare).toBeCloseTo(2 / 27);
    expect(later.lockedOut).toBe(25);
    expect(later.byDepartment.find((d) => d.department === 'HR')!.byState.linked).toBe(1);
    // The chart: from preparation's opening (Anna linked that very minute), a step at each link, to now.
    expect(later.history).toEqual([
      { at: demoTenant.startsAt, linked: 1 },
      { at: demoTenant.startsAt + HOUR, linked: 2 },
    ]);
  });

  it('is for admins only', async ({ world }) => {
    await expectProblem(await (await signIn(world, 'anna')).api(`${HRM}/api/readiness`), 403, 'forbidden');
  });
});

describe('linkedHistory', () => {
  it('steps at each link and ends now', () => {
    expect(linkedHistory([10, 20, 20, 30], 0, 50)).toEqual([
      { at: 0, linked: 0 },
      { at: 10, linked: 1 },
      { at: 20, linked: 3 },
      { at: 30, linked: 4 },
      { at: 50, linked: 4 },
    ]);
  });

  it('thins 100,000 links to a chart-sized series that still ends with every link counted', () => {
    const times = Array.from({ length: 100_000 }, (_, i) => 1_000 + i * 7);
    const points = linkedHistory(times, 0, 2_000_000);
    expect(points.length).toBeLessThanOrEqual(HISTORY_POINTS + 2);
    expect(points[points.length - 1]).toEqual({ at: 2_000_000, linked: 100_000 });
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.at).toBeGreaterThan(points[i - 1]!.at);
      expect(points[i]!.linked).toBeGreaterThanOrEqual(points[i - 1]!.linked);
    }
  });

  it('starts at the first link when preparation has no date, and counts links before the start', () => {
    expect(linkedHistory([], null, 5)).toEqual([{ at: 5, linked: 0 }]);
    expect(linkedHistory([3, 8], 5, 9)).toEqual([
      { at: 5, linked: 1 },
      { at: 8, linked: 2 },
      { at: 9, linked: 2 },
    ]);
  });
});
