// A date a person sets (the rollout schedule, the date everyone must use two-factor authentication) is refused at its
// field when it lies outside the dates the product can show, and what was saved before stays as it was.
import { describe, expect } from 'vitest';
import type { RolloutStatus } from '../../src/contracts/hrm';
import { LAST_WORLD_TIME } from '../../src/domain/world-dates';
import { it } from '../support/world-test';
import { body, expectProblem, HRM, signIn } from '../mocks/hrm/support';
import { adminApi, signedInAdmin } from '../mocks/connect/admin-support';
import { CONNECT } from '../mocks/connect/support';
import type { TwoFactorAdminPageData } from '../../src/contracts/connect-two-factor';
import { pageData } from '../mocks/connect/two-factor-support';

const OUT_OF_RANGE: [string, unknown][] = [
  ['past the last JavaScript date', 8_640_000_000_000_001],
  ['one millisecond after 31 Dec 9999', LAST_WORLD_TIME + 1],
  ['before 1970', -1],
  ['a fraction of a millisecond', 1.5],
];

describe('PUT https://hrm.test/api/rollout/schedule', () => {
  it.for(OUT_OF_RANGE)('refuses an activation date %s at activationAt, and keeps the schedule', async ([, activationAt], { world }) => {
    const karin = await signIn(world, 'karin');
    const before = await body<RolloutStatus>(await karin.api(`${HRM}/api/rollout`));
    const response = await karin.api(`${HRM}/api/rollout/schedule`, { method: 'PUT', body: { preparationStartsAt: null, activationAt } });
    const problem = await expectProblem(response, 400, 'invalid_request', 'activationAt');
    expect(problem.message).toBe('activationAt: must be a date between 1 Jan 1970 and 31 Dec 9999');
    expect(await body<RolloutStatus>(await karin.api(`${HRM}/api/rollout`))).toEqual(before);
  });

  it('refuses a preparation date past 31 Dec 9999 at preparationStartsAt', async ({ world }) => {
    const karin = await signIn(world, 'karin');
    const response = await karin.api(`${HRM}/api/rollout/schedule`, {
      method: 'PUT',
      body: { preparationStartsAt: LAST_WORLD_TIME + 1, activationAt: null },
    });
    await expectProblem(response, 400, 'invalid_request', 'preparationStartsAt');
  });
});

describe('PUT https://connect.test/api/admin/two-factor/policy', () => {
  it.for(OUT_OF_RANGE)('refuses a date for everyone %s at everyoneFrom, and keeps the policy', async ([, everyoneFrom], { world }) => {
    const karin = await signedInAdmin(world);
    const response = await adminApi(karin, '/two-factor/policy', { method: 'PUT', body: { requiredGroupIds: [], everyoneFrom } });
    const problem = await expectProblem(response, 400, 'invalid_request', 'everyoneFrom');
    expect(problem.message).toBe('everyoneFrom: must be a date between 1 Jan 1970 and 31 Dec 9999');
    const tab = await pageData<TwoFactorAdminPageData>(karin, `${CONNECT}/admin/two-factor`, 'connect/admin/two-factor');
    expect(tab.policy).toEqual({ requiredGroupIds: [], everyoneFrom: null });
  });

  it('accepts 31 Dec 9999 itself', async ({ world }) => {
    const karin = await signedInAdmin(world);
    const response = await adminApi(karin, '/two-factor/policy', {
      method: 'PUT',
      body: { requiredGroupIds: [], everyoneFrom: LAST_WORLD_TIME },
    });
    expect(response.status).toBe(200);
  });
});
