import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  nextScheduledChange,
  rolloutMachine,
  rolloutPhase,
  scheduleProblem,
  type RolloutEvent,
  type RolloutSnapshot,
} from '../../machines/rollout';

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
