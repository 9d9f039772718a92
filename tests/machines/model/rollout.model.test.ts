import { describe, expect, it } from 'vitest';
import {
  migrationStage,
  nextScheduledChange,
  rolloutMachine,
  rolloutPhase,
  scheduledCompletion,
  scheduleProblem,
  temporaryMeasures,
  temporaryMeasuresProblem,
  type RolloutContext,
  type RolloutEvent,
  type RolloutSnapshot,
  type ScheduleProblemCode,
  type TemporaryMeasuresInput,
  type TemporaryMeasuresProblemCode,
} from '../../../machines/rollout';
import { allSteps, atomicStateIds, atomicStatesOf, definedTransitions, modelPaths, takenTransitions } from './graph';

const T0 = Date.UTC(2026, 2, 2, 8);
const DAY = 86_400_000;

/** The world clock as the tenant's rollout last saw it: the admin acts then, and plans from then. */
const clockOf = ({ context: c }: RolloutSnapshot) => c.completedAt ?? c.activatedAt ?? c.preparationStartedAt ?? T0;

const MEASURES = ['apiForwardingEndsAt', 'calendarRedirectEndsAt'] as const;

/**
 * The temporary measures the admin can set: end dates 10 and 20 days after the cutover (or the cutover a month ahead
 * when none is scheduled), cleared, the other hosting, self-hosted with forwarding, an end in the past, at the cutover,
 * and — from the moment forwarding ended — a later calendar redirect end and a change of the ended forwarding.
 */
function measureEvents(snapshot: RolloutSnapshot, now: number): RolloutEvent[] {
  const c = snapshot.context;
  const cutover = c.activatedAt ?? c.activationAt;
  const plan = cutover ?? now + 30 * DAY;
  const set = (input: Partial<TemporaryMeasuresInput>, at = now): RolloutEvent => ({
    type: 'SET_TEMPORARY_MEASURES',
    hosting: c.hosting,
    apiForwardingEndsAt: c.apiForwardingEndsAt,
    calendarRedirectEndsAt: c.calendarRedirectEndsAt,
    ...input,
    now: at,
  });
  const events = [
    set({ apiForwardingEndsAt: plan + 10 * DAY, calendarRedirectEndsAt: plan + 20 * DAY }),
    set({ apiForwardingEndsAt: null, calendarRedirectEndsAt: null }),
    set({ hosting: c.hosting === 'hosted' ? 'selfHosted' : 'hosted', apiForwardingEndsAt: null, calendarRedirectEndsAt: null }),
    set({ hosting: 'selfHosted', apiForwardingEndsAt: plan + 10 * DAY, calendarRedirectEndsAt: null }),
    set({ calendarRedirectEndsAt: now - 1 }),
    set({ apiForwardingEndsAt: plan }),
  ];
  if (c.apiForwardingEndsAt !== null && c.calendarRedirectEndsAt !== null) {
    const ended = c.apiForwardingEndsAt;
    events.push(set({ calendarRedirectEndsAt: plan + 25 * DAY }, ended));
    events.push(set({ apiForwardingEndsAt: ended + DAY }, ended));
  }
  return events;
}

/**
 * What the admin and the clock can do: every kind of schedule the guard judges (a rollout prepares about a month
 * before the cutover), "start now", the temporary measures of the move, "Close the migration", and ticks just before,
 * at and long after each scheduled date and end date (a clock jump).
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
  const dates = [c.preparationStartsAt, c.activationAt, ...(snapshot.matches('activation') ? MEASURES.map((f) => c[f]) : [])];
  const ticks = dates.flatMap((at) => (at === null ? [] : [at - 1, at]));
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
    ...measureEvents(snapshot, now),
    { type: 'COMPLETE_MIGRATION', now },
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
    case 'SET_TEMPORARY_MEASURES': {
      const problem = temporaryMeasuresProblem(migrationStage(before), before.context, event, event.now);
      const what = `${event.hosting === 'hosted' ? '' : 'self-hosted, '}forwarding ${day(event.apiForwardingEndsAt)}, calendar ${day(event.calendarRedirectEndsAt)}`;
      return problem ? `measures refused (${problem.code}, ${what})` : `measures set (${what}, at ${day(event.now)})`;
    }
    case 'COMPLETE_MIGRATION':
      return `closed the migration (${day(event.now)})`;
    case 'TICK':
      return `clock at ${day(event.now)}`;
  }
}

const paths = modelPaths(rolloutMachine, { events: rolloutEvents, label: rolloutLabel });
const steps = allSteps(rolloutMachine, rolloutEvents);

const STAGES = ['setup', 'preparation', 'postMigration', 'complete'] as const;

/** Moments around every date of the rollout, where a measure could wrongly be in force. */
function probeTimes(c: RolloutContext): number[] {
  const dates = [T0, c.activationAt, c.activatedAt, c.apiForwardingEndsAt, c.calendarRedirectEndsAt, c.completedAt];
  return dates.flatMap((at) => (at === null ? [] : [at - 1, at, at + 1])).concat(T0 + 400 * DAY);
}

/** What must hold in every phase: the schedule tells the truth and the cutover never precedes preparation. */
function expectConsistent(snapshot: RolloutSnapshot): void {
  const c = snapshot.context;
  const where = `${JSON.stringify(snapshot.value)} ${JSON.stringify(c)}`;
  const phase = rolloutPhase(snapshot);
  const stage = migrationStage(snapshot);
  expect(phase, where).toBe(typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0]);
  expect(stage, where).toBe(phase === 'activation' ? (snapshot.value as { activation: string }).activation : phase);
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
  // The migration is complete exactly when it says when.
  expect(c.completedAt !== null, where).toBe(stage === 'complete');
  if (c.completedAt !== null) expect(c.completedAt, where).toBeGreaterThanOrEqual(c.activatedAt!);
  // An end date, once set, lies after the cutover; self-hosted customers have none.
  for (const field of MEASURES) {
    const end = c[field];
    if (end === null) continue;
    expect(c.hosting, `${where} ${field}`).toBe('hosted');
    expect(c.activationAt, `${where} ${field}`).not.toBeNull();
    expect(end, `${where} ${field}`).toBeGreaterThan(c.activationAt!);
  }
  // No measure is in force before the cutover, nor ever for self-hosted, nor once complete; else until its end.
  for (const t of probeTimes(c)) {
    const measures = temporaryMeasures(c, t);
    const moved = c.activatedAt !== null && t >= c.activatedAt && (c.completedAt === null || t < c.completedAt);
    expect(measures, `${where} at ${day(t)}`).toEqual({
      apiForwarding: moved && c.hosting === 'hosted' && (c.apiForwardingEndsAt === null || t < c.apiForwardingEndsAt),
      calendarRedirect: moved && c.hosting === 'hosted' && (c.calendarRedirectEndsAt === null || t < c.calendarRedirectEndsAt),
    });
  }
  // The clock completes the migration when the last measure ends: only in post-migration, only with both dates.
  const last =
    c.apiForwardingEndsAt !== null && c.calendarRedirectEndsAt !== null ? Math.max(c.apiForwardingEndsAt, c.calendarRedirectEndsAt) : null;
  expect(scheduledCompletion(snapshot), where).toBe(stage === 'postMigration' && c.hosting === 'hosted' ? last : null);
}

/** What must hold of every step: phases in order, one at a time, each when its date has come or by "start now". */
function expectStepAllowed(before: RolloutSnapshot, event: RolloutEvent, after: RolloutSnapshot): void {
  const from = migrationStage(before);
  const to = migrationStage(after);
  const step = `${from} --${event.type}@${day(event.now)}--> ${to}`;
  const moved = STAGES.indexOf(to) - STAGES.indexOf(from);
  expect([0, 1], step).toContain(moved);
  if (moved === 1 && to === 'preparation') {
    if (event.type === 'TICK') expect(event.now, step).toBeGreaterThanOrEqual(before.context.preparationStartsAt!);
    else expect(event.type, step).toBe('START_PREPARATION');
  }
  // No one starts the cutover by hand: only the clock, at the date (R14).
  if (moved === 1 && to === 'postMigration') {
    expect(event.type, step).toBe('TICK');
    expect(event.now, step).toBeGreaterThanOrEqual(before.context.activationAt!);
  }
  // Complete by the admin's "Close the migration" at that moment, or by the clock at the last measure's end.
  if (moved === 1 && to === 'complete') {
    if (event.type === 'COMPLETE_MIGRATION') expect(after.context.completedAt, step).toBe(event.now);
    else {
      expect(event.type, step).toBe('TICK');
      const last = scheduledCompletion(before);
      expect(last, step).not.toBeNull();
      expect(event.now, step).toBeGreaterThanOrEqual(last!);
      expect(after.context.completedAt, step).toBe(last);
    }
  }
  if (event.type === 'SCHEDULE') {
    expect(moved, step).toBe(0);
    const problem = scheduleProblem(rolloutPhase(before), before.context, event, event.now);
    if (problem) expect(after.context, `${step} ${problem.code}`).toEqual(before.context);
    else
      expect(after.context, step).toEqual({
        ...before.context,
        preparationStartsAt: event.preparationStartsAt,
        activationAt: event.activationAt,
      });
  }
  if (event.type === 'SET_TEMPORARY_MEASURES') {
    expect(moved, step).toBe(0);
    const problem = temporaryMeasuresProblem(from, before.context, event, event.now);
    if (problem) expect(after.context, `${step} ${problem.code}`).toEqual(before.context);
    else
      expect(after.context, step).toEqual({
        ...before.context,
        hosting: event.hosting,
        apiForwardingEndsAt: event.apiForwardingEndsAt,
        calendarRedirectEndsAt: event.calendarRedirectEndsAt,
      });
  }
  // A phase that has begun keeps the moment it began; hosting is settled at the cutover; complete is final.
  if (before.context.preparationStartedAt !== null)
    expect(after.context.preparationStartedAt, step).toBe(before.context.preparationStartedAt);
  if (before.context.activatedAt !== null) {
    expect(after.context.activatedAt, step).toBe(before.context.activatedAt);
    expect(after.context.hosting, step).toBe(before.context.hosting);
  }
  if (from === 'complete') expect(after.context, step).toEqual(before.context);
  // A measure that has ended stays ended: its end date no longer moves, and it is not in force again.
  for (const field of MEASURES) {
    const end = before.context[field];
    if (end !== null && end <= event.now) expect(after.context[field], `${step} ${field}`).toBe(end);
  }
  const was = temporaryMeasures(before.context, event.now);
  const is = temporaryMeasures(after.context, event.now);
  if (before.context.activatedAt !== null && event.now >= before.context.activatedAt) {
    if (!was.apiForwarding) expect(is.apiForwarding, step).toBe(false);
    if (!was.calendarRedirect) expect(is.calendarRedirect, step).toBe(false);
  }
}

describe('rollout machine, model-based: the shortest path to every phase and schedule its events reach', () => {
  it('reaches every phase of the machine (a phase no path reaches is unreachable)', () => {
    const reached = new Set(paths.flatMap((p) => atomicStatesOf(p.snapshots.at(-1)!)));
    expect([...reached].sort()).toEqual(atomicStateIds(rolloutMachine));
    expect(atomicStateIds(rolloutMachine)).toEqual([
      'rollout.activation.complete',
      'rollout.activation.postMigration',
      'rollout.preparation',
      'rollout.setup',
    ]);
  });

  it('takes every transition the machine defines, each guard included', () => {
    expect(takenTransitions(rolloutMachine, steps)).toEqual(definedTransitions(rolloutMachine));
  });

  it('stays a bounded model: a few hundred states, not an explosion of dates', () => {
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.length).toBeLessThan(600);
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
      measure_end_before_activation: true,
    };
    expect([...problems].sort()).toEqual(Object.keys(every).sort());
    const due = (s: RolloutSnapshot) => (s.matches('setup') ? s.context.preparationStartsAt : s.context.activationAt);
    const earlyTicks = steps.filter(
      ({ before, event, after }) =>
        event.type === 'TICK' && !before.matches('activation') && event.now === due(before)! - 1 && after.value === before.value,
    );
    expect(new Set(earlyTicks.map((s) => rolloutPhase(s.before)))).toEqual(new Set(['setup', 'preparation']));
  });

  it('offers temporary measures for every problem the guard names, in the stage it names it', () => {
    const problems = new Set<TemporaryMeasuresProblemCode>();
    for (const { before, event } of steps) {
      if (event.type !== 'SET_TEMPORARY_MEASURES') continue;
      const problem = temporaryMeasuresProblem(migrationStage(before), before.context, event, event.now);
      if (problem) problems.add(problem.code);
    }
    const every: Record<TemporaryMeasuresProblemCode, true> = {
      migration_complete: true,
      hosting_after_activation: true,
      self_hosted_no_forwarding: true,
      end_in_past: true,
      end_before_activation: true,
      end_without_activation: true,
      end_already_passed: true,
    };
    expect([...problems].sort()).toEqual(Object.keys(every).sort());
  });

  it('completes both ways, and a tick just before the last end date leaves post-migration as it is', () => {
    const completions = steps.filter(
      ({ before, after }) => migrationStage(before) === 'postMigration' && migrationStage(after) === 'complete',
    );
    expect(new Set(completions.map((s) => s.event.type))).toEqual(new Set(['COMPLETE_MIGRATION', 'TICK']));
    const early = steps.filter(
      ({ before, event }) =>
        event.type === 'TICK' && scheduledCompletion(before) !== null && event.now === scheduledCompletion(before)! - 1,
    );
    expect(early.length).toBeGreaterThan(0);
    for (const { before, after } of early) expect(migrationStage(after)).toBe(migrationStage(before));
    // Self-hosted customers have no measures to end: only the admin closes their migration.
    const selfHosted = steps.filter(({ before }) => migrationStage(before) === 'postMigration' && before.context.hosting === 'selfHosted');
    expect(selfHosted.length).toBeGreaterThan(0);
    for (const { event, after } of selfHosted) if (migrationStage(after) === 'complete') expect(event.type).toBe('COMPLETE_MIGRATION');
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
