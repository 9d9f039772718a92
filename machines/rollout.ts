// Owns a tenant's rollout phases (docs/rules.md): setup → preparation → activation, each change either by the admin
// ("start now") or by the world clock passing the date the admin scheduled (preparation, then the cutover, R14;
// customers are advised to open preparation about a month before). The cutover is also the move to the new addresses
// (R18): from it the rollout is in post-migration until the admin closes it or the last temporary measure (the old API
// address forwarding, the old calendar path redirecting) has ended; then the migration is complete. Pure: time enters
// through events.
import { assign, setup, type SnapshotFrom } from 'xstate';

export type RolloutPhase = 'setup' | 'preparation' | 'activation';

/** The phase, with activation told apart into post-migration and its end. */
export type MigrationStage = 'setup' | 'preparation' | 'postMigration' | 'complete';

/** Hosted customers get temporary forwarding from the old addresses; self-hosted ones switch at once (R18). */
export type Hosting = 'hosted' | 'selfHosted';

export interface RolloutContext {
  /** When preparation is to open (setup), or opened (preparation and later). */
  preparationStartsAt: number | null;
  /** The cutover date: Connect becomes the only login (R14) and the new addresses take over (R18). */
  activationAt: number | null;
  preparationStartedAt: number | null;
  activatedAt: number | null;
  hosting: Hosting;
  /** When the old API address stops forwarding calls to the new one; null: not set yet (it keeps forwarding). */
  apiForwardingEndsAt: number | null;
  /** When the old calendar feed path stops redirecting to the new one; null: not set yet (it keeps redirecting). */
  calendarRedirectEndsAt: number | null;
  /** When the migration was complete: closed by the admin, or the last temporary measure ended. */
  completedAt: number | null;
}

export interface ScheduleInput {
  preparationStartsAt: number | null;
  activationAt: number | null;
}

export interface TemporaryMeasuresInput {
  hosting: Hosting;
  apiForwardingEndsAt: number | null;
  calendarRedirectEndsAt: number | null;
}

export type RolloutEvent =
  | ({ type: 'SCHEDULE'; now: number } & ScheduleInput)
  | { type: 'START_PREPARATION'; now: number }
  | ({ type: 'SET_TEMPORARY_MEASURES'; now: number } & TemporaryMeasuresInput)
  /** The admin closes post-migration: nothing calls the old addresses any more, or it no longer matters. */
  | { type: 'COMPLETE_MIGRATION'; now: number }
  /** The world clock moved: a scheduled date that has come changes the phase. */
  | { type: 'TICK'; now: number };

export type ScheduleProblemCode =
  | 'preparation_in_past'
  | 'activation_in_past'
  | 'activation_before_preparation'
  | 'activation_without_preparation'
  | 'preparation_already_started'
  | 'already_activated'
  /** An end date of a temporary measure is set that this cutover (or no cutover) would not precede. */
  | 'measure_end_before_activation';

const MEASURE_FIELDS = ['apiForwardingEndsAt', 'calendarRedirectEndsAt'] as const;

export interface ScheduleProblem {
  code: ScheduleProblemCode;
  field: 'preparationStartsAt' | 'activationAt';
}

/**
 * The guard of SCHEDULE, as a function so the server can say exactly what is wrong. Dates must lie ahead of the world
 * clock; the cutover comes after preparation opens; a phase that has begun keeps its date; the temporary measures'
 * end dates, once set, stay after the cutover (R18: they end after the move, never before it).
 */
export function scheduleProblem(phase: RolloutPhase, context: RolloutContext, input: ScheduleInput, now: number): ScheduleProblem | null {
  if (phase === 'activation') return { code: 'already_activated', field: 'activationAt' };
  if (phase === 'preparation') {
    if (input.preparationStartsAt !== context.preparationStartsAt)
      return { code: 'preparation_already_started', field: 'preparationStartsAt' };
  } else if (input.preparationStartsAt !== null && input.preparationStartsAt < now) {
    return { code: 'preparation_in_past', field: 'preparationStartsAt' };
  }
  const firstEnd = MEASURE_FIELDS.map((f) => context[f]).reduce<number | null>(
    (min, at) => (at === null ? min : min === null ? at : Math.min(min, at)),
    null,
  );
  if (input.activationAt === null) return firstEnd === null ? null : { code: 'measure_end_before_activation', field: 'activationAt' };
  if (input.activationAt < now) return { code: 'activation_in_past', field: 'activationAt' };
  const opens = phase === 'preparation' ? context.preparationStartedAt : input.preparationStartsAt;
  if (opens === null) return { code: 'activation_without_preparation', field: 'activationAt' };
  if (input.activationAt <= opens) return { code: 'activation_before_preparation', field: 'activationAt' };
  if (firstEnd !== null && firstEnd <= input.activationAt) return { code: 'measure_end_before_activation', field: 'activationAt' };
  return null;
}

export type TemporaryMeasuresProblemCode =
  | 'migration_complete'
  | 'hosting_after_activation'
  | 'self_hosted_no_forwarding'
  | 'end_in_past'
  | 'end_before_activation'
  | 'end_without_activation'
  | 'end_already_passed';

export interface TemporaryMeasuresProblem {
  code: TemporaryMeasuresProblemCode;
  field: keyof TemporaryMeasuresInput;
}

/**
 * The guard of SET_TEMPORARY_MEASURES. Hosting is settled before the cutover; self-hosted customers get no forwarding,
 * so they set no end dates; an end date lies ahead of the world clock and after the cutover; a measure that has ended
 * stays ended.
 */
export function temporaryMeasuresProblem(
  stage: MigrationStage,
  context: RolloutContext,
  input: TemporaryMeasuresInput,
  now: number,
): TemporaryMeasuresProblem | null {
  if (stage === 'complete') return { code: 'migration_complete', field: 'apiForwardingEndsAt' };
  if (input.hosting !== context.hosting && stage === 'postMigration') return { code: 'hosting_after_activation', field: 'hosting' };
  for (const field of MEASURE_FIELDS) {
    const before = context[field];
    const after = input[field];
    if (after !== null && input.hosting === 'selfHosted') return { code: 'self_hosted_no_forwarding', field };
    if (before === after) continue;
    if (before !== null && before <= now) return { code: 'end_already_passed', field };
    if (after === null) continue;
    if (after <= now) return { code: 'end_in_past', field };
    const cutover = context.activatedAt ?? context.activationAt;
    if (cutover === null) return { code: 'end_without_activation', field };
    if (after <= cutover) return { code: 'end_before_activation', field };
  }
  return null;
}

/**
 * Which temporary measures of the move are in force at `now`: none before the cutover, none for self-hosted (R18), none
 * once the migration is complete (closing it ends whatever still ran).
 */
export function temporaryMeasures(context: RolloutContext, now: number): { apiForwarding: boolean; calendarRedirect: boolean } {
  const moved = context.activatedAt !== null && now >= context.activatedAt;
  const open = context.completedAt === null || now < context.completedAt;
  const running = (endsAt: number | null) => moved && open && context.hosting === 'hosted' && (endsAt === null || now < endsAt);
  return { apiForwarding: running(context.apiForwardingEndsAt), calendarRedirect: running(context.calendarRedirectEndsAt) };
}

/** The moment the last temporary measure ends, or null while one has no end date (or there are none: self-hosted). */
function lastMeasureEnd(context: RolloutContext): number | null {
  if (context.hosting !== 'hosted' || context.apiForwardingEndsAt === null || context.calendarRedirectEndsAt === null) return null;
  return Math.max(context.apiForwardingEndsAt, context.calendarRedirectEndsAt);
}

export const initialRolloutContext: RolloutContext = {
  preparationStartsAt: null,
  activationAt: null,
  preparationStartedAt: null,
  activatedAt: null,
  hosting: 'hosted',
  apiForwardingEndsAt: null,
  calendarRedirectEndsAt: null,
  completedAt: null,
};

export const rolloutMachine = setup({
  types: {
    context: {} as RolloutContext,
    events: {} as RolloutEvent,
  },
  guards: {
    validSchedule: ({ context, event }, phase: RolloutPhase) =>
      event.type === 'SCHEDULE' && scheduleProblem(phase, context, event, event.now) === null,
    validMeasures: ({ context, event }, stage: MigrationStage) =>
      event.type === 'SET_TEMPORARY_MEASURES' && temporaryMeasuresProblem(stage, context, event, event.now) === null,
    preparationDue: ({ context, event }) => context.preparationStartsAt !== null && event.now >= context.preparationStartsAt,
    activationDue: ({ context, event }) => context.activationAt !== null && event.now >= context.activationAt,
    measuresEnded: ({ context, event }) => {
      const end = lastMeasureEnd(context);
      return end !== null && event.now >= end;
    },
  },
  actions: {
    schedule: assign(({ event }) =>
      event.type === 'SCHEDULE' ? { preparationStartsAt: event.preparationStartsAt, activationAt: event.activationAt } : {},
    ),
    setMeasures: assign(({ event }) =>
      event.type === 'SET_TEMPORARY_MEASURES'
        ? { hosting: event.hosting, apiForwardingEndsAt: event.apiForwardingEndsAt, calendarRedirectEndsAt: event.calendarRedirectEndsAt }
        : {},
    ),
  },
}).createMachine({
  id: 'rollout',
  initial: 'setup',
  context: { ...initialRolloutContext },
  states: {
    setup: {
      on: {
        SCHEDULE: { guard: { type: 'validSchedule', params: 'setup' }, actions: 'schedule' },
        SET_TEMPORARY_MEASURES: { guard: { type: 'validMeasures', params: 'setup' }, actions: 'setMeasures' },
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
        SET_TEMPORARY_MEASURES: { guard: { type: 'validMeasures', params: 'preparation' }, actions: 'setMeasures' },
        TICK: { guard: 'activationDue', target: 'activation', actions: assign(({ context }) => ({ activatedAt: context.activationAt })) },
      },
    },
    // R14: Connect is the login from now on; users who never linked are rescued by an admin's link (R16). R18: the new
    // addresses serve everyone; the old ones forward or redirect for a while (hosted customers) and then stop.
    activation: {
      initial: 'postMigration',
      states: {
        postMigration: {
          on: {
            SET_TEMPORARY_MEASURES: { guard: { type: 'validMeasures', params: 'postMigration' }, actions: 'setMeasures' },
            COMPLETE_MIGRATION: { target: 'complete', actions: assign(({ event }) => ({ completedAt: event.now })) },
            // Complete at the moment the last measure ended, even when the clock jumped past it.
            TICK: {
              guard: 'measuresEnded',
              target: 'complete',
              actions: assign(({ context }) => ({ completedAt: lastMeasureEnd(context) })),
            },
          },
        },
        complete: {},
      },
    },
  },
});

export type RolloutSnapshot = SnapshotFrom<typeof rolloutMachine>;

export function rolloutPhase(snapshot: RolloutSnapshot): RolloutPhase {
  if (snapshot.matches('activation')) return 'activation';
  if (snapshot.matches('preparation')) return 'preparation';
  return 'setup';
}

export function migrationStage(snapshot: RolloutSnapshot): MigrationStage {
  if (snapshot.matches({ activation: 'complete' })) return 'complete';
  if (snapshot.matches('activation')) return 'postMigration';
  return rolloutPhase(snapshot) === 'preparation' ? 'preparation' : 'setup';
}

/** The next date at which a TICK would change the phase, or null when none is scheduled. */
export function nextScheduledChange(snapshot: RolloutSnapshot): { at: number; phase: RolloutPhase } | null {
  const { preparationStartsAt, activationAt } = snapshot.context;
  if (snapshot.matches('setup') && preparationStartsAt !== null) return { at: preparationStartsAt, phase: 'preparation' };
  if (snapshot.matches('preparation') && activationAt !== null) return { at: activationAt, phase: 'activation' };
  return null;
}

/** In post-migration, the date at which a TICK completes the migration: when the last temporary measure ends. */
export function scheduledCompletion(snapshot: RolloutSnapshot): number | null {
  return migrationStage(snapshot) === 'postMigration' ? lastMeasureEnd(snapshot.context) : null;
}
