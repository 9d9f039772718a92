import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  migrationStage,
  nextScheduledChange,
  rolloutMachine,
  rolloutPhase,
  scheduledCompletion,
  scheduleProblem,
  temporaryMeasures,
  temporaryMeasuresProblem,
  type Hosting,
  type RolloutEvent,
  type RolloutSnapshot,
} from '../../machines/rollout';
import { persistRollout, restoreRollout } from '../../mocks/servers/hrm/store';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2, 8);

function run(events: RolloutEvent[], from?: RolloutSnapshot): RolloutSnapshot {
  let [snapshot] = from ? [from] : initialTransition(rolloutMachine);
  for (const event of events) [snapshot] = transition(rolloutMachine, snapshot, event);
  return snapshot;
}

const schedule = (preparationStartsAt: number | null, activationAt: number | null, now = T0): RolloutEvent => ({
  type: 'SCHEDULE',
  preparationStartsAt,
  activationAt,
  now,
});
const tick = (now: number): RolloutEvent => ({ type: 'TICK', now });

describe('rollout machine', () => {
  it('starts in setup and opens preparation once by hand, recording when', () => {
    const [setupSnapshot] = initialTransition(rolloutMachine);
    expect(rolloutPhase(setupSnapshot)).toBe('setup');
    const prepared = run([{ type: 'START_PREPARATION', now: 42 }]);
    expect(rolloutPhase(prepared)).toBe('preparation');
    expect(prepared.context).toMatchObject({ preparationStartsAt: 42, preparationStartedAt: 42 });
    expect(prepared.can({ type: 'START_PREPARATION', now: 43 })).toBe(false);
  });

  it('changes phase when a TICK reaches a scheduled date, stamped with the date itself', () => {
    const scheduled = run([schedule(T0 + DAY, T0 + 30 * DAY)]);
    expect(nextScheduledChange(scheduled)).toEqual({ at: T0 + DAY, phase: 'preparation' });
    expect(rolloutPhase(run([tick(T0 + DAY - 1)], scheduled))).toBe('setup');
    const opened = run([tick(T0 + 3 * DAY)], scheduled);
    expect(opened.context.preparationStartedAt).toBe(T0 + DAY);
    expect(nextScheduledChange(opened)).toEqual({ at: T0 + 30 * DAY, phase: 'activation' });
    const activated = run([tick(T0 + 31 * DAY)], opened);
    expect(rolloutPhase(activated)).toBe('activation');
    expect(activated.context.activatedAt).toBe(T0 + 30 * DAY);
    expect(nextScheduledChange(activated)).toBeNull();
  });

  it('the schedule guard names the date that is wrong, and the machine refuses what it refuses', () => {
    const setupContext = run([]).context;
    expect(scheduleProblem('setup', setupContext, { preparationStartsAt: T0 - 1, activationAt: null }, T0)).toEqual({
      code: 'preparation_in_past',
      field: 'preparationStartsAt',
    });
    expect(scheduleProblem('setup', setupContext, { preparationStartsAt: T0, activationAt: T0 }, T0)).toEqual({
      code: 'activation_before_preparation',
      field: 'activationAt',
    });
    expect(scheduleProblem('setup', setupContext, { preparationStartsAt: null, activationAt: T0 + DAY }, T0)).toEqual({
      code: 'activation_without_preparation',
      field: 'activationAt',
    });
    expect(scheduleProblem('setup', setupContext, { preparationStartsAt: T0, activationAt: T0 + 1 }, T0)).toBeNull();
    expect(run([schedule(T0 - 1, null)]).context.preparationStartsAt).toBeNull();

    const preparing = run([{ type: 'START_PREPARATION', now: T0 }]);
    expect(scheduleProblem('preparation', preparing.context, { preparationStartsAt: T0 + DAY, activationAt: null }, T0)?.code).toBe(
      'preparation_already_started',
    );
    expect(scheduleProblem('preparation', preparing.context, { preparationStartsAt: T0, activationAt: T0 - 1 }, T0)?.code).toBe(
      'activation_in_past',
    );
    expect(scheduleProblem('activation', preparing.context, { preparationStartsAt: T0, activationAt: null }, T0)?.code).toBe(
      'already_activated',
    );
    expect(run([schedule(T0, T0 + DAY)], preparing).context.activationAt).toBe(T0 + DAY);
  });

  it('reaches every phase through shortest paths (xstate/graph)', () => {
    const paths = getShortestPaths(rolloutMachine, {
      events: [schedule(T0 + DAY, T0 + 2 * DAY), tick(T0 + 3 * DAY), { type: 'START_PREPARATION', now: T0 }],
    });
    expect(new Set(paths.map((p) => rolloutPhase(p.state)))).toEqual(new Set(['setup', 'preparation', 'activation']));
  });
});

const measures = (
  apiForwardingEndsAt: number | null,
  calendarRedirectEndsAt: number | null,
  now: number,
  hosting: Hosting = 'hosted',
): Extract<RolloutEvent, { type: 'SET_TEMPORARY_MEASURES' }> => ({
  type: 'SET_TEMPORARY_MEASURES',
  hosting,
  apiForwardingEndsAt,
  calendarRedirectEndsAt,
  now,
});

describe('rollout machine after the cutover (post-migration)', () => {
  const CUTOVER = T0 + 30 * DAY;
  const activated = (...before: RolloutEvent[]) =>
    run([{ type: 'START_PREPARATION', now: T0 }, schedule(T0, CUTOVER), ...before, tick(CUTOVER)]);

  it('enters post-migration at the cutover, still the activation phase for every login check', () => {
    const after = activated();
    expect(rolloutPhase(after)).toBe('activation');
    expect(migrationStage(after)).toBe('postMigration');
    expect(after.context).toMatchObject({ hosting: 'hosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: null, completedAt: null });
    // No end date: both measures keep running, and the clock completes nothing.
    expect(temporaryMeasures(after.context, CUTOVER + 365 * DAY)).toEqual({ apiForwarding: true, calendarRedirect: true });
    expect(scheduledCompletion(after)).toBeNull();
    expect(migrationStage(run([tick(CUTOVER + 365 * DAY)], after))).toBe('postMigration');
  });

  it('runs each measure from the cutover to its end date, and completes when the last one ends', () => {
    const after = activated(measures(CUTOVER + 10 * DAY, CUTOVER + 20 * DAY, T0));
    expect(temporaryMeasures(after.context, CUTOVER - 1)).toEqual({ apiForwarding: false, calendarRedirect: false });
    expect(temporaryMeasures(after.context, CUTOVER)).toEqual({ apiForwarding: true, calendarRedirect: true });
    expect(temporaryMeasures(after.context, CUTOVER + 10 * DAY)).toEqual({ apiForwarding: false, calendarRedirect: true });
    expect(temporaryMeasures(after.context, CUTOVER + 20 * DAY)).toEqual({ apiForwarding: false, calendarRedirect: false });
    expect(scheduledCompletion(after)).toBe(CUTOVER + 20 * DAY);
    expect(migrationStage(run([tick(CUTOVER + 20 * DAY - 1)], after))).toBe('postMigration');
    // A clock jump far past the date completes it at the date itself.
    const complete = run([tick(CUTOVER + 90 * DAY)], after);
    expect(migrationStage(complete)).toBe('complete');
    expect(complete.context.completedAt).toBe(CUTOVER + 20 * DAY);
    expect(rolloutPhase(complete)).toBe('activation');
    expect(scheduledCompletion(complete)).toBeNull();
  });

  it('is closed by the admin at that moment, and nothing changes afterwards', () => {
    const closed = run([{ type: 'COMPLETE_MIGRATION', now: CUTOVER + DAY }], activated());
    expect(migrationStage(closed)).toBe('complete');
    expect(closed.context.completedAt).toBe(CUTOVER + DAY);
    // Closing ends what still ran without an end date.
    expect(temporaryMeasures(closed.context, CUTOVER + DAY - 1)).toEqual({ apiForwarding: true, calendarRedirect: true });
    expect(temporaryMeasures(closed.context, CUTOVER + DAY)).toEqual({ apiForwarding: false, calendarRedirect: false });
    const later = measures(CUTOVER + 10 * DAY, null, CUTOVER + 2 * DAY);
    expect(temporaryMeasuresProblem('complete', closed.context, later, CUTOVER + 2 * DAY)?.code).toBe('migration_complete');
    expect(run([later, { type: 'COMPLETE_MIGRATION', now: CUTOVER + 3 * DAY }], closed).context).toEqual(closed.context);
    // Closing is only for post-migration.
    expect(run([]).can({ type: 'COMPLETE_MIGRATION', now: T0 })).toBe(false);
  });

  it('gives self-hosted customers no forwarding and no end dates; hosting is settled at the cutover', () => {
    const prepared = run([{ type: 'START_PREPARATION', now: T0 }, schedule(T0, CUTOVER)]);
    expect(
      temporaryMeasuresProblem(
        'preparation',
        prepared.context,
        { hosting: 'selfHosted', apiForwardingEndsAt: CUTOVER + DAY, calendarRedirectEndsAt: null },
        T0,
      ),
    ).toEqual({
      code: 'self_hosted_no_forwarding',
      field: 'apiForwardingEndsAt',
    });
    // Switching to self-hosted with end dates already set is refused too: they would be kept silently.
    const withDates = run([measures(CUTOVER + DAY, CUTOVER + 2 * DAY, T0)], prepared);
    expect(temporaryMeasuresProblem('preparation', withDates.context, { ...withDates.context, hosting: 'selfHosted' }, T0)?.code).toBe(
      'self_hosted_no_forwarding',
    );
    const selfHosted = run([measures(null, null, T0, 'selfHosted'), tick(CUTOVER)], prepared);
    expect(selfHosted.context.hosting).toBe('selfHosted');
    expect(temporaryMeasures(selfHosted.context, CUTOVER)).toEqual({ apiForwarding: false, calendarRedirect: false });
    expect(scheduledCompletion(selfHosted)).toBeNull();
    expect(
      temporaryMeasuresProblem(
        'postMigration',
        selfHosted.context,
        { hosting: 'hosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: null },
        CUTOVER,
      ),
    ).toEqual({
      code: 'hosting_after_activation',
      field: 'hosting',
    });
  });

  it('names the end date that is wrong', () => {
    const setupContext = run([]).context;
    expect(
      temporaryMeasuresProblem(
        'setup',
        setupContext,
        { hosting: 'hosted', apiForwardingEndsAt: T0 + DAY, calendarRedirectEndsAt: null },
        T0,
      ),
    ).toEqual({
      code: 'end_without_activation',
      field: 'apiForwardingEndsAt',
    });
    const prepared = run([{ type: 'START_PREPARATION', now: T0 }, schedule(T0, CUTOVER)]).context;
    expect(
      temporaryMeasuresProblem(
        'preparation',
        prepared,
        { hosting: 'hosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: CUTOVER },
        T0,
      ),
    ).toEqual({
      code: 'end_before_activation',
      field: 'calendarRedirectEndsAt',
    });
    expect(
      temporaryMeasuresProblem(
        'preparation',
        prepared,
        { hosting: 'hosted', apiForwardingEndsAt: T0 - 1, calendarRedirectEndsAt: null },
        T0,
      )?.code,
    ).toBe('end_in_past');
    // Once forwarding has ended it stays ended; the calendar redirect can still be moved.
    const after = activated(measures(CUTOVER + 10 * DAY, CUTOVER + 20 * DAY, T0));
    const ended = CUTOVER + 11 * DAY;
    expect(
      temporaryMeasuresProblem('postMigration', after.context, { ...after.context, apiForwardingEndsAt: CUTOVER + 30 * DAY }, ended),
    ).toEqual({
      code: 'end_already_passed',
      field: 'apiForwardingEndsAt',
    });
    expect(
      temporaryMeasuresProblem('postMigration', after.context, { ...after.context, calendarRedirectEndsAt: CUTOVER + 30 * DAY }, ended),
    ).toBeNull();
  });

  it('keeps the cutover before the end dates: moving it past one, or unscheduling it, is refused', () => {
    const prepared = run([{ type: 'START_PREPARATION', now: T0 }, schedule(T0, CUTOVER), measures(CUTOVER + 10 * DAY, null, T0)]);
    expect(scheduleProblem('preparation', prepared.context, { preparationStartsAt: T0, activationAt: CUTOVER + 10 * DAY }, T0)).toEqual({
      code: 'measure_end_before_activation',
      field: 'activationAt',
    });
    expect(scheduleProblem('preparation', prepared.context, { preparationStartsAt: T0, activationAt: null }, T0)?.code).toBe(
      'measure_end_before_activation',
    );
    expect(scheduleProblem('preparation', prepared.context, { preparationStartsAt: T0, activationAt: CUTOVER + 9 * DAY }, T0)).toBeNull();
  });

  it('restores a rollout stored before post-migration existed into post-migration, hosted, no end dates', () => {
    const stored = persistRollout(activated());
    const old = {
      ...stored,
      value: 'activation',
      context: { preparationStartsAt: T0, activationAt: CUTOVER, preparationStartedAt: T0, activatedAt: CUTOVER },
    };
    const restored = restoreRollout(old);
    expect(rolloutPhase(restored)).toBe('activation');
    expect(migrationStage(restored)).toBe('postMigration');
    expect(restored.context).toMatchObject({
      hosting: 'hosted',
      apiForwardingEndsAt: null,
      calendarRedirectEndsAt: null,
      completedAt: null,
    });
    const closed = run([{ type: 'COMPLETE_MIGRATION', now: CUTOVER + DAY }], restored);
    expect(migrationStage(closed)).toBe('complete');
  });
});
