// Owns the rollout schedule as the Rollout page edits it: the phases as steps with their dates (post-migration and its
// end included), the request the two datetime-local inputs make (world time, in the viewer's zone), the temporary
// measures' request and countdowns. A date the page shows unchanged is sent exactly as the HRM has it, since a phase
// that has begun keeps its date to the millisecond.
import type { HostingKind, RolloutScheduleRequest, RolloutStatus, TemporaryMeasuresRequest } from '../../contracts/hrm';
import { fromDateTimeLocal, toDateTimeLocal } from './format';

export type ScheduleField = 'preparationStartsAt' | 'activationAt';
export const SCHEDULE_FIELDS: readonly ScheduleField[] = ['preparationStartsAt', 'activationAt'];

/** The phase bar's steps: the cutover (activation) is followed by post-migration and its end (R18). */
export type PhaseStepKey = 'setup' | 'preparation' | 'activation' | 'postMigration' | 'complete';

export interface PhaseStep {
  phase: PhaseStepKey;
  label: string;
  status: 'done' | 'current' | 'upcoming';
  /** When it began, or when it is scheduled to; null when not scheduled. */
  at: number | null;
  /** Whether `at` is in the past of the phase (began) or ahead (scheduled). */
  began: boolean;
}

const ORDER: readonly PhaseStepKey[] = ['setup', 'preparation', 'activation', 'postMigration', 'complete'];
const LABELS: Record<PhaseStepKey, string> = {
  setup: 'Setup',
  preparation: 'Preparation',
  activation: 'Activation',
  postMigration: 'Post-migration',
  complete: 'Migration complete',
};

export function phaseSteps(status: RolloutStatus): PhaseStep[] {
  // Activation is a moment: from it the rollout is in post-migration.
  const current = ORDER.indexOf(status.stage);
  const dates: Record<PhaseStepKey, { at: number | null; began: boolean }> = {
    setup: { at: null, began: true },
    preparation:
      status.preparationStartedAt !== null
        ? { at: status.preparationStartedAt, began: true }
        : { at: status.preparationStartsAt, began: false },
    activation: status.activatedAt !== null ? { at: status.activatedAt, began: true } : { at: status.activationAt, began: false },
    postMigration: status.activatedAt !== null ? { at: status.activatedAt, began: true } : { at: status.activationAt, began: false },
    complete: status.completedAt !== null ? { at: status.completedAt, began: true } : { at: status.completesAt, began: false },
  };
  return ORDER.map((phase, i) => ({
    phase,
    label: LABELS[phase],
    status: i < current ? 'done' : i === current ? 'current' : 'upcoming',
    ...dates[phase],
  }));
}

/** What the inputs show for the HRM's schedule: "" for a date not scheduled. */
export function scheduleInputs(status: RolloutStatus): Record<ScheduleField, string> {
  const show = (at: number | null) => (at === null ? '' : toDateTimeLocal(at));
  return { preparationStartsAt: show(status.preparationStartsAt), activationAt: show(status.activationAt) };
}

export type ScheduleRequestResult = { ok: true; request: RolloutScheduleRequest } | { ok: false; field: ScheduleField; message: string };

/** The request for what the inputs hold: an empty input leaves its date unscheduled. */
export function scheduleRequest(status: RolloutStatus, inputs: Readonly<Record<ScheduleField, string>>): ScheduleRequestResult {
  const request: RolloutScheduleRequest = { preparationStartsAt: null, activationAt: null };
  for (const field of SCHEDULE_FIELDS) {
    const value = inputs[field].trim();
    const stored = status[field];
    if (value === '') continue;
    if (stored !== null && value === toDateTimeLocal(stored)) {
      request[field] = stored;
      continue;
    }
    const at = fromDateTimeLocal(value);
    if (Number.isNaN(at)) return { ok: false, field, message: 'Enter a date and a time.' };
    request[field] = at;
  }
  return { ok: true, request };
}

export type MeasureField = 'apiForwardingEndsAt' | 'calendarRedirectEndsAt';
export const MEASURE_FIELDS: readonly MeasureField[] = ['apiForwardingEndsAt', 'calendarRedirectEndsAt'];
export type MeasuresFormField = 'hosting' | MeasureField;
export const MEASURES_FORM_FIELDS: readonly MeasuresFormField[] = ['hosting', ...MEASURE_FIELDS];

export interface MeasuresInputs {
  hosting: HostingKind;
  apiForwardingEndsAt: string;
  calendarRedirectEndsAt: string;
}

/** What the temporary measures' inputs show for the HRM's values: "" for an end date not set. */
export function measuresInputs(status: RolloutStatus): MeasuresInputs {
  const show = (at: number | null) => (at === null ? '' : toDateTimeLocal(at));
  return {
    hosting: status.hosting,
    apiForwardingEndsAt: show(status.apiForwardingEndsAt),
    calendarRedirectEndsAt: show(status.calendarRedirectEndsAt),
  };
}

export type MeasuresRequestResult = { ok: true; request: TemporaryMeasuresRequest } | { ok: false; field: MeasureField; message: string };

/**
 * The request for what the inputs hold, carrying the values the page was loaded with (so a change made elsewhere since
 * is refused rather than overwritten). Self-hosted sends no end dates: there is no forwarding to end.
 */
export function measuresRequest(status: RolloutStatus, inputs: Readonly<MeasuresInputs>): MeasuresRequestResult {
  const seen = {
    hosting: status.hosting,
    apiForwardingEndsAt: status.apiForwardingEndsAt,
    calendarRedirectEndsAt: status.calendarRedirectEndsAt,
  };
  const request: TemporaryMeasuresRequest = { hosting: inputs.hosting, apiForwardingEndsAt: null, calendarRedirectEndsAt: null, seen };
  if (inputs.hosting === 'selfHosted') return { ok: true, request };
  for (const field of MEASURE_FIELDS) {
    const value = inputs[field].trim();
    const stored = status[field];
    if (value === '') continue;
    if (stored !== null && value === toDateTimeLocal(stored)) {
      request[field] = stored;
      continue;
    }
    const at = fromDateTimeLocal(value);
    if (Number.isNaN(at)) return { ok: false, field, message: 'Enter a date and a time, or leave it empty.' };
    request[field] = at;
  }
  return { ok: true, request };
}

const DAY = 86_400_000;

/**
 * How a temporary measure stands at `now`, for the page: "API forwarding ends in 12 days", "ended on …", or that it
 * keeps running without an end date.
 */
export function measureCountdown(name: string, endsAt: number | null, now: number, formatDate: (at: number) => string): string {
  if (endsAt === null) return `${name} has no end date: it keeps running until you set one or close the migration.`;
  if (endsAt <= now) return `${name} ended on ${formatDate(endsAt)}.`;
  const left = endsAt - now;
  if (left < DAY) {
    const hours = Math.ceil(left / 3_600_000);
    return `${name} ends in ${hours === 1 ? '1 hour' : `${hours} hours`} (${formatDate(endsAt)}).`;
  }
  const days = Math.floor(left / DAY);
  return `${name} ends in ${days === 1 ? '1 day' : `${days} days`} (${formatDate(endsAt)}).`;
}
