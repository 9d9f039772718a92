import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../../../../src/contracts/hrm';
import { toDateTimeLocal } from '../../../../src/app/state/format';
import { phaseSteps, scheduleInputs, scheduleRequest } from '../../../../src/app/state/schedule';

const DAY = 86_400_000;
const start = Date.UTC(2026, 2, 2, 8, 0, 0);

function status(overrides: Partial<RolloutStatus>): RolloutStatus {
  return {
    tenantName: 'Demo Company',
    phase: 'setup',
    preparationStartsAt: null,
    preparationStartedAt: null,
    activationAt: null,
    activatedAt: null,
    next: null,
    stage: overrides.phase === 'activation' ? 'postMigration' : (overrides.phase ?? 'setup'),
    hosting: 'hosted',
    apiForwardingEndsAt: null,
    calendarRedirectEndsAt: null,
    measures: { apiForwarding: false, calendarRedirect: false },
    completesAt: null,
    completedAt: null,
    ...overrides,
  };
}

describe('phase steps', () => {
  it('marks setup current with the scheduled dates ahead', () => {
    const steps = phaseSteps(status({ preparationStartsAt: start + 7 * DAY, activationAt: start + 35 * DAY }));
    expect(steps.map((s) => [s.phase, s.status, s.at, s.began])).toEqual([
      ['setup', 'current', null, true],
      ['preparation', 'upcoming', start + 7 * DAY, false],
      ['activation', 'upcoming', start + 35 * DAY, false],
    ]);
  });

  it('shows when preparation began once it has', () => {
    const steps = phaseSteps(
      status({ phase: 'preparation', preparationStartsAt: start, preparationStartedAt: start, activationAt: start + 28 * DAY }),
    );
    expect(steps.map((s) => s.status)).toEqual(['done', 'current', 'upcoming']);
    expect(steps[1]).toMatchObject({ at: start, began: true });
  });
});

describe('schedule request', () => {
  it('leaves an empty input unscheduled', () => {
    expect(scheduleRequest(status({}), { preparationStartsAt: '', activationAt: '' })).toEqual({
      ok: true,
      request: { preparationStartsAt: null, activationAt: null },
    });
  });

  it('reads a typed date as world time in the viewer’s zone', () => {
    const at = start + 7 * DAY;
    const result = scheduleRequest(status({}), { preparationStartsAt: toDateTimeLocal(at), activationAt: '' });
    expect(result).toEqual({ ok: true, request: { preparationStartsAt: at, activationAt: null } });
  });

  it('sends a date shown unchanged exactly as the HRM has it, seconds included', () => {
    const began = start + 12_345;
    const current = status({ phase: 'preparation', preparationStartsAt: began, preparationStartedAt: began });
    const result = scheduleRequest(current, { ...scheduleInputs(current), activationAt: toDateTimeLocal(start + 28 * DAY) });
    expect(result).toEqual({ ok: true, request: { preparationStartsAt: began, activationAt: start + 28 * DAY } });
  });

  it('names the field of an input that is not a date', () => {
    expect(scheduleRequest(status({}), { preparationStartsAt: '', activationAt: 'next spring' })).toEqual({
      ok: false,
      field: 'activationAt',
      message: 'Enter a date and a time.',
    });
  });
});
