// Owns a tenant's rollout phases (docs/rules.md): setup → preparation → activation, each change either by the admin
// ("start now") or by the world clock passing the date the admin scheduled (preparation, then the cutover, R14;
// customers are advised to open preparation about a month before). Pure: time enters through events.
import { assign, setup, type SnapshotFrom } from 'xstate';

export type RolloutPhase = 'setup' | 'preparation' | 'activation';

export interface RolloutContext {
  /** When preparation is to open (setup), or opened (preparation and later). */
  preparationStartsAt: number | null;
  /** The cutover date: Connect becomes the only login (R14). */
  activationAt: number | null;
  preparationStartedAt: number | null;
  activatedAt: number | null;
}

export interface ScheduleInput {
  preparationStartsAt: number | null;
  activationAt: number | null;
}

export type RolloutEvent =
  | ({ type: 'SCHEDULE'; now: number } & ScheduleInput)
  | { type: 'START_PREPARATION'; now: number }
  /** The world clock moved: a scheduled date that has come changes the phase. */
  | { type: 'TICK'; now: number };

export type ScheduleProblemCode =
  | 'preparation_in_past'
  | 'activation_in_past'
  | 'activation_before_preparation'
  | 'activation_without_preparation'
  | 'preparation_already_started'
  | 'already_activated';

export interface ScheduleProblem {
  code: ScheduleProblemCode;
  field: 'preparationStartsAt' | 'activationAt';
}

/**
 * The guard of SCHEDULE, as a function so the server can say exactly what is wrong. Dates must lie ahead of the world
 * clock; the cutover comes after preparation opens; a phase that has begun keeps its date.
 */
export function scheduleProblem(phase: RolloutPhase, context: RolloutContext, input: ScheduleInput, now: number): ScheduleProblem | null {
  if (phase === 'activation') return { code: 'already_activated', field: 'activationAt' };
  if (phase === 'preparation') {
    if (input.preparationStartsAt !== context.preparationStartsAt)
      return { code: 'preparation_already_started', field: 'preparationStartsAt' };
  } else if (input.preparationStartsAt !== null && input.preparationStartsAt < now) {
    return { code: 'preparation_in_past', field: 'preparationStartsAt' };
  }
  if (input.activationAt === null) return null;
  if (input.activationAt < now) return { code: 'activation_in_past', field: 'activationAt' };
  const opens = phase === 'preparation' ? context.preparationStartedAt : input.preparationStartsAt;
  if (opens === null) return { code: 'activation_without_preparation', field: 'activationAt' };
  if (input.activationAt <= opens) return { code: 'activation_before_preparation', field: 'activationAt' };
  return null;
}

const initialContext: RolloutContext = { preparationStartsAt: null, activationAt: null, preparationStartedAt: null, activatedAt: null };

export const rolloutMachine = setup({
  types: {
    context: {} as RolloutContext,
    events: {} as RolloutEvent,
  },
  guards: {
    validSchedule: ({ context, event }, phase: RolloutPhase) =>
      event.type === 'SCHEDULE' && scheduleProblem(phase, context, event, event.now) === null,
    preparationDue: ({ context, event }) => context.preparationStartsAt !== null && event.now >= context.preparationStartsAt,
    activationDue: ({ context, event }) => context.activationAt !== null && event.now >= context.activationAt,
  },
  actions: {
    schedule: assign(({ event }) =>
      event.type === 'SCHEDULE' ? { preparationStartsAt: event.preparationStartsAt, activationAt: event.activationAt } : {},
    ),
  },
}).createMachine({
  id: 'rollout',
  initial: 'setup',
  context: { ...initialContext },
  states: {
    setup: {
      on: {
        SCHEDULE: { guard: { type: 'validSchedule', params: 'setup' }, actions: 'schedule' },
        START_PREPARATION: {
          target: 'preparation',
          // "Start now" also moves the scheduled date to now, so the schedule always tells the truth.
          actions: assign(({ event }) => ({ preparationStartsAt: event.now, preparationStartedAt: event.now })),
        },
        // The phase opened at the scheduled moment, even when the clock jumped past it.
        TICK: {
          guard: 'preparationDue',
          target: 'preparation',
          actions: assign(({ context }) => ({ preparationStartedAt: context.preparationStartsAt })),
        },
      },
    },
    // R2–R4: users verify their email and are linked; the old login keeps working.
    preparation: {
      on: {
        SCHEDULE: { guard: { type: 'validSchedule', params: 'preparation' }, actions: 'schedule' },
        TICK: { guard: 'activationDue', target: 'activation', actions: assign(({ context }) => ({ activatedAt: context.activationAt })) },
      },
    },
    // R14: Connect is the login from now on; users who never linked are rescued by an admin's link (R16).
    activation: {},
  },
});

export type RolloutSnapshot = SnapshotFrom<typeof rolloutMachine>;

export function rolloutPhase(snapshot: RolloutSnapshot): RolloutPhase {
  if (snapshot.matches('activation')) return 'activation';
  if (snapshot.matches('preparation')) return 'preparation';
  return 'setup';
}

/** The next date at which a TICK would change the phase, or null when none is scheduled. */
export function nextScheduledChange(snapshot: RolloutSnapshot): { at: number; phase: RolloutPhase } | null {
  const { preparationStartsAt, activationAt } = snapshot.context;
  if (snapshot.matches('setup') && preparationStartsAt !== null) return { at: preparationStartsAt, phase: 'preparation' };
  if (snapshot.matches('preparation') && activationAt !== null) return { at: activationAt, phase: 'activation' };
  return null;
}
