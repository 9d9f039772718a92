import { describe, expect, it } from 'vitest';
import {
  nextScheduledChange,
  rolloutMachine,
  rolloutPhase,
  scheduleProblem,
  type RolloutEvent,
  type RolloutPhase,
  type RolloutSnapshot,
  type ScheduleProblemCode,
} from '../../../machines/rollout';
import { allSteps, atomicStateIds, atomicStatesOf, definedTransitions, modelPaths, takenTransitions } from './graph';

const T0 = Date.UTC(2026, 2, 2, 8);
const DAY = 86_400_000;
const ORDER: RolloutPhase[] = ['setup', 'preparation', 'activation'];

/** The world clock as the tenant's rollout last saw it: the admin acts then, and plans from then. */
const clockOf = ({ context: c }: RolloutSnapshot) => c.activatedAt ?? c.preparationStartedAt ?? T0;

/**
 * What the admin and the clock can do: every kind of schedule the guard judges (a rollout prepares about a month
 * before the cutover), "start now", and ticks just before, at and long after each scheduled date (a clock jump).
 */
function rolloutEvents(snapshot: RolloutSnapshot): RolloutEvent[] {
  const c = snapshot.context;
  const now = clockOf(snapshot);
  const keep = snapshot.matches('setup') ? now + DAY : c.preparationStartsAt;
  const schedule = (preparationStartsAt: number | null, activationAt: number | null): RolloutEvent => ({
    type: 'SCHEDULE',
    preparationStartsAt,
    activationAt,
    now,
  });
  const ticks = [c.preparationStartsAt, c.activationAt].flatMap((at) => (at === null ? [] : [at - 1, at]));
  return [
    schedule(keep, now + 30 * DAY),
    schedule(keep, null),
    schedule(null, null),
    schedule(now - 1, now + 30 * DAY),
    schedule(keep, now - 1),
    schedule(now + 2 * DAY, now + DAY),
    schedule(null, now + 30 * DAY),
    schedule(now + 5 * DAY, now + 30 * DAY),
    schedule(keep, c.preparationStartedAt ?? now),
    { type: 'START_PREPARATION', now },
    ...ticks.map((at): RolloutEvent => ({ type: 'TICK', now: at })),
    { type: 'TICK', now: T0 + 365 * DAY },
  ];
}

/** A moment as the days after T0 the admin would read on the phase bar: `day 30`, `day 1 − 1 ms`. */
function day(at: number | null): string {
  if (at === null) return 'none';
  const days = Math.round((at - T0) / DAY);
  const off = at - (T0 + days * DAY);
  return `day ${days}${off === 0 ? '' : ` ${off < 0 ? '−' : '+'} ${Math.abs(off)} ms`}`;
}

function rolloutLabel(event: RolloutEvent, before: RolloutSnapshot): string {
  switch (event.type) {
    case 'SCHEDULE': {
      const problem = scheduleProblem(rolloutPhase(before), before.context, event, event.now);
      if (problem) return `schedule refused (${problem.code})`;
      return `scheduled (preparation ${day(event.preparationStartsAt)}, cutover ${day(event.activationAt)})`;
    }
    case 'START_PREPARATION':
      return `started now (${day(event.now)})`;
    case 'TICK':
      return `clock at ${day(event.now)}`;
  }
}

const paths = modelPaths(rolloutMachine, { events: rolloutEvents, label: rolloutLabel });
const steps = allSteps(rolloutMachine, rolloutEvents);

/** What must hold in every phase: the schedule tells the truth and the cutover never precedes preparation. */
function expectConsistent(snapshot: RolloutSnapshot): void {
  const c = snapshot.context;
  const where = `${JSON.stringify(snapshot.value)} ${JSON.stringify(c)}`;
  const phase = rolloutPhase(snapshot);
  expect(phase, where).toBe(snapshot.value);
  if (phase === 'setup') {
    expect(c, where).toMatchObject({ preparationStartedAt: null, activatedAt: null });
    // Only a schedule the guard accepted is stored: a cutover needs preparation before it.
    if (c.activationAt !== null) {
      expect(c.preparationStartsAt, where).not.toBeNull();
      expect(c.activationAt, where).toBeGreaterThan(c.preparationStartsAt!);
    }
    expect(nextScheduledChange(snapshot), where).toEqual(
      c.preparationStartsAt === null ? null : { at: c.preparationStartsAt, phase: 'preparation' },
    );
  } else {
    // "Start now" and the clock both leave the scheduled date equal to the moment preparation opened.
    expect(c.preparationStartedAt, where).not.toBeNull();
    expect(c.preparationStartsAt, where).toBe(c.preparationStartedAt);
    if (c.activationAt !== null) expect(c.activationAt, where).toBeGreaterThan(c.preparationStartedAt!);
  }
  if (phase === 'preparation') {
    expect(c.activatedAt, where).toBeNull();
    expect(nextScheduledChange(snapshot), where).toEqual(c.activationAt === null ? null : { at: c.activationAt, phase: 'activation' });
  }
  if (phase === 'activation') {
    // Activated at the scheduled moment itself, even when the clock jumped past it.
    expect(c.activationAt, where).not.toBeNull();
    expect(c.activatedAt, where).toBe(c.activationAt);
    expect(nextScheduledChange(snapshot), where).toBeNull();
  }
}

/** What must hold of every step: phases in order, one at a time, each when its date has come or by "start now". */
function expectStepAllowed(before: RolloutSnapshot, event: RolloutEvent, after: RolloutSnapshot): void {
  const from = rolloutPhase(before);
  const to = rolloutPhase(after);
  const step = `${from} --${event.type}@${event.now}--> ${to}`;
  const moved = ORDER.indexOf(to) - ORDER.indexOf(from);
  expect([0, 1], step).toContain(moved);
  if (moved === 1 && to === 'preparation') {
    if (event.type === 'TICK') expect(event.now, step).toBeGreaterThanOrEqual(before.context.preparationStartsAt!);
    else expect(event.type, step).toBe('START_PREPARATION');
  }
  // No one starts the cutover by hand: only the clock, at the date (R14).
  if (moved === 1 && to === 'activation') {
    expect(event.type, step).toBe('TICK');
    expect(event.now, step).toBeGreaterThanOrEqual(before.context.activationAt!);
  }
  if (event.type === 'SCHEDULE') {
    expect(moved, step).toBe(0);
    const problem = scheduleProblem(from, before.context, event, event.now);
    if (problem) expect(after.context, `${step} ${problem.code}`).toEqual(before.context);
    else
      expect(after.context, step).toEqual({
        ...before.context,
        preparationStartsAt: event.preparationStartsAt,
        activationAt: event.activationAt,
      });
  }
  // A phase that has begun keeps the moment it began.
  if (before.context.preparationStartedAt !== null)
    expect(after.context.preparationStartedAt, step).toBe(before.context.preparationStartedAt);
  if (before.context.activatedAt !== null) expect(after.context, step).toEqual(before.context);
}

describe('rollout machine, model-based: the shortest path to every phase and schedule its events reach', () => {
  it('reaches every phase of the machine (a phase no path reaches is unreachable)', () => {
    const reached = new Set(paths.flatMap((p) => atomicStatesOf(p.snapshots.at(-1)!)));
    expect([...reached].sort()).toEqual(atomicStateIds(rolloutMachine));
    expect(atomicStateIds(rolloutMachine)).toEqual(['rollout.activation', 'rollout.preparation', 'rollout.setup']);
  });

  it('takes every transition the machine defines, each guard included', () => {
    expect(takenTransitions(rolloutMachine, steps)).toEqual(definedTransitions(rolloutMachine));
  });

  it('offers a schedule for every problem the guard names, and a tick before each date that changes nothing', () => {
    const problems = new Set<ScheduleProblemCode>();
    for (const { before, event } of steps) {
      if (event.type !== 'SCHEDULE') continue;
      const problem = scheduleProblem(rolloutPhase(before), before.context, event, event.now);
      if (problem) problems.add(problem.code);
    }
    const every: Record<ScheduleProblemCode, true> = {
      preparation_in_past: true,
      activation_in_past: true,
      activation_before_preparation: true,
      activation_without_preparation: true,
      preparation_already_started: true,
      already_activated: true,
    };
    expect([...problems].sort()).toEqual(Object.keys(every).sort());
    const due = (s: RolloutSnapshot) => (s.matches('setup') ? s.context.preparationStartsAt : s.context.activationAt);
    const earlyTicks = steps.filter(
      ({ before, event, after }) =>
        event.type === 'TICK' && !before.matches('activation') && event.now === due(before)! - 1 && after.value === before.value,
    );
    expect(new Set(earlyTicks.map((s) => rolloutPhase(s.before)))).toEqual(new Set(['setup', 'preparation']));
  });

  it('names every path differently', () => {
    expect(new Set(paths.map((p) => p.name)).size).toBe(paths.length);
  });

  it('keeps the rules on every step from every reachable state, not only on the shortest paths', () => {
    for (const { before, event, after } of steps) {
      expectConsistent(after);
      expectStepAllowed(before, event, after);
    }
  });

  it.each(paths.map((p) => [p.name, p] as const))('%s', (_name, path) => {
    path.snapshots.forEach(expectConsistent);
    path.events.forEach((event, i) => expectStepAllowed(path.snapshots[i]!, event, path.snapshots[i + 1]!));
  });
});
