// Owns the rollout schedule as the Rollout page edits it: the phases as steps with their dates, and the request the
// two datetime-local inputs make (world time, in the viewer's zone). A date the page shows unchanged is sent exactly
// as the HRM has it, since a phase that has begun keeps its date to the millisecond.
import type { RolloutPhase, RolloutScheduleRequest, RolloutStatus } from '../../contracts/hrm';
import { fromDateTimeLocal, toDateTimeLocal } from './format';

export type ScheduleField = 'preparationStartsAt' | 'activationAt';
export const SCHEDULE_FIELDS: readonly ScheduleField[] = ['preparationStartsAt', 'activationAt'];

export interface PhaseStep {
  phase: RolloutPhase;
  label: string;
  status: 'done' | 'current' | 'upcoming';
  /** When it began, or when it is scheduled to; null when not scheduled. */
  at: number | null;
  /** Whether `at` is in the past of the phase (began) or ahead (scheduled). */
  began: boolean;
}

const ORDER: readonly RolloutPhase[] = ['setup', 'preparation', 'activation'];
const LABELS: Record<RolloutPhase, string> = { setup: 'Setup', preparation: 'Preparation', activation: 'Activation' };

export function phaseSteps(status: RolloutStatus): PhaseStep[] {
  const current = ORDER.indexOf(status.phase);
  const dates: Record<RolloutPhase, { at: number | null; began: boolean }> = {
    setup: { at: null, began: true },
    preparation:
      status.preparationStartedAt !== null
        ? { at: status.preparationStartedAt, began: true }
        : { at: status.preparationStartsAt, began: false },
    activation: status.activatedAt !== null ? { at: status.activatedAt, began: true } : { at: status.activationAt, began: false },
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
