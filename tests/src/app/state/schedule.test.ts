import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../../../../src/contracts/hrm';
import { toDateTimeLocal } from '../../../../src/app/state/format';
import {
  measureCountdown,
  measuresInputs,
  measuresRequest,
  phaseSteps,
  scheduleInputs,
  scheduleRequest,
} from '../../../../src/app/state/schedule';

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
      ['postMigration', 'upcoming', start + 35 * DAY, false],
      ['complete', 'upcoming', null, false],
    ]);
    expect(steps.map((s) => s.label)).toEqual(['Setup', 'Preparation', 'Activation', 'Post-migration', 'Migration complete']);
  });

  it('after the cutover: post-migration current, complete scheduled at the last end date, then done with its date', () => {
    const moved = {
      phase: 'activation',
      preparationStartedAt: start,
      activationAt: start + 28 * DAY,
      activatedAt: start + 28 * DAY,
    } as const;
    const post = phaseSteps(status({ ...moved, stage: 'postMigration', completesAt: start + 48 * DAY }));
    expect(post.map((s) => s.status)).toEqual(['done', 'done', 'done', 'current', 'upcoming']);
    expect(post[4]).toMatchObject({ at: start + 48 * DAY, began: false });
    const complete = phaseSteps(status({ ...moved, stage: 'complete', completedAt: start + 40 * DAY }));
    expect(complete.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'current']);
    expect(complete[4]).toMatchObject({ at: start + 40 * DAY, began: true });
  });

  it('shows when preparation began once it has', () => {
    const steps = phaseSteps(
      status({ phase: 'preparation', preparationStartsAt: start, preparationStartedAt: start, activationAt: start + 28 * DAY }),
    );
    expect(steps.map((s) => s.status)).toEqual(['done', 'current', 'upcoming', 'upcoming', 'upcoming']);
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

describe('temporary measures request', () => {
  const cutover = start + 28 * DAY;
  const loaded = status({ phase: 'preparation', stage: 'preparation', activationAt: cutover, apiForwardingEndsAt: cutover + 14 * DAY + 5 });

  it('sends what the page was loaded with, so a change made elsewhere since is refused', () => {
    const inputs = { ...measuresInputs(loaded), calendarRedirectEndsAt: toDateTimeLocal(cutover + 30 * DAY) };
    expect(measuresRequest(loaded, inputs)).toEqual({
      ok: true,
      request: {
        hosting: 'hosted',
        // Shown unchanged: sent exactly as stored, to the millisecond.
        apiForwardingEndsAt: cutover + 14 * DAY + 5,
        calendarRedirectEndsAt: cutover + 30 * DAY,
        seen: { hosting: 'hosted', apiForwardingEndsAt: cutover + 14 * DAY + 5, calendarRedirectEndsAt: null },
      },
    });
  });

  it('sends no end dates for self-hosted, and names an input that is not a date', () => {
    const self = measuresRequest(loaded, { ...measuresInputs(loaded), hosting: 'selfHosted' });
    expect(self).toMatchObject({ ok: true, request: { hosting: 'selfHosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: null } });
    expect(measuresRequest(loaded, { ...measuresInputs(loaded), calendarRedirectEndsAt: 'after summer' })).toEqual({
      ok: false,
      field: 'calendarRedirectEndsAt',
      message: 'Enter a date and a time, or leave it empty.',
    });
  });

  it('counts down to an end date, and says when it ended', () => {
    const date = (at: number) => new Date(at).toISOString().slice(0, 10);
    const now = start;
    expect(measureCountdown('API forwarding', now + 12 * DAY, now, date)).toBe('API forwarding ends in 12 days (2026-03-14).');
    expect(measureCountdown('API forwarding', now + DAY, now, date)).toBe('API forwarding ends in 1 day (2026-03-03).');
    expect(measureCountdown('API forwarding', now + 2 * 3_600_000, now, date)).toBe('API forwarding ends in 2 hours (2026-03-02).');
    expect(measureCountdown('API forwarding', now, now, date)).toBe('API forwarding ended on 2026-03-02.');
    expect(measureCountdown('The calendar redirect', null, now, date)).toMatch(/^The calendar redirect has no end date/);
  });
});
