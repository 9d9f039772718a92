// Owns the Rollout page's forms: the schedule (the two dates as the admin types them, kept while the page reloads with
// fresh figures and replaced only when the HRM's dates change; errors at their date, warnings that do not block) and
// the temporary measures of the move (hosting and two end dates, the same way; a change made elsewhere is refused).
import { saveSchedule, saveTemporaryMeasures } from '../../clients/hrm';
import type { ClientContext } from '../../clients/http';
import type { RolloutStatus } from '../../contracts/hrm';
import { FormRequest } from './form.svelte';
import {
  MEASURES_FORM_FIELDS,
  measuresInputs,
  measuresRequest,
  SCHEDULE_FIELDS,
  scheduleInputs,
  scheduleRequest,
  type MeasuresInputs,
  type ScheduleField,
} from './schedule';

export class ScheduleForm {
  inputs = $state<Record<ScheduleField, string>>({ preparationStartsAt: '', activationAt: '' });
  /** Advice from the last save (about a month of preparation; allowed domains first, R6). */
  warnings = $state<string[]>([]);
  saved = $state(false);
  readonly request = new FormRequest(SCHEDULE_FIELDS);
  #status: RolloutStatus;
  readonly #client: ClientContext;

  constructor(client: ClientContext, status: RolloutStatus) {
    this.#client = client;
    this.#status = status;
    this.inputs = scheduleInputs(status);
  }

  /** The HRM's status after a reload: the inputs follow only a date that changed there. */
  sync(status: RolloutStatus): void {
    const changed = SCHEDULE_FIELDS.some((f) => status[f] !== this.#status[f]);
    this.#status = status;
    if (changed) this.inputs = scheduleInputs(status);
  }

  /** True when the HRM took the schedule. */
  async save(): Promise<boolean> {
    this.saved = false;
    this.warnings = [];
    this.request.clear();
    const built = scheduleRequest(this.#status, this.inputs);
    if (!built.ok) {
      this.request.fieldErrors = { [built.field]: built.message };
      return false;
    }
    const result = await this.request.run(() => saveSchedule(this.#client, built.request));
    if (!result) return false;
    this.warnings = result.value.warnings;
    this.saved = true;
    this.sync(result.value);
    return true;
  }
}

export class MeasuresForm {
  inputs = $state<MeasuresInputs>({ hosting: 'hosted', apiForwardingEndsAt: '', calendarRedirectEndsAt: '' });
  saved = $state(false);
  readonly request = new FormRequest(MEASURES_FORM_FIELDS);
  #status: RolloutStatus;
  readonly #client: ClientContext;

  constructor(client: ClientContext, status: RolloutStatus) {
    this.#client = client;
    this.#status = status;
    this.inputs = measuresInputs(status);
  }

  /** The HRM's status after a reload: the inputs follow only a value that changed there. */
  sync(status: RolloutStatus): void {
    const changed = MEASURES_FORM_FIELDS.some((f) => status[f] !== this.#status[f]);
    this.#status = status;
    if (changed) this.inputs = measuresInputs(status);
  }

  /** True when the HRM took the measures. */
  async save(): Promise<boolean> {
    this.saved = false;
    this.request.clear();
    const built = measuresRequest(this.#status, this.inputs);
    if (!built.ok) {
      this.request.fieldErrors = { [built.field]: built.message };
      return false;
    }
    const result = await this.request.run(() => saveTemporaryMeasures(this.#client, built.request));
    if (!result) return false;
    this.saved = true;
    this.sync(result.value);
    return true;
  }
}
